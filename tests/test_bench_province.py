"""Smoke tests of the synthetic province generator (bench/province.py) at a small scale.

Not a benchmark: they check that generated rows are consistent (events replay to the cached
columns, codes and book entries are unique, related rows belong to their dossiers) and that a
seed reproduces the same province.
"""

from __future__ import annotations

import sys
from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest

from motcua.core.calendar import VN_TZ
from motcua.documents.models import ComponentDigitisation, ElectronicResult
from motcua.dossiers.log import cached, replay
from motcua.dossiers.models import Dossier, DossierEvent, DossierResult
from motcua.dossiers.states import NATIONAL_CODE, TRANSITIONS
from motcua.payments.models import Invoice, Payment
from motcua.ratings.models import Rating

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import province

END = datetime(2026, 11, 20, 17, 0, tzinfo=VN_TZ)


def _signature() -> list[tuple]:
    return list(
        Dossier.objects.order_by("id").values_list(
            "channel",
            "state",
            "timeliness",
            "case_id",
            "competent_agency_id",
            "received_at",
            "due_at",
            "decided_at",
            "supplement_count",
            "apology_count",
            "applicant_name",
        )
    )


@pytest.mark.django_db(transaction=False)
def test_generated_province_is_consistent():
    stats = province.generate(n=400, seed=5, end=END, log=lambda m: None)
    assert stats.dossiers == 400 == Dossier.objects.count()
    # every dossier's log replays to its cached columns, and the log is gap-free
    for d in Dossier.objects.all():
        r = replay(d)
        assert r == {k: v for k, v in cached(d).items() if k in r}, d.pk
        seqs = list(d.events.order_by("seq").values_list("seq", flat=True))
        assert seqs == list(range(1, d.last_seq + 1))
        assert d.national_status == NATIONAL_CODE[d.state]
    # each event's state is one its action may lead to (the state machine's table)
    for action, state in DossierEvent.objects.values_list("action", "state").distinct():
        t = TRANSITIONS.get(action)
        if t is not None and t.target is not None:
            assert state == t.target, (action, state)
    codes = [c for c in Dossier.objects.values_list("code", flat=True) if c]
    assert len(codes) == len(set(codes))
    entries = list(
        Dossier.objects.exclude(book_entry=None).values_list(
            "receiving_agency", "book_year", "book_entry"
        )
    )
    assert len(entries) == len(set(entries))
    # a realistic mix: several channels and outcomes, some late, some supplements and apologies
    states = Counter(Dossier.objects.values_list("state", flat=True))
    channels = Counter(Dossier.objects.values_list("channel", flat=True))
    assert {"online", "direct"} <= set(channels)
    assert states["returned"] > 200 and len(states) >= 3
    assert Dossier.objects.filter(timeliness="late").exists()
    assert Dossier.objects.filter(supplement_count__gt=0).exists()
    assert Dossier.objects.filter(received_at__isnull=False).exclude(original_due_at=None).exists()
    # related rows belong to the right dossiers
    assert DossierResult.objects.count() == Dossier.objects.filter(result_count=1).count()
    assert ElectronicResult.objects.filter(result__approved=True).count() > 0
    assert ComponentDigitisation.objects.exclude(state="not_digitised").exists()
    assert Rating.objects.exclude(dossier__state="returned").count() == 0
    assert Payment.objects.filter(method="online").exists()
    assert Payment.objects.filter(method="desk").exists()
    assert not Invoice.objects.filter(dossier__received_at=None).exists()
    assert province.check_replay(50) == 50
    # synthetic names only: the generator's own lists
    name = Dossier.objects.filter(applicant_kind="individual").first().applicant_name
    assert name.split()[0] in province.FAMILY


@pytest.mark.django_db(transaction=False)
def test_a_seed_reproduces_the_province_and_a_second_run_continues_the_codes():
    province.generate(n=120, seed=11, end=END, log=lambda m: None)
    first = _signature()
    codes = set(Dossier.objects.exclude(code=None).values_list("code", flat=True))
    province.generate(n=120, seed=11, end=END, log=lambda m: None)
    second = _signature()[len(first) :]
    assert second == first
    again = set(Dossier.objects.exclude(code=None).values_list("code", flat=True)) - codes
    assert len(again) == len(codes)  # new codes, none reused


def test_intake_plan_and_baselines_are_importable():
    import bench_province

    assert bench_province.pct([1.0, 2.0, 3.0, 4.0])["p50_ms"] == 2.5
    assert bench_province.ratio(3.0, 2.0) == 1.5
    assert bench_province.ratio(1.0, 0) is None
