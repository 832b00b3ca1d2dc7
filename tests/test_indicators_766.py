# ruff: noqa: E501
"""Decision 766 scorecard and Biểu 06 on a hand-made history, worked out from the spec's rules.

Period: March 2026 (calendar). Every dossier carries the due date its old system printed, so
the expected classification can be read off the table below. Rules (indicators-766.md §4.2,
reports.md §1–§2): finish = result (status 9) or withdrawal; early / on time / late by dates;
open at 31/03 in time iff due ≥ 31/03; QĐ 766: > 1 supplement request ⇒ overdue; exactly one
and no result ⇒ judged at the request.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from motcua.directory.models import AdminUnit, Agency
from motcua.dossiers.importer import import_dossiers
from motcua.indicators import services
from motcua.indicators.selectors import (
    Scope,
    child_scopes,
    drilldown,
    measure,
    ranking,
    scorecard,
)
from motcua.reports.selectors import bieu06
from support import vn

pytestmark = pytest.mark.django_db

NOW = vn(2026, 11, 1, 9)
S, E = date(2026, 3, 1), date(2026, 3, 31)
APPLICANT = {"kind": "individual", "name": "Lò Thị Hoa", "id_number": "012345678901"}
COMMUNE = {"receiving_agency": "ttpvhcc-xa-03390", "competent_agency": "ubnd-xa-03390"}
HEALTH = {"receiving_agency": "ttpvhcc-tinh-12", "competent_agency": "so-y-te-12"}


def t(s: str) -> str:
    return s.replace(" ", "T") + ":00+07:00"


def ev(action: str, at: str, **kw) -> dict:
    return {"action": action, "at": t(at), **kw}


SUPP = {"items": ["Bản sao"], "reason": "Thiếu giấy tờ"}
RET = {"method": "desk", "recipient": "Lò Thị Hoa"}


def rec(name, due, events, *, channel="direct", where=COMMUNE, procedure="1.000894"):
    return {
        "external_id": f"HS-766-{name}",
        "procedure": procedure,
        "case": "TH1",
        "channel": channel,
        **where,
        "applicant": APPLICANT,
        "due_at": t(due) if due else None,
        "events": events,
    }


def accepted(day: str) -> list[dict]:
    return [ev("accept", f"{day} 09:00"), ev("forward", f"{day} 09:10")]


# name: (record, expected Biểu 06 column, counted on time under QĐ 766 rule 2.1)
HISTORY = {
    "A": (rec("A", "2026-03-10 17:00", [*accepted("2026-03-02"), ev("approve", "2026-03-09 10:00")]), "c8", True),
    "B": (rec("B", "2026-03-10 17:00", [*accepted("2026-03-02"), ev("approve", "2026-03-10 16:00")]), "c9", True),
    "C": (rec("C", "2026-03-10 17:00", [*accepted("2026-03-02"), ev("approve", "2026-03-12 10:00")], where=HEALTH, procedure="1.012289"), "c10", False),
    "D": (rec("D", "2026-03-20 17:00", [*accepted("2026-03-02"),
          ev("request_supplement", "2026-03-03 09:00", **SUPP), ev("receive_supplement", "2026-03-04 09:00"),
          ev("request_supplement", "2026-03-05 09:00", **SUPP), ev("receive_supplement", "2026-03-06 09:00"),
          ev("approve", "2026-03-09 10:00")]), "c8", False),
    "E": (rec("E", "2026-03-31 17:00", accepted("2026-03-02")), "c12", True),
    "F": (rec("F", "2026-03-20 17:00", accepted("2026-03-02")), "c13", False),
    "G": (rec("G", "2026-03-10 17:00", [*accepted("2026-03-02"), ev("request_supplement", "2026-03-05 09:00", **SUPP)]), "c13", True),
    "H": (rec("H", "2026-03-05 17:00", [*accepted("2026-02-20"), ev("approve", "2026-03-04 10:00")]), "c8", True),
    "I": (rec("I", "2026-02-27 17:00", [*accepted("2026-02-20"), ev("approve", "2026-02-26 10:00")]), None, None),
    "J": (rec("J", "2026-03-10 17:00", [ev("accept", "2026-03-02 09:00"), ev("stop", "2026-03-03 09:00", reason="Công dân xin rút")]), "withdrawn", True),
    "K": (rec("K", None, [ev("submit", "2026-03-02 08:00"), ev("refuse", "2026-03-02 10:00", reason="Không thuộc thẩm quyền giải quyết")], channel="online"), "refused", None),
    "L": (rec("L", "2026-03-12 17:00", [ev("submit", "2026-03-03 08:00"), ev("accept", "2026-03-03 09:00"), ev("forward", "2026-03-03 09:10"), ev("approve", "2026-03-11 10:00")], channel="online"), "c8", True),
}  # fmt: skip


@pytest.fixture
def history():
    import_dossiers([json.dumps(r, ensure_ascii=False) for r, _c, _o in HISTORY.values()], now=NOW)
    services.catch_up(now=NOW)
    province = AdminUnit.objects.get(code="12", parent__isnull=True, valid_to__isnull=True)
    return Scope("province", province.pk)


@pytest.mark.parametrize("source", ["rollup", "scratch"])
def test_bieu06_cells(history, source):
    b = bieu06(scope=history, start=S, end=E, now=NOW, source=source)
    tot = b.total
    expected: dict[str, int] = {}
    for _r, col, _ok in HISTORY.values():
        if col:
            expected[col] = expected.get(col, 0) + 1
    assert tot.c4 == 1  # L
    assert tot.c5 == 8  # A B C D E F G J
    assert tot.c6 == 1  # H
    assert tot.c3 == 10
    for col in ("c8", "c9", "c10", "c12", "c13", "withdrawn", "refused"):
        assert getattr(tot, col) == expected.get(col, 0), col
    assert tot.c7 == 6 and tot.c11 == 3
    assert b.balanced
    assert b.carry_over_ok
    # sections: the health department (province level) and the commune
    assert [s.level for s in b.sections] == ["province", "commune"]
    assert b.sections[0].subtotal.c10 == 1


@pytest.mark.parametrize("source", ["rollup", "scratch"])
def test_group2_on_time(history, source):
    card = scorecard(scope=history, start=S, end=E, now=NOW, source=source)
    i = card.indicator("2.1")
    ok = sum(1 for _r, col, good in HISTORY.values() if col not in (None, "refused") and good)
    assert (i.numerator, i.denominator) == (ok, 10) == (7, 10)
    assert i.points == pytest.approx(20 * 0.7)
    assert card.group_scores[2] == pytest.approx(14)
    assert card.profile_code == "qd766-live-2026-09"
    assert card.band_provisional


def test_rollup_and_scratch_scorecards_agree(history):
    for scope in (history, Scope("agency", Agency.objects.get(code="so-y-te-12").pk)):
        for start, end in (
            (S, E),
            (date(2026, 1, 1), date(2026, 3, 31)),
            (date(2026, 3, 5), date(2026, 3, 5)),
        ):
            a = scorecard(scope=scope, start=start, end=end, now=NOW, source="rollup")
            b = scorecard(scope=scope, start=start, end=end, now=NOW, source="scratch")
            assert a.groups == b.groups and a.total == b.total


def test_no_data_is_never_a_number(history):
    card = scorecard(scope=history, start=S, end=E, now=NOW)
    for ident in ("1.4", "4.cc", "4.5a", "4.5b"):
        i = card.indicator(ident)
        assert i.status == "no_data" and i.points is None and i.ratio is None


def test_commune_not_applicable_gets_full_points(history):
    commune = Agency.objects.get(code="ubnd-xa-03390").unit
    card = scorecard(scope=Scope("commune", commune.pk), start=S, end=E, now=NOW)
    for ident in ("4.5a", "4.5b", "1.2", "1.3"):
        i = card.indicator(ident)
        assert i.status == "not_applicable" and i.points == i.max


def test_drilldown_lists_the_dossiers_behind_the_numbers(history):
    kind, num = drilldown("2.1", "num", scope=history, start=S, end=E, now=NOW)
    _kind, den = drilldown("2.1", "den", scope=history, start=S, end=E, now=NOW)
    assert kind == "dossiers"
    names = lambda qs: sorted(d.idempotency_key.rsplit("-", 1)[1] for d in qs)  # noqa: E731
    assert names(num) == ["A", "B", "E", "G", "H", "J", "L"]
    assert names(den) == ["A", "B", "C", "D", "E", "F", "G", "H", "J", "L"]
    _k, late = drilldown("c13", "num", scope=history, start=S, end=E, now=NOW)
    assert names(late) == ["F", "G"]


def test_measures_and_ranking(history):
    m = measure("on_time", scope=history, start=S, end=E, now=NOW)
    assert (m.numerator, m.denominator) == (7, 10)
    online = measure("online", scope=history, start=S, end=E, now=NOW)
    assert (online.numerator, online.denominator) == (1, 9)
    ranked = ranking(child_scopes(history), start=S, end=E, now=NOW)
    assert {r.name for r in ranked} >= {"Sở Y tế tỉnh Lai Châu"}
    assert [r.rank for r in ranked] == sorted(r.rank for r in ranked)


def test_every_bieu06_total_drills_down_to_as_many_dossiers(history):
    b = bieu06(scope=history, start=S, end=E, now=NOW).total.cells()
    columns = {"c4": "c4", "c5": "c5", "c6": "c6", "c8": "c8", "c9": "c9", "c10": "c10",
               "c12": "c12", "c13": "c13", "stopped": "withdrawn", "refused": "refused"}  # fmt: skip
    for ident, cell in columns.items():
        _kind, qs = drilldown(ident, "num", scope=history, start=S, end=E, now=NOW)
        assert qs.count() == b[cell], ident


@pytest.fixture
def fake_feedback(monkeypatch):
    """Stand-in for motcua.feedback.selectors (built on another branch) with CONTRACTS' shape."""
    import sys
    import types
    from dataclasses import dataclass

    @dataclass(frozen=True)
    class IndicatorFacts:
        total: int
        on_time: int
        satisfaction_total: int
        not_satisfied: int
        about_regulation: int
        about_staff: int

    facts = {"value": IndicatorFacts(8, 6, 5, 1, 2, 1)}
    module = types.ModuleType("motcua.feedback.selectors")
    module.indicator_facts = lambda **kw: facts["value"]
    module.petitioned_dossier_ids = lambda **kw: []
    module.indicator_petitions = lambda **kw: []
    monkeypatch.setitem(sys.modules, "motcua.feedback.selectors", module)
    import motcua.feedback

    monkeypatch.setattr(motcua.feedback, "selectors", module, raising=False)
    return facts, IndicatorFacts


def test_group6_reads_the_feedback_package(history, fake_feedback):
    facts, IndicatorFacts = fake_feedback
    card = scorecard(scope=history, start=S, end=E, now=NOW)
    assert card.indicator("5.2").points == pytest.approx(6 * 6 / 8)
    assert card.indicator("5.3").points == pytest.approx(6 * 4 / 5)
    assert card.indicator("5.1").points == 0  # monitoring only
    facts["value"] = IndicatorFacts(0, 0, 0, 0, 0, 0)
    card = scorecard(scope=history, start=S, end=E, now=NOW)
    assert card.indicator("5.2").points == 6 and card.indicator("5.3").points == 6
    # 5.4: den = 10, late under 2.1 = 3, no complaints → r = 0.7 → min(6, 6 × 0.7 / 0.9)
    assert card.indicator("5.4").points == pytest.approx(min(6, 6 * 0.7 / 0.9))
    m = measure("feedback_on_time", scope=history, start=S, end=E, now=NOW)
    assert m.value is None  # 0 / 0 is no data, not 100 %


def test_procedure_indicators_drill_down_to_their_procedures(history):
    card = scorecard(scope=history, start=S, end=E, now=NOW)
    for ident in ("1.1", "1.2", "1.3", "3.1", "3.2", "3.5", "3.5b"):
        i = card.indicator(ident)
        kind, num = drilldown(ident, "num", scope=history, start=S, end=E, now=NOW)
        _kind, den = drilldown(ident, "den", scope=history, start=S, end=E, now=NOW)
        assert kind == "procedures"
        assert (num.count(), den.count()) == (i.numerator, i.denominator), ident


def test_group6_drills_down_to_petitions(history):
    """With the feedback package installed, 5.1–5.3 list the petitions behind their counts."""
    card = scorecard(scope=history, start=S, end=E, now=NOW)
    for ident in ("5.1", "5.2", "5.3"):
        i = card.indicator(ident)
        kind, num = drilldown(ident, "num", scope=history, start=S, end=E, now=NOW)
        _k, den = drilldown(ident, "den", scope=history, start=S, end=E, now=NOW)
        assert kind == "petitions"
        assert (num.count(), den.count()) == (i.numerator or 0, i.denominator or 0), ident
