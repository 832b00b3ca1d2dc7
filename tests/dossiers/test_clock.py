"""Due dates through pauses and apologies on the calendar's hard days (computed by hand from
the official 2025–2026 schedules: Tết 16–20/02/2026, 30/4–1/5/2026, New Year swap 2026)."""

import pytest

from motcua.dossiers import clock, services
from support import CITIZEN, vn

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("accepted", "due", "paused", "resumed", "new_due"),
    [
        # 3 working days over Tết; 7.5 office hours lost → one more working day
        (
            vn(2026, 2, 12, 10),
            vn(2026, 2, 24, 17),
            vn(2026, 2, 13, 9),
            vn(2026, 2, 23, 9),
            vn(2026, 2, 25, 17),
        ),
        # over 30/4–1/5/2026
        (
            vn(2026, 4, 29, 10),
            vn(2026, 5, 6, 17),
            vn(2026, 5, 4, 13, 30),
            vn(2026, 5, 5, 13, 30),
            vn(2026, 5, 7, 17),
        ),
        # New Year 2026: 02/01 off, Saturday 10/01 worked; 30 office hours lost
        (
            vn(2025, 12, 31, 9),
            vn(2026, 1, 7, 17),
            vn(2026, 1, 5, 9),
            vn(2026, 1, 9, 9),
            vn(2026, 1, 12, 17),
        ),
        # an overnight pause only costs office time (Wed 16:00 → Thu 08:00 = 1.5 h)
        (
            vn(2026, 3, 2, 9),
            vn(2026, 3, 5, 17),
            vn(2026, 3, 4, 16),
            vn(2026, 3, 5, 8),
            vn(2026, 3, 6, 9),
        ),
    ],
)
def test_pause_extends_by_office_time_lost(
    case, agency, user, accepted, due, paused, resumed, new_due
):
    d = services.receive_at_desk(
        user=user("tiepnhan.binhlu"),
        now=accepted,
        case=case("1.001193", "TH2"),
        channel="direct",
        receiving_agency=agency("ttpvhcc-xa-03390"),
        applicant=CITIZEN,
    )
    assert d.due_at == due == d.original_due_at
    services.forward(d, user=user("tiepnhan.binhlu"), now=accepted)
    services.request_supplement(
        d,
        user=user("lanhdao.binhlu"),
        now=paused,
        items=["Giấy chứng sinh"],
        reason="Thiếu giấy chứng sinh",
    )
    services.receive_supplement(d, user=user("tiepnhan.binhlu"), now=resumed)
    d.refresh_from_db()
    assert d.due_at == new_due
    assert d.original_due_at == due
    assert d.paused_since is None and d.paused_seconds > 0


@pytest.mark.parametrize(
    ("end", "due", "expected"),
    [
        (vn(2026, 2, 24, 9), vn(2026, 2, 24, 17), "on_time"),
        (vn(2026, 2, 24, 17, 30), vn(2026, 2, 24, 17), "on_time"),  # same date: on time
        (vn(2026, 2, 23, 16), vn(2026, 2, 24, 17), "early"),
        (vn(2026, 2, 25, 8), vn(2026, 2, 24, 17), "late"),
        (vn(2026, 2, 25, 8), None, "on_time"),  # no due date: on time
    ],
)
def test_classification_at_date_level(end, due, expected):
    assert clock.classify(end, due) == expected


def test_timestamp_granularity_is_available():
    assert clock.classify(vn(2026, 2, 24, 17, 30), vn(2026, 2, 24, 17), "timestamp") == "late"


def test_open_dossier_overdue_on_a_day():
    assert clock.overdue_on(vn(2026, 2, 24, 17), vn(2026, 2, 25).date())
    assert not clock.overdue_on(vn(2026, 2, 24, 17), vn(2026, 2, 24).date())


def test_financial_obligation_counts_unless_the_case_excludes_it(case, agency, user):
    c = case("1.001193", "TH2")
    d = services.receive_at_desk(
        user=user("tiepnhan.binhlu"),
        now=vn(2026, 3, 2, 9),
        case=c,
        channel="direct",
        receiving_agency=agency("ttpvhcc-xa-03390"),
        applicant=CITIZEN,
    )
    services.forward(d, user=user("tiepnhan.binhlu"), now=vn(2026, 3, 2, 9))
    services.request_payment(
        d, user=user("lanhdao.binhlu"), now=vn(2026, 3, 3, 9), note="Nộp lệ phí"
    )
    services.payment_done(d, user=user("tiepnhan.binhlu"), now=vn(2026, 3, 4, 9))
    d.refresh_from_db()
    assert d.due_at == d.original_due_at == vn(2026, 3, 5, 17)  # counted: no extension
