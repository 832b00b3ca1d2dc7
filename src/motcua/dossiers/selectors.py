"""Read side of dossiers: who sees which dossier, workqueues, the receipt book."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Q, QuerySet

from motcua.core.selectors import work_calendar
from motcua.directory.models import Agency, Role
from motcua.directory.selectors import grants, is_administrator, unit_subtree
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import CLOCK_PAUSED, CLOCK_RUNNING, DECIDED, State

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
) -> QuerySet[Dossier]:
    """One workqueue of ``user``; ordered by id descending for keyset pagination.

    "apology" lists open dossiers that will be due within ``MOTCUA_APOLOGY_LEAD_WORKING_DAYS``
    working days (default 1: "chậm nhất 01 ngày trước ngày hết hạn") and have no promise
    beyond that yet.
    """
    on = now.date()
    my = grants(user, on)
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
