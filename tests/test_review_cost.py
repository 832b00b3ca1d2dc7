"""Compliance-cost arithmetic against published provincial examples (spec review-cost.md §3–§5)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from motcua.review import cost as C

A = C.Activity


# (name, activities, hourly, N, F, per_year) — worked examples in đồng/năm
CASES = [
    # Đồng Nai QĐ 2816/QĐ-UBND (20/11/2025): 10 ngày làm việc = 80 giờ × 40.000 × 10 hồ sơ
    (
        "dong-nai-before",
        [A("Thời gian giải quyết", hours=D(80))],
        D(40000),
        D(10),
        D(1),
        D(32000000),
    ),
    (
        "dong-nai-after",
        [A("Thời gian giải quyết", hours=D(72))],
        D(40000),
        D(10),
        D(1),
        D(28800000),
    ),
    # full breakdown: (2 + 4 + 1,5 giờ) × 25.000 + 500.000 phí + 30.000 sao chụp + 20.000 đi lại
    (
        "full-form",
        [
            A("Tìm hiểu thông tin", hours=D(2)),
            A("Chuẩn bị hồ sơ", hours=D(4), other=D(30000)),
            A("Nộp hồ sơ, nhận kết quả", hours=D("1.5"), fee=D(500000), other=D(20000)),
        ],
        D(25000),
        D(120),
        D(1),
        (D("7.5") * 25000 + 550000) * 120,
    ),
    # frequency 2 per year, consultant hired
    (
        "frequency",
        [A("Báo cáo", hours=D(3), service=D(1000000))],
        D(30000),
        D(50),
        D(2),
        D(109000000),
    ),
    # a fraction of a đồng is rounded once, half up: 0,25 h × 27.027 = 6.756,75 → 6.757 × 1
    ("rounding-up", [A("x", hours=D("0.25"))], D(27027), D(1), D(1), D(6757)),
    ("rounding-half", [A("x", hours=D("0.5"))], D(27027), D(1), D(1), D(13514)),  # 13.513,5
    # nothing to do costs nothing (BNNMT example: after = 0)
    ("abolished", [], D(40000), D(100), D(1), D(0)),
]


@pytest.mark.parametrize("name,rows,hourly,n,f,expected", CASES, ids=[c[0] for c in CASES])
def test_cost_per_year(name, rows, hourly, n, f, expected):
    assert C.compute(rows, hourly=hourly, n_per_year=n, frequency=f).per_year == expected


def test_dong_nai_saving_and_rate_exactly_as_published():
    before = C.compute([A("t", hours=D(80))], hourly=D(40000), n_per_year=D(10), frequency=D(1))
    after = C.compute([A("t", hours=D(72))], hourly=D(40000), n_per_year=D(10), frequency=D(1))
    r = C.Reduction.of(before.per_year, after.per_year)
    assert (r.saving, r.rate) == (D(3200000), D(10))
    assert C.vnd(r.saving) == "3.200.000"
    # time: 10 → 9 ngày làm việc = 10 %
    t = C.Reduction.of(
        C.limit_in_days(D(10), "working_days"), C.limit_in_days(D(9), "working_days")
    )
    assert t.rate == D(10)
    assert not r.meets(D(30)) and r.meets(D(10))


@pytest.mark.parametrize(
    "before,after,saving,rate",
    [
        (D(18509608), D(0), D(18509608), D(100)),  # BNNMT item: 100 %
        (D(1000), D(700), D(300), D(30)),
        (D(3), D(2), D(1), D("33.33")),
        (D(3), D(1), D(2), D("66.67")),  # half up
        (D(0), D(0), D(0), None),  # no "before": no rate, never a made-up number
        (D(100), D(120), D(-20), D(-20)),  # a proposal that costs more shows a negative rate
    ],
)
def test_reduction(before, after, saving, rate):
    r = C.Reduction.of(before, after)
    assert (r.saving, r.rate) == (saving, rate)


def test_aggregate_is_on_sums_not_the_mean_of_rates():
    # A: 1.000.000 → 0 (100 %), B: 9.000.000 → 9.000.000 (0 %)
    agg = C.aggregate([(D(1000000), D(0)), (D(9000000), D(9000000))])
    assert agg.total.rate == D(10)  # tỷ lệ trên tổng
    assert agg.mean_rate == D(50)  # bình quân tỷ lệ, for information only
    assert agg.total.saving == D(1000000)
    assert C.aggregate([]).total.rate is None


@pytest.mark.parametrize(
    "amount,unit,days",
    [
        (D(10), "working_days", D(10)),
        (D(80), "working_hours", D(10)),
        (D(4), "working_hours", D("0.5")),
        (D(1), "same_day", D(1)),
        (D(45), "calendar_days", D(45)),
        (D(1), "months", D(30)),
    ],
)
def test_time_limits_in_one_unit(amount, unit, days):
    assert C.limit_in_days(amount, unit) == days


@pytest.mark.parametrize(
    "income,days,hourly",
    [
        (D(7040000), D(22), D(40000)),  # monthly income / 22 ngày / 8 giờ
        (D(84480000), D(264), D(40000)),  # yearly income / 264 working days / 8
        (D(5000000), D(22), D(28409)),  # 28.409,09 → 28.409
    ],
)
def test_hourly_income_from_average_income(income, days, hourly):
    assert C.hourly_from_income(income, days) == hourly


@pytest.mark.parametrize(
    "value,text",
    [(D("12.50"), "12,5"), (D(1234567), "1.234.567"), (D("-3.456"), "-3,46"), (None, "—")],
)
def test_number_formatting(value, text):
    assert C.num(value) == text


@pytest.mark.parametrize(
    "value,money,expected",
    [
        ("40000", True, D(40000)),
        ("40.000", True, D(40000)),  # a dot groups thousands in an amount of đồng
        ("1.234.567", True, D(1234567)),
        ("1.234,5", True, D("1234.5")),
        ("0,5", False, D("0.5")),
        ("1.5", False, D("1.5")),  # hours: a dot is a decimal point
        ("9.000", False, D(9)),  # a time limit typed with decimals is not nine thousand
        (D("9.000"), True, D(9)),  # API values arrive as decimals
        ("", False, None),
    ],
)
def test_input_numbers(value, money, expected):
    from motcua.review.services import _decimal

    errors: dict[str, str] = {}
    assert _decimal(value, "x", errors, money=money) == expected
    assert errors == {}


@pytest.mark.parametrize("value", ["abc", "-1", "NaN", "1,2,3"])
def test_bad_numbers_are_reported_not_guessed(value):
    from motcua.review.services import _decimal

    errors: dict[str, str] = {}
    assert _decimal(value, "x", errors) is None
    assert "x" in errors


SHORTCUT = {"hourly_income": "40000", "n_per_year": "10"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "before,after,expected",
    [
        # Đồng Nai QĐ 2816/QĐ-UBND: the shortcut, time limit × 8 giờ × 40.000 × 10 hồ sơ
        (
            {**SHORTCUT, "time_limit": {"amount": "10", "unit": "working_days"}},
            {**SHORTCUT, "time_limit": {"amount": "9", "unit": "working_days"}},
            (32000000, 28800000, 3200000, "10.00", "10.00"),
        ),
        # BNNMT item: 18.509.608 đ/năm → 0 (procedure abolished), 45 → 0 ngày
        (
            {
                "rows": [{"task": "Các công việc (tổng hợp)", "hours": "0"}],
                "hourly_income": "40000",
                "n_per_year": "1",
                "other_costs": [{"kind": "tổng hợp", "amount": "18509608"}],
                "time_limit": {"amount": "45", "unit": "calendar_days"},
            },
            {"hourly_income": "40000", "n_per_year": "0", "time_limit": {"amount": "0"}},
            (18509608, 0, 18509608, "100.00", "100.00"),
        ),
        # full rows with fees and other costs, frequency 2
        (
            {
                "rows": [{"task": "Chuẩn bị hồ sơ", "hours": "6"}, {"task": "Nộp", "hours": "2"}],
                "hourly_income": "30000",
                "fees": "100000",
                "other_costs": [{"kind": "đi lại", "amount": "50000"}],
                "n_per_year": "200",
                "frequency": "2",
            },
            {
                "rows": [{"task": "Nộp trực tuyến", "hours": "1,5"}],
                "hourly_income": "30000",
                "fees": "50000",
                "n_per_year": "200",
                "frequency": "2",
            },
            (156000000, 38000000, 118000000, "75.64", None),
        ),
    ],
)
def test_cost_calculator_api(api, before, after, expected):
    r = api("chuyenvien.syt").post(
        "/api/v1/review/cost-calculator", {"before": before, "after": after}, format="json"
    )
    if any("1,5" in str(row) for row in after.get("rows", [])):
        assert r.status_code == 400  # the API takes JSON numbers: "1.5", not "1,5"
        after = {**after, "rows": [{"task": "Nộp trực tuyến", "hours": "1.5"}]}
        r = api("chuyenvien.syt").post(
            "/api/v1/review/cost-calculator", {"before": before, "after": after}, format="json"
        )
    assert r.status_code == 200, r.content
    b = r.json()
    got = (b["before"]["per_year"], b["after"]["per_year"], b["saving"], b["rate"], b["time_rate"])
    assert got == expected
