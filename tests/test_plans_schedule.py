"""The deadline column of plans, read in all the ways officers write it (table-driven)."""

from __future__ import annotations

from datetime import date

import pytest

from motcua.plans.schedule import Kind, Schedule, parse, periods

Y = 2026
D = date

# (text, kind, checks on the Schedule)
CASES = [
    # fixed dates
    ("Trước 15/02", Kind.FIXED, {"due": D(Y, 2, 15)}),
    ("Trước ngày 20/02/2026", Kind.FIXED, {"due": D(2026, 2, 20)}),
    ("trước ngày 31/3", Kind.FIXED, {"due": D(Y, 3, 31)}),
    ("Chậm nhất ngày 30/6/2026", Kind.FIXED, {"due": D(2026, 6, 30)}),
    ("Hoàn thành trước ngày 15 tháng 12 năm 2026", Kind.FIXED, {"due": D(2026, 12, 15)}),
    ("Trong tháng 3", Kind.FIXED, {"due": D(Y, 3, 31)}),
    ("Tháng 02/2026", Kind.FIXED, {"due": D(2026, 2, 28)}),
    ("Tháng 6 năm 2026", Kind.FIXED, {"due": D(2026, 6, 30)}),
    ("Tháng 3-4/2026", Kind.FIXED, {"start": D(2026, 3, 1), "due": D(2026, 4, 30)}),
    ("Tháng 9, 10", Kind.FIXED, {"due": D(Y, 10, 31)}),
    ("Trước tháng 6/2026", Kind.FIXED, {"due": D(2026, 5, 31)}),
    ("Đầu tháng 4", Kind.FIXED, {"due": D(Y, 4, 10)}),
    ("Quý II", Kind.FIXED, {"due": D(Y, 6, 30)}),
    ("Quý I năm 2026", Kind.FIXED, {"due": D(2026, 3, 31)}),
    ("Trong quý IV/2026", Kind.FIXED, {"due": D(Y, 12, 31)}),
    ("Quý 3", Kind.FIXED, {"due": D(Y, 9, 30)}),
    ("Quý I, II", Kind.FIXED, {"due": D(Y, 6, 30)}),
    ("Quý II-III", Kind.FIXED, {"due": D(Y, 9, 30)}),
    ("Trước quý III", Kind.FIXED, {"due": D(Y, 6, 30)}),
    ("6 tháng đầu năm", Kind.FIXED, {"due": D(Y, 6, 30)}),
    ("6 tháng cuối năm 2026", Kind.FIXED, {"due": D(2026, 12, 31)}),
    ("Năm 2026", Kind.FIXED, {"due": D(2026, 12, 31)}),
    ("Trong năm 2026", Kind.FIXED, {"due": D(2026, 12, 31)}),
    ("Cuối năm", Kind.FIXED, {"due": D(Y, 12, 31)}),
    ("Từ 01/3 đến 30/4/2026", Kind.FIXED, {"start": D(Y, 3, 1), "due": D(2026, 4, 30)}),
    ("Từ tháng 3 đến tháng 5/2026", Kind.FIXED, {"due": D(2026, 5, 31)}),
    ("Quý IV/2025", Kind.FIXED, {"due": D(2025, 12, 31)}),
    ("2026", Kind.FIXED, {"due": D(2026, 12, 31)}),
    (
        "Trước 30/6 và 15/12/2026",
        Kind.FIXED,
        {"due": D(2026, 12, 15), "dues": [D(Y, 6, 30), D(2026, 12, 15)]},
    ),
    ("Tháng 6 và tháng 12", Kind.FIXED, {"dues": [D(Y, 6, 30), D(Y, 12, 31)]}),
    ("Quý I và quý III năm 2026", Kind.FIXED, {"dues": [D(2026, 3, 31), D(2026, 9, 30)]}),
    ("Từ quý II đến quý III", Kind.FIXED, {"due": D(Y, 9, 30), "dues": []}),
    ("Từ tháng 3 đến tháng 5/2026", Kind.FIXED, {"due": D(2026, 5, 31), "dues": []}),
    # recurring reports
    (
        "Báo cáo quý trước ngày 15 tháng cuối quý; báo cáo năm trước ngày 15/12",
        Kind.RECURRING,
        {"periods": ["quarter", "year"], "due_day": 15},
    ),
    ("Trước ngày 20 tháng cuối quý", Kind.RECURRING, {"periods": ["quarter"], "due_day": 20}),
    ("Ngày 15 hằng tháng", Kind.RECURRING, {"periods": ["month"], "due_day": 15}),
    ("Tháng 01 hằng năm", Kind.RECURRING, {"periods": ["year"], "due_month": 1, "due_day": 31}),
    (
        "Hằng quý (trước ngày 18 của tháng cuối quý)",
        Kind.RECURRING,
        {"periods": ["quarter"], "due_day": 18},
    ),
    ("Hàng tháng, quý, năm", Kind.RECURRING, {"periods": ["month", "quarter", "year"]}),
    ("Hằng tháng, quý, năm", Kind.RECURRING, {"periods": ["month", "quarter", "year"]}),
    ("Định kỳ hàng quý", Kind.RECURRING, {"periods": ["quarter"]}),
    ("Định kỳ 6 tháng, năm", Kind.RECURRING, {"periods": ["half", "year"]}),
    ("Báo cáo định kỳ quý, 6 tháng, năm", Kind.RECURRING, {"periods": ["quarter", "half", "year"]}),
    ("Hằng năm", Kind.RECURRING, {"periods": ["year"]}),
    ("Tháng, quý, năm", Kind.RECURRING, {"periods": ["month", "quarter", "year"]}),
    ("Trước ngày 15 hằng tháng", Kind.RECURRING, {"periods": ["month"], "due_day": 15}),
    (
        "Trước ngày 15/12 hằng năm",
        Kind.RECURRING,
        {"periods": ["year"], "due_day": 15, "due_month": 12},
    ),
    ("Định kỳ hằng quý và đột xuất", Kind.RECURRING, {"periods": ["quarter"], "ad_hoc": True}),
    ("Định kỳ hàng tháng, quý, năm hoặc đột xuất theo yêu cầu", Kind.RECURRING, {"ad_hoc": True}),
    ("Thường xuyên; báo cáo định kỳ 6 tháng", Kind.RECURRING, {"periods": ["half"]}),
    ("Định kỳ 03 tháng", Kind.RECURRING, {"periods": ["quarter"]}),
    (
        "Báo cáo quý, 6 tháng, 9 tháng, năm",
        Kind.RECURRING,
        {"periods": ["quarter", "half", "nine", "year"]},
    ),
    (
        "Định kỳ hằng quý (trước ngày 15 tháng cuối quý), 6 tháng, năm",
        Kind.RECURRING,
        {"periods": ["quarter", "half", "year"], "due_day": 15},
    ),
    ("Kịp thời khi phát sinh", Kind.EVENT, {"immediate": True}),
    # continuous
    ("Thường xuyên", Kind.CONTINUOUS, {"due": None}),
    ("Thường xuyên trong năm", Kind.CONTINUOUS, {"due": None}),
    ("Thường xuyên trong năm 2026.", Kind.CONTINUOUS, {"due": D(2026, 12, 31)}),
    (
        "Thường xuyên hoặc theo lộ trình của tỉnh",
        Kind.CONTINUOUS,
        {"reference": "lộ trình của tỉnh"},
    ),
    ("Liên tục", Kind.CONTINUOUS, {}),
    ("Hằng ngày", Kind.CONTINUOUS, {}),
    ("Thường xuyên, liên tục", Kind.CONTINUOUS, {}),
    # start date
    ("Từ ngày 01/4/2026.", Kind.START, {"start": D(2026, 4, 1)}),
    ("Bắt đầu từ ngày 15/5", Kind.START, {"start": D(Y, 5, 15)}),
    ("Từ tháng 4/2026", Kind.START, {"start": D(2026, 4, 1)}),
    ("Từ quý II", Kind.START, {"start": D(Y, 4, 1)}),
    ("Kể từ ngày 01/7/2026", Kind.START, {"start": D(2026, 7, 1)}),
    # event-triggered
    ("Khi ban hành văn bản QPPL có quy định TTHC", Kind.EVENT, {"offset_days": None}),
    ("Khi nhận được văn bản đề nghị ý kiến của cơ quan chủ trì soạn thảo", Kind.EVENT, {}),
    ("Ngay sau khi có Quyết định của Chủ tịch UBND tỉnh", Kind.EVENT, {"immediate": True}),
    (
        "Ngay sau khi có quyết định công bố TTHC của Chủ tịch UBND tỉnh",
        Kind.EVENT,
        {"immediate": True},
    ),
    ("Sau khi Quyết định công bố được ban hành", Kind.EVENT, {"immediate": False}),
    (
        "Trong 05 ngày làm việc kể từ ngày nhận được văn bản",
        Kind.EVENT,
        {"offset_days": 5, "working_days": True},
    ),
    (
        "Chậm nhất 10 ngày kể từ khi có quyết định công bố",
        Kind.EVENT,
        {"offset_days": 10, "working_days": False},
    ),
    ("Khi có văn bản hướng dẫn của trung ương, của tỉnh", Kind.EVENT, {}),
    ("Khi có yêu cầu", Kind.EVENT, {"ad_hoc": True}),
    ("Đột xuất", Kind.EVENT, {"ad_hoc": True}),
    ("Khi được giao chủ trì soạn thảo", Kind.EVENT, {}),
    ("Ngay khi có văn bản chỉ đạo", Kind.EVENT, {"immediate": True}),
    ("Khi phát sinh hồ sơ", Kind.EVENT, {}),
    (
        "Khi có thay đổi, trong vòng 03 ngày làm việc",
        Kind.EVENT,
        {"offset_days": 3, "working_days": True},
    ),
    # dependent on another plan / document
    ("Theo kế hoạch UBND tỉnh", Kind.DEPENDENT, {"reference": "kế hoạch UBND tỉnh"}),
    ("Theo Kế hoạch của UBND tỉnh", Kind.DEPENDENT, {}),
    ("Theo Kế hoạch rà soát, đánh giá TTHC năm 2026 của UBND tỉnh", Kind.DEPENDENT, {}),
    ("Theo Văn bản hướng dẫn của tỉnh", Kind.DEPENDENT, {}),
    ("Theo lộ trình của Bộ, ngành", Kind.DEPENDENT, {}),
    ("Theo quy định", Kind.DEPENDENT, {}),
    ("Theo Quyết định số 191/QĐ-UBND ngày 30/01/2026 của UBND tỉnh", Kind.DEPENDENT, {}),
    ("Thực hiện theo chỉ đạo của UBND tỉnh", Kind.DEPENDENT, {}),
    ("Theo tiến độ của Kế hoạch rà soát, trước 30/6/2026", Kind.FIXED, {"due": D(2026, 6, 30)}),
    # not understood
    ("", Kind.UNKNOWN, {}),
    ("Sớm nhất có thể", Kind.UNKNOWN, {}),
    ("Đang thực hiện", Kind.UNKNOWN, {}),
]


@pytest.mark.parametrize(("text", "kind", "checks"), CASES, ids=[c[0] or "empty" for c in CASES])
def test_deadline_text_is_understood(text, kind, checks):
    s = parse(text, year=Y)
    assert s.kind == kind, (text, s)
    assert s.text == text.strip()  # the original is kept verbatim
    for field, expected in checks.items():
        value = getattr(s, field)
        if field == "reference":
            assert expected.lower() in value.lower(), (value, expected)
        else:
            assert value == expected, (field, value, expected)
    assert s.describe()  # a Vietnamese sentence for the preview


def test_schedule_round_trips_through_json():
    for text, *_ in CASES:
        s = parse(text, year=Y)
        assert Schedule.from_json(s.to_json()) == s


def test_recurring_reports_get_one_period_each_with_due_day():
    s = parse("Hàng tháng, quý, năm", year=Y)
    ps = periods(s, year=Y, report_day=18, not_before=D(Y, 2, 13))
    keys = [p.key for p in ps]
    assert "2026-M01" not in keys  # due 18/01, before the plan
    assert sum(k.startswith("2026-M") for k in keys) == 11
    assert [k for k in keys if "Q" in k] == ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
    q1 = next(p for p in ps if p.key == "2026-Q1")
    assert q1.due == D(Y, 3, 18) and q1.label == "Báo cáo quý I/2026"
    assert next(p for p in ps if p.key == "2026-Y").due == D(Y, 12, 18)
    feb = next(p for p in ps if p.key == "2026-M02")
    assert feb.due == D(Y, 2, 18)


def test_due_day_of_text_wins_and_short_months_clip():
    s = parse("Trước ngày 31 hằng tháng", year=Y)
    ps = {p.key: p for p in periods(s, year=Y, report_day=18)}
    assert ps["2026-M02"].due == D(Y, 2, 28)
    assert ps["2026-M04"].due == D(Y, 4, 30)
    half = parse("Định kỳ 6 tháng", year=Y)
    assert [p.due for p in periods(half, year=Y, report_day=16)] == [D(Y, 6, 16), D(Y, 12, 16)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thường xuyên", [D(Y, 3, 31), D(Y, 6, 30), D(Y, 9, 30), D(Y, 12, 31)]),
        ("Từ ngày 01/4/2026", [D(Y, 6, 30), D(Y, 9, 30), D(Y, 12, 31)]),
        ("Thường xuyên từ ngày 15/8/2026", [D(Y, 9, 30), D(Y, 12, 31)]),
        ("Trước 15/02", [D(Y, 2, 15)]),
        ("Trước 30/6 và 15/12", [D(Y, 6, 30), D(Y, 12, 15)]),
        ("Tháng 01 hằng năm", [D(Y, 1, 31)]),
        ("Theo kế hoạch UBND tỉnh", [None]),
        ("Khi ban hành văn bản QPPL có quy định TTHC", []),
    ],
)
def test_periods_of_each_kind(text, expected):
    s = parse(text, year=Y)
    assert [p.due for p in periods(s, year=Y, report_day=18)] == expected


def test_start_period_begins_on_the_start_date():
    s = parse("Từ ngày 01/4/2026", year=Y)
    first = periods(s, year=Y, report_day=18)[0]
    assert first.start == D(Y, 4, 1) and first.key == "2026-Q2"


def test_a_kind_without_its_date_is_not_complete():
    from motcua.plans.services import understand

    assert not understand("Sớm", year=Y, kind="fixed").complete
    assert "chưa có ngày" in understand("Sớm", year=Y, kind="fixed").describe()
    assert understand("Sớm", year=Y, kind="dependent").complete
    assert understand("Sớm", year=Y, kind="recurring").periods == ["quarter"]
    assert not parse("", year=Y).complete
    assert parse("Quý II", year=Y).complete


def test_parser_never_fails_on_mixed_phrasings():
    import itertools

    heads = ["", "Trước ", "Trong ", "Từ ", "Theo ", "Khi ", "Ngay sau khi ", "Định kỳ ", "Hằng "]
    bodies = [
        "15/02",
        "ngày 31/12/2026",
        "tháng 3",
        "quý II",
        "6 tháng, năm",
        "kế hoạch của UBND tỉnh",
        "có văn bản",
        "năm 2026",
        "30/6 và 15/12",
        "",
        "???",
    ]
    tails = ["", ".", " và đột xuất", " hoặc theo yêu cầu", " (trước ngày 20)"]
    n = 0
    for h, b, t in itertools.product(heads, bodies, tails):
        s = parse(f"{h}{b}{t}", year=Y)
        assert s.describe()
        assert Schedule.from_json(s.to_json()) == s
        for p in periods(s, year=Y, report_day=18):
            assert p.due is None or p.due.year in (Y - 1, Y, Y + 1)
        n += 1
    assert n == len(heads) * len(bodies) * len(tails)
