"""Live views for the dashboards: dossiers at risk and late now, the bottleneck per internal
step, and small server-drawn SVG charts (no script, no CDN)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, Q

from motcua.catalog.models import ProcessStep, TimeUnit
from motcua.core.calendar import VN_TZ
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.states import CLOCK_PAUSED, CLOCK_RUNNING


@dataclass(frozen=True)
class RiskRow:
    label: str
    late: int
    at_risk: int
    open: int


def at_risk(agency_ids: list[int], now: datetime) -> tuple[list[RiskRow], list[RiskRow]]:
    """Open dossiers now, by agency and by procedure: overdue (due date before today) and at
    risk (due within 24 hours, "sắp hết hạn")."""
    today = now.astimezone(VN_TZ).date()
    start_today = datetime.combine(today, datetime.min.time(), tzinfo=VN_TZ)
    qs = Dossier.objects.filter(
        competent_agency_id__in=agency_ids,
        parent__isnull=True,
        state__in=list(CLOCK_RUNNING | CLOCK_PAUSED),
    )
    late = Q(due_at__lt=start_today)
    risk = Q(due_at__gte=start_today, due_at__lte=now + timedelta(hours=24))
    agg = {"late": Count("pk", filter=late), "risk": Count("pk", filter=risk), "n": Count("pk")}
    by_agency = [
        RiskRow(r["competent_agency__name"], r["late"], r["risk"], r["n"])
        for r in qs.values("competent_agency__name").annotate(**agg).order_by("-late", "-risk")
    ]
    by_procedure = [
        RiskRow(
            f"{r['version__procedure__code']} — {r['version__name']}", r["late"], r["risk"], r["n"]
        )
        for r in qs.values("version__procedure__code", "version__name")
        .annotate(**agg)
        .order_by("-late", "-risk")[:15]
    ]
    return by_agency, by_procedure


@dataclass(frozen=True)
class StepRow:
    procedure: str
    step: str
    budget: str
    passes: int
    avg_hours: float
    late: int

    @property
    def late_share(self) -> float:
        return self.late / self.passes if self.passes else 0.0


UNIT_LABEL = {
    TimeUnit.WORKING_DAYS: "ngày làm việc",
    TimeUnit.WORKING_HOURS: "giờ làm việc",
    TimeUnit.CALENDAR_DAYS: "ngày",
}


def bottlenecks(agency_ids: list[int], start: date, end: date, limit: int = 20) -> list[StepRow]:
    """Time spent per internal step (from entering it to the next hand-off) against its budget
    and its own due time, for the steps entered in the period; worst late share first."""
    lo = datetime.combine(start, datetime.min.time(), tzinfo=VN_TZ)
    hi = datetime.combine(end + timedelta(days=1), datetime.min.time(), tzinfo=VN_TZ)
    events = (
        DossierEvent.objects.filter(
            dossier__competent_agency_id__in=agency_ids,
            dossier__parent__isnull=True,
            at__gte=lo,
            at__lt=hi + timedelta(days=60),
        )
        .order_by("dossier_id", "seq")
        .values_list("dossier_id", "at", "step_id", "step_due_at")[:50000]
    )
    acc: dict[int, list] = defaultdict(lambda: [0, 0.0, 0])
    current = None  # (dossier, step, entered_at, due)
    for dossier_id, at, step_id, due in events:
        if current and (current[0] != dossier_id or current[1] != step_id):
            d, s, entered, sdue = current
            if d == dossier_id and entered < hi:
                row = acc[s]
                row[0] += 1
                row[1] += (at - entered).total_seconds() / 3600
                row[2] += int(sdue is not None and at > sdue)
            current = None
        if step_id and (current is None) and at >= lo:
            current = (dossier_id, step_id, at, due)
    steps = {
        s.pk: s
        for s in ProcessStep.objects.filter(pk__in=list(acc)).select_related(
            "process__case__version"
        )
    }
    rows = []
    for sid, (n, hours, late) in acc.items():
        s = steps[sid]
        rows.append(
            StepRow(
                procedure=s.process.case.version.name,
                step=f"{s.order}. {s.name}",
                budget=f"{s.amount.normalize():f} {UNIT_LABEL.get(s.unit, s.unit)}",
                passes=n,
                avg_hours=hours / n,
                late=late,
            )
        )
    rows.sort(key=lambda r: (-r.late_share, -r.avg_hours))
    return rows[:limit]


# --- SVG charts ------------------------------------------------------------------------------


def bars(items: list[tuple[str, float | None, float]], width: int = 320) -> dict:
    """Horizontal bars: (label, value, max) → coordinates for the template."""
    rows = []
    for i, (label, value, maximum) in enumerate(items):
        share = 0.0 if not value or not maximum else max(0.0, min(1.0, value / maximum))
        rows.append(
            {
                "label": label,
                "y": i * 28,
                "w": f"{share * (width - 110):.1f}",  # a string: no decimal comma in SVG
                "value": value,
                "max": maximum,
                "pct": round(share * 100),
            }
        )
    return {"rows": rows, "height": len(items) * 28, "width": width}


def sparkline(values: list[float | None], target: float | None, w: int = 160, h: int = 40) -> dict:
    """A line of monthly values in [0, 1] with the target line."""
    pts = []
    n = max(len(values) - 1, 1)
    for i, v in enumerate(values):
        if v is None:
            continue
        pts.append(f"{round(i * w / n, 1)},{round(h - v * h, 1)}")
    ty = None if target is None else f"{h - target * h:.1f}"
    return {"points": " ".join(pts), "w": w, "h": h, "target_y": ty}


@dataclass(frozen=True)
class DurationRow:
    procedure: str
    finished: int
    avg_days: float


def average_duration(agency_ids: list[int], start: date, end: date, limit: int = 15):
    """QĐ 766 2.2 Thời gian giải quyết trung bình per TTHC: dossiers with a result whose start
    (reception) is in the period, the end possibly later; no points (shown for monitoring).
    Expressed in calendar days (the catalog's own unit per TTHC is shown on its page)."""
    from django.db.models import Avg

    from motcua.catalog.models import Procedure
    from motcua.indicators.models import DossierFact

    rows = (
        DossierFact.objects.filter(
            agency_id__in=agency_ids,
            received_on__gte=start,
            received_on__lte=end,
            finish_kind="decided",
        )
        .values("procedure_id")
        .annotate(n=Count("pk"), hours=Avg("processing_hours"))
        .order_by("-hours")[:limit]
    )
    names = dict(
        Procedure.objects.filter(pk__in=[r["procedure_id"] for r in rows]).values_list("pk", "name")
    )
    return [DurationRow(names.get(r["procedure_id"], "?"), r["n"], r["hours"] / 24) for r in rows]
