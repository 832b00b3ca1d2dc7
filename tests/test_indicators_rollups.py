"""Rollups maintained from the dossier event log equal a full recomputation.

Random dossier histories (seeded) are imported through the dossier importer in several
batches; after each batch the consumer catches up. The maintained facts and daily cells must
equal those of :func:`rebuild_rollups`, and the period counts from the rollups must equal the
counts recomputed dossier by dossier, for random periods.
"""

from __future__ import annotations

import json
import random
from datetime import date, datetime, timedelta

import pytest
from django.forms.models import model_to_dict

from motcua.dossiers.importer import import_dossiers
from motcua.dossiers.models import DossierEvent
from motcua.indicators import counts, services
from motcua.indicators.models import DailyRollup, DossierFact, MonthlyRollup, RollupCursor
from motcua.indicators.services import _new_gaps
from support import vn

pytestmark = pytest.mark.django_db

NOW = vn(2026, 11, 20, 9)
APPLICANT = {"kind": "individual", "name": "Lò Thị Hoa", "id_number": "012345678901"}
# (procedure, cases, receiving agency, competent agency)
PROCEDURES = [
    ("1.001193", ["TH1", "TH2"], "ttpvhcc-xa-03390", "ubnd-xa-03390"),
    ("1.000894", ["TH1"], "ttpvhcc-xa-03390", "ubnd-xa-03390"),
    ("1.012289", ["TH1", "TH2"], "ttpvhcc-tinh-12", "so-y-te-12"),
    ("2.000789", ["TH1"], "ttpvhcc-tinh-12", "so-tu-phap-12"),
]


def _at(t: datetime) -> str:
    return t.isoformat()


def random_history(rng: random.Random, n: int) -> dict:
    """One dossier's history: a random walk through the transition table."""
    procedure, cases, receiving, competent = rng.choice(PROCEDURES)
    channel = rng.choice(["direct", "direct", "online", "postal"])
    t = vn(2026, rng.randint(1, 8), rng.randint(1, 28), rng.randint(8, 15), rng.choice([0, 30]))
    events: list[dict] = []

    def step(action: str, hours: tuple[float, float] = (1, 60), **fields) -> None:
        nonlocal t
        t = t + timedelta(hours=rng.uniform(*hours))
        events.append({"action": action, "at": _at(t), **fields})

    if channel == "online":
        events.append({"action": "submit", "at": _at(t)})
        if rng.random() < 0.12:
            step("refuse", (0.5, 3), reason="Hồ sơ không thuộc thẩm quyền giải quyết")
            return _record(n, procedure, cases, rng, channel, receiving, competent, events)
        step("accept", (0.2, 4))
    else:
        events.append({"action": "accept", "at": _at(t)})
    if rng.random() < 0.08:
        step("stop", (1, 30), reason="Công dân xin rút hồ sơ")
        return _record(n, procedure, cases, rng, channel, receiving, competent, events)
    step("forward", (0.1, 2))
    for _ in range(rng.choice([0, 0, 0, 1, 1, 2])):
        step("request_supplement", (2, 120), items=["Bản sao giấy tờ"], reason="Thiếu")
        if rng.random() < 0.15:  # still waiting for the applicant
            return _record(n, procedure, cases, rng, channel, receiving, competent, events)
        step("receive_supplement", (2, 200))
    r = rng.random()
    if r < 0.15:
        return _record(n, procedure, cases, rng, channel, receiving, competent, events)  # open
    if r < 0.22:
        step("stop", (1, 30), reason="Công dân xin rút hồ sơ")
        return _record(n, procedure, cases, rng, channel, receiving, competent, events)
    if rng.random() < 0.85:
        step("approve", (2, 400))
    else:
        step("deny", (2, 300), reason="Không đủ điều kiện theo quy định")
    if rng.random() < 0.8:
        step("issue", (0.5, 10))
        if rng.random() < 0.8:
            step("return_result", (1, 100), method="desk", recipient="Lò Thị Hoa")
    return _record(n, procedure, cases, rng, channel, receiving, competent, events)


def _record(n, procedure, cases, rng, channel, receiving, competent, events) -> dict:
    return {
        "external_id": f"RND-{n:05d}",
        "procedure": procedure,
        "case": rng.choice(cases),
        "channel": channel,
        "receiving_agency": receiving,
        "competent_agency": competent,
        "applicant": APPLICANT,
        "events": [e for e in events if datetime.fromisoformat(e["at"]) < NOW],
        **({"postal_tracking": f"EB{n:09d}VN"} if channel == "postal" else {}),
    }


def snapshot() -> tuple[dict, dict]:
    facts = {f.dossier_id: model_to_dict(f, exclude=["dossier"]) for f in DossierFact.objects.all()}
    cells = {}
    for model in (DailyRollup, MonthlyRollup):
        for row in model.objects.all():
            d = model_to_dict(row, exclude=["id", "day", "agency_id", "procedure_id", "channel"])
            if any(d.values()):
                cells[(model.__name__, row.day, row.agency_id, row.procedure_id, row.channel)] = d
    return facts, cells


def _agencies() -> list[int]:
    return sorted(DossierFact.objects.values_list("agency_id", flat=True).distinct())


@pytest.mark.parametrize("seed", [7, 2026])
def test_maintained_rollups_equal_recomputation(seed):
    rng = random.Random(seed)
    records = [random_history(rng, i) for i in range(90)]
    for batch in (records[:30], records[30:55], records[55:]):
        lines = [json.dumps(r, ensure_ascii=False) for r in batch]
        import_dossiers(lines, now=NOW)
        assert services.catch_up(now=NOW) > 0
    maintained = snapshot()
    assert maintained[0], "no facts were produced"
    services.rebuild_rollups(now=NOW)
    assert snapshot() == maintained
    # a second catch-up changes nothing
    services.catch_up(now=NOW)
    assert snapshot() == maintained

    agencies = _agencies()
    periods = [
        (date(2026, 1, 1), date(2026, 12, 31)),
        (date(2026, 3, 1), date(2026, 3, 31)),
        (date(2026, 2, 15), date(2026, 5, 14)),
        (date(2026, 4, 1), date(2026, 4, 20)),
    ]
    for _ in range(6):
        start = date(2026, 1, 1) + timedelta(days=rng.randint(0, 200))
        periods.append((start, start + timedelta(days=rng.randint(0, 120))))
    for start, end in periods:
        assert counts.from_rollups(agencies, start, end) == counts.from_scratch(
            agencies, start, end
        ), (start, end)


def test_carry_over_and_balances_are_consistent():
    rng = random.Random(11)
    lines = [json.dumps(random_history(rng, 500 + i), ensure_ascii=False) for i in range(60)]
    import_dossiers(lines, now=NOW)
    services.catch_up(now=NOW)
    agencies = _agencies()
    months = [(date(2026, m, 1), date(2026, m + 1, 1) - timedelta(days=1)) for m in range(1, 10)]
    previous_open = None
    for start, end in months:
        t = counts.total(counts.from_rollups(agencies, start, end))
        if previous_open is not None:
            assert t.carried == previous_open  # closing of one month = opening of the next
        assert t.received + t.carried == (
            t.fin_early + t.fin_on_time + t.fin_late + t.fin_stopped + t.open_end
        )
        previous_open = t.open_end


def test_late_committed_events_in_a_gap_are_not_skipped():
    rng = random.Random(3)
    first = [json.dumps(random_history(rng, 900 + i)) for i in range(5)]
    import_dossiers(first, now=NOW)
    services.catch_up(now=NOW)
    before = DossierEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
    second = [json.dumps(random_history(rng, 950 + i)) for i in range(5)]
    import_dossiers(second, now=NOW)
    top = DossierEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
    # The consumer saw the highest id before the others committed (out-of-order commits):
    cursor = RollupCursor.objects.get(name=services.CURSOR)
    cursor.high = top
    cursor.gaps = [[before + 1, top - 1, NOW.isoformat()]]
    cursor.save()
    services.catch_up(now=NOW)
    maintained = snapshot()
    services.rebuild_rollups(now=NOW)
    assert snapshot() == maintained
    assert RollupCursor.objects.get(name=services.CURSOR).gaps == [] or all(
        lo > top for lo, _hi, _s in RollupCursor.objects.get(name=services.CURSOR).gaps
    )


@pytest.mark.parametrize(
    "gaps, seen, old_high, new_high, expected",
    [
        ([], {11, 12}, 10, 12, []),
        ([], {12, 15}, 10, 15, [[11, 11], [13, 14]]),
        ([[5, 8, "N"]], {6}, 10, 10, [[5, 5], [7, 8]]),
        ([[5, 8, "N"]], {5, 6, 7, 8, 11}, 10, 11, []),
        ([[5, 8, "OLD"]], set(), 10, 10, []),  # expired: a rolled-back transaction
    ],
)
def test_gap_bookkeeping(gaps, seen, old_high, new_high, expected):
    now = datetime(2026, 11, 20, 9)
    stamp = {"N": now.isoformat(), "OLD": (now - timedelta(days=1)).isoformat()}
    gaps = [[lo, hi, stamp[s]] for lo, hi, s in gaps]
    out = _new_gaps(gaps, seen, old_high, new_high, now)
    assert [[lo, hi] for lo, hi, _ in out] == expected


def test_services_trigger_catch_up_after_commit(django_capture_on_commit_callbacks):
    from motcua.indicators import signals

    signals._last_nudge = 0.0
    rng = random.Random(5)
    line = json.dumps(random_history(rng, 990))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        import_dossiers([line], now=NOW)
    assert len(callbacks) == 1  # one nudge per transaction, however many events
    assert DossierFact.objects.exists()


def test_reading_the_rollups_applies_pending_events_first():
    """An import whose after-commit hook has not run yet (a request still in its transaction,
    a worker behind) is visible to the next reader: pending events are applied on read."""
    from motcua.directory.models import AdminUnit
    from motcua.indicators.selectors import Scope, scorecard

    rng = random.Random(21)
    import_dossiers([json.dumps(random_history(rng, 1200 + i)) for i in range(12)], now=NOW)
    province = AdminUnit.objects.get(code="12", parent__isnull=True, valid_to__isnull=True)
    scope = Scope("province", province.pk)
    start, end = date(2026, 1, 1), date(2026, 10, 31)
    a = scorecard(scope=scope, start=start, end=end, now=NOW)  # no explicit catch_up
    b = scorecard(scope=scope, start=start, end=end, now=NOW, source="scratch")
    assert a.counts.received > 0
    assert a.groups == b.groups


def test_stopped_before_its_deemed_receipt_day():
    """Handed in on a Saturday of Tết (deemed received on Mon 23/02/2026), withdrawn the same
    Saturday: it finishes on its day of receipt, so balances before and after agree."""
    rec = {
        "external_id": "RND-TET-1",
        "procedure": "1.012289",
        "case": "TH1",
        "channel": "direct",
        "receiving_agency": "ttpvhcc-tinh-12",
        "competent_agency": "so-y-te-12",
        "applicant": APPLICANT,
        "events": [
            {"action": "accept", "at": "2026-02-14T14:00:00+07:00"},
            {"action": "stop", "at": "2026-02-14T18:00:00+07:00", "reason": "Công dân xin rút"},
        ],
    }
    import_dossiers([json.dumps(rec, ensure_ascii=False)], now=NOW)
    services.catch_up(now=NOW)
    fact = DossierFact.objects.get(dossier__idempotency_key="import:RND-TET-1")
    assert fact.received_on == date(2026, 2, 23) and fact.finish_on == date(2026, 2, 23)
    agencies = _agencies()
    for start, end in (
        (date(2026, 2, 15), date(2026, 2, 28)),
        (date(2026, 2, 24), date(2026, 3, 5)),
    ):
        assert counts.from_rollups(agencies, start, end) == counts.from_scratch(
            agencies, start, end
        )


def test_forgotten_dossiers_leave_the_rollups_exact():
    """Purging dossiers (a benchmark's clean-up) first takes them out of the facts and rollups:
    what remains equals a recomputation."""
    from django.db import connection

    from motcua.dossiers.models import Dossier

    rng = random.Random(5)
    import_dossiers(
        [json.dumps(random_history(rng, i), ensure_ascii=False) for i in range(30)], now=NOW
    )
    services.catch_up(now=NOW)
    ids = sorted(Dossier.objects.values_list("pk", flat=True))[-10:]
    assert services.forget(ids, now=NOW) == 10
    with connection.cursor() as cur:  # the event log refuses ORM deletes
        for table, col in (
            ("dossiers_dossierevent", "dossier_id"),
            ("dossiers_dossiercomponent", "dossier_id"),
            ("dossiers_dossierresult", "dossier_id"),
            ("dossiers_dossier", "id"),
        ):
            cur.execute(f"DELETE FROM {table} WHERE {col} IN ({','.join(['%s'] * len(ids))})", ids)
    maintained = snapshot()
    assert len(maintained[0]) == 20
    services.rebuild_rollups(now=NOW)
    assert snapshot() == maintained
