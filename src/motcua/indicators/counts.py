"""Period counts per (agency, procedure, channel): from the rollups or from scratch.

Both paths return the same :class:`Counts`; the 766 scorecard and Biểu 06 are computed from
it, so "from rollups" and "from scratch" differ only in how the counts are obtained:

* rollups — one grouped query over :class:`DailyRollup` (period sums, and balances at the
  period's edges as prefix sums of the start/end counters);
* scratch — the facts of every dossier in scope read afresh from the dossier tables, each
  classified directly against the period.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, fields
from datetime import date, timedelta

from motcua.dossiers.models import Dossier
from motcua.indicators.facts import Fact, build_facts
from motcua.indicators.models import DailyRollup, MonthlyRollup

#: counters summed over the period's days
PERIOD = (
    "received",
    "rcv_full",
    "rcv_partial",
    "rcv_boundary_free",
    "online_ok",
    "eres_den",
    "eres_num",
    "digitised",
    "reused",
    "personal_store",
    "fee_den",
    "paid_online",
    "paid",
    "fin_early",
    "fin_on_time",
    "fin_late",
    "fin_late_apology",
    "fin_stopped",
    "fin_ok766",
    "refused",
)
FINISHED = ("fin_early", "fin_on_time", "fin_late", "fin_stopped")

Key = tuple[int, int, str]  # agency_id, procedure_id, channel


@dataclass
class Row:
    received: int = 0
    rcv_full: int = 0
    rcv_partial: int = 0
    rcv_boundary_free: int = 0
    online_ok: int = 0
    eres_den: int = 0
    eres_num: int = 0
    digitised: int = 0
    reused: int = 0
    personal_store: int = 0
    fee_den: int = 0
    paid_online: int = 0
    paid: int = 0
    fin_early: int = 0
    fin_on_time: int = 0
    fin_late: int = 0
    fin_late_apology: int = 0
    fin_stopped: int = 0
    fin_ok766: int = 0
    refused: int = 0
    carried: int = 0  # open at the end of the day before the period (từ kỳ trước)
    open_end: int = 0  # open at the end of the period's last day
    open_late: int = 0  # of which past their due date
    open_late_apology: int = 0
    open_late766: int = 0  # of which not "trong hạn" under QĐ 766 rule 2.1

    def add(self, other: Row) -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    def is_zero(self) -> bool:
        return not any(getattr(self, f.name) for f in fields(self))


ROW_FIELDS = tuple(f.name for f in fields(Row))
Counts = dict[Key, Row]


def total(counts: Counts, pred=None) -> Row:
    out = Row()
    for key, row in counts.items():
        if pred is None or pred(key):
            out.add(row)
    return out


def _month_end(d: date) -> date:
    nxt = date(d.year + (d.month == 12), 1 if d.month == 12 else d.month + 1, 1)
    return nxt - timedelta(days=1)


_SUM_NAMES = (*PERIOD, "lo_start", "lo_end", "loa_start", "loa_end", "l766_start", "l766_end")


def _sums(model, agency_ids: list[int], conditions: str, params: list, start: date):
    """Per cell key: the counters summed over rows before ``start`` and over the others.

    Hand-written SQL (one GROUP BY, no per-column filters): the ORM spent more time compiling
    fifty filtered sums than the database spent running them."""
    from django.db import connection

    if not agency_ids:
        return {}
    table = connection.ops.quote_name(model._meta.db_table)
    adapt = connection.ops.adapt_datefield_value
    sums = ", ".join(f"SUM({connection.ops.quote_name(n)})" for n in _SUM_NAMES)
    marks = ", ".join(["%s"] * len(agency_ids))
    sql = (
        f"SELECT agency_id, procedure_id, channel, CASE WHEN day < %s THEN 0 ELSE 1 END, {sums} "
        f"FROM {table} WHERE agency_id IN ({marks}) AND ({conditions}) "
        "GROUP BY 1, 2, 3, 4"
    )
    args = [adapt(start), *agency_ids, *[adapt(p) for p in params]]
    out: dict[Key, tuple[dict, dict]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, args)
        for agency_id, procedure_id, channel, bucket, *values in cursor.fetchall():
            key = (agency_id, procedure_id, channel)
            pair = out.setdefault(key, ({n: 0 for n in _SUM_NAMES}, {n: 0 for n in _SUM_NAMES}))
            target = pair[bucket]
            for n, v in zip(_SUM_NAMES, values, strict=True):
                target[n] += int(v or 0)
    return out


def from_rollups(agency_ids: Collection[int], start: date, end: date) -> Counts:
    """Counts from the rollups: months wholly inside the period and wholly before it from the
    monthly table, the remaining days from the daily table (two grouped queries)."""
    ids = list(agency_ids)
    first_month = start.replace(day=1)
    full_from = start if start.day == 1 else _month_end(start) + timedelta(days=1)
    full_to = end if _month_end(end) == end else end.replace(day=1) - timedelta(days=1)
    has_full = full_from <= full_to
    # monthly rows: months before the period's first month, and months wholly inside it
    m_cond, m_params = "day < %s", [first_month]
    if has_full:
        m_cond += " OR (day >= %s AND day <= %s)"
        m_params += [full_from, full_to.replace(day=1)]
    # daily rows: the days of the first month before the period, and the period's days
    # outside its whole months
    d_cond = "(day >= %s AND day < %s) OR (day >= %s AND day <= %s"
    d_params = [first_month, start, start, end]
    if has_full:
        d_cond += " AND NOT (day >= %s AND day <= %s)"
        d_params += [full_from, full_to]
    d_cond += ")"
    parts = [
        _sums(MonthlyRollup, ids, m_cond, m_params, start),
        _sums(DailyRollup, ids, d_cond, d_params, start),
    ]
    out: Counts = {}
    for key in set(parts[0]) | set(parts[1]):
        b: dict[str, int] = {}
        p: dict[str, int] = {}
        for part in parts:
            if key in part:
                for n, v in part[key][0].items():
                    b[n] = b.get(n, 0) + v
                for n, v in part[key][1].items():
                    p[n] = p.get(n, 0) + v
        row = Row(**{name: p[name] for name in PERIOD})
        fin_b = sum(b[n] for n in FINISHED)
        fin_p = sum(p[n] for n in FINISHED)
        row.carried = b["received"] - fin_b
        row.open_end = b["received"] + p["received"] - fin_b - fin_p
        row.open_late = sum(x["lo_start"] - x["lo_end"] for x in (b, p))
        row.open_late_apology = sum(x["loa_start"] - x["loa_end"] for x in (b, p))
        row.open_late766 = sum(x["l766_start"] - x["l766_end"] for x in (b, p))
        if not row.is_zero():
            out[key] = row
    return out


def classify_fact(f: Fact, start: date, end: date) -> Row:
    """What one dossier contributes to the counts of the period [start, end]."""
    row = Row()
    if f.received_on is None:
        if f.refused_on is not None and start <= f.refused_on <= end:
            row.refused = 1
        return row
    r, fin = f.received_on, f.finish_on
    if start <= r <= end:
        row.received = 1
        if f.channel == "online":
            row.rcv_full = int(f.online_level == "full")
            row.rcv_partial = int(f.online_level == "partial")
            row.online_ok = int(not f.paper_required or f.e_result)
        row.rcv_boundary_free = int(f.boundary_free)
        row.eres_den = int(f.paper_required)
        row.eres_num = int(f.paper_required and f.e_result)
        for name in ("digitised", "reused", "personal_store", "paid_online", "paid"):
            setattr(row, name, int(getattr(f, name)))
        row.fee_den = int(f.has_fee)
    if r < start and (fin is None or fin >= start):
        row.carried = 1
    if fin is not None and start <= fin <= end:
        if f.finish_kind == "stopped":
            row.fin_stopped = 1
        else:
            setattr(row, f"fin_{f.timeliness}", 1)
            row.fin_late_apology = int(f.timeliness == "late" and f.apologised)
        row.fin_ok766 = int(f.ok766)
    if r <= end and (fin is None or fin > end):
        row.open_end = 1
        late = f.due_on is not None and f.due_on < end
        row.open_late = int(late)
        row.open_late_apology = int(late and f.apologised)
        if f.supplement_count >= 2:
            late766 = True
        elif f.supplement_count == 1:
            late766 = f.due_on is not None and f.first_supplement_on > f.due_on
        else:
            late766 = late
        row.open_late766 = int(late766)
    return row


def scope_dossier_ids(agency_ids: Collection[int], end: date) -> list[int]:
    from datetime import datetime, time

    from motcua.core.calendar import VN_TZ

    limit = datetime.combine(end + timedelta(days=1), time(0), tzinfo=VN_TZ)
    return list(
        Dossier.objects.filter(
            competent_agency_id__in=list(agency_ids), parent__isnull=True, submitted_at__lt=limit
        ).values_list("pk", flat=True)
    )


def from_scratch(agency_ids: Collection[int], start: date, end: date) -> Counts:
    """Counts recomputed from the dossier tables, dossier by dossier."""
    out: Counts = {}
    for f in build_facts(scope_dossier_ids(agency_ids, end)).values():
        if f is None:
            continue
        row = classify_fact(f, start, end)
        if row.is_zero():
            continue
        key = (f.agency_id, f.procedure_id, f.channel)
        out.setdefault(key, Row()).add(row)
    return out
