"""Read side of plans: who sees which plan, progress at every level, due lists, figures."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Count, F, Q, QuerySet

from motcua.directory.models import Agency
from motcua.directory.selectors import unit_subtree, visible_agencies
from motcua.plans.models import (
    Inspection,
    InspectionPlan,
    OccurrenceStatus,
    Plan,
    PlanTask,
    TaskOccurrence,
)
from motcua.plans.services import due_soon_days


def editable_plans(user: AbstractBaseUser, on: date) -> QuerySet[Plan]:
    """Plans the user may report on and change: issued by an agency in their scope (a
    supervisor: every agency of the province)."""
    return Plan.objects.filter(agency__in=visible_agencies(user, on))


def can_edit(user: AbstractBaseUser, plan: Plan, on: date) -> bool:
    return visible_agencies(user, on).filter(pk=plan.agency_id).exists()


def visible_plans(user: AbstractBaseUser, on: date) -> QuerySet[Plan]:
    """Plans an officer may read (and name as the upper plan): those they may change, and the
    plans issued in the province or commune where they work — plans are published documents
    and a department implements the province's plan."""
    from motcua.directory.selectors import grants

    agencies = Agency.objects.filter(pk__in={g.agency_id for g in grants(user, on)})
    units = set(agencies.values_list("unit_id", flat=True)) | set(
        agencies.exclude(unit__parent=None).values_list("unit__parent_id", flat=True)
    )
    return Plan.objects.filter(
        Q(agency__in=visible_agencies(user, on)) | Q(unit_id__in=units)
    ).distinct()


def can_see(user: AbstractBaseUser, plan: Plan, on: date) -> bool:
    return visible_plans(user, on).filter(pk=plan.pk).exists()


@dataclass
class Progress:
    """Occurrence counts; ``percent`` = done / (due by today or already done)."""

    total: int = 0
    done: int = 0
    done_late: int = 0
    overdue: int = 0
    due_soon: int = 0
    upcoming: int = 0
    no_due: int = 0
    due_so_far: int = 0

    @property
    def percent(self) -> int | None:
        return round(100 * self.done / self.due_so_far) if self.due_so_far else None

    def add(self, other: Progress) -> Progress:
        for k in self.__dataclass_fields__:
            setattr(self, k, getattr(self, k) + getattr(other, k))
        return self


def _counts(today: date) -> dict:
    soon = today + timedelta(days=due_soon_days())
    done = Q(status=OccurrenceStatus.DONE)
    return {
        "total": Count("id"),
        "done": Count("id", filter=done),
        "done_late": Count("id", filter=done & Q(done_on__gt=F("due_on"))),
        "overdue": Count("id", filter=~done & Q(due_on__lt=today)),
        "due_soon": Count("id", filter=~done & Q(due_on__gte=today, due_on__lte=soon)),
        "upcoming": Count("id", filter=~done & Q(due_on__gt=soon)),
        "no_due": Count("id", filter=~done & Q(due_on__isnull=True)),
        "due_so_far": Count("id", filter=done | Q(due_on__lte=today)),
    }


def progress_by(qs: QuerySet[TaskOccurrence], field: str, today: date) -> dict[int, Progress]:
    """Progress per value of ``field`` (e.g. ``task__plan_id``) in one query."""
    rows = qs.values(field).annotate(**_counts(today)).order_by()
    return {r[field]: Progress(**{k: r[k] for k in Progress.__dataclass_fields__}) for r in rows}


def plan_progress(plan: Plan, today: date) -> Progress:
    return progress_by(TaskOccurrence.objects.filter(task__plan=plan), "task__plan_id", today).get(
        plan.pk, Progress()
    )


@dataclass
class Node:
    plan: Plan
    own: Progress
    tree: Progress
    children: list[Node] = field(default_factory=list)


def plan_tree(plans: QuerySet[Plan], today: date) -> list[Node]:
    """The nesting of ``plans`` (upper plan → implementing plans) with progress at every level:
    ``own`` for the plan's tasks, ``tree`` summed over it and every plan below it."""
    items = list(plans.select_related("agency", "unit", "parent"))
    ids = {p.pk for p in items}
    own = progress_by(TaskOccurrence.objects.filter(task__plan_id__in=ids), "task__plan_id", today)
    nodes = {p.pk: Node(p, own.get(p.pk, Progress()), Progress()) for p in items}
    roots: list[Node] = []
    for p in items:
        parent = nodes.get(p.parent_id) if p.parent_id else None
        (parent.children if parent else roots).append(nodes[p.pk])

    def fill(n: Node, seen: frozenset[int]) -> Progress:
        n.tree = Progress().add(n.own)
        for c in n.children:
            if c.plan.pk not in seen:
                n.tree.add(fill(c, seen | {c.plan.pk}))
        return n.tree

    for r in roots:
        fill(r, frozenset({r.plan.pk}))
    return roots


def section_progress(plan: Plan, today: date) -> dict[int | None, Progress]:
    return progress_by(TaskOccurrence.objects.filter(task__plan=plan), "task__section_id", today)


def task_progress(plan: Plan, today: date) -> dict[int, Progress]:
    return progress_by(TaskOccurrence.objects.filter(task__plan=plan), "task_id", today)


def due_list(
    plans: QuerySet[Plan], today: date, *, which: str, lead: str = ""
) -> QuerySet[TaskOccurrence]:
    """Overdue (``which="overdue"``) or due-soon occurrences of ``plans``, optionally for one
    lead unit (text match on the task's chủ trì)."""
    qs = TaskOccurrence.objects.filter(task__plan__in=plans).exclude(status=OccurrenceStatus.DONE)
    if which == "overdue":
        qs = qs.filter(due_on__lt=today)
    else:
        qs = qs.filter(due_on__gte=today, due_on__lte=today + timedelta(days=due_soon_days()))
    if lead:
        qs = qs.filter(task__lead__icontains=lead)
    return qs.select_related("task__plan__agency", "task__section").order_by("due_on", "id")


def tasks_of(plan: Plan) -> QuerySet[PlanTask]:
    return plan.tasks.select_related("section", "depends_on").prefetch_related("occurrences")


# --- inspections ------------------------------------------------------------------------------


def inspectable_agencies(ip: InspectionPlan) -> QuerySet[Agency]:
    """The units an inspection plan may cover: active agencies under the inspecting unit."""
    return (
        Agency.objects.filter(unit_subtree(ip.unit), is_active=True)
        .exclude(pk=ip.agency_id)
        .select_related("unit", "agency_type")
    )


@dataclass(frozen=True)
class Coverage:
    """Units planned for inspection against the target share (overall and by level)."""

    planned: int
    total: int
    target_share: float
    needed: int
    levels: tuple = ()  # (label, planned, total, needed) per level: cấp tỉnh, cấp xã

    @property
    def share(self) -> float:
        return 100 * self.planned / self.total if self.total else 0.0

    @property
    def short(self) -> bool:
        return self.planned < self.needed


def coverage(ip: InspectionPlan) -> Coverage:
    import math

    from motcua.directory.models import AgencyLevel

    share = float(ip.target_share)
    totals = dict(
        inspectable_agencies(ip)
        .values_list("agency_type__level")
        .annotate(n=Count("id"))
        .order_by()
    )
    planned = dict(
        ip.inspections.values_list("agency__agency_type__level").annotate(n=Count("id")).order_by()
    )
    levels = tuple(
        (
            label,
            planned.get(level, 0),
            totals[level],
            math.ceil(totals[level] * share / 100),
        )
        for level, label in AgencyLevel.choices
        if totals.get(level)
    )
    total = sum(totals.values())
    return Coverage(sum(planned.values()), total, share, math.ceil(total * share / 100), levels)


def inspections_of(ip: InspectionPlan) -> QuerySet[Inspection]:
    return ip.inspections.select_related("agency").prefetch_related("checks", "findings")


def unit_figures(agency: Agency, *, start: date, end: date, now: datetime) -> dict:
    """Figures of an inspected unit from motcua itself: dossiers, on-time, online, digitised,
    catalog publication. Digitisation, satisfaction, feedback and e-result ratios come from the
    indicators package (the definitions of supervision, QĐ 766)."""
    from motcua.dossiers.models import Dossier, Timeliness
    from motcua.plans.targets import actual

    span = Q(received_at__date__gte=start, received_at__date__lte=end)
    base = Dossier.objects.filter(span, competent_agency=agency)
    counts = base.aggregate(
        received=Count("id"),
        decided=Count("id", filter=Q(timeliness__in=[Timeliness.EARLY, Timeliness.ON_TIME])),
        late=Count("id", filter=Q(timeliness=Timeliness.LATE)),
        online=Count("id", filter=Q(channel="online")),
    )
    finished = counts["decided"] + counts["late"]
    out: dict = {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "received": counts["received"],
        "finished": finished,
        "on_time_count": counts["decided"],
        "late": counts["late"],
        "online_count": counts["online"],
        "on_time": round(counts["decided"] / finished, 4) if finished else None,
        "online": round(counts["online"] / counts["received"], 4) if counts["received"] else None,
        "source": "motcua (hồ sơ)",
    }
    for key in ("digitised", "satisfied", "feedback_on_time", "e_result"):
        a = actual(key, kind="agency", scope_id=agency.pk, start=start, end=end, now=now)
        out[key] = a.value
    from motcua.catalog.models import PublicationDecision

    province = agency.unit.parent or agency.unit
    decisions = PublicationDecision.objects.filter(
        Q(issuer__unit=province) | Q(issuer__unit__parent=province)
    ).aggregate(
        total=Count("id"),
        published=Count("id", filter=Q(is_published=True)),
        national=Count("id", filter=Q(made_public_at__isnull=False)),
    )
    out["publication_decisions"] = decisions["total"]
    out["publication_published"] = decisions["published"]
    out["publication_national"] = decisions["national"]
    return out


def plan_targets(plan: Plan, today: date, now: datetime) -> list[dict]:
    """Targets of the plan with the measured value for the plan's unit over the plan's year
    (up to today); ``actual.value`` is None ("chưa có dữ liệu") until indicators answer."""
    from motcua.plans.models import OwnerKind
    from motcua.plans.targets import actual, measure_labels

    labels = measure_labels()
    kind = plan.owner_kind
    scope_id = plan.agency_id if kind == OwnerKind.AGENCY else plan.unit_id
    start, end = date(plan.year, 1, 1), min(date(plan.year, 12, 31), today)
    out = []
    for t in plan.targets.all():
        a = actual(t.measure_key, kind=kind, scope_id=scope_id, start=start, end=end, now=now)
        reached = None if a.value is None else a.value * 100 >= float(t.value)
        out.append(
            {"target": t, "label": labels.get(t.measure_key, ""), "actual": a, "reached": reached}
        )
    return out
