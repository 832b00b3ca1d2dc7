"""Biểu số 06/VPCP/KSTT — tình hình, kết quả giải quyết TTHC (TT 01/2020/TT-VPCP).

Rows: by level of the executing agency (cấp tỉnh — sở, ban, ngành; cấp xã) and by field
(lĩnh vực) of the procedure. Columns (spec reports.md §1–§3):

(3) = (4) + (5) + (6); (4) received online in the period; (5) at the counter or by post;
(6) carried over (received before the period and not finished before it); (7) = (8)+(9)+(10)
finished with a result (status 9) early / on the due date / after it; (11) = (12) + (13) open at
the period's end within / past the due date. Withdrawn and stopped dossiers (status 7) are not
folded into "đúng hạn": they have their own column, so that (3) = (7) + (11) + (rút/dừng) holds
and is checked. Extra columns: online full / partial, post, boundary-free, late with and without
an apology letter, refused at reception, paid (total / online).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date, datetime, timedelta
from typing import Literal

from motcua.catalog.models import Procedure
from motcua.directory.models import Agency, AgencyLevel
from motcua.indicators import counts as C
from motcua.indicators.selectors import Scope, period_counts, scope_name

LEVEL_LABEL = {
    AgencyLevel.PROVINCE: "Cấp tỉnh (sở, ban, ngành)",
    AgencyLevel.COMMUNE: "Cấp xã",
}


@dataclass
class Bieu06Row:
    label: str = ""
    code: str = ""  # sector code, or "" for subtotals
    c4: int = 0
    c5: int = 0
    c6: int = 0
    c8: int = 0
    c9: int = 0
    c10: int = 0
    c12: int = 0
    c13: int = 0
    withdrawn: int = 0  # rút / dừng giải quyết (status 7)
    online_full: int = 0
    online_partial: int = 0
    postal: int = 0
    boundary_free: int = 0
    late_apology: int = 0  # (10) with an apology letter
    open_late_apology: int = 0  # (13) with an apology letter
    refused: int = 0
    paid: int = 0
    paid_online: int = 0
    procedure_ids: list[int] = field(default_factory=list, repr=False, compare=False)

    @property
    def c3(self) -> int:
        return self.c4 + self.c5 + self.c6

    @property
    def c7(self) -> int:
        return self.c8 + self.c9 + self.c10

    @property
    def c11(self) -> int:
        return self.c12 + self.c13

    @property
    def late_no_apology(self) -> int:
        return self.c10 - self.late_apology

    @property
    def open_late_no_apology(self) -> int:
        return self.c13 - self.open_late_apology

    @property
    def balanced(self) -> bool:
        return self.c3 == self.c7 + self.c11 + self.withdrawn

    def add(self, other: Bieu06Row) -> None:
        for f in fields(self):
            if f.name in ("label", "code", "procedure_ids"):
                continue
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    def cells(self) -> dict[str, int]:
        """Every column by name (for the API, exports and tests)."""
        out = {f"c{i}": getattr(self, f"c{i}") for i in range(3, 14)}
        for f in fields(self):
            if f.name not in ("label", "code", "procedure_ids") and not f.name.startswith("c"):
                out[f.name] = getattr(self, f.name)
        out["late_no_apology"] = self.late_no_apology
        out["open_late_no_apology"] = self.open_late_no_apology
        return out


@dataclass
class Section:
    level: str
    label: str
    rows: list[Bieu06Row]
    subtotal: Bieu06Row


@dataclass
class Bieu06:
    scope: Scope
    scope_name: str
    start: date
    end: date
    source: str
    sections: list[Section]
    total: Bieu06Row
    period_label: str = ""
    #: closing balance of the day before ``start`` (open dossiers), for the carry-over check
    previous_closing: int | None = None

    @property
    def carry_over_ok(self) -> bool | None:
        if self.previous_closing is None:
            return None
        return self.previous_closing == self.total.c6

    @property
    def balanced(self) -> bool:
        return self.total.balanced and all(r.balanced for s in self.sections for r in s.rows)


def _row_from(r: C.Row, channel: str) -> Bieu06Row:
    online = channel == "online"
    return Bieu06Row(
        c4=r.received if online else 0,
        c5=0 if online else r.received,
        c6=r.carried,
        c8=r.fin_early,
        c9=r.fin_on_time,
        c10=r.fin_late,
        c12=r.open_end - r.open_late,
        c13=r.open_late,
        withdrawn=r.fin_stopped,
        online_full=r.rcv_full,
        online_partial=r.rcv_partial,
        postal=r.received if channel == "postal" else 0,
        boundary_free=r.rcv_boundary_free,
        late_apology=r.fin_late_apology,
        open_late_apology=r.open_late_apology,
        refused=r.refused,
        paid=r.paid,
        paid_online=r.paid_online,
    )


def bieu06(
    *,
    scope: Scope,
    start: date,
    end: date,
    now: datetime,
    source: Literal["rollup", "scratch"] = "rollup",
    period_label: str = "",
    check_carry_over: bool = True,
) -> Bieu06:
    """Biểu 06 of ``scope`` over [start, end] (both inclusive)."""
    cts = period_counts(scope, start, end, source)
    agencies = {
        a.pk: a.agency_type.level
        for a in Agency.objects.filter(pk__in={k[0] for k in cts}).select_related("agency_type")
    }
    procs = {
        p.pk: p
        for p in Procedure.objects.filter(pk__in={k[1] for k in cts}).select_related("sector")
    }
    by_level: dict[str, dict[str, Bieu06Row]] = {}
    for (agency_id, procedure_id, channel), r in cts.items():
        level = agencies.get(agency_id, AgencyLevel.PROVINCE)
        p = procs[procedure_id]
        row = by_level.setdefault(level, {}).setdefault(
            p.sector.code, Bieu06Row(label=p.sector.name, code=p.sector.code)
        )
        row.add(_row_from(r, channel))
        if procedure_id not in row.procedure_ids:
            row.procedure_ids.append(procedure_id)
    sections = []
    total = Bieu06Row(label="Tổng cộng")
    for level in (AgencyLevel.PROVINCE, AgencyLevel.COMMUNE):
        rows = sorted(by_level.get(level, {}).values(), key=lambda r: r.label)
        if not rows:
            continue
        sub = Bieu06Row(label=LEVEL_LABEL[level])
        for r in rows:
            sub.add(r)
        total.add(sub)
        sections.append(Section(level, LEVEL_LABEL[level], rows, sub))
    previous = None
    if check_carry_over:
        day = start - timedelta(days=1)
        prev = C.total(period_counts(scope, day, day, source))
        previous = prev.open_end
    return Bieu06(
        scope=scope,
        scope_name=scope_name(scope),
        start=start,
        end=end,
        source=source,
        sections=sections,
        total=total,
        period_label=period_label,
        previous_closing=previous,
    )
