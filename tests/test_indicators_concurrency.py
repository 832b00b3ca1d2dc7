"""Out-of-order commits on PostgreSQL: a transaction that took lower event ids commits after a
later one, and after the consumer has already moved past them. The events must not be lost."""

from __future__ import annotations

import json
import random
import threading

import pytest
from django.core.management import call_command
from django.db import connection, connections, transaction

from motcua.dossiers.importer import import_dossiers
from motcua.dossiers.models import DossierEvent
from motcua.indicators import services
from motcua.indicators.models import DossierFact, RollupCursor
from test_indicators_rollups import NOW, random_history, snapshot

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent connections"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def demo(django_db_blocker, settings):
    settings.MOTCUA_ROLLUPS_ON_COMMIT = False  # the test drives the consumer itself
    with django_db_blocker.unblock():
        call_command("load_demo", no_dossiers=True, verbosity=0)


def test_late_commit_below_the_watermark_is_applied(demo):
    rng = random.Random(4)
    records = [random_history(rng, 3000 + i) for i in range(40)]
    # different desks: the two transactions must not wait for each other's counters
    slow_lines = [json.dumps(r) for r in records if r["receiving_agency"].startswith("ttpvhcc-xa")]
    fast_lines = [json.dumps(r) for r in records if r["receiving_agency"] == "ttpvhcc-tinh-12"]
    slow_lines, fast_lines = slow_lines[:4], fast_lines[:4]
    written, release, done = threading.Event(), threading.Event(), threading.Event()
    errors: list[Exception] = []

    def slow() -> None:
        try:
            with transaction.atomic():
                import_dossiers(slow_lines, now=NOW)  # takes the lower ids …
                written.set()
                release.wait(30)  # … and commits only later
        except Exception as exc:  # reported to the test
            errors.append(exc)
        finally:
            connections.close_all()
            done.set()

    t = threading.Thread(target=slow)
    t.start()
    assert written.wait(60)
    import_dossiers(fast_lines, now=NOW)  # higher ids, committed first
    services.catch_up(now=NOW)
    cursor = RollupCursor.objects.get(name=services.CURSOR)
    assert cursor.gaps, "the uncommitted ids must be remembered as a gap"
    seen_before = DossierFact.objects.count()
    release.set()
    assert done.wait(60) and not errors, errors
    t.join()
    services.catch_up(now=NOW)
    assert DossierFact.objects.count() > seen_before
    maintained = snapshot()
    services.rebuild_rollups(now=NOW)
    assert snapshot() == maintained
    top = DossierEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
    assert RollupCursor.objects.get(name=services.CURSOR).high >= top
