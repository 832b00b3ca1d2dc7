"""The what-if of a proposed time limit on a history of dossiers (imported like a real history),
computed like the dossier clock: working days on the editable calendar, supplement pauses
(pause or reset), date-level classification in Vietnam time. Expected dates worked by hand.

Calendar facts used: office hours 07:30–11:30 and 13:30–17:00 (7,5 h a day); 02/03/2026 is a
Monday; the count of N working days starts on the working day after receipt."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from motcua.catalog.models import Procedure
from motcua.dossiers.importer import import_dossiers
from motcua.dossiers.models import Dossier
from motcua.review import selectors
from support import vn

pytestmark = pytest.mark.django_db

BIRTH = "1.001193"  # Đăng ký khai sinh, TH2: 3 ngày làm việc, supplement clock "pause"
CORRECTION = "1.004859"  # Thay đổi, cải chính hộ tịch, TH1: 3 ngày làm việc, clock "reset"


def line(ext: str, procedure: str, case: str, events: list[tuple[str, str, dict]]) -> str:
    return json.dumps(
        {
            "external_id": ext,
            "procedure": procedure,
            "case": case,
            "channel": "direct",
            "receiving_agency": "ttpvhcc-xa-03390",
            "competent_agency": "ubnd-xa-03390",
            "applicant": {"kind": "individual", "name": "Lò Văn Mẫu", "id_number": "012345678901"},
            "events": [{"action": a, "at": at, **extra} for a, at, extra in events],
        },
        ensure_ascii=False,
    )


SUPP = {"items": ["Giấy chứng sinh"], "reason": "Thiếu giấy chứng sinh"}
OK = {"title": "Giấy khai sinh", "note": "Đồng ý"}

HISTORY = [
    # A: decided Wed 04/03 10:00 (due with 3 days: Thu 05/03 17:00)
    line(
        "A",
        BIRTH,
        "TH2",
        [
            ("accept", "2026-03-02T09:00:00+07:00", {}),
            ("forward", "2026-03-02T09:10:00+07:00", {}),
            ("approve", "2026-03-04T10:00:00+07:00", OK),
        ],
    ),
    # B: supplement Tue 03/03 09:00 → Thu 05/03 09:00 = 15 office hours paused;
    #    due 05/03 17:00 + 15 h = Mon 09/03 17:00; decided 09/03 10:00
    line(
        "B",
        BIRTH,
        "TH2",
        [
            ("accept", "2026-03-02T09:00:00+07:00", {}),
            ("forward", "2026-03-02T09:10:00+07:00", {}),
            ("request_supplement", "2026-03-03T09:00:00+07:00", SUPP),
            ("receive_supplement", "2026-03-05T09:00:00+07:00", {}),
            ("approve", "2026-03-09T10:00:00+07:00", OK),
        ],
    ),
    # C: still open (due 05/03 17:00 with 3 days)
    line(
        "C",
        BIRTH,
        "TH2",
        [
            ("accept", "2026-03-02T09:00:00+07:00", {}),
            ("forward", "2026-03-02T09:10:00+07:00", {}),
        ],
    ),
    # D: received outside the period → never counted
    line(
        "D",
        BIRTH,
        "TH2",
        [
            ("accept", "2026-04-01T09:00:00+07:00", {}),
            ("forward", "2026-04-01T09:10:00+07:00", {}),
            ("approve", "2026-04-20T10:00:00+07:00", OK),
        ],
    ),
    # E: reset clock — supplement received Thu 05/03 09:00, the 3 days start again:
    #    due Tue 10/03 17:00; decided Mon 09/03 10:00
    line(
        "E",
        CORRECTION,
        "TH1",
        [
            ("accept", "2026-03-02T09:00:00+07:00", {}),
            ("forward", "2026-03-02T09:10:00+07:00", {}),
            ("request_supplement", "2026-03-03T09:00:00+07:00", SUPP),
            ("receive_supplement", "2026-03-05T09:00:00+07:00", {}),
            ("approve", "2026-03-09T10:00:00+07:00", {"title": "Trích lục", "note": "Đồng ý"}),
        ],
    ),
]


@pytest.fixture
def history():
    report = import_dossiers(HISTORY, now=vn(2026, 6, 1, 9))
    assert report.dossiers == len(HISTORY)
    return {
        d.idempotency_key.removeprefix("import:"): d
        for d in Dossier.objects.filter(idempotency_key__startswith="import:")
    }


def run(code: str, amount, unit="working_days", today=date(2026, 3, 6)):
    p = Procedure.objects.get(code=code)
    return selectors.what_if(
        p.pk,
        amount=Decimal(amount),
        unit=unit,
        start=date(2026, 3, 1),
        end=date(2026, 3, 31),
        today=today,
    )


def by_ext(w, history) -> dict[str, selectors.WhatIfRow]:
    ids = {d.pk: ext for ext, d in history.items()}
    return {ids[r.dossier_id]: r for r in w.rows}


def test_the_current_limit_reproduces_the_clock_exactly(history):
    """Same limit as the case → same due instants and classification as the services made."""
    for code in (BIRTH, CORRECTION):
        w = run(code, 3)
        for r in w.rows:
            d = Dossier.objects.get(pk=r.dossier_id)
            assert r.proposed_due == d.due_at, d.idempotency_key
            if d.timeliness:
                assert r.proposed == d.timeliness == r.actual


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        # A: 4/3 ≤ due; B: due with pause; C: open, overdue on Fri 06/03 or not
        (3, {"A": ("early", vn(2026, 3, 5, 17)), "B": ("on_time", vn(2026, 3, 9, 17)),
             "C": ("open_late", vn(2026, 3, 5, 17))}),
        (2, {"A": ("on_time", vn(2026, 3, 4, 17)), "B": ("late", vn(2026, 3, 6, 17)),
             "C": ("open_late", vn(2026, 3, 4, 17))}),
        (1, {"A": ("late", vn(2026, 3, 3, 17)), "B": ("late", vn(2026, 3, 5, 17)),
             "C": ("open_late", vn(2026, 3, 3, 17))}),
        (5, {"A": ("early", vn(2026, 3, 9, 17)), "B": ("early", vn(2026, 3, 11, 17)),
             "C": ("open", vn(2026, 3, 9, 17))}),
    ],
)  # fmt: skip
def test_proposed_limit_on_pause_clock(history, amount, expected):
    w = run(BIRTH, amount)
    rows = by_ext(w, history)
    assert set(rows) == {"A", "B", "C"}  # D was received in April
    assert {k: (r.proposed, r.proposed_due) for k, r in rows.items()} == expected
    late = {k for k, (status, _due) in expected.items() if status in ("late", "open_late")}
    assert w.late_proposed == len(late)
    assert {by_ext_row for by_ext_row, r in rows.items() if r in w.late_rows} == late


@pytest.mark.parametrize(
    ("amount", "due", "status"),
    [
        (3, vn(2026, 3, 10, 17), "early"),  # reset: 3 days from the supplement's receipt
        (2, vn(2026, 3, 9, 17), "on_time"),
        (1, vn(2026, 3, 6, 17), "late"),
    ],
)
def test_proposed_limit_on_reset_clock(history, amount, due, status):
    (row,) = run(CORRECTION, amount).rows
    assert (row.proposed_due, row.proposed) == (due, status)


def test_working_hours_and_same_day_limits(history):
    # 12 working hours from Mon 02/03 09:00: 6 h left on Monday (09:00–11:30, 13:30–17:00)
    # → 6 more on Tuesday: 07:30–11:30 (4 h) then 13:30–15:30
    rows = by_ext(run(BIRTH, 12, "working_hours"), history)
    assert rows["A"].proposed_due == vn(2026, 3, 3, 15, 30)
    assert rows["A"].proposed == "late"


def test_case_filter_and_rates(history):
    p = Procedure.objects.get(code=BIRTH)
    w = selectors.what_if(
        p.pk,
        amount=Decimal(2),
        unit="working_days",
        start=date(2026, 3, 1),
        end=date(2026, 3, 31),
        today=date(2026, 3, 6),
        case_code="TH1",
    )
    assert w.total == 0
    w = run(BIRTH, 2)
    assert (w.total, w.late_actual, w.late_proposed) == (3, 1, 2)  # C is already overdue
    assert w.late_rate == Decimal("66.67")
    assert [r.code for r in w.newly_late] == [history["B"].code]


def test_measured_figures_and_n_for_the_plan(history, agency):
    """N and the actual average time of a plan for 2027 come from the dossiers of 2026."""
    from motcua.review import services
    from motcua.review.models import NSource, Scenario

    plan = services.create_plan(
        agency=agency("ubnd-xa-03390"), year=2027, title="Kế hoạch rà soát", user=None,
        now=vn(2026, 12, 1, 9),
    )  # fmt: skip
    item = services.add_procedure(
        plan,
        procedure=Procedure.objects.get(code=BIRTH),
        case_code="TH2",
        today=date(2027, 1, 10),
        now=vn(2027, 1, 10, 9),
    )
    before = item.costs.get(scenario=Scenario.BEFORE)
    # A, B, C, D received in 2026 (TH2); office day 7,5 h; B's 15 h of supplement excluded:
    # A 16 h, B 38,5 − 15 = 23,5 h, D 98,5 h → (16 + 23,5 + 98,5) / 7,5 / 3 = 6,13 days
    assert (before.n_per_year, before.n_source) == (4, NSource.MEASURED)
    assert before.actual_days == Decimal("6.13")
    m = selectors.measured(
        item.procedure_id, date(2026, 1, 1), date(2026, 12, 31), today=date(2027, 1, 10),
        case=item.case,
    )  # fmt: skip
    # late: C is still open past its due date, D was decided after it
    assert (m.received, m.decided, m.with_supplement, m.late) == (4, 3, 1, 2)
    assert (m.supplement_rate, m.late_rate, m.limit_days) == (Decimal(25), Decimal(50), 3)
    # the year not over yet: what was seen is scaled to the whole year (3 in 90 days → 12)
    other = services.create_plan(
        agency=agency("ubnd-xa-03390"), year=2027, title="Kế hoạch sớm", user=None,
        now=vn(2026, 3, 31, 9),
    )  # fmt: skip
    early = services.add_procedure(
        other,
        procedure=Procedure.objects.get(code=BIRTH),
        case_code="TH2",
        today=date(2026, 3, 31),
        now=vn(2026, 3, 31, 9),
    )
    cost = early.costs.get(scenario=Scenario.BEFORE)
    assert cost.n_per_year == 12 and "quy đổi cả năm từ 3 hồ sơ trong 90 ngày" in cost.n_period


def test_step_analysis_costliest_first(case, agency, user):
    """Real office time per internal step against its budget (TH2 of 1.001193: specialist 2
    working days = 15 office hours, leader 0,5 day = 3,75 h), pauses excluded."""
    from motcua.dossiers import services as ds
    from support import CITIZEN

    def received(at):
        d = ds.receive_at_desk(
            user=user("tiepnhan.binhlu"), now=at, case=case("1.001193", "TH2"), channel="direct",
            receiving_agency=agency("ttpvhcc-xa-03390"), applicant=CITIZEN,
        )  # fmt: skip
        ds.forward(d, user=user("tiepnhan.binhlu"), now=at)
        return d

    spec, lead = user("chuyenvien.binhlu"), user("lanhdao.binhlu")
    x = received(vn(2026, 3, 2, 9))
    ds.request_supplement(x, user=lead, now=vn(2026, 3, 3, 9), items=["Tờ khai"], reason="Thiếu")
    ds.receive_supplement(x, user=user("tiepnhan.binhlu"), now=vn(2026, 3, 5, 9))
    ds.hand_over(x, user=spec, now=vn(2026, 3, 5, 13, 30))  # 25 h − 15 h paused = 10 h
    ds.send_back(x, user=lead, now=vn(2026, 3, 5, 15, 30), reason="Bổ sung ý kiến")  # 2 h
    ds.hand_over(x, user=spec, now=vn(2026, 3, 6, 8, 30))  # 2,5 h
    ds.decide(x, user=lead, now=vn(2026, 3, 6, 10, 30), approved=True)  # 2 h
    y = received(vn(2026, 3, 2, 9))
    ds.hand_over(y, user=spec, now=vn(2026, 3, 4, 16))  # 20 h > 15 h
    ds.decide(y, user=lead, now=vn(2026, 3, 5, 9), approved=False, note="Không đủ điều kiện")

    steps = selectors.step_analysis(
        Procedure.objects.get(code=BIRTH).pk, date(2026, 3, 1), date(2026, 3, 31)
    )
    first, second = steps
    assert first.role == "specialist" and second.role == "agency_leader"  # costliest first
    assert (first.passes, first.dossiers, first.total_hours) == (3, 2, Decimal("32.50"))
    assert (first.budget_hours, first.over_budget, first.supplements) == (Decimal(15), 1, 1)
    assert first.avg_hours == Decimal("10.83")
    assert (second.passes, second.total_hours, second.budget_hours) == (
        3,
        Decimal("6.50"),
        Decimal("3.75"),
    )
    assert (second.over_budget, second.send_backs, second.denials) == (0, 1, 1)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_histories_replay_to_the_clock(seed):
    """Random histories (supplements of random length, several pauses, holidays around Tết and
    30/4): the what-if with each case's own limit gives back the due dates and the
    classification the dossier clock recorded, for pause and reset cases alike."""
    import random
    from datetime import timedelta

    rng = random.Random(seed)
    lines = []
    for i in range(12):
        code, case = rng.choice([(BIRTH, "TH2"), (CORRECTION, "TH1"), (CORRECTION, "TH2")])
        t = vn(2026, rng.choice([2, 4]), rng.randint(2, 20), rng.choice([8, 10, 14, 16]), 15)
        events = [("accept", t), ("forward", t + timedelta(minutes=30))]
        t += timedelta(hours=1)
        for _ in range(rng.randint(0, 2)):
            t += timedelta(hours=rng.randint(2, 60))
            events.append(("request_supplement", t))
            t += timedelta(hours=rng.randint(1, 120))
            events.append(("receive_supplement", t))
        t += timedelta(hours=rng.randint(1, 150))
        events.append(("approve", t))
        extra = {"request_supplement": SUPP, "approve": OK}
        lines.append(
            line(
                f"R{seed}-{i}",
                code,
                case,
                [(a, at.isoformat(), extra.get(a, {})) for a, at in events],
            )
        )
    import_dossiers(lines, now=vn(2026, 9, 1, 9))
    checked = 0
    for code in (BIRTH, CORRECTION):
        p = Procedure.objects.get(code=code)
        for case_code, amount in (("TH1", 3), ("TH2", 3 if code == BIRTH else 6)):
            w = selectors.what_if(
                p.pk,
                amount=Decimal(amount),
                unit="working_days",
                start=date(2026, 1, 1),
                end=date(2026, 12, 31),
                today=date(2026, 9, 1),
                case_code=case_code,
            )
            for r in w.rows:
                d = Dossier.objects.get(pk=r.dossier_id)
                assert (r.proposed_due, r.proposed) == (d.due_at, d.timeliness), d.events.all()
                checked += 1
    assert checked == 12


def test_item_page_queries_do_not_grow_with_dossiers(history, agency, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from motcua.review import services

    plan = services.create_plan(
        agency=agency("ubnd-xa-03390"), year=2027, title="Kế hoạch", user=None,
        now=vn(2026, 12, 1, 9),
    )  # fmt: skip
    item = services.add_procedure(
        plan, procedure=Procedure.objects.get(code=BIRTH), case_code="TH2",
        today=date(2027, 1, 5), now=vn(2027, 1, 5, 9),
    )  # fmt: skip
    c = login("giamsat.laichau")
    url = f"/can-bo/ra-soat/thu-tuc/{item.pk}/?tl=2&dv=working_days"

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            r = c.get(url)
        assert r.status_code == 200 and "hồ sơ sẽ trễ hạn" in r.content.decode()
        return len(ctx.captured_queries)

    before = count()
    more = [
        line(
            f"M{i}",
            BIRTH,
            "TH2",
            [
                ("accept", f"2026-05-{4 + i:02d}T09:00:00+07:00", {}),
                ("forward", f"2026-05-{4 + i:02d}T09:10:00+07:00", {}),
                ("approve", f"2026-05-{11 + i:02d}T10:00:00+07:00", OK),
            ],
        )
        for i in range(6)
    ]
    import_dossiers(more, now=vn(2026, 6, 1, 9))
    assert count() <= before


def test_candidates_busiest_and_latest_first(history, agency):
    from motcua.review import services

    plan = services.create_plan(
        agency=agency("ubnd-xa-03390"), year=2027, title="Kế hoạch", user=None,
        now=vn(2026, 12, 1, 9),
    )  # fmt: skip
    services.add_procedure(
        plan, procedure=Procedure.objects.get(code=CORRECTION), today=date(2027, 1, 5),
        now=vn(2027, 1, 5, 9),
    )  # fmt: skip
    found = selectors.candidates(plan, date(2026, 1, 1), date(2026, 12, 31))
    first = found[0]
    # 1.001193 has 4 dossiers in 2026 (A, B, C, D), one decided late (D), one supplement (B)
    assert (first.code, first.dossiers, first.late, first.with_supplement) == (BIRTH, 4, 1, 1)
    assert first.late_rate == Decimal(25)
    assert found[-1].code == CORRECTION and found[-1].in_plan  # already planned: last
    assert all(c.dossiers == 0 for c in found[1:-1])
