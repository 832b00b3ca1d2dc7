"""Read side of the catalog: search, the version in force on a date, expected result dates."""

from __future__ import annotations

from datetime import date, datetime

from django.db.models import (
    Case,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Length

from motcua.catalog.models import (
    ChangeType,
    Component,
    Procedure,
    ProcedureCase,
    ProcedureVersion,
    TimeUnit,
    VersionStatus,
)
from motcua.core.calendar import DueResult, WorkCalendar
from motcua.core.text import fold


def in_force_q(on: date, prefix: str = "") -> Q:
    """Filter for published versions in force on ``on`` (hiệu lực)."""
    return Q(
        **{
            f"{prefix}status": VersionStatus.PUBLISHED,
            f"{prefix}effective_from__lte": on,
        }
    ) & (Q(**{f"{prefix}effective_to__isnull": True}) | Q(**{f"{prefix}effective_to__gt": on}))


def version_in_force(procedure: Procedure, on: date) -> ProcedureVersion | None:
    """The version of ``procedure`` in force on ``on``; None if none, or if it was abolished."""
    version = (
        procedure.versions.filter(in_force_q(on)).order_by("-effective_from", "-number").first()
    )
    if version is None or version.change_type == ChangeType.ABOLISHED:
        return None
    return version


def accepts_dossiers(procedure: Procedure, on: date) -> bool:
    """An abolished (bãi bỏ) or not-yet-effective procedure accepts no new dossier."""
    return version_in_force(procedure, on) is not None


def procedures_in_force(on: date) -> QuerySet[Procedure]:
    """Procedures with a published, non-abolished version in force on ``on``."""
    live = ProcedureVersion.objects.filter(in_force_q(on), procedure=OuterRef("pk")).exclude(
        change_type=ChangeType.ABOLISHED
    )
    return Procedure.objects.filter(Exists(live))


def search_procedures(
    query: str = "",
    *,
    on: date,
    sector: str | None = None,
    level: str | None = None,
    online_level: str | None = None,
    agency_type: str | None = None,
    include_internal: bool = False,
) -> QuerySet[Procedure]:
    """Search the catalog, with or without diacritics and in any case.

    The query is folded like the stored ``name_folded`` column (same on SQLite and PostgreSQL,
    where a trigram index serves the LIKE). Every word must appear; ranking puts an exact name
    first, then names starting with the query, then names containing it as a phrase, then the
    rest; shorter names first within a rank. A query that looks like a code matches codes.
    """
    qs = procedures_in_force(on).select_related("sector")
    if not include_internal:
        qs = qs.filter(is_internal=False)
    if sector:
        qs = qs.filter(sector__code=sector)
    if level:
        qs = qs.filter(level=level)
    if online_level:
        qs = qs.filter(online_level=online_level)
    if agency_type:
        qs = qs.filter(agency_types__code=agency_type).distinct()
    folded = fold(query)
    if not folded:
        return qs.order_by("name_folded", "code")
    words = folded.split(" ")
    match = Q()
    for word in words:
        match &= Q(name_folded__contains=word)
    code_match = Q(code__startswith=query.strip())
    qs = qs.filter(match | code_match).annotate(
        rank=Case(
            When(code=query.strip(), then=Value(0)),
            When(name_folded=folded, then=Value(1)),
            When(name_folded__startswith=folded, then=Value(2)),
            When(name_folded__contains=folded, then=Value(3)),
            When(match, then=Value(4)),
            default=Value(5),
            output_field=IntegerField(),
        ),
        name_length=Length("name_folded"),
    )
    return qs.order_by("rank", "name_length", "name_folded", "code")


def version_detail(version_id: int) -> ProcedureVersion:
    """A version with everything its detail page shows, in a fixed number of queries."""
    return (
        ProcedureVersion.objects.select_related("procedure", "sector", "decision")
        .prefetch_related(
            "agencies__agency_type",
            "agencies__agency",
            Prefetch(
                "cases",
                queryset=ProcedureCase.objects.prefetch_related("fees", "processes__steps"),
            ),
            Prefetch("components", queryset=Component.objects.prefetch_related("cases")),
        )
        .get(pk=version_id)
    )


def expected_due(
    case: ProcedureCase, calendar: WorkCalendar, now: datetime, *, online: bool = False
) -> DueResult | None:
    """Expected result date (ngày hẹn trả dự kiến) if a complete dossier is received at ``now``."""
    if case.no_due_date:
        return None
    amount, unit = case.time_amount, case.time_unit
    if online and case.online_time_amount is not None:
        amount, unit = case.online_time_amount, case.online_time_unit or unit
    if unit == TimeUnit.MONTHS:
        return None  # no counting rule is fixed for months (calendar.md §8); shown as text
    return calendar.due(
        now,
        amount,
        unit,
        cutoff=case.cutoff_time,
        cutoff_reading=case.cutoff_reading,
        calendar_days_skip_holidays=case.calendar_days_skip_holidays,
    )
