"""The national portal's on-time rules for PAKN (spec feedback.md §6.2), table-driven, on a
plain calendar (weekends off) and on the project's calendar (holidays of 2026)."""

from __future__ import annotations

import pytest

from motcua.core.calendar import WorkCalendar
from motcua.feedback import ontime
from motcua.feedback.ontime import Step
from motcua.feedback.states import Action as A
from support import vn

CAL = WorkCalendar({}, {})
START = vn(2026, 3, 2, 9)  # Monday


def h(*steps):
    return [Step(a, t, 1, to) for a, t, *rest in steps for to in [rest[0] if rest else None]]


# (case, history, as_of, handled, outcome, on_time)
CASES = [
    (
        "reject day 2",
        h((A.RECEIVED, START), (A.REJECTED, vn(2026, 3, 4, 16))),
        vn(2026, 3, 31),
        True,
        "rejected",
        True,
    ),
    (
        "reject day 3",
        h((A.RECEIVED, START), (A.REJECTED, vn(2026, 3, 5, 8))),
        vn(2026, 3, 31),
        True,
        "rejected",
        False,
    ),
    (
        "sent Saturday: counts from Monday",
        h((A.RECEIVED, vn(2026, 3, 7, 10)), (A.REJECTED, vn(2026, 3, 11, 16))),
        vn(2026, 3, 31),
        True,
        "rejected",
        True,
    ),
    (
        "sent Saturday, rejected Thursday",
        h((A.RECEIVED, vn(2026, 3, 7, 10)), (A.REJECTED, vn(2026, 3, 12, 9))),
        vn(2026, 3, 31),
        True,
        "rejected",
        False,
    ),
    (
        "sent Friday after closing",
        h((A.RECEIVED, vn(2026, 3, 6, 17, 30)), (A.REJECTED, vn(2026, 3, 11, 9))),
        vn(2026, 3, 31),
        True,
        "rejected",
        True,
    ),
    (
        "imported from the portal: clock from the transfer",
        h((A.IMPORTED, vn(2026, 3, 10, 9)), (A.REJECTED, vn(2026, 3, 12, 9))),
        vn(2026, 3, 31),
        True,
        "rejected",
        True,
    ),
    (
        "supplement request day 5",
        h(
            (A.RECEIVED, START),
            (A.ACCEPTED, vn(2026, 3, 3)),
            (A.SUPPLEMENT_REQUESTED, vn(2026, 3, 9, 15)),
        ),
        vn(2026, 3, 31),
        True,
        "supplement",
        True,
    ),
    (
        "supplement request day 6",
        h((A.RECEIVED, START), (A.SUPPLEMENT_REQUESTED, vn(2026, 3, 10, 8))),
        vn(2026, 3, 31),
        True,
        "supplement",
        False,
    ),
    (
        "first request counts, not the second",
        h(
            (A.RECEIVED, START),
            (A.SUPPLEMENT_REQUESTED, vn(2026, 3, 4, 9)),
            (A.SUPPLEMENTED, vn(2026, 3, 5, 9)),
            (A.SUPPLEMENT_REQUESTED, vn(2026, 3, 12, 9)),
        ),
        vn(2026, 3, 31),
        True,
        "supplement",
        True,
    ),
    (
        "supplement restarts the clock",
        h(
            (A.RECEIVED, START),
            (A.SUPPLEMENT_REQUESTED, vn(2026, 3, 3, 9)),
            (A.SUPPLEMENTED, vn(2026, 3, 16, 10)),
            (A.ACCEPTED, vn(2026, 3, 17, 9)),
            (A.ANSWERED, vn(2026, 4, 6, 16)),
            (A.PUBLISHED, vn(2026, 4, 7, 9)),
        ),
        vn(2026, 4, 30),
        True,
        "answered",
        True,
    ),
    (
        "answer after restart day 16",
        h(
            (A.RECEIVED, START),
            (A.SUPPLEMENT_REQUESTED, vn(2026, 3, 3, 9)),
            (A.SUPPLEMENTED, vn(2026, 3, 16, 10)),
            (A.ANSWERED, vn(2026, 4, 7, 9)),
            (A.PUBLISHED, vn(2026, 4, 7, 10)),
        ),
        vn(2026, 4, 30),
        True,
        "answered",
        False,
    ),
    (
        "answered day 15, published 2 WD later",
        h(
            (A.RECEIVED, START),
            (A.ACCEPTED, vn(2026, 3, 3)),
            (A.ANSWERED, vn(2026, 3, 23, 16)),
            (A.PUBLISHED, vn(2026, 3, 25, 16)),
        ),
        vn(2026, 3, 31),
        True,
        "answered",
        True,
    ),
    (
        "answered day 15, published 3 WD later",
        h(
            (A.RECEIVED, START),
            (A.ACCEPTED, vn(2026, 3, 3)),
            (A.ANSWERED, vn(2026, 3, 23, 16)),
            (A.PUBLISHED, vn(2026, 3, 26, 8)),
        ),
        vn(2026, 3, 31),
        True,
        "answered",
        False,
    ),
    (
        "answered day 16",
        h(
            (A.RECEIVED, START),
            (A.ACCEPTED, vn(2026, 3, 3)),
            (A.ANSWERED, vn(2026, 3, 24, 8)),
            (A.PUBLISHED, vn(2026, 3, 24, 9)),
        ),
        vn(2026, 3, 31),
        True,
        "answered",
        False,
    ),
    (
        "awaiting publication, still within 2 WD at cut-off",
        h((A.RECEIVED, START), (A.ANSWERED, vn(2026, 3, 20, 9))),
        vn(2026, 3, 24, 17),
        True,
        "answered",
        True,
    ),
    (
        "awaiting publication past 2 WD at cut-off",
        h((A.RECEIVED, START), (A.ANSWERED, vn(2026, 3, 20, 9))),
        vn(2026, 3, 25, 8),
        True,
        "answered",
        False,
    ),
    (
        "published after the cut-off is not seen",
        h((A.RECEIVED, START), (A.ANSWERED, vn(2026, 3, 20, 9)), (A.PUBLISHED, vn(2026, 3, 23, 9))),
        vn(2026, 3, 20, 17),
        True,
        "answered",
        True,
    ),
    (
        "transfer day 5",
        h((A.RECEIVED, START), (A.TRANSFERRED, vn(2026, 3, 9, 16))),
        vn(2026, 3, 31),
        True,
        "transferred",
        True,
    ),
    (
        "transfer day 6",
        h((A.RECEIVED, START), (A.TRANSFERRED, vn(2026, 3, 10, 8))),
        vn(2026, 3, 31),
        True,
        "transferred",
        False,
    ),
    (
        "in progress on day 15",
        h((A.RECEIVED, START), (A.ACCEPTED, vn(2026, 3, 3))),
        vn(2026, 3, 23, 17),
        False,
        "in_progress",
        True,
    ),
    (
        "in progress on day 16",
        h((A.RECEIVED, START), (A.ACCEPTED, vn(2026, 3, 3))),
        vn(2026, 3, 24, 8),
        False,
        "in_progress",
        False,
    ),
    (
        "waiting for reception on day 15",
        h((A.RECEIVED, START)),
        vn(2026, 3, 23, 12),
        False,
        "pending",
        True,
    ),
    (
        "waiting for reception on day 16",
        h((A.RECEIVED, START)),
        vn(2026, 3, 24, 12),
        False,
        "pending",
        False,
    ),
    (
        "supplemented, waiting again, from the supplement",
        h(
            (A.RECEIVED, START),
            (A.SUPPLEMENT_REQUESTED, vn(2026, 3, 3, 9)),
            (A.SUPPLEMENTED, vn(2026, 3, 16, 10)),
        ),
        vn(2026, 4, 6, 17),
        False,
        "pending",
        True,
    ),
    (
        "events after the cut-off are ignored",
        h((A.RECEIVED, START), (A.REJECTED, vn(2026, 3, 5, 8))),
        vn(2026, 3, 4, 17),
        False,
        "pending",
        True,
    ),
]


@pytest.mark.parametrize(
    "history,as_of,handled,outcome,on_time", [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_verdicts(history, as_of, handled, outcome, on_time):
    v = ontime.judge(history, calendar=CAL, as_of=as_of)
    assert (v.handled, v.outcome, v.on_time) == (handled, outcome, on_time), v


def test_not_started_before_cut_off():
    assert ontime.judge(h((A.RECEIVED, START)), calendar=CAL, as_of=vn(2026, 3, 1)) is None


def test_segments_split_at_a_transfer_inside_motcua():
    steps = [
        Step(A.RECEIVED, START, 1),
        Step(A.TRANSFERRED, vn(2026, 3, 5, 9), 1, 2),
        Step(A.ACCEPTED, vn(2026, 3, 6, 9), 2),
        Step(A.ANSWERED, vn(2026, 3, 26, 9), 2),  # 15 WD from 5/3 = 26/3
        Step(A.PUBLISHED, vn(2026, 3, 27, 9), 2),
    ]
    first, second = ontime.segments(steps)
    assert first.agency_id == 1 and second.agency_id == 2
    v1 = ontime.judge(first.steps, calendar=CAL, as_of=vn(2026, 4, 30))
    v2 = ontime.judge(second.steps, calendar=CAL, as_of=vn(2026, 4, 30))
    assert (v1.outcome, v1.on_time) == ("transferred", True)
    assert (v2.outcome, v2.on_time, v2.start) == ("answered", True, vn(2026, 3, 5, 9))


@pytest.mark.parametrize(
    "likes,dislikes,followed_up,on_time,expected",
    [
        (0, 0, False, True, True),
        (3, 3, False, True, True),  # a tie is not "dislike > like"
        (2, 3, False, True, False),
        (5, 1, True, True, False),  # a further phản ánh about the result
        (5, 0, False, False, False),  # late
    ],
)
def test_satisfaction(likes, dislikes, followed_up, on_time, expected):
    v = ontime.Verdict(True, "answered", on_time, START, START)
    assert ontime.satisfied(v, likes=likes, dislikes=dislikes, followed_up=followed_up) is expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    "start,end,on_time",
    [
        # 30/4 and 1/5/2026 are holidays: 2 WD after Tue 28/4 is Mon 4/5
        (vn(2026, 4, 28, 9), vn(2026, 5, 4, 16), True),
        (vn(2026, 4, 28, 9), vn(2026, 5, 5, 8), False),
        # Giỗ Tổ falls on Sunday 26/4/2026, Monday 27/4 is off: a Friday sending → Tue, Wed
        (vn(2026, 4, 24, 17, 30), vn(2026, 4, 29, 16), True),
    ],
)
def test_rejection_on_the_project_calendar(start, end, on_time):
    from motcua.core.selectors import work_calendar

    v = ontime.judge(
        h((A.RECEIVED, start), (A.REJECTED, end)), calendar=work_calendar(), as_of=vn(2026, 6, 1)
    )
    assert v.on_time is on_time


# The same rules over histories written as the spec's status changes (feedback.md §7).
STATUS_CASES = [
    (
        "answered on day 15, published 2 WD later",
        [
            ("RECEIVED_PENDING", START),
            ("IN_PROCESS", vn(2026, 3, 3)),
            ("AWAITING_PUBLICATION", vn(2026, 3, 23, 16)),
            ("PUBLISHED", vn(2026, 3, 25, 9)),
            ("ARCHIVED", vn(2026, 3, 30)),
        ],
        vn(2026, 4, 30),
        ("answered", True),
    ),
    (
        "rejected on day 3",
        [("RECEIVED_PENDING", START), ("REJECTED", vn(2026, 3, 5, 9))],
        vn(2026, 4, 30),
        ("rejected", False),
    ),
    (
        "supplemented (back to chờ tiếp nhận): clock from the supplement",
        [
            ("RECEIVED_PENDING", START),
            ("SUPPLEMENT_REQUESTED", vn(2026, 3, 3)),
            ("RECEIVED_PENDING", vn(2026, 3, 16, 10)),
            ("IN_PROCESS", vn(2026, 3, 17)),
            ("AWAITING_PUBLICATION", vn(2026, 4, 6, 9)),
            ("PUBLISHED", vn(2026, 4, 6, 10)),
        ],
        vn(2026, 4, 30),
        ("answered", True),
    ),
    (
        "processing restarted after the request: judged as in progress from the sending",
        [
            ("RECEIVED_PENDING", START),
            ("SUPPLEMENT_REQUESTED", vn(2026, 3, 3)),
            ("IN_PROCESS", vn(2026, 3, 10)),
        ],
        vn(2026, 3, 24, 9),
        ("in_progress", False),
    ),
    (
        "waiting for the supplement: judged by the first request",
        [
            ("RECEIVED_PENDING", START),
            ("IN_PROCESS", vn(2026, 3, 3)),
            ("SUPPLEMENT_REQUESTED", vn(2026, 3, 9, 16)),
        ],
        vn(2026, 4, 30),
        ("supplement", True),
    ),
    (
        "re-sent by the national portal (latest transfer)",
        [
            ("RECEIVED_PENDING", START),
            ("TRANSFERRED", vn(2026, 3, 4)),
            ("RECEIVED_PENDING", vn(2026, 3, 20, 9)),
            ("REJECTED", vn(2026, 3, 24, 9)),
        ],
        vn(2026, 4, 30),
        ("rejected", True),
    ),
    (
        "published late (3 WD)",
        [
            ("received_pending", START),
            ("awaiting_publication", vn(2026, 3, 10)),
            ("published", vn(2026, 3, 13, 9)),
        ],
        vn(2026, 4, 30),
        ("answered", False),
    ),
]


@pytest.mark.parametrize(
    "history,as_of,expected", [c[1:] for c in STATUS_CASES], ids=[c[0] for c in STATUS_CASES]
)
def test_status_histories(history, as_of, expected):
    v = ontime.judge_statuses(history, calendar=CAL, as_of=as_of)
    assert (v.outcome, v.on_time) == expected, v


def test_unknown_status_is_refused():
    with pytest.raises(ValueError):
        ontime.judge_statuses([("NEW", START)], calendar=CAL, as_of=START)
