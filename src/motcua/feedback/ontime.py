"""On-time judging of a petition's history (đúng hạn / quá hạn), pure functions.

The national portal (Cổng DVCQG) judges each agency's handling of a PAKN by the step that
ends it (spec feedback.md §6.2, QĐ 766 indicator 5.2):

============================  ==========================================================
step that ends the handling   on time if
============================  ==========================================================
từ chối tiếp nhận (rejected)  rejection ≤ start + 2 working days
yêu cầu bổ sung               first supplement request ≤ start + 5 WD (only when nothing
                              was processed after the request: the sender has not
                              supplemented yet)
chuyển cơ quan khác           transfer ≤ start + 5 WD (ND 20/2008 Điều 9; the portal table
                              has no row: the legal limit is used)
xử lý (chờ công khai /        reached ≤ start + 15 WD **and** the publication step
đã công khai)                 (chờ công khai → đã công khai) ≤ 2 WD, an unfinished one
                              measured at the cut-off (period end or today)
still in progress             cut-off ≤ start + 15 WD
============================  ==========================================================

*start* is the latest sending to this agency: the citizen's sending, the transfer from the
national portal or from another agency, or the sender's supplement (the portal puts a
supplemented PAKN back in "Chờ tiếp nhận"). "≤ start + N WD" is the project's working-day
method (``WorkCalendar.due``: a sending outside office hours counts from the next session;
day 1 is the next working day; the deadline is the N-th working day) compared at date
granularity in Vietnam time, like dossiers (``dossiers.clock.classify``).

Only the steps after the latest sending count (an earlier refusal or transfer is history).
Processing that starts after a supplement request (without a new sending) takes the petition
out of the supplement rule: it is judged as in progress, then answered, from the same start.

A petition transferred between agencies of motcua has one :class:`Segment` per agency; each
agency is judged only on its own segment. :func:`judge` reads motcua's event actions;
:func:`judge_statuses` reads a history of the spec's status changes (RECEIVED_PENDING,
REJECTED, SUPPLEMENT_REQUESTED, IN_PROCESS, TRANSFERRED, AWAITING_PUBLICATION, PUBLISHED,
ARCHIVED) with the instant each was entered.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from motcua.core.calendar import VN_TZ, Unit, WorkCalendar
from motcua.feedback.states import Action

START_ACTIONS = frozenset({Action.RECEIVED, Action.IMPORTED, Action.SUPPLEMENTED})


@dataclass(frozen=True)
class Rules:
    """Deadlines in working days; ``DVCQG`` is the national judging rule."""

    reject_days: int = 2
    supplement_days: int = 5
    transfer_days: int = 5
    handle_days: int = 15
    publish_days: int = 2
    basis: str = "Quy chế Cổng DVCQG; QĐ 766/QĐ-TTg chỉ số 5.2; NĐ 20/2008 Điều 9"


DVCQG = Rules()


@dataclass(frozen=True)
class Step:
    """One event of the history: ``action`` at ``at`` by the agency holding the petition.

    A transfer to another agency of motcua names it in ``to_agency_id``; the destination's
    segment starts at that instant.
    """

    action: str
    at: datetime
    agency_id: int | None = None
    to_agency_id: int | None = None


@dataclass(frozen=True)
class Segment:
    """One agency's holding of a petition: from its first sending to the transfer out."""

    agency_id: int | None
    steps: tuple[Step, ...]

    @property
    def received_at(self) -> datetime:
        return self.steps[0].at


@dataclass(frozen=True)
class Verdict:
    """How an agency handled a petition at the cut-off ``as_of``."""

    handled: bool  # in the portal's "Đã xử lý" list (for this agency)
    outcome: (
        str  # "rejected" | "supplement" | "transferred" | "answered" | "in_progress" | "pending"
    )
    on_time: bool
    start: datetime  # the clock start that applies
    due: datetime  # the deadline of the deciding step
    handled_at: datetime | None = None
    published_at: datetime | None = None
    publish_due: datetime | None = None
    reasons: list[str] = field(default_factory=list)


def _vn_date(t: datetime) -> date:
    return t.astimezone(VN_TZ).date()


def due_after(calendar: WorkCalendar, start: datetime, days: int) -> datetime:
    """Deadline ``days`` working days after ``start`` (closing time of that day)."""
    return calendar.due(start, days, Unit.WORKING_DAYS).due


def within(end: datetime, due: datetime) -> bool:
    """On time at date granularity in Vietnam time."""
    return _vn_date(end) <= _vn_date(due)


def segments(steps: Iterable[Step]) -> list[Segment]:
    """Split a history into one segment per agency holding (split at transfers in motcua)."""
    ordered = sorted(steps, key=lambda s: s.at)
    out: list[Segment] = []
    current: list[Step] = []
    agency: int | None = ordered[0].agency_id if ordered else None
    for step in ordered:
        current.append(step)
        if step.action == Action.TRANSFERRED and step.to_agency_id is not None:
            out.append(Segment(agency, tuple(current)))
            agency = step.to_agency_id
            # the destination's clock starts with the transfer
            current = [Step(Action.IMPORTED, step.at, agency)]
    if current:
        out.append(Segment(agency, tuple(current)))
    return out


def judge(steps: Sequence[Step], *, calendar: WorkCalendar, as_of: datetime, rules: Rules = DVCQG):
    """The verdict of one agency's segment at ``as_of`` (steps after it are ignored).

    Returns ``None`` when the segment had not started by ``as_of``.
    """
    seen = [s for s in sorted(steps, key=lambda s: s.at) if s.at <= as_of]
    if not seen:
        return None
    # the clock runs from the latest sending: what happened before it is history
    last_start = max((i for i, st in enumerate(seen) if st.action in START_ACTIONS), default=0)
    seen = seen[last_start:]
    start = seen[0].at
    first_request: datetime | None = None
    answered: datetime | None = None
    accepted = False
    for step in seen:
        action = step.action
        if action in START_ACTIONS:
            start, first_request, accepted = step.at, None, False
        elif action == Action.ACCEPTED:
            # processing (re)started: a pending supplement request no longer decides
            accepted, first_request = True, None
        elif action == Action.SUPPLEMENT_REQUESTED:
            if first_request is None:
                first_request = step.at
        elif action == Action.REJECTED:
            due = due_after(calendar, start, rules.reject_days)
            return Verdict(True, "rejected", within(step.at, due), start, due, step.at)
        elif action == Action.TRANSFERRED:
            due = due_after(calendar, start, rules.transfer_days)
            return Verdict(True, "transferred", within(step.at, due), start, due, step.at)
        elif action in (Action.ANSWERED, Action.PUBLISHED):
            answered = step.at  # reached "chờ công khai" (or published directly)
            break
    if answered is not None:
        due = due_after(calendar, start, rules.handle_days)
        published = next(
            (s.at for s in seen if s.action == Action.PUBLISHED and s.at >= answered), None
        )
        publish_due = due_after(calendar, answered, rules.publish_days)
        reasons = []
        handled_ok = within(answered, due)
        if not handled_ok:
            reasons.append("xử lý quá hạn")
        publish_ok = within(published or as_of, publish_due)
        if not publish_ok:
            reasons.append("công khai quá hạn" if published else "chưa công khai, đã quá hạn")
        return Verdict(
            True,
            "answered",
            handled_ok and publish_ok,
            start,
            due,
            answered,
            published,
            publish_due,
            reasons,
        )
    if first_request is not None:
        due = due_after(calendar, start, rules.supplement_days)
        return Verdict(True, "supplement", within(first_request, due), start, due, first_request)
    due = due_after(calendar, start, rules.handle_days)
    return Verdict(False, "in_progress" if accepted else "pending", within(as_of, due), start, due)


#: The spec's status names (feedback.md §7) and motcua's, as accepted by :func:`judge_statuses`.
STATUS_ALIASES = {
    "received_pending": "pending",
    "pending": "pending",
    "cho_tiep_nhan": "pending",
    "rejected": "rejected",
    "supplement_requested": "supplement_requested",
    "in_process": "in_process",
    "transferred": "transferred",
    "awaiting_publication": "awaiting_publication",
    "published": "published",
    "archived": "archived",
}


def steps_from_statuses(history: Sequence[tuple[str, datetime]]) -> list[Step]:
    """Turn a list of ``(status, entered_at)`` — the spec's internal states RECEIVED_PENDING,
    REJECTED, SUPPLEMENT_REQUESTED, IN_PROCESS, TRANSFERRED, AWAITING_PUBLICATION, PUBLISHED,
    ARCHIVED — into the steps :func:`judge` reads.

    Entering "chờ tiếp nhận" is a (new) sending: the first one is the citizen's, one after a
    supplement request is the supplement, any other one a transfer to this agency; each
    restarts the clock. ARCHIVED changes nothing.
    """
    out: list[Step] = []
    previous: str | None = None
    for raw, at in sorted(history, key=lambda h: h[1]):
        key = raw.strip().lower().replace(" ", "_").replace("-", "_")
        status = STATUS_ALIASES.get(key)
        if status is None:
            raise ValueError(f"unknown status {raw!r}; one of {', '.join(STATUS_ALIASES)}")
        if status == "pending":
            if previous is None:
                action = Action.RECEIVED
            elif previous == "supplement_requested":
                action = Action.SUPPLEMENTED
            else:
                action = Action.IMPORTED
        elif status == "archived":
            previous = status
            continue
        else:
            action = {
                "rejected": Action.REJECTED,
                "supplement_requested": Action.SUPPLEMENT_REQUESTED,
                "in_process": Action.ACCEPTED,
                "transferred": Action.TRANSFERRED,
                "awaiting_publication": Action.ANSWERED,
                "published": Action.PUBLISHED,
            }[status]
        out.append(Step(action, at))
        previous = status
    return out


def judge_statuses(
    history: Sequence[tuple[str, datetime]],
    *,
    calendar: WorkCalendar,
    as_of: datetime,
    rules: Rules = DVCQG,
) -> Verdict | None:
    """:func:`judge` over a history of status changes of one agency (see
    :func:`steps_from_statuses`)."""
    return judge(steps_from_statuses(history), calendar=calendar, as_of=as_of, rules=rules)


def satisfied(verdict: Verdict, *, likes: int, dislikes: int, followed_up: bool) -> bool:
    """QĐ 766 indicator 5.3: not satisfied when dislikes outnumber likes, the result drew a
    further phản ánh, or the handling was late."""
    return not (dislikes > likes or followed_up or not verdict.on_time)
