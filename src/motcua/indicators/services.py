"""Maintaining the rollups from the dossier event log (bảng tổng hợp cập nhật liên tục).

:func:`catch_up` reads the events appended since its watermark, recomputes the facts of the
dossiers they touch, and applies the difference (new contributions − old ones) to the daily
rollup, all in one transaction under a lock on the cursor row, so two consumers never apply
the same change twice. Ids that were skipped (a transaction that took an id earlier but had not
committed when a later one did — PostgreSQL sequences commit out of order) are kept as gaps and
read again on every run until they appear or until ``GAP_TTL`` has passed (a rolled-back
transaction leaves a permanent gap).
"""

from __future__ import annotations

import logging
from collections import Counter
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.db.models import F, Q

from motcua.dossiers.models import DossierEvent
from motcua.indicators.facts import FACT_FIELDS, Cell, Fact, build_facts, contributions
from motcua.indicators.models import (
    COUNTERS,
    DailyRollup,
    DirtyDossier,
    DossierFact,
    MonthlyRollup,
    RollupCursor,
)

log = logging.getLogger(__name__)

CURSOR = "dossier-events"
GAP_TTL = timedelta(hours=2)
BATCH = 5000


def _cursor(*, skip_locked: bool) -> RollupCursor | None:
    RollupCursor.objects.get_or_create(name=CURSOR)
    qs = RollupCursor.objects
    if not connection.features.has_select_for_update:
        # SQLite: take the database write lock now, so that two processes never both read
        # the same watermark (a no-op update makes the transaction a writer).
        qs.filter(name=CURSOR).update(applied=F("applied"))
        return qs.get(name=CURSOR)
    if connection.features.has_select_for_update_skip_locked and skip_locked:
        return qs.select_for_update(skip_locked=True).filter(name=CURSOR).first()
    return qs.select_for_update().get(name=CURSOR)


def _gap_query(gaps: list[list]) -> Q:
    q = Q()
    for lo, hi, _seen in gaps:
        q |= Q(pk__gte=lo, pk__lte=hi)
    return q


def _new_gaps(gaps: list[list], seen: set[int], old_high: int, new_high: int, now: datetime):
    """Gap ranges after a run: old ranges minus what was seen, plus holes above ``old_high``."""
    out: list[list] = []
    ttl_limit = now - GAP_TTL

    def add_range(lo: int, hi: int, first_seen: str) -> None:
        cur = lo
        for i in sorted(x for x in seen if lo <= x <= hi):
            if i > cur:
                out.append([cur, i - 1, first_seen])
            cur = i + 1
        if cur <= hi:
            out.append([cur, hi, first_seen])

    for lo, hi, first_seen in gaps:
        if datetime.fromisoformat(first_seen) < ttl_limit:
            continue  # a rolled-back transaction: the ids will never appear
        add_range(lo, hi, first_seen)
    if new_high > old_high + 1:
        add_range(old_high + 1, new_high - 1, now.isoformat())
    return out[-500:]  # keep the list bounded


def _apply(old: dict[int, Fact | None], new: dict[int, Fact | None]) -> None:
    """Write the new facts and add (new − old) contributions to the daily rollup."""
    delta: dict[Cell, Counter] = {}
    for dossier_id in new:
        for cell, counter in contributions(old.get(dossier_id)):
            delta.setdefault(cell, Counter())[counter] -= 1
        for cell, counter in contributions(new[dossier_id]):
            delta.setdefault(cell, Counter())[counter] += 1
    delta = {c: cnt for c, cnt in delta.items() if any(cnt.values())}
    # facts
    gone = [i for i, f in new.items() if f is None and old.get(i) is not None]
    if gone:
        DossierFact.objects.filter(dossier_id__in=gone).delete()
    rows = [DossierFact(**{k: getattr(f, k) for k in FACT_FIELDS}) for f in new.values() if f]
    existing = [r for r in rows if old.get(r.dossier_id) is not None]
    fresh = [r for r in rows if old.get(r.dossier_id) is None]
    if existing:
        DossierFact.objects.bulk_update(
            existing, [f for f in FACT_FIELDS if f != "dossier_id"], batch_size=1000
        )
    if fresh:
        DossierFact.objects.bulk_create(fresh, batch_size=1000)
    # rollup cells: the day and its month
    monthly: dict[Cell, Counter] = {}
    for (day, agency_id, procedure_id, channel), cnt in delta.items():
        monthly.setdefault(
            (day.replace(day=1), agency_id, procedure_id, channel), Counter()
        ).update(cnt)
    _apply_cells(DailyRollup, delta)
    _apply_cells(MonthlyRollup, {c: n for c, n in monthly.items() if any(n.values())})


def _apply_cells(model, delta: dict[Cell, Counter]) -> None:
    cells = list(delta)
    for start in range(0, len(cells), 500):
        chunk = cells[start : start + 500]
        q = Q()
        for day, agency_id, procedure_id, channel in chunk:
            q |= Q(day=day, agency_id=agency_id, procedure_id=procedure_id, channel=channel)
        have = {(r.day, r.agency_id, r.procedure_id, r.channel): r for r in model.objects.filter(q)}
        to_update, to_create = [], []
        for cell in chunk:
            row = have.get(cell)
            if row is None:
                row = model(day=cell[0], agency_id=cell[1], procedure_id=cell[2], channel=cell[3])
                to_create.append(row)
            else:
                to_update.append(row)
            for counter, n in delta[cell].items():
                setattr(row, counter, getattr(row, counter) + n)
        if to_update:
            model.objects.bulk_update(to_update, list(COUNTERS), batch_size=500)
        if to_create:
            model.objects.bulk_create(to_create, batch_size=500)


def _stored_facts(ids: list[int]) -> dict[int, Fact | None]:
    out: dict[int, Fact | None] = {}
    for start in range(0, len(ids), 2000):
        for row in DossierFact.objects.filter(dossier_id__in=ids[start : start + 2000]):
            out[row.dossier_id] = Fact.from_row(row)
    return out


def refresh(ids: list[int]) -> None:
    """Recompute and apply the facts of the given dossiers (caller holds the cursor lock)."""
    if ids:
        _apply(_stored_facts(ids), build_facts(ids))


def forget(dossier_ids: list[int], *, now: datetime) -> int:
    """Take dossiers out of the facts and rollups before they are purged (benchmarks' clean-up,
    a test environment's reset); returns how many had facts. Events not applied yet are
    applied first, so the rollups stay equal to a recomputation of what remains."""
    catch_up(now=now)
    with transaction.atomic():
        _cursor(skip_locked=False)
        ids = sorted(set(dossier_ids))
        old = _stored_facts(ids)
        _apply(old, {i: None for i in ids})
        DirtyDossier.objects.filter(dossier_id__in=ids).delete()
    return sum(1 for f in old.values() if f is not None)


def catch_up(*, now: datetime, skip_locked: bool = False) -> int:
    """Apply the dossier events appended since the last run; returns the number of events.

    With ``skip_locked`` (the after-commit nudge) a run already under way elsewhere makes this
    one return 0 at once; the worker loop picks the events up on its next pass.
    """
    total = 0
    while True:
        with transaction.atomic():
            cursor = _cursor(skip_locked=skip_locked)
            if cursor is None:
                return total
            q = Q(pk__gt=cursor.high)
            if cursor.gaps:
                q |= _gap_query(cursor.gaps)
            rows = list(
                DossierEvent.objects.filter(q)
                .order_by("pk")
                .values_list("pk", "dossier_id")[:BATCH]
            )
            dirty = list(DirtyDossier.objects.values_list("dossier_id", flat=True)[:BATCH])
            if not rows and not dirty:
                expired = _new_gaps(cursor.gaps, set(), cursor.high, cursor.high, now)
                if expired != cursor.gaps:  # rolled-back ids past their time: forget them
                    cursor.gaps = expired
                    cursor.save(update_fields=["gaps"])
                return total
            ids = sorted({d for _pk, d in rows} | set(dirty))
            refresh(ids)
            if dirty:
                DirtyDossier.objects.filter(dossier_id__in=dirty).delete()
            seen = {pk for pk, _d in rows}
            new_high = max([cursor.high, *seen])
            cursor.gaps = _new_gaps(cursor.gaps, seen, cursor.high, new_high, now)
            cursor.high = new_high
            cursor.applied += len(rows)
            cursor.updated_at = now
            cursor.save()
            total += len(rows)
            if len(rows) < BATCH and len(dirty) < BATCH:
                return total


def rebuild_rollups(*, now: datetime) -> int:
    """Recompute every fact and rollup cell from the dossier tables; returns the dossier count."""
    from motcua.dossiers.models import Dossier

    with transaction.atomic():
        cursor = _cursor(skip_locked=False)
        high = DossierEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        DailyRollup.objects.all().delete()
        MonthlyRollup.objects.all().delete()
        DossierFact.objects.all().delete()
        DirtyDossier.objects.all().delete()
        ids = list(Dossier.objects.filter(parent__isnull=True).values_list("pk", flat=True))
        # Empty tables: facts are inserted per chunk, cells added up in memory and inserted once.
        daily: dict[Cell, Counter] = {}
        for start in range(0, len(ids), BATCH):
            facts = [f for f in build_facts(ids[start : start + BATCH]).values() if f]
            DossierFact.objects.bulk_create(
                [DossierFact(**{k: getattr(f, k) for k in FACT_FIELDS}) for f in facts],
                batch_size=1000,
            )
            for f in facts:
                for cell, counter in contributions(f):
                    daily.setdefault(cell, Counter())[counter] += 1
        monthly: dict[Cell, Counter] = {}
        for (day, *rest), cnt in daily.items():
            monthly.setdefault((day.replace(day=1), *rest), Counter()).update(cnt)
        for model, cells in ((DailyRollup, daily), (MonthlyRollup, monthly)):
            model.objects.bulk_create(
                [
                    model(day=c[0], agency_id=c[1], procedure_id=c[2], channel=c[3], **cnt)
                    for c, cnt in cells.items()
                ],
                batch_size=1000,
            )
        # Ids below ``high`` taken by transactions still open now are re-read for a while.
        if high > cursor.high:
            cursor.gaps = [[max(cursor.high + 1, high - 10_000), high, now.isoformat()]]
            cursor.high = high
        cursor.updated_at = now
        cursor.save()
    return len(ids)


def mark_dirty(dossier_id: int | None) -> None:
    """Note that a dossier's facts changed outside its event log (applied by the next run)."""
    if dossier_id:
        DirtyDossier.objects.get_or_create(dossier_id=dossier_id)


# --- plan targets -----------------------------------------------------------------------

#: The seeds' figures, the demo's defaults (KH kiểm soát TTHC 2026 of Lai Châu and its units).
DEFAULT_TARGETS = {
    "digitised": 0.90,
    "online": 0.80,
    "paid_online": 0.60,
    "satisfied": 0.95,
    "feedback_on_time": 1.00,
    "e_result": 1.00,
}


def set_target(
    *, scope_kind: str, scope_id: int, year: int, measure: str, target: float, source: str = ""
):
    """Đặt chỉ tiêu: one target per unit, year and measure (a ratio between 0 and 1)."""
    from motcua.core.errors import DomainError
    from motcua.indicators.models import PlanTarget
    from motcua.indicators.selectors import TARGETABLE

    if measure not in TARGETABLE:
        raise DomainError("unknown_measure", f"Chỉ số “{measure}” không thể đặt chỉ tiêu.")
    if not 0 <= target <= 1:
        raise DomainError("invalid_target", "Chỉ tiêu là tỷ lệ từ 0 đến 100%.")
    obj, _ = PlanTarget.objects.update_or_create(
        scope_kind=scope_kind,
        scope_id=scope_id,
        year=year,
        measure=measure,
        defaults={"target": target, "source": source},
    )
    return obj


def ensure_fresh(*, now: datetime) -> int:
    """Read-your-writes: apply pending events before the rollups are read (cheap when there
    are none: one indexed query). A run already under way elsewhere is not waited for."""
    cursor = RollupCursor.objects.filter(name=CURSOR).values_list("high", "gaps").first()
    high, gaps = cursor if cursor else (0, [])
    pending = (
        bool(gaps)
        or DossierEvent.objects.filter(pk__gt=high).exists()
        or DirtyDossier.objects.exists()
    )
    return catch_up(now=now, skip_locked=True) if pending else 0
