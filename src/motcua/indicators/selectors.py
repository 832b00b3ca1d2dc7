"""Public read API of the indicators: scopes, measures, the 766 scorecard, drill-down, ranking.

The scorecard of Decision 766 (Bộ chỉ số 766) is computed for a scope (the province with all
its agencies and communes, one agency, one commune) and a period (any date range, inclusive,
dates in Vietnam time) from the period counts (``counts``) — taken from the rollups or from
scratch — plus the catalog (groups 1, 3, 4), ratings and the feedback package (group 6). The
rule profile in force on the period's last day gives maxima, thresholds and zero-denominator
behaviour; data that motcua does not hold is "chưa có dữ liệu", never a number.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Literal

from django.apps import apps
from django.db.models import Q, QuerySet

from motcua.catalog.models import Level, OnlineLevel, Procedure, ProcedureVersion
from motcua.catalog.selectors import in_force_q, procedures_in_force
from motcua.directory.models import AdminUnit, Agency
from motcua.directory.selectors import unit_subtree
from motcua.indicators import counts as C
from motcua.indicators.models import DossierFact, PlanTarget, RuleProfile
from motcua.indicators.profiles import DEFAULT_PROFILES

ScopeKind = Literal["province", "agency", "commune"]
Source = Literal["rollup", "scratch"]


@dataclass(frozen=True)
class Scope:
    """Đơn vị được đánh giá: a province (AdminUnit), an agency, or a commune (AdminUnit)."""

    kind: ScopeKind
    id: int


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    value: float | None
    numerator: int | None
    denominator: int | None


TARGETABLE: dict[str, str] = {
    "digitised": "Tỷ lệ hồ sơ được số hóa",
    "online": "Tỷ lệ hồ sơ tiếp nhận trực tuyến",
    "paid_online": "Tỷ lệ hồ sơ thanh toán trực tuyến",
    "satisfied": "Tỷ lệ hài lòng (phiếu đánh giá)",
    "on_time": "Tỷ lệ hồ sơ giải quyết trước hạn, đúng hạn",
    "e_result": "Tỷ lệ hồ sơ có kết quả điện tử",
    "feedback_on_time": "Tỷ lệ PAKN xử lý đúng hạn",
}


# --- scopes ---------------------------------------------------------------------------


def scope_agencies(scope: Scope) -> list[int]:
    """Agencies whose dossiers belong to the scope (executing agency, cơ quan giải quyết)."""
    if scope.kind == "agency":
        return [scope.id]
    unit = AdminUnit.objects.get(pk=scope.id)
    return list(Agency.objects.filter(unit_subtree(unit)).values_list("pk", flat=True))


def scope_name(scope: Scope) -> str:
    if scope.kind == "agency":
        return Agency.objects.get(pk=scope.id).name
    return AdminUnit.objects.get(pk=scope.id).name


def scope_province(scope: Scope) -> AdminUnit:
    if scope.kind == "agency":
        unit = Agency.objects.select_related("unit").get(pk=scope.id).unit
    else:
        unit = AdminUnit.objects.get(pk=scope.id)
    return unit if unit.parent_id is None else AdminUnit.objects.get(pk=unit.parent_id)


def profile_for(end: date) -> RuleProfile:
    """The rule profile in force on ``end`` (newest effective date on or before it)."""
    p = RuleProfile.objects.filter(effective_from__lte=end).first()
    if p is None:
        p = RuleProfile.objects.order_by("effective_from").first()
    if p is None:  # tables created without the data migration (should not happen)
        d = DEFAULT_PROFILES[0]
        p = RuleProfile(**d)
    return p


# --- the scorecard ----------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorScore:
    id: str
    group: int
    label: str
    max: float
    ratio: float | None
    numerator: int | None
    denominator: int | None
    points: float | None
    status: str  # ok / no_data / not_applicable / zero_denominator
    note: str = ""

    @property
    def status_label(self) -> str:
        return {
            "ok": "",
            "no_data": "Chưa có dữ liệu",
            "not_applicable": "Không áp dụng (được điểm tối đa)",
            "zero_denominator": "Mẫu số bằng 0",
        }[self.status]


@dataclass(frozen=True)
class GroupScore:
    number: int
    label: str
    code: str
    max: float
    points: float | None
    indicators: tuple[IndicatorScore, ...]

    @property
    def missing(self) -> list[str]:
        return [i.id for i in self.indicators if i.status == "no_data"]


@dataclass(frozen=True)
class Scorecard:
    scope: Scope
    scope_name: str
    start: date
    end: date
    source: str
    profile_code: str
    profile_name: str
    profile_from: date
    groups: tuple[GroupScore, ...]
    total: float
    band: str
    band_provisional: bool
    counts: C.Row = field(repr=False)
    extra: dict = field(default_factory=dict, repr=False)

    def indicator(self, ident: str) -> IndicatorScore:
        for g in self.groups:
            for i in g.indicators:
                if i.id == ident:
                    return i
        raise KeyError(ident)

    @property
    def group_scores(self) -> dict[int, float | None]:
        return {g.number: g.points for g in self.groups}


def _points(rule: list, ratio: float | None, den: int | None) -> tuple[float | None, str]:
    _id, _g, _label, maxp, factor, cap, zero, _source = rule
    if ratio is None and den == 0:
        if zero == "full":
            return float(maxp), "zero_denominator"
        if zero == "none":
            return None, "zero_denominator"
        ratio = 0.0
    if ratio is None:
        return None, "no_data"
    p = factor * ratio
    return (min(cap, p) if cap is not None else p), "ok"


def _ratio(num: int | None, den: int | None) -> float | None:
    if num is None or den is None or den == 0:
        return None
    return num / den


def authority_procedures(scope: Scope, on: date) -> QuerySet[Procedure]:
    """TTHC thuộc thẩm quyền of the scope, in force on ``on`` (internal procedures excluded)."""
    qs = procedures_in_force(on).filter(is_internal=False)
    if scope.kind == "province":
        return qs.filter(level__in=[Level.PROVINCE, Level.COMMUNE])
    if scope.kind == "commune":
        return qs.filter(level=Level.COMMUNE)
    agency = Agency.objects.get(pk=scope.id)
    return qs.filter(agency_types=agency.agency_type_id)


def _versions_in_force(procedures: QuerySet[Procedure], on: date) -> list[ProcedureVersion]:
    out = {}
    for v in (
        ProcedureVersion.objects.filter(in_force_q(on), procedure__in=procedures)
        .order_by("procedure_id", "-effective_from", "-number")
        .prefetch_related("cases__fees", "components", "agencies")
    ):
        out.setdefault(v.procedure_id, v)
    return list(out.values())


def _working_days_before(cal, d: date, n: int) -> date:
    while n > 0:
        d -= timedelta(days=1)
        if cal.is_working_day(d):
            n -= 1
    return d


def _group1(
    scope: Scope, start: date, end: date, rules: dict, versions: list | None = None
) -> dict[str, tuple]:
    """Indicators 1.1–1.3 (publication of the province's procedures) from the catalog."""
    from motcua.catalog.models import PublicationDecision
    from motcua.core.selectors import work_calendar

    province = scope_province(scope)
    cal = work_calendar(province.code)
    issuers = Agency.objects.filter(unit_subtree(province))
    lead = rules.get("publish_lead_working_days", 5)
    upd = rules.get("public_update_working_days", 5)
    # 1.1: procedures in a decision dated in the period; late if any decision was late
    late_1: dict[int, bool] = {}
    for v in ProcedureVersion.objects.filter(
        decision__issuer__in=issuers,
        decision__is_published=True,
        decision__date__gte=start,
        decision__date__lte=end,
    ).select_related("decision"):
        dates = [
            date.fromisoformat(b["effective_date"])
            for b in v.legal_basis or []
            if isinstance(b, dict) and b.get("effective_date")
        ]
        on_time = True
        if dates:
            on_time = v.decision.date <= _working_days_before(cal, max(dates), lead)
        late_1[v.procedure_id] = late_1.get(v.procedure_id, False) or not on_time
    out: dict[str, tuple[set[int], set[int]]] = {
        "1.1": ({p for p, late in late_1.items() if not late}, set(late_1)),
    }
    # 1.2: made public within 5 working days of the decision
    on_time_2, den_2 = set(), set()
    for dec in PublicationDecision.objects.filter(
        issuer__in=issuers, is_published=True, date__lte=end
    ).prefetch_related("versions"):
        deadline = cal.nth_working_day_after(dec.date, upd)
        public_in = dec.made_public_at is not None and start <= dec.made_public_at <= end
        must = (dec.made_public_at is None or dec.made_public_at > end) and deadline <= end
        must = must and deadline >= start
        if not (public_in or must):
            continue
        for v in dec.versions.all():
            den_2.add(v.procedure_id)
            if public_in and dec.made_public_at <= deadline:
                on_time_2.add(v.procedure_id)
    out["1.2"] = (on_time_2, den_2)
    # 1.3: procedures public now with all seven parts (k.2 Đ.8 NĐ 63/2010)
    if versions is None:
        versions = _versions_in_force(authority_procedures(scope, end), end)
    full: set[int] = set()
    for v in versions:
        cases = list(v.cases.all())
        parts = [
            v.name,
            v.steps_text,
            v.channels,
            list(v.components.all()),
            cases and all(c.no_due_date or c.time_amount for c in cases),
            v.applicant_types,
            list(v.agencies.all()),
        ]
        if all(bool(p) for p in parts):
            full.add(v.procedure_id)
    out["1.3"] = (full, {v.procedure_id for v in versions})
    return out


def _catalog_online(scope: Scope, end: date, versions: list | None = None) -> dict:
    if versions is None:
        versions = _versions_in_force(authority_procedures(scope, end), end)
    online = {v.procedure_id for v in versions if v.online_level != OnlineLevel.NONE}
    with_fee = {
        v.procedure_id
        for v in versions
        if any(f.amount > 0 for c in v.cases.all() for f in c.fees.all())
    }
    return {"all": {v.procedure_id for v in versions}, "online": online, "fee": with_fee}


def _feedback(agency_ids: list[int] | None, start: date, end: date, now: datetime):
    """IndicatorFacts from the feedback package, or None while it is not installed."""
    if not apps.is_installed("motcua.feedback"):
        return None
    try:
        from motcua.feedback import selectors as fb
    except ImportError:
        return None
    if not hasattr(fb, "indicator_facts"):
        return None
    return fb.indicator_facts(agency_ids=agency_ids, start=start, end=end, now=now)


def _petitioned_ids(agency_ids: list[int] | None, start: date, end: date) -> set[int]:
    if not apps.is_installed("motcua.feedback"):
        return set()
    try:
        from motcua.feedback import selectors as fb
    except ImportError:
        return set()
    if not hasattr(fb, "petitioned_dossier_ids"):
        return set()
    return set(fb.petitioned_dossier_ids(agency_ids=agency_ids, start=start, end=end))


def _day_bounds(start: date, end: date):
    from datetime import time

    from motcua.core.calendar import VN_TZ

    return (
        datetime.combine(start, time(0), tzinfo=VN_TZ),
        datetime.combine(end + timedelta(days=1), time(0), tzinfo=VN_TZ),
    )


def _disliked_ids(agency_ids: list[int], start: date, end: date, levels: list[str]) -> set[int]:
    from motcua.ratings.models import Rating

    lo, hi = _day_bounds(start, end)
    return set(
        Rating.objects.filter(
            competent_agency_id__in=agency_ids,
            level__in=levels,
            created_at__gte=lo,
            created_at__lt=hi,
        ).values_list("dossier_id", flat=True)
    )


def period_counts(scope: Scope, start: date, end: date, source: Source) -> C.Counts:
    agencies = scope_agencies(scope)
    if source == "scratch":
        return C.from_scratch(agencies, start, end)
    _fresh()
    return C.from_rollups(agencies, start, end)


def _fresh() -> None:
    from django.utils import timezone

    from motcua.indicators.services import ensure_fresh

    ensure_fresh(now=timezone.now())


def on_time_parts(t: C.Row) -> tuple[int, int]:
    """QĐ 766 2.1: (numerator, denominator) from the period counts."""
    den = t.received + t.carried
    num = t.fin_ok766 + (t.open_end - t.open_late766)
    return num, den


def scorecard(
    *,
    scope: Scope,
    start: date,
    end: date,
    now: datetime,
    source: Source = "rollup",
    counts: C.Counts | None = None,
) -> Scorecard:
    """The 766 scorecard of ``scope`` over [start, end] (both inclusive)."""
    profile = profile_for(end)
    rules = profile.rules
    agency_ids = scope_agencies(scope)
    cts = counts if counts is not None else period_counts(scope, start, end, source)
    t = C.total(cts)
    province_level = scope.kind == "province"
    values: dict[str, tuple[int | None, int | None]] = {}
    notes: dict[str, str] = {}

    # group 1
    versions = _versions_in_force(authority_procedures(scope, end), end)
    group1 = _group1(scope, start, end, rules, versions)
    values.update({k: (len(n), len(d)) for k, (n, d) in group1.items()})
    values["1.4"] = (None, None)
    notes["1.4"] = "motcua chưa lưu trạng thái đồng bộ hồ sơ lên Cổng DVCQG."
    # group 2
    values["2.1"] = on_time_parts(t)
    # group 3
    cat = _catalog_online(scope, end, versions)
    values["3.1"] = (len(cat["online"]), len(cat["all"]))
    online_with_dossier = {
        p for (_a, p, ch), r in cts.items() if ch == "online" and r.received and p in cat["online"]
    }
    values["3.2"] = (len(online_with_dossier), len(cat["online"]))
    sync = rules.get("sync_factor_without_data", 1.0)
    online_ok = sum(r.online_ok for (_a, _p, ch), r in cts.items() if ch == "online")
    values["3.3"] = (online_ok, t.received)
    if sync != 1.0:
        notes["3.3"] = f"Nhân hệ số đồng bộ {sync}."
    else:
        notes["3.3"] = "Chưa có dữ liệu đồng bộ: hệ số đồng bộ tính bằng 1."
    # group 4
    values["3.6"] = (t.paid_online, t.fee_den)
    paid_procs = {p for (_a, p, _c), r in cts.items() if r.paid_online and p in cat["fee"]}
    fee_procs = {p for (_a, p, _c), r in cts.items() if r.fee_den and p in cat["fee"]}
    values["3.5b"] = (len(paid_procs), len(cat["fee"]))
    values["3.5"] = (len(fee_procs), len(cat["fee"]))
    # group 5
    values["4.1"] = (t.eres_num, t.eres_den)
    values["4.2"] = (t.digitised, t.received)
    values["4.3"] = (t.reused, t.received)
    values["4.4"] = (t.personal_store, t.received)
    for ident in ("4.cc", "4.5a", "4.5b"):
        values[ident] = (None, None)
    notes["4.cc"] = "motcua chưa cung cấp chứng thực bản sao điện tử."
    notes["4.5a"] = notes["4.5b"] = "motcua chưa kết nối CSDL quốc gia về dân cư (VNeID)."
    # group 6
    fb_ids = agency_ids  # a province = its own agencies and communes, not every agency
    facts = _feedback(fb_ids, start, end, now)
    if facts is None:
        for ident in ("5.1", "5.2", "5.3"):
            values[ident] = (None, None)
            notes[ident] = "Chưa có dữ liệu phản ánh, kiến nghị (PAKN)."
    else:
        values["5.1"] = (facts.about_regulation + facts.about_staff, facts.total)
        values["5.2"] = (facts.on_time, facts.total)
        values["5.3"] = (facts.satisfaction_total - facts.not_satisfied, facts.satisfaction_total)
    num21, den21 = on_time_parts(t)
    complained = _disliked_ids(agency_ids, start, end, rules.get("dislike_levels", []))
    complained |= _petitioned_ids(fb_ids, start, end)
    if complained:
        complained = set(
            DossierFact.objects.filter(dossier_id__in=complained, agency_id__in=agency_ids)
            .filter(_den21_q(start, end))
            .values_list("dossier_id", flat=True)
        )
    extra = {"late": den21 - num21, "complained": len(complained)}
    # r = 100% − (late/den + complained/den) = (den − late − complained) / den, floored at 0
    values["5.4"] = (max(0, num21 - len(complained)), den21)
    notes["5.4"] = (
        "100% − (tỷ lệ hồ sơ quá hạn + tỷ lệ hồ sơ có PAKN hoặc đánh giá không hài lòng)."
    )

    not_applicable = set() if province_level else set(rules["not_applicable_below_province"])
    groups = []
    for gnum, g in sorted(rules["groups"].items(), key=lambda kv: int(kv[0])):
        items = []
        for rule in rules["indicators"]:
            ident, group = rule[0], rule[1]
            if group != int(gnum):
                continue
            num, den = values.get(ident, (None, None))
            if ident in not_applicable:
                items.append(
                    IndicatorScore(
                        ident, group, rule[2], rule[3], None, None, None, float(rule[3]),
                        "not_applicable",
                    )
                )  # fmt: skip
                continue
            ratio = _ratio(num, den)
            pts, status = _points(rule, ratio, den)
            items.append(
                IndicatorScore(
                    ident, group, rule[2], rule[3], ratio, num, den, pts, status,
                    notes.get(ident, ""),
                )
            )  # fmt: skip
        available = [i.points for i in items if i.points is not None]
        points = round(sum(available), 4) if available else None
        groups.append(
            GroupScore(int(gnum), g["label"], g.get("code", ""), g["max"], points, tuple(items))
        )
    total = round(sum(g.points or 0 for g in groups), 4)
    band = next((name for lo, name in rules["bands"] if total >= lo), "")
    return Scorecard(
        scope=scope,
        scope_name=scope_name(scope),
        start=start,
        end=end,
        source=source,
        profile_code=profile.code,
        profile_name=profile.name,
        profile_from=profile.effective_from,
        groups=tuple(groups),
        total=total,
        band=band,
        band_provisional=bool(rules.get("bands_provisional", True)),
        counts=t,
        extra=extra,
    )


# --- measures (plan targets) ------------------------------------------------------------


def measure(key: str, *, scope: Scope, start: date, end: date, now: datetime) -> Measure:
    """One targetable measure of ``scope`` over [start, end]; value None = no data."""
    if key not in TARGETABLE:
        raise KeyError(key)
    label = TARGETABLE[key]
    if key == "feedback_on_time":
        facts = _feedback(scope_agencies(scope), start, end, now)
        if facts is None:
            return Measure(key, label, None, None, None)
        return Measure(key, label, _ratio(facts.on_time, facts.total), facts.on_time, facts.total)
    if key == "satisfied":
        from motcua.ratings.models import SATISFIED_LEVELS, Rating

        lo, hi = _day_bounds(start, end)
        qs = Rating.objects.filter(
            competent_agency_id__in=scope_agencies(scope), created_at__gte=lo, created_at__lt=hi
        )
        den = qs.count()
        num = qs.filter(level__in=SATISFIED_LEVELS).count()
        return Measure(key, label, _ratio(num, den), num, den)
    cts = period_counts(scope, start, end, "rollup")
    t = C.total(cts)
    num, den = {
        "digitised": (t.digitised, t.received),
        "online": (None, t.received),
        "paid_online": (t.paid_online, t.fee_den),
        "on_time": on_time_parts(t),
        "e_result": (t.eres_num, t.eres_den),
    }[key]
    if key == "online":
        num = sum(r.received for (_a, _p, ch), r in cts.items() if ch == "online")
    return Measure(key, label, _ratio(num, den), num, den)


def plan_targets(scope: Scope, year: int) -> list[PlanTarget]:
    return list(PlanTarget.objects.filter(scope_kind=scope.kind, scope_id=scope.id, year=year))


# --- drill-down ---------------------------------------------------------------------------


def _den21_q(start: date, end: date) -> Q:
    return Q(received_on__lte=end) & (Q(finish_on__isnull=True) | Q(finish_on__gte=start))


def _open_at(end: date) -> Q:
    return Q(received_on__lte=end) & (Q(finish_on__isnull=True) | Q(finish_on__gt=end))


def _received_in(start: date, end: date) -> Q:
    return Q(received_on__gte=start, received_on__lte=end)


def _finished_in(start: date, end: date) -> Q:
    return Q(finish_on__gte=start, finish_on__lte=end)


#: drill-down filters on DossierFact: indicator or column → (numerator, denominator)
def fact_filters(ident: str, start: date, end: date) -> tuple[Q, Q] | None:
    rin = _received_in(start, end)
    fin = _finished_in(start, end)
    den21 = _den21_q(start, end)
    ok21 = (fin & Q(ok766=True)) | (_open_at(end) & ~Q(late766_from__lte=end))
    online = Q(channel="online")
    table = {
        "2.1": (den21 & ok21, den21),
        "5.4": (den21 & ~ok21, den21),
        "3.3": (rin & online & (Q(paper_required=False) | Q(e_result=True)), rin),
        "3.6": (rin & Q(has_fee=True, paid_online=True), rin & Q(has_fee=True)),
        "4.1": (rin & Q(paper_required=True, e_result=True), rin & Q(paper_required=True)),
        "4.2": (rin & Q(digitised=True), rin),
        "4.3": (rin & Q(reused=True), rin),
        "4.4": (rin & Q(personal_store=True), rin),
        "online": (rin & online, rin),
        # Biểu 06 columns (numerator only; the denominator is everything in the report)
        "c4": (rin & online, rin),
        "c5": (rin & ~online, rin),
        "c6": (Q(received_on__lt=start) & (Q(finish_on__isnull=True) | Q(finish_on__gte=start)),)
        * 2,
        "c8": (fin & Q(finish_kind="decided", timeliness="early"), fin),
        "c9": (fin & Q(finish_kind="decided", timeliness="on_time"), fin),
        "c10": (fin & Q(finish_kind="decided", timeliness="late"), fin),
        "c12": (_open_at(end) & ~Q(late_open_from__lte=end), _open_at(end)),
        "c13": (_open_at(end) & Q(late_open_from__lte=end), _open_at(end)),
        "stopped": (fin & Q(finish_kind="stopped"), fin),
        "refused": (Q(received_on__isnull=True, refused_on__gte=start, refused_on__lte=end),) * 2,
    }
    return table.get(ident)


def drilldown(
    ident: str,
    part: Literal["num", "den"],
    *,
    scope: Scope,
    start: date,
    end: date,
    now: datetime,
    procedure_id: int | None = None,
) -> tuple[str, QuerySet]:
    """The records behind one number: ("dossiers" | "procedures" | "petitions", queryset)."""
    from motcua.dossiers.models import Dossier

    agency_ids = scope_agencies(scope)
    _fresh()
    filters = fact_filters(ident, start, end)
    if filters is not None:
        q = filters[0] if part == "num" else filters[1]
        facts = DossierFact.objects.filter(q, agency_id__in=agency_ids)
        if procedure_id:
            facts = facts.filter(procedure_id=procedure_id)
        ids = facts.values("dossier_id")
        return "dossiers", Dossier.objects.filter(pk__in=ids).select_related(
            "version", "competent_agency"
        ).order_by("-received_at", "-id")
    if ident in ("1.1", "1.2", "1.3"):
        num, den = _group1(scope, start, end, profile_for(end).rules)[ident]
        ids = num if part == "num" else den
        return "procedures", Procedure.objects.filter(pk__in=ids).order_by("code")
    if ident in ("3.1", "3.2", "3.5", "3.5b"):
        cat = _catalog_online(scope, end)
        base = cat["online"] if ident in ("3.2",) else cat["all"]
        if ident in ("3.5", "3.5b"):
            base = cat["fee"]
        ids = set(base)
        if part == "num":
            rin = _received_in(start, end)
            facts = DossierFact.objects.filter(rin, agency_id__in=agency_ids)
            if ident == "3.1":
                ids = set(cat["online"])
            elif ident == "3.2":
                ids &= set(facts.filter(channel="online").values_list("procedure_id", flat=True))
            elif ident == "3.5b":
                ids &= set(facts.filter(paid_online=True).values_list("procedure_id", flat=True))
            elif ident == "3.5":
                ids &= set(facts.filter(has_fee=True).values_list("procedure_id", flat=True))
        return "procedures", Procedure.objects.filter(pk__in=ids).order_by("code")
    if ident in ("5.1", "5.2", "5.3") and apps.is_installed("motcua.feedback"):
        try:
            from motcua.feedback import selectors as fb

            def petitions(name: str):
                return fb.indicator_petitions(
                    measure=name, agency_ids=agency_ids, start=start, end=end, now=now
                )

            if part == "den":
                qs = petitions("satisfaction_total" if ident == "5.3" else "total")
            elif ident == "5.1":  # classified as regulation or as staff behaviour
                qs = petitions("about_regulation") | petitions("about_staff")
            elif ident == "5.2":
                qs = petitions("on_time")
            else:  # 5.3: received in the period and not dissatisfied
                bad = petitions("not_satisfied").values("pk")
                qs = petitions("satisfaction_total").exclude(pk__in=bad)
            return "petitions", qs
        except (ImportError, AttributeError):
            pass
    raise KeyError(ident)


# --- ranking ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Ranked:
    rank: int
    scope: Scope
    name: str
    total: float
    groups: dict[int, float | None]


def child_scopes(scope: Scope) -> list[tuple[Scope, str]]:
    """The units ranked inside a province: its agencies at province level, then its communes."""
    if scope.kind != "province":
        return []
    unit = AdminUnit.objects.get(pk=scope.id)
    out: list[tuple[Scope, str]] = []
    for a in Agency.objects.filter(unit=unit, is_active=True).order_by("name"):
        if DossierFact.objects.filter(agency_id=a.pk).exists():
            out.append((Scope("agency", a.pk), a.name))
    communes = AdminUnit.objects.filter(
        parent=unit, valid_to__isnull=True, agencies__pk__in=DossierFact.objects.values("agency_id")
    ).distinct()
    for c in communes.order_by("name"):
        out.append((Scope("commune", c.pk), c.name))
    return out


def ranking(
    scopes: Collection[tuple[Scope, str]], *, start: date, end: date, now: datetime
) -> list[Ranked]:
    """Units ordered by total score, competition ranking (1, 2, 2, 4)."""
    rows = []
    for s, name in scopes:
        card = scorecard(scope=s, start=start, end=end, now=now)
        rows.append((card.total, s, name, card.group_scores))
    rows.sort(key=lambda r: (-r[0], r[2]))
    out: list[Ranked] = []
    for i, (total, s, name, groups) in enumerate(rows):
        rank = out[-1].rank if out and out[-1].total == total else i + 1
        out.append(Ranked(rank, s, name, total, groups))
    return out


# --- plan targets -------------------------------------------------------------------------


@dataclass(frozen=True)
class TargetProgress:
    """Chỉ tiêu kế hoạch vs thực hiện: year to date, month by month, and the alert."""

    target_id: int
    key: str
    label: str
    target: float
    source: str
    actual: Measure
    monthly: tuple[tuple[str, float | None], ...]
    off_track: bool | None  # None: no data yet

    @property
    def status_label(self) -> str:
        if self.off_track is None:
            return "Chưa có dữ liệu"
        return "Chưa đạt — cần đôn đốc" if self.off_track else "Đạt"


def _month_end(year: int, month: int) -> date:
    import calendar

    return date(year, month, calendar.monthrange(year, month)[1])


def target_progress(
    scope: Scope, year: int, *, now: datetime, months: bool = True
) -> list[TargetProgress]:
    """Each target of the unit for ``year``: actual from 1/1 to today (or 31/12), monthly
    trend, off-track when the year-to-date value is below the target."""
    from motcua.dossiers.clock import local_date

    today = local_date(now)
    start = date(year, 1, 1)
    end = min(date(year, 12, 31), today)
    out = []
    for t in plan_targets(scope, year):
        if end < start:
            actual = Measure(t.measure, TARGETABLE.get(t.measure, t.measure), None, None, None)
        else:
            actual = measure(t.measure, scope=scope, start=start, end=end, now=now)
        monthly: list[tuple[str, float | None]] = []
        if months and end >= start:
            for m in range(1, end.month + 1):
                ms, me = date(year, m, 1), min(_month_end(year, m), end)
                mv = measure(t.measure, scope=scope, start=ms, end=me, now=now)
                monthly.append((f"{m:02d}/{year}", mv.value))
        off = None if actual.value is None else actual.value < t.target
        out.append(
            TargetProgress(
                t.pk, t.measure, TARGETABLE.get(t.measure, t.measure), t.target, t.source,
                actual, tuple(monthly), off,
            )
        )  # fmt: skip
    return out
