"""Read side of the review: plans and totals, the evidence from motcua's own dossiers (real
processing time against the legal limit and the step budgets, supplement, refusal and late
rates), and the what-if of a proposed time limit replayed on last year's dossiers.

Dossiers are read only (their models and the clock of :mod:`motcua.dossiers.clock`); the
what-if replays each dossier's event log exactly like the services moved its due date.
"""

from __future__ import annotations

import copy
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from motcua.catalog.models import ProcedureCase, ProcessStep, TimeUnit
from motcua.core.calendar import VN_TZ, WorkCalendar
from motcua.directory.models import Agency
from motcua.directory.selectors import is_administrator, visible_agencies
from motcua.dossiers import clock
from motcua.dossiers.models import Dossier, DossierEvent, DossierResult
from motcua.dossiers.services import calendar_for
from motcua.dossiers.states import State
from motcua.review import cost as C
from motcua.review.models import ComplianceCost, HourlyIncome, ReviewItem, ReviewPlan, Scenario

# --- access ------------------------------------------------------------------------------


def visible_plans(user: AbstractBaseUser, on: date) -> QuerySet[ReviewPlan]:
    """Plans of the agencies the user may see (own agency; a supervisor's whole province)."""
    qs = ReviewPlan.objects.select_related("agency", "hourly_income")
    if is_administrator(user):
        return qs
    return qs.filter(agency__in=visible_agencies(user, on))


def can_see(user: AbstractBaseUser, plan: ReviewPlan, on: date) -> bool:
    return visible_plans(user, on).filter(pk=plan.pk).exists()


def current_hourly_income() -> HourlyIncome | None:
    """The most recent hourly-income setting (the latest data year)."""
    return HourlyIncome.objects.order_by("-year").first()


# --- plan totals -------------------------------------------------------------------------


@dataclass
class ScenarioFigures:
    result: C.CostResult
    days: Decimal | None  # time limit in (working) days


@dataclass
class ItemFigures:
    item: ReviewItem
    before: ScenarioFigures | None
    after: ScenarioFigures | None
    cost: C.Reduction | None
    time: C.Reduction | None
    cost_target: Decimal
    time_target: Decimal

    @property
    def cost_met(self) -> bool | None:
        return self.cost.meets(self.cost_target) if self.cost else None

    @property
    def time_met(self) -> bool | None:
        return self.time.meets(self.time_target) if self.time else None


def _scenario(c: ComplianceCost | None) -> ScenarioFigures | None:
    if c is None:
        return None
    rows = [C.Activity(r.label, r.hours, r.fee, r.service, r.other) for r in c.rows.all()]
    result = C.compute(rows, hourly=c.hourly_income, n_per_year=c.n_per_year, frequency=c.frequency)
    days = (
        C.limit_in_days(c.time_amount, c.time_unit)
        if c.time_amount is not None and c.time_unit
        else None
    )
    return ScenarioFigures(result, days)


def item_figures(item: ReviewItem, plan: ReviewPlan | None = None) -> ItemFigures:
    plan = plan or item.plan
    costs = {c.scenario: c for c in item.costs.all()}
    before, after = _scenario(costs.get(Scenario.BEFORE)), _scenario(costs.get(Scenario.AFTER))
    internal = item.version.is_internal
    return ItemFigures(
        item=item,
        before=before,
        after=after,
        cost=C.Reduction.of(before.result.per_year, after.result.per_year)
        if before and after
        else None,
        time=C.Reduction.of(before.days, after.days)
        if before and after and before.days is not None and after.days is not None
        else None,
        cost_target=plan.internal_cost_target if internal else plan.cost_target,
        time_target=plan.internal_time_target if internal else plan.time_target,
    )


@dataclass
class GroupTotals:
    label: str
    cost_target: Decimal
    time_target: Decimal
    cost: C.Aggregate
    time: C.Aggregate

    @property
    def cost_met(self) -> bool | None:
        return self.cost.total.meets(self.cost_target) if self.cost.count else None

    @property
    def time_met(self) -> bool | None:
        return self.time.total.meets(self.time_target) if self.time.count else None


@dataclass
class PlanSummary:
    plan: ReviewPlan
    rows: list[ItemFigures]
    groups: list[GroupTotals] = field(default_factory=list)


def plan_items(plan: ReviewPlan) -> QuerySet[ReviewItem]:
    return plan.items.select_related(
        "procedure", "version", "case", "decision", "new_version"
    ).prefetch_related(
        Prefetch("costs", queryset=ComplianceCost.objects.prefetch_related("rows")),
    )


def plan_summary(plan: ReviewPlan) -> PlanSummary:
    """Per procedure figures and the totals on sums per group (TTHC / TTHC nội bộ), against the
    plan's targets (30 % / 30 %, 20 % / 20 % for internal procedures by default)."""
    rows = [item_figures(i, plan) for i in plan_items(plan)]
    summary = PlanSummary(plan, rows)
    for internal, label, ct, tt in (
        (False, "Thủ tục hành chính", plan.cost_target, plan.time_target),
        (True, "Thủ tục hành chính nội bộ", plan.internal_cost_target, plan.internal_time_target),
    ):
        mine = [r for r in rows if r.item.version.is_internal == internal]
        if not mine:
            continue
        summary.groups.append(
            GroupTotals(
                label=label,
                cost_target=ct,
                time_target=tt,
                cost=C.aggregate((r.cost.before, r.cost.after) for r in mine if r.cost),
                time=C.aggregate((r.time.before, r.time.after) for r in mine if r.time),
            )
        )
    return summary


# --- evidence from motcua's dossiers -----------------------------------------------------


def _day_start(d: date) -> datetime:
    return datetime.combine(d, time(0), tzinfo=VN_TZ)


def procedure_dossiers(
    procedure_id: int, start: date, end: date, *, case_code: str | None = None
) -> QuerySet[Dossier]:
    """Dossiers of a procedure (any version) received (tiếp nhận) between two dates, inclusive,
    in Vietnam time; consultations (liên thông) of other dossiers are not counted."""
    qs = Dossier.objects.filter(
        version__procedure_id=procedure_id,
        parent__isnull=True,
        received_at__gte=_day_start(start),
        received_at__lt=_day_start(end + timedelta(days=1)),
    )
    if case_code:
        qs = qs.filter(case__code=case_code)
    return qs


def _working_days(cal: WorkCalendar, span: timedelta) -> Decimal:
    """Office time in working days: a full office day of the agency's calendar is one day (the
    clock sizes working-day budgets the same way)."""
    return Decimal(span.total_seconds()) / Decimal(cal.office_hours.day_length.total_seconds())


@dataclass
class Measured:
    """Figures measured from motcua's dossiers ("đo từ hệ thống") for one procedure."""

    start: date
    end: date
    submitted: int  # nộp (incl. refused at intake)
    received: int  # tiếp nhận
    decided: int
    approved: int
    denied: int
    refused: int  # từ chối tiếp nhận
    with_supplement: int
    late: int  # decided late, or still open past due
    avg_days: Decimal | None  # average processing time (working days, pauses excluded)
    limit_days: Decimal | None  # legal time limit of the reviewed case, in days

    @property
    def per_year(self) -> Decimal:
        """Dossiers per year: received in the period, scaled to 365 days."""
        days = (self.end - self.start).days + 1
        return (Decimal(self.received) * 365 / days).quantize(Decimal(1)) if days else Decimal(0)

    def rate(self, part: int, whole: int) -> Decimal | None:
        return C.percent(Decimal(part), Decimal(whole))

    @property
    def supplement_rate(self) -> Decimal | None:
        return self.rate(self.with_supplement, self.received)

    @property
    def refusal_rate(self) -> Decimal | None:
        return self.rate(self.refused, self.submitted)

    @property
    def denial_rate(self) -> Decimal | None:
        return self.rate(self.denied, self.decided)

    @property
    def late_rate(self) -> Decimal | None:
        return self.rate(self.late, self.received)


def measured(
    procedure_id: int,
    start: date,
    end: date,
    *,
    today: date,
    case: ProcedureCase | None = None,
) -> Measured:
    """Dossier counts and rates for a procedure over a period (received in the period)."""
    case_code = case.code if case else None
    qs = procedure_dossiers(procedure_id, start, end, case_code=case_code).select_related(
        "competent_agency__unit"
    )
    submitted = Dossier.objects.filter(
        version__procedure_id=procedure_id,
        parent__isnull=True,
        submitted_at__gte=_day_start(start),
        submitted_at__lt=_day_start(end + timedelta(days=1)),
    )
    if case_code:
        submitted = submitted.filter(case__code=case_code)
    n_sub = submitted.count()
    refused = submitted.filter(state=State.REFUSED).count()
    received = decided = approved = denied = supplement = late = 0
    total_days = Decimal(0)
    calendars: dict[int, WorkCalendar] = {}
    denied_q = DossierResult.objects.filter(dossier=OuterRef("pk"), approved=False)
    for d in qs.annotate(was_denied=Exists(denied_q)):
        received += 1
        supplement += d.supplement_count > 0
        if d.timeliness:
            decided += 1
            approved += not d.was_denied
            denied += d.was_denied
            late += d.timeliness == "late"
            cal = calendars.get(d.competent_agency_id) or calendar_for(d.competent_agency)
            calendars[d.competent_agency_id] = cal
            span = cal.working_time_between(d.received_at, d.decided_at) - timedelta(
                seconds=d.paused_seconds
            )
            total_days += _working_days(cal, max(span, timedelta(0)))
        elif d.state != State.STOPPED and clock.overdue_on(d.due_at, today):
            late += 1
    limit = C.limit_in_days(case.time_amount, case.time_unit) if case else None
    return Measured(
        start=start,
        end=end,
        submitted=n_sub,
        received=received,
        decided=decided,
        approved=approved,
        denied=denied,
        refused=refused,
        with_supplement=supplement,
        late=late,
        avg_days=(total_days / decided).quantize(Decimal("0.01")) if decided else None,
        limit_days=limit,
    )


# --- per step ----------------------------------------------------------------------------


def step_budget_hours(step: ProcessStep, day_hours: Decimal = C.HOURS_PER_WORKING_DAY):
    """The budget of an internal step in office hours, sized like the clock sizes a step's due
    time: a working day is one office day of ``day_hours``; a calendar-day budget is counted
    the same way here (an approximation, since office time is what is measured)."""
    if not step.counts_toward_limit:
        return None
    if step.unit in (TimeUnit.WORKING_DAYS, TimeUnit.CALENDAR_DAYS):
        return (step.amount * day_hours).quantize(Decimal("0.01"))
    if step.unit == TimeUnit.WORKING_HOURS:
        return step.amount
    return None


@dataclass
class StepFigures:
    """Real time spent in one internal step (bước xử lý) against its budget."""

    order: int
    name: str
    role: str
    budget_hours: Decimal | None
    passes: int = 0  # times a dossier went through the step (send-backs count again)
    dossiers: int = 0
    total_hours: Decimal = Decimal(0)  # office time in the step, pauses excluded
    over_budget: int = 0  # passes longer than the budget
    supplements: int = 0  # supplement requests made during the step
    denials: int = 0  # "không đủ điều kiện" decided during the step
    send_backs: int = 0  # times the step was sent back to the previous one

    @property
    def avg_hours(self) -> Decimal | None:
        return (self.total_hours / self.passes).quantize(Decimal("0.01")) if self.passes else None

    @property
    def over_rate(self) -> Decimal | None:
        return C.percent(Decimal(self.over_budget), Decimal(self.passes))


def _events_by_dossier(dossiers: QuerySet[Dossier]) -> dict[int, list[DossierEvent]]:
    out: dict[int, list[DossierEvent]] = defaultdict(list)
    for ev in (
        DossierEvent.objects.filter(dossier__in=dossiers)
        .order_by("dossier_id", "seq")
        .only("dossier_id", "seq", "at", "action", "step_id", "data")
    ):
        out[ev.dossier_id].append(ev)
    return out


def _paused_within(
    cal: WorkCalendar, pauses: list[tuple[datetime, datetime]], a: datetime, b: datetime
) -> timedelta:
    total = timedelta(0)
    for p0, p1 in pauses:
        lo, hi = max(a, p0), min(b, p1)
        if lo < hi:
            total += cal.working_time_between(lo, hi)
    return total


def step_analysis(
    procedure_id: int, start: date, end: date, *, case: ProcedureCase | None = None
) -> list[StepFigures]:
    """Real processing time per internal step from the dossiers' event logs, the costliest first
    (most office time in total), with each step's budget, over-budget passes, supplement
    requests, denials and send-backs made during it."""
    qs = procedure_dossiers(procedure_id, start, end, case_code=case.code if case else None)
    dossiers = list(qs.select_related("competent_agency__unit"))
    if not dossiers:
        return []
    events = _events_by_dossier(qs)
    step_ids = {ev.step_id for evs in events.values() for ev in evs if ev.step_id}
    steps = {s.pk: s for s in ProcessStep.objects.filter(pk__in=step_ids)}
    figures: dict[tuple[int, str], StepFigures] = {}
    day_hours = C.HOURS_PER_WORKING_DAY

    def fig(step: ProcessStep) -> StepFigures:
        key = (step.order, step.name)  # the same step across versions of the process
        if key not in figures:
            budget = step_budget_hours(step, day_hours)
            figures[key] = StepFigures(step.order, step.name, step.role, budget)
        return figures[key]

    calendars: dict[int, WorkCalendar] = {}
    for d in dossiers:
        cal = calendars.get(d.competent_agency_id) or calendar_for(d.competent_agency)
        calendars[d.competent_agency_id] = cal
        day_hours = Decimal(cal.office_hours.day_length.total_seconds()) / 3600
        evs = events.get(d.pk, [])
        pauses: list[tuple[datetime, datetime]] = []
        paused_since = None
        for ev in evs:
            s = ev.data.get("set", {})
            if s.get("paused_since"):
                paused_since = ev.at
            elif "paused_since" in s and paused_since is not None:
                pauses.append((paused_since, ev.at))
                paused_since = None
        if paused_since is not None:
            pauses.append((paused_since, datetime.max.replace(tzinfo=VN_TZ)))
        seen: set[tuple[int, str]] = set()
        current: ProcessStep | None = None
        entered: datetime | None = None
        for ev in evs:
            s = ev.data.get("set", {})
            if current is not None:
                f = fig(current)
                if ev.action == "request_supplement":
                    f.supplements += 1
                if ev.action in ("deny", "supplement_expired") and s.get("timeliness"):
                    f.denials += 1
                if ev.action == "send_back":
                    f.send_backs += 1
            if "current_step_id" not in s:
                continue
            new_id = s["current_step_id"]
            if current is not None and entered is not None:
                f = fig(current)
                span = cal.working_time_between(entered, ev.at) - _paused_within(
                    cal, pauses, entered, ev.at
                )
                hours = Decimal(max(span, timedelta(0)).total_seconds()) / 3600
                f.passes += 1
                f.total_hours += hours
                if f.budget_hours is not None and hours > f.budget_hours:
                    f.over_budget += 1
                key = (current.order, current.name)
                if key not in seen:
                    f.dossiers += 1
                    seen.add(key)
            current = steps.get(new_id) if new_id else None
            entered = ev.at if current is not None else None
    for f in figures.values():
        f.total_hours = f.total_hours.quantize(Decimal("0.01"))
    return sorted(figures.values(), key=lambda f: (-f.total_hours, f.order))


# --- what-if -----------------------------------------------------------------------------

#: Actions that pause the processing clock, and how each resume counts the pause (as the
#: services do: a supplement is never counted; a financial-obligation or suspension period only
#: when the case lists it among its excluded phases; a stop while paused is counted).
PAUSE_ACTIONS = {"request_supplement", "request_payment", "suspend"}


def _resume_excluded(action: str, case: ProcedureCase) -> bool:
    if action in ("receive_supplement", "supplement_expired"):
        return True
    if action == "payment_done":
        return "fin_obligation" in (case.excluded_phases or [])
    if action == "resume":
        return "suspension" in (case.excluded_phases or [])
    return False


@dataclass
class WhatIfRow:
    dossier_id: int
    code: str
    received_at: datetime
    ended_at: datetime | None
    actual_due: datetime | None
    actual: str  # early / on_time / late / open / open_late / stopped
    proposed_due: datetime | None
    proposed: str


@dataclass
class WhatIf:
    amount: Decimal
    unit: str
    start: date
    end: date
    rows: list[WhatIfRow]

    @property
    def total(self) -> int:
        return len(self.rows)

    def _count(self, attr: str, values: tuple[str, ...]) -> int:
        return sum(getattr(r, attr) in values for r in self.rows)

    @property
    def late_actual(self) -> int:
        return self._count("actual", ("late", "open_late"))

    @property
    def late_proposed(self) -> int:
        return self._count("proposed", ("late", "open_late"))

    @property
    def late_rows(self) -> list[WhatIfRow]:
        return [r for r in self.rows if r.proposed in ("late", "open_late")]

    @property
    def newly_late(self) -> list[WhatIfRow]:
        return [r for r in self.late_rows if r.actual not in ("late", "open_late")]

    @property
    def late_rate(self) -> Decimal | None:
        """Late share of the dossiers that have a result or are already late (stopped ones and
        open ones still within the proposed limit are not counted)."""
        counted = self.total - self._count("proposed", ("stopped", "open"))
        return C.percent(Decimal(self.late_proposed), Decimal(counted))


def _status(ended: datetime | None, due: datetime | None, stopped: bool, today: date) -> str:
    if ended is not None:
        return clock.classify(ended, due)
    if stopped:
        return "stopped"
    return "open_late" if clock.overdue_on(due, today) else "open"


def replay_due(
    d: Dossier,
    events: list[DossierEvent],
    case: ProcedureCase,
    cal: WorkCalendar,
) -> tuple[datetime | None, datetime | None, bool]:
    """Replay a dossier's log with ``case``'s time limit, moving the due date exactly as the
    services do (``accept``; pauses; ``_resume``: extend by the office time lost when the pause
    does not count, recompute from the receipt of the supplement in mode ``reset``). Returns the
    due instant, the instant of the decision (None when none) and whether it was stopped."""
    online = d.channel == "online"
    due: datetime | None = None
    paused_since: datetime | None = None
    ended: datetime | None = None
    stopped = False
    for ev in events:
        s = ev.data.get("set", {})
        if ev.action == "accept":
            start = d.submitted_at if d.channel == "postal" else max(d.submitted_at, ev.at)
            due = clock.legal_due(case, cal, start, online=online)
        if ev.action in PAUSE_ACTIONS and s.get("paused_since"):
            paused_since = ev.at
        elif "paused_since" in s and s["paused_since"] is None and paused_since is not None:
            if due is not None:
                lost = cal.working_time_between(paused_since, ev.at)
                reset = ev.action == "receive_supplement" and case.supplement_clock == "reset"
                if reset:
                    due = clock.legal_due(case, cal, ev.at, online=online)
                elif _resume_excluded(ev.action, case):
                    due = clock.extend_by(cal, due, lost)
            paused_since = None
        if s.get("timeliness") and ended is None:
            ended = ev.at
        if s.get("state") == State.STOPPED and ended is None:
            stopped = True
    return due, ended, stopped


def what_if(
    procedure_id: int,
    *,
    amount: Decimal,
    unit: str,
    start: date,
    end: date,
    today: date,
    case_code: str | None = None,
    online_amount: Decimal | None = None,
) -> WhatIf:
    """Apply a proposed time limit to the dossiers of a procedure received between ``start`` and
    ``end`` and say which would have been late: each due date is recomputed on the agency's
    working calendar from the dossier's own events (clock rules of the case it was received
    under: cut-off, supplement pause or reset, excluded phases), then the result date is
    classified like the dossier clock does (by date in Vietnam time)."""
    qs = procedure_dossiers(procedure_id, start, end, case_code=case_code)
    dossiers = list(
        qs.select_related("case", "competent_agency__unit").order_by("received_at", "id")
    )
    events = _events_by_dossier(qs)
    calendars: dict[int, WorkCalendar] = {}
    rows = []
    for d in dossiers:
        cal = calendars.get(d.competent_agency_id) or calendar_for(d.competent_agency)
        calendars[d.competent_agency_id] = cal
        proposed_case = copy.copy(d.case)
        proposed_case.time_amount, proposed_case.time_unit = Decimal(amount), unit
        proposed_case.no_due_date = False
        proposed_case.online_time_amount = online_amount
        proposed_case.online_time_unit = unit if online_amount is not None else ""
        evs = events.get(d.pk, [])
        due, ended, stopped = replay_due(d, evs, proposed_case, cal)
        actual = d.timeliness or _status(None, d.due_at, d.state == State.STOPPED, today)
        rows.append(
            WhatIfRow(
                dossier_id=d.pk,
                code=d.code or d.submission_ref,
                received_at=d.received_at,
                ended_at=ended,
                actual_due=d.due_at,
                actual=actual,
                proposed_due=due,
                proposed=_status(ended, due, stopped, today),
            )
        )
    return WhatIf(Decimal(amount), unit, start, end, rows)


def agencies_for_plans(user: AbstractBaseUser, on: date) -> QuerySet[Agency]:
    """Agencies a user may make a review plan for (what they may see)."""
    return visible_agencies(user, on).filter(is_active=True).select_related("unit")


@dataclass
class Candidate:
    """A procedure the plan's agency handles, with last year's dossier counts, to choose what to
    review first (many dossiers, late ones, supplement requests)."""

    procedure_id: int
    code: str
    name: str
    internal: bool
    dossiers: int
    late: int
    with_supplement: int
    in_plan: bool

    @property
    def late_rate(self) -> Decimal | None:
        return C.percent(Decimal(self.late), Decimal(self.dossiers))

    @property
    def supplement_rate(self) -> Decimal | None:
        return C.percent(Decimal(self.with_supplement), Decimal(self.dossiers))


def candidates(plan: ReviewPlan, start: date, end: date, *, limit: int = 50) -> list[Candidate]:
    """Procedures in force that the plan's agency (by its type) handles, with the counts of
    its dossiers received between ``start`` and ``end``: the busiest and latest first."""
    from django.db.models import Count, Q

    from motcua.catalog.selectors import procedures_in_force

    stats = {
        row["version__procedure"]: row
        for row in Dossier.objects.filter(
            competent_agency=plan.agency,
            parent__isnull=True,
            received_at__gte=_day_start(start),
            received_at__lt=_day_start(end + timedelta(days=1)),
        )
        .values("version__procedure")
        .annotate(
            n=Count("id"),
            late=Count("id", filter=Q(timeliness="late")),
            supp=Count("id", filter=Q(supplement_count__gt=0)),
        )
    }
    in_plan = set(plan.items.values_list("procedure_id", flat=True))
    procedures = (
        procedures_in_force(end)
        .filter(agency_types=plan.agency.agency_type_id)
        .distinct()
        .only("id", "code", "name", "is_internal")
    )
    out = [
        Candidate(
            p.pk,
            p.code,
            p.name,
            p.is_internal,
            stats.get(p.pk, {}).get("n", 0),
            stats.get(p.pk, {}).get("late", 0),
            stats.get(p.pk, {}).get("supp", 0),
            p.pk in in_plan,
        )
        for p in procedures
    ]
    out.sort(key=lambda c: (c.in_plan, -c.dossiers, -c.late, c.code))
    return out[:limit]
