"""Read side of dossiers: who sees which dossier, workqueues, the receipt book."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Q, QuerySet
from django.utils import timezone

from motcua.catalog.models import InternalProcess, ProcessStatus, ProcessStep
from motcua.core.selectors import work_calendar
from motcua.directory.models import Agency, Role
from motcua.directory.selectors import Grant, grants, is_administrator, unit_subtree
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import CLOCK_PAUSED, CLOCK_RUNNING, DECIDED, TRANSITIONS, State

LIST_RELATED = (
    "version__procedure",
    "case",
    "receiving_agency",
    "competent_agency",
    "holder_agency",
    "assignee",
    "current_step",
)


def visible_dossiers(user: AbstractBaseUser, on: date, my: list | None = None) -> QuerySet[Dossier]:
    """Dossiers ``user`` may see (phạm vi dữ liệu).

    Staff see the dossiers their agencies receive, decide or currently hold (a consultation
    is seen by the consulted agency); supervisors see every dossier of their unit's agencies;
    administrators see all.
    """
    if not user.is_authenticated:
        return Dossier.objects.none()
    if is_administrator(user):
        return Dossier.objects.all()
    my = grants(user, on) if my is None else my
    own = {g.agency_id for g in my}
    q = Q(receiving_agency__in=own) | Q(competent_agency__in=own) | Q(holder_agency__in=own)
    for agency in Agency.objects.filter(
        pk__in={g.agency_id for g in my if g.role == Role.SUPERVISOR}
    ).select_related("unit"):
        scope = Agency.objects.filter(unit_subtree(agency.unit)).values("pk")
        q |= Q(receiving_agency__in=scope) | Q(competent_agency__in=scope)
    return Dossier.objects.filter(q)


QUEUES = {
    "mine": "Hồ sơ của tôi",
    "department": "Hồ sơ của phòng / cơ quan",
    "reception": "Chờ tiếp nhận",
    "to_forward": "Chờ chuyển xử lý",
    "to_return": "Chờ trả kết quả",
    "due_soon": "Sắp đến hạn (24 giờ)",
    "overdue": "Quá hạn",
    "paused": "Tạm dừng (bổ sung, nghĩa vụ tài chính, tạm dừng)",
    "apology": "Cần xin lỗi, hẹn lại",
    "all": "Tất cả hồ sơ",
}


def workqueue(
    user: AbstractBaseUser,
    queue: str,
    *,
    now: datetime,
    my: list[Grant] | None = None,
) -> QuerySet[Dossier]:
    """One workqueue of ``user``; ordered by id descending for keyset pagination.

    "apology" lists open dossiers that will be due within ``MOTCUA_APOLOGY_LEAD_WORKING_DAYS``
    working days (default 1: "chậm nhất 01 ngày trước ngày hết hạn") and have no promise
    beyond that yet. Pass ``my`` (the user's grants today) when counting several queues.
    """
    on = timezone.localdate(now)
    my = grants(user, on) if my is None else my
    base = visible_dossiers(user, on, my).filter(
        Q(parent__isnull=True) | Q(holder_agency__in={g.agency_id for g in my})
    )
    roles_at = {(g.agency_id, g.role) for g in my}
    working = list(CLOCK_RUNNING | CLOCK_PAUSED)
    if queue == "mine":
        role_q = Q(pk__in=[])
        for agency_id, role in roles_at:
            role_q |= Q(holder_agency_id=agency_id, holder_role=role, assignee__isnull=True)
        qs = base.filter(Q(assignee=user) | role_q).exclude(
            state__in=[State.RETURNED, State.ARCHIVED, State.REFUSED, State.STOPPED]
        )
    elif queue == "department":
        qs = base.filter(holder_agency__in={a for a, _r in roles_at}).exclude(
            state__in=[State.RETURNED, State.ARCHIVED, State.REFUSED, State.STOPPED]
        )
    elif queue == "reception":
        qs = base.filter(state__in=[State.SUBMITTED, State.RECEPTION_GUIDANCE])
    elif queue == "to_forward":
        qs = base.filter(state=State.RECEIVED)
    elif queue == "to_return":
        qs = base.filter(state=State.READY_FOR_RETURN)
    elif queue == "due_soon":
        qs = base.filter(state__in=working, due_at__gte=now, due_at__lt=now + timedelta(hours=24))
    elif queue == "overdue":
        qs = base.filter(state__in=working, due_at__lt=now)
    elif queue == "paused":
        qs = base.filter(state__in=list(CLOCK_PAUSED))
    elif queue == "apology":
        calendar = work_calendar()
        lead = getattr(settings, "MOTCUA_APOLOGY_LEAD_WORKING_DAYS", 1)
        limit = calendar.add_office_time(now, calendar.office_hours.day_length * lead)
        qs = base.filter(state__in=working, due_at__lte=limit, decided_at__isnull=True).filter(
            Q(promised_due_at__isnull=True) | Q(promised_due_at__lte=limit)
        )
    elif queue == "all":
        qs = base
    else:
        raise KeyError(queue)
    return qs.select_related(*LIST_RELATED).order_by("-id")


def receipt_book(agency: Agency, year: int) -> QuerySet[Dossier]:
    """Sổ theo dõi hồ sơ (form 06 [07]) of a receiving agency for a year, by entry number."""
    return (
        Dossier.objects.filter(receiving_agency=agency, book_year=year, book_entry__isnull=False)
        .select_related("version__procedure", "competent_agency")
        .prefetch_related("events")
        .order_by("book_entry")
    )


def is_decided(d: Dossier) -> bool:
    return d.state in DECIDED


# --- internal process and what a person may do now ---------------------------------------


def process_for(d: Dossier) -> InternalProcess | None:
    """The approved internal process of the dossier's case at its competent agency.

    An agency's own process first, else the province-wide one.
    """
    agency = d.competent_agency
    qs = InternalProcess.objects.filter(case=d.case, status=ProcessStatus.APPROVED)
    return (
        qs.filter(agency=agency).first()
        or qs.filter(agency__isnull=True, province__code=agency.unit.province_code).first()
    )


def processing_steps(d: Dossier) -> list[ProcessStep]:
    """Steps after reception and before the return at the desk (the competent agency's part)."""
    process = process_for(d)
    out = list(process.steps.all()) if process else []
    while out and out[0].role == Role.RECEIVING_OFFICER:
        out.pop(0)
    while out and out[-1].role == Role.RECEIVING_OFFICER:
        out.pop()
    return out


def acting_agencies(d: Dossier, side: str) -> set[int]:
    """Agencies whose staff act on ``d`` for a transition of ``side``.

    "receiving": the centre that received it (desk work, return, stop); "competent": the
    agency that decides (for a consultation, the consulted agency); "either": both.
    """
    if side == "receiving":
        return {d.receiving_agency_id}
    if side == "competent":
        return {d.competent_agency_id}
    return {d.receiving_agency_id, d.competent_agency_id}


@dataclass
class StepContext:
    """Where the dossier stands in its internal process."""

    steps: list
    current: ProcessStep | None
    next_step: ProcessStep | None
    previous: ProcessStep | None


def step_context(d: Dossier) -> StepContext:
    if d.parent_id is not None or d.state not in (State.IN_PROCESS, State.INTER_AGENCY):
        return StepContext([], None, None, None)
    steps = processing_steps(d)
    ids = [s.pk for s in steps]
    if d.current_step_id not in ids:
        return StepContext(steps, None, None, None)
    i = ids.index(d.current_step_id)
    return StepContext(
        steps,
        steps[i],
        steps[i + 1] if i + 1 < len(steps) else None,
        steps[i - 1] if i > 0 else None,
    )


def acting_role(my: list[Grant], d: Dossier, action: str) -> str | None:
    """The role under which this person may take ``action`` (first match), or None."""
    t = TRANSITIONS[action]
    agencies = acting_agencies(d, t.side)
    for g in my:
        if g.role in t.roles and g.agency_id in agencies:
            return g.role
    return None


def holds_step(d: Dossier, user: AbstractBaseUser, role: str) -> bool:
    """Only the holder of the current step (its role, or the assignee) moves it on; heads and
    leaders may move a step assigned to someone, leaders any step."""
    if (
        d.assignee_id
        and d.assignee_id != user.pk
        and role
        not in (
            Role.DEPARTMENT_HEAD,
            Role.AGENCY_LEADER,
        )
    ):
        return False
    if not d.assignee_id and d.holder_role and role not in (d.holder_role, Role.AGENCY_LEADER):
        return False
    return True


def supplement_deadline_passed(d: Dossier, now: datetime) -> bool:
    """No deadline was set, or the last supplement request's deadline has passed."""
    asked = d.events.filter(action="request_supplement").order_by("-seq").first()
    raw = (asked.data or {}).get("deadline") if asked else None
    return raw is None or datetime.fromisoformat(raw) <= now


def allowed_actions(
    user: AbstractBaseUser,
    d: Dossier,
    *,
    now: datetime | None = None,
    my: list[Grant] | None = None,
    sc: StepContext | None = None,
) -> list[str]:
    """Actions this person may take on ``d`` now, in table order (the services' own rules)."""
    now = now or timezone.now()
    my = grants(user, timezone.localdate(now)) if my is None else my
    if d.parent_id is not None:  # a consultation: the consulted agency gives its answer
        t = TRANSITIONS["consult_done"]
        if (
            d.parent.state in t.sources
            and d.state not in DECIDED
            and d.state != State.STOPPED
            and acting_role(my, d, "consult_done")
        ):
            return ["consult_done"]
        return []
    sc = step_context(d) if sc is None else sc
    out = []
    for action, t in TRANSITIONS.items():
        if action == "consult_done" or d.state not in t.sources:
            continue  # the answer is given on the consultation itself
        role = acting_role(my, d, action)
        if role is None:
            continue
        if action in ("hand_over", "send_back") and not holds_step(d, user, role):
            continue
        if action == "hand_over" and sc.next_step is None:
            continue
        if action == "send_back" and (
            sc.previous is None or not getattr(sc.current, "send_back_allowed", False)
        ):
            continue
        if action == "assign" and not d.holder_role:
            continue
        if action == "supplement_expired" and not supplement_deadline_passed(d, now):
            continue
        out.append(action)
    return out
