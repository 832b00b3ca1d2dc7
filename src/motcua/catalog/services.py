"""Write side of the catalog: import, versions, publication decisions, internal processes.

Every function here owns its transaction. Errors are collected and raised together as a
:class:`CatalogError` whose ``errors`` list says where (JSON path or sheet and row) and why, in
Vietnamese, so that a bad file is rejected whole and nothing half-imported stays.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.db.models import Max

from motcua.catalog.models import (
    AgencyRole,
    ChangeType,
    Channel,
    Component,
    CopyType,
    Fee,
    FeeMode,
    InternalProcess,
    Level,
    OnlineLevel,
    Procedure,
    ProcedureCase,
    ProcedureVersion,
    ProcessStatus,
    ProcessStep,
    PublicationDecision,
    Sector,
    SupplementClock,
    TimeUnit,
    VersionAgency,
    VersionStatus,
)
from motcua.core import audit
from motcua.directory.models import AdminUnit, Agency, AgencyType, Role

#: Legal conversion used to check step budgets: 1 working day = 8 working hours
#: (Hà Nội QĐ 1594: "Ngày làm việc: 30 ngày" = "Giờ làm việc: 240 giờ").
HOURS_PER_WORKING_DAY = Decimal(8)
FORMAT = "motcua.catalog/1"


class _Expiry(StrEnum):
    """Outcome when the supplement deadline passes (T18)."""

    DENY = "deny"
    STOP = "stop"


PHASES = ("fin_obligation", "suspension")


def _phases(r: _Reader, c: dict, where: str) -> list[str]:
    value = c.get("excluded_phases", [])
    if not isinstance(value, list) or any(v not in PHASES for v in value):
        r.err(f"{where}.excluded_phases", f"Chỉ gồm các giá trị: {', '.join(PHASES)}.")
        return []
    return value


class _Reading(StrEnum):
    """Values of ``cutoff_reading`` (calendar.md §10)."""

    A = "a"
    B = "b"


@dataclass
class CatalogError(Exception):
    """A catalog operation refused, with every problem found: ``[(where, message), …]``."""

    errors: list[tuple[str, str]] = field(default_factory=list)

    def __str__(self) -> str:
        return "; ".join(f"{where}: {msg}" if where else msg for where, msg in self.errors)


# --- internal-process budgets -----------------------------------------------------------


def _locate(errors: list[tuple[str, str]], locations: dict[str, str] | None) -> CatalogError:
    """Turn JSON paths into sheet-and-row references when the document came from XLSX."""
    if not locations:
        return CatalogError(errors)
    located = []
    for where, msg in errors:
        prefix = max(
            (k for k in locations if where == k or where.startswith(k + ".")), key=len, default=None
        )
        located.append((f"{locations[prefix]} ({where})" if prefix else where, msg))
    return CatalogError(located)


def _hours(amount: Decimal, unit: str) -> Decimal | None:
    if unit == TimeUnit.WORKING_DAYS:
        return amount * HOURS_PER_WORKING_DAY
    if unit == TimeUnit.WORKING_HOURS:
        return amount
    return None


def budget_problem(
    limit_amount: Decimal, limit_unit: str, steps: list[tuple[Decimal, str, bool]]
) -> str | None:
    """Check that counted step budgets add up to the legal time limit; return the problem.

    Working days and hours are compared in hours (1 day = 8 h); calendar-day and month limits
    compare the sum of the steps' amounts in days; a same-day procedure's steps fit in 8 hours.
    """
    counted = [(a, u) for a, u, counts in steps if counts]
    if limit_unit in (TimeUnit.WORKING_DAYS, TimeUnit.WORKING_HOURS, TimeUnit.SAME_DAY):
        total = Decimal(0)
        for amount, unit in counted:
            h = _hours(amount, unit)
            if h is None:
                return "Bước xử lý phải tính bằng ngày làm việc hoặc giờ làm việc."
            total += h
        if limit_unit == TimeUnit.SAME_DAY:
            if total > HOURS_PER_WORKING_DAY:
                return f"Tổng thời gian các bước là {_fmt(total)} giờ, vượt quá 1 ngày làm việc."
            return None
        limit = _hours(limit_amount, limit_unit)
        if total != limit:
            return (
                f"Tổng thời gian các bước là {_fmt(total)} giờ làm việc, khác thời hạn giải quyết "
                f"{_fmt(limit)} giờ ({_fmt(limit_amount)} {TimeUnit(limit_unit).label})."
            )
        return None
    total_days = sum((a for a, _u in counted), Decimal(0))
    if total_days != limit_amount:
        return (
            f"Tổng thời gian các bước là {_fmt(total_days)} ngày, khác thời hạn giải quyết "
            f"{_fmt(limit_amount)} {TimeUnit(limit_unit).label}."
        )
    return None


def _fmt(d: Decimal | None) -> str:
    if d is None:
        return "?"
    return format(d.normalize(), "f").replace(".", ",")


@transaction.atomic
def approve_process(
    process: InternalProcess, *, approval_ref: str, actor: AbstractBaseUser | None, now: datetime
) -> InternalProcess:
    """Approve an internal process (phê duyệt quy trình nội bộ) after checking its budgets.

    The previously approved process for the same case and scope is retired.
    """
    steps = list(process.steps.all())
    errors: list[tuple[str, str]] = []
    if not steps:
        errors.append(("steps", "Quy trình chưa có bước xử lý nào."))
    problem = budget_problem(
        process.case.time_amount,
        process.case.time_unit,
        [(s.amount, s.unit, s.counts_toward_limit) for s in steps],
    )
    if problem and not process.case.no_due_date:
        errors.append(("steps", problem))
    if not approval_ref.strip():
        errors.append(("approval_ref", "Cần ghi số, ngày quyết định phê duyệt quy trình."))
    if errors:
        raise CatalogError(errors)
    InternalProcess.objects.filter(
        case=process.case,
        province=process.province,
        agency=process.agency,
        status=ProcessStatus.APPROVED,
    ).exclude(pk=process.pk).update(status=ProcessStatus.RETIRED)
    process.status = ProcessStatus.APPROVED
    process.approval_ref = approval_ref.strip()
    process.approved_at = now
    process.save(update_fields=["status", "approval_ref", "approved_at"])
    audit.record(at=now, actor=actor, action="process.approve", obj=process)
    return process


# --- publication ------------------------------------------------------------------------


def version_problems(version: ProcedureVersion) -> list[str]:
    """What a version lacks before it can be published (ND 63/2010 Điều 8 headings)."""
    problems = []
    if not version.steps_text.strip():
        problems.append("Thiếu trình tự thực hiện.")
    if not version.channels:
        problems.append("Thiếu cách thức thực hiện.")
    if not version.cases.exists():
        problems.append("Chưa có trường hợp nào (thời hạn, phí, lệ phí).")
    if not version.components.exists():
        problems.append("Thiếu thành phần hồ sơ.")
    if not version.applicant_types:
        problems.append("Thiếu đối tượng thực hiện.")
    if not version.agencies.filter(role=AgencyRole.COMPETENT).exists():
        problems.append("Thiếu cơ quan có thẩm quyền.")
    if not version.legal_basis:
        problems.append("Thiếu căn cứ pháp lý.")
    if not version.result_name.strip():
        problems.append("Thiếu kết quả thực hiện.")
    return problems


@transaction.atomic
def publish_decision(
    decision: PublicationDecision, *, actor: AbstractBaseUser | None, now: datetime
) -> PublicationDecision:
    """Publish (công bố) a decision: its draft versions come into force on its effective date.

    Each previous version stops at that date. An abolished version (bãi bỏ) ends the procedure.
    After this the versions are immutable.
    """
    decision = PublicationDecision.objects.select_for_update().get(pk=decision.pk)
    if decision.is_published:
        raise CatalogError([("", f"Quyết định {decision.number} đã được công bố.")])
    versions = list(
        decision.versions.filter(status=VersionStatus.DRAFT).select_related("procedure")
    )
    if not versions:
        raise CatalogError([("", "Quyết định chưa gắn phiên bản thủ tục nào.")])
    errors = [
        (v.procedure.code, p)
        for v in versions
        if v.change_type != ChangeType.ABOLISHED
        for p in version_problems(v)
    ]
    if errors:
        raise CatalogError(errors)
    for v in versions:
        ProcedureVersion.objects.filter(
            procedure=v.procedure, status=VersionStatus.PUBLISHED, effective_to__isnull=True
        ).update(effective_to=decision.effective_date)
        ProcedureVersion.objects.filter(pk=v.pk).update(
            status=VersionStatus.PUBLISHED, effective_from=decision.effective_date
        )
        _refresh_summary(v.procedure, v)
    decision.is_published = True
    decision.published_at = now
    decision.save(update_fields=["is_published", "published_at"])
    audit.record(
        at=now,
        actor=actor,
        action="decision.publish",
        obj=decision,
        data={"procedures": [v.procedure.code for v in versions]},
    )
    return decision


def _refresh_summary(procedure: Procedure, version: ProcedureVersion) -> None:
    procedure.is_active = version.change_type != ChangeType.ABOLISHED
    if procedure.is_active:
        procedure.name = version.name
        procedure.sector_id = version.sector_id
        procedure.level = version.level
        procedure.online_level = version.online_level
        procedure.is_internal = version.is_internal
        procedure.boundary_free = version.boundary_free
    procedure.save()
    procedure.agency_types.set(
        {va.agency_type_id for va in version.agencies.all() if va.role != AgencyRole.COORDINATING}
    )


@transaction.atomic
def new_draft_version(
    procedure: Procedure,
    *,
    decision: PublicationDecision,
    change_type: str,
    now: datetime,
    changes: dict[str, Any] | None = None,
) -> ProcedureVersion:
    """Start a new version (sửa đổi, thay thế, bãi bỏ) as a copy of the latest version.

    Cases, components, fees, agencies and the cases' internal processes are copied (processes
    as drafts to be approved again).
    """
    if decision.is_published:
        raise CatalogError([("decision", "Quyết định đã công bố, không thể thêm phiên bản.")])
    base = procedure.versions.order_by("-number").first()
    if base is None:
        raise CatalogError([("procedure", "Thủ tục chưa có phiên bản nào để sửa đổi.")])
    old_cases = list(base.cases.prefetch_related("fees", "processes__steps"))
    old_components = list(base.components.prefetch_related("cases"))
    old_agencies = list(base.agencies.all())
    version = ProcedureVersion.objects.get(pk=base.pk)
    version.pk = None
    version.number = base.number + 1
    version.status = VersionStatus.DRAFT
    version.change_type = change_type
    version.decision = decision
    version.replaces = base
    version.effective_from = None
    version.effective_to = None
    version.created_at = now
    for key, value in (changes or {}).items():
        setattr(version, key, value)
    version.save()
    case_map: dict[int, ProcedureCase] = {}
    for case in old_cases:
        old_pk = case.pk
        fees, processes = list(case.fees.all()), list(case.processes.all())
        case.pk, case.version = None, version
        case.save()
        case_map[old_pk] = case
        for fee in fees:
            fee.pk, fee.case = None, case
            fee.save()
        for process in processes:
            if process.status == ProcessStatus.RETIRED:
                continue
            steps = list(process.steps.all())
            process.pk, process.case = None, case
            process.status, process.approved_at = ProcessStatus.DRAFT, None
            process.save()
            for step in steps:
                step.pk, step.process = None, process
                step.save()
    for comp in old_components:
        cases = [case_map[c.pk] for c in comp.cases.all()]
        comp.pk, comp.version = None, version
        comp.save()
        comp.cases.set(cases)
    for va in old_agencies:
        va.pk, va.version = None, version
        va.save()
    return version


# --- import -----------------------------------------------------------------------------


class _Reader:
    """Collects errors while reading a nested dict; ``where`` is a JSON path."""

    def __init__(self) -> None:
        self.errors: list[tuple[str, str]] = []

    def err(self, where: str, msg: str) -> None:
        self.errors.append((where, msg))

    def text(
        self, obj: dict, key: str, where: str, *, required: bool = True, max_len: int = 0
    ) -> str:
        value = obj.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.err(f"{where}.{key}", "Thiếu giá trị bắt buộc.")
            return ""
        if not isinstance(value, str):
            self.err(f"{where}.{key}", "Phải là chuỗi ký tự.")
            return ""
        if max_len and len(value) > max_len:
            self.err(f"{where}.{key}", f"Dài quá {max_len} ký tự.")
        return value.strip()

    def choice(
        self, obj: dict, key: str, where: str, choices: type, default: str | None = None
    ) -> str:
        value = obj.get(key, default)
        allowed = [c.value for c in choices]
        if value not in allowed:
            self.err(
                f"{where}.{key}",
                f"Giá trị '{value}' không hợp lệ; chọn một trong: {', '.join(allowed)}.",
            )
            return allowed[0]
        return value

    def decimal(self, obj: dict, key: str, where: str) -> Decimal:
        value = obj.get(key)
        try:
            d = Decimal(str(value))
        except (InvalidOperation, ValueError):
            self.err(f"{where}.{key}", f"'{value}' không phải là số.")
            return Decimal(0)
        if not d.is_finite() or d < 0:
            self.err(f"{where}.{key}", "Phải là số không âm.")
            return Decimal(0)
        return d

    def day(self, obj: dict, key: str, where: str, *, required: bool = True) -> date | None:
        value = obj.get(key)
        if value in (None, ""):
            if required:
                self.err(f"{where}.{key}", "Thiếu ngày (định dạng YYYY-MM-DD).")
            return None
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            self.err(f"{where}.{key}", f"'{value}' không phải ngày hợp lệ (YYYY-MM-DD).")
            return None

    def flag(self, obj: dict, key: str, where: str, default: bool = False) -> bool:
        value = obj.get(key, default)
        if not isinstance(value, bool):
            self.err(f"{where}.{key}", "Phải là true hoặc false.")
            return default
        return value

    def items(self, obj: dict, key: str, where: str, *, required: bool = True) -> list:
        value = obj.get(key, [])
        if not isinstance(value, list):
            self.err(f"{where}.{key}", "Phải là một danh sách.")
            return []
        if required and not value:
            self.err(f"{where}.{key}", "Danh sách không được để trống.")
        return value


@dataclass
class ImportResult:
    procedures: int = 0
    versions: int = 0
    decisions: int = 0
    processes: int = 0
    codes: list[str] = field(default_factory=list)


@transaction.atomic
def import_catalog(
    data: Any,
    *,
    province: AdminUnit,
    actor: AbstractBaseUser | None,
    now: datetime,
    publish: bool = True,
) -> ImportResult:
    """Import a catalog document (format ``motcua.catalog/1``; see docs/catalog-import.md).

    Each procedure becomes a new draft version (a procedure not yet known is created); internal
    processes are created for ``province`` and approved when the document names an approval;
    decisions listed in the document are created and, with ``publish``, published. Everything
    is validated first; on any error nothing is written and :class:`CatalogError` lists them all.
    """
    r = _Reader()
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise CatalogError([("format", f'Tệp phải là JSON với "format": "{FORMAT}".')])
    if not province.is_province:
        raise CatalogError([("province", "Phải chọn một tỉnh, thành phố.")])

    types = {t.code: t for t in AgencyType.objects.all()}
    agencies = {a.code: a for a in Agency.objects.all()}
    sectors = {s.code: s for s in Sector.objects.all()}
    for i, s in enumerate(r.items(data, "sectors", "", required=False)):
        w = f"sectors[{i}]"
        code, name = r.text(s, "code", w, max_len=20), r.text(s, "name", w, max_len=200)
        if code and name:
            sectors[code] = Sector.objects.update_or_create(code=code, defaults={"name": name})[0]

    decisions_in = r.items(data, "decisions", "", required=False)
    decision_of: dict[str, tuple[dict, str]] = {}
    for i, d in enumerate(decisions_in):
        for j, item in enumerate(r.items(d, "items", f"decisions[{i}]")):
            w = f"decisions[{i}].items[{j}]"
            code = r.text(item, "procedure", w)
            ctype = r.choice(item, "change_type", w, ChangeType, "new")
            if code in decision_of:
                r.err(w, f"Thủ tục {code} xuất hiện trong hai quyết định của cùng tệp.")
            decision_of[code] = (d, ctype)

    parsed = []
    seen_codes: set[str] = set()
    for i, p in enumerate(r.items(data, "procedures", "")):
        w = f"procedures[{i}]"
        if not isinstance(p, dict):
            r.err(w, "Mỗi thủ tục phải là một đối tượng JSON.")
            continue
        code = r.text(p, "code", w, max_len=40)
        if code in seen_codes:
            r.err(f"{w}.code", f"Mã thủ tục {code} bị trùng trong tệp.")
        seen_codes.add(code)
        parsed.append(_read_procedure(r, p, w, sectors, types, agencies))
    for code in decision_of:
        if code not in seen_codes and not Procedure.objects.filter(code=code).exists():
            r.err("decisions", f"Quyết định nhắc tới thủ tục {code} không có trong tệp.")
    if r.errors:
        raise _locate(r.errors, data.get("_locations"))

    result = ImportResult()
    decisions: dict[int, PublicationDecision] = {}
    for i, d in enumerate(decisions_in):
        w = f"decisions[{i}]"
        number = r.text(d, "number", w, max_len=80)
        if PublicationDecision.objects.filter(number=number).exists():
            r.err(f"{w}.number", f"Quyết định số {number} đã có trong hệ thống.")
            continue
        issuer_code = d.get("issuer") or ""
        issuer = (
            agencies.get(issuer_code)
            or Agency.objects.filter(agency_type__code=issuer_code, unit=province).first()
        )
        decisions[id(d)] = PublicationDecision.objects.create(
            number=number,
            date=r.day(d, "date", w) or now.date(),
            title=r.text(d, "title", w, max_len=500),
            signer=r.text(d, "signer", w, max_len=120),
            signer_title=r.text(d, "signer_title", w, required=False, max_len=120),
            issuer=issuer,
            effective_date=r.day(d, "effective_date", w) or now.date(),
            made_public_at=r.day(d, "made_public_at", w, required=False),
        )
        result.decisions += 1
    if r.errors:
        raise CatalogError(r.errors)

    for item in parsed:
        d, ctype = decision_of.get(item["code"], (None, ChangeType.NEW))
        decision = decisions.get(id(d)) if d is not None else None
        version = _write_version(item, decision, ctype, province, now, result)
        result.versions += 1
        result.codes.append(version.procedure.code)
    if publish:
        for decision in decisions.values():
            publish_decision(decision, actor=actor, now=now)
    audit.record(
        at=now,
        actor=actor,
        action="catalog.import",
        obj=province,
        data={"procedures": result.codes, "decisions": result.decisions},
    )
    return result


def _read_procedure(
    r: _Reader, p: dict, w: str, sectors: dict, types: dict, agencies: dict
) -> dict[str, Any]:
    item: dict[str, Any] = {
        "code": r.text(p, "code", w, max_len=40),
        "name": r.text(p, "name", w, max_len=500),
        "level": r.choice(p, "level", w, Level),
        "online_level": r.choice(p, "online_level", w, OnlineLevel, "none"),
        "internal": r.flag(p, "internal", w),
        "boundary_free": r.flag(p, "boundary_free", w),
        "inter_agency": r.flag(p, "inter_agency", w),
        "steps_text": r.text(p, "steps_text", w),
        "requirements": r.text(p, "requirements", w, required=False),
        "location": r.text(p, "location", w, required=False),
        "note": r.text(p, "note", w, required=False),
        "applicant_types": [str(x) for x in r.items(p, "applicant_types", w)],
        "form_templates": [str(x) for x in r.items(p, "form_templates", w, required=False)],
    }
    sector = p.get("sector")
    if sector not in sectors:
        r.err(f"{w}.sector", f"Lĩnh vực '{sector}' chưa có trong danh mục lĩnh vực.")
    item["sector"] = sectors.get(sector)
    channels = r.items(p, "channels", w)
    for ch in channels:
        if ch not in Channel.values:
            r.err(
                f"{w}.channels",
                f"Cách thức '{ch}' không hợp lệ; chọn: {', '.join(Channel.values)}.",
            )
    item["channels"] = channels
    result = p.get("result") if isinstance(p.get("result"), dict) else {}
    item["result"] = {
        "name": r.text(result, "name", f"{w}.result", max_len=500),
        "electronic": r.flag(result, "electronic", f"{w}.result", True),
        "paper_required": r.flag(result, "paper_required", f"{w}.result", False),
    }
    basis = []
    for j, b in enumerate(r.items(p, "legal_basis", w)):
        bw = f"{w}.legal_basis[{j}]"
        eff = r.day(b, "effective_date", bw, required=False)
        basis.append(
            {
                "number": r.text(b, "number", bw, max_len=80),
                "title": r.text(b, "title", bw, max_len=500),
                "effective_date": eff.isoformat() if eff else None,
            }
        )
    item["legal_basis"] = basis
    item["agencies"] = []
    for j, a in enumerate(r.items(p, "agencies", w)):
        aw = f"{w}.agencies[{j}]"
        role = r.choice(a, "role", aw, AgencyRole)
        agency = agencies.get(a.get("agency") or "")
        type_code = a.get("agency_type") or (agency.agency_type.code if agency else None)
        if a.get("agency") and agency is None:
            r.err(f"{aw}.agency", f"Không có cơ quan mã '{a.get('agency')}'.")
        if type_code not in types:
            r.err(f"{aw}.agency_type", f"Loại cơ quan '{type_code}' không tồn tại.")
        item["agencies"].append((role, types.get(type_code), agency))
    if not any(role == AgencyRole.COMPETENT for role, _t, _a in item["agencies"]):
        r.err(f"{w}.agencies", "Phải có ít nhất một cơ quan có thẩm quyền (role: competent).")

    item["cases"] = []
    case_codes: set[str] = set()
    for j, c in enumerate(r.items(p, "cases", w)):
        cw = f"{w}.cases[{j}]"
        code = r.text(c, "code", cw, max_len=40)
        if code in case_codes:
            r.err(f"{cw}.code", f"Mã trường hợp '{code}' bị trùng.")
        case_codes.add(code)
        tl = c.get("time_limit") if isinstance(c.get("time_limit"), dict) else {}
        amount = r.decimal(tl, "amount", f"{cw}.time_limit")
        unit = r.choice(tl, "unit", f"{cw}.time_limit", TimeUnit)
        otl = c.get("online_time_limit")
        online = None
        if isinstance(otl, dict):
            online = (
                r.decimal(otl, "amount", f"{cw}.online_time_limit"),
                r.choice(otl, "unit", f"{cw}.online_time_limit", TimeUnit),
            )
        cutoff = None
        if c.get("cutoff"):
            try:
                cutoff = time.fromisoformat(str(c["cutoff"]))
            except ValueError:
                r.err(f"{cw}.cutoff", f"Giờ chốt '{c['cutoff']}' không hợp lệ (HH:MM).")
        fees = []
        for k, f in enumerate(r.items(c, "fees", cw, required=False)):
            fw = f"{cw}.fees[{k}]"
            amount_fee = f.get("amount", 0)
            if not isinstance(amount_fee, int) or isinstance(amount_fee, bool) or amount_fee < 0:
                r.err(f"{fw}.amount", "Số tiền phải là số nguyên không âm (đồng).")
                amount_fee = 0
            fees.append(
                {
                    "name": r.text(f, "name", fw, max_len=300),
                    "amount": amount_fee,
                    "mode": r.choice(f, "mode", fw, FeeMode),
                    "description": r.text(f, "description", fw, required=False),
                }
            )
        process = None
        if isinstance(c.get("process"), dict):
            pw = f"{cw}.process"
            steps = []
            for k, s in enumerate(r.items(c["process"], "steps", pw)):
                sw = f"{pw}.steps[{k}]"
                steps.append(
                    {
                        "name": r.text(s, "name", sw, max_len=500),
                        "role": r.choice(s, "role", sw, Role),
                        "amount": r.decimal(s, "amount", sw),
                        "unit": r.choice(s, "unit", sw, TimeUnit),
                        "form": str(s.get("form") or ""),
                        "send_back": r.flag(s, "send_back", sw),
                        "counts": r.flag(s, "counts", sw, True),
                    }
                )
            no_due = c.get("no_due_date") is True
            problem = budget_problem(
                amount, unit, [(s["amount"], s["unit"], s["counts"]) for s in steps]
            )
            if problem and not no_due and steps:
                r.err(f"{pw}.steps", problem)
            process = {
                "code": r.text(c["process"], "code", pw, max_len=40),
                "approval": str(c["process"].get("approval") or ""),
                "steps": steps,
            }
        item["cases"].append(
            {
                "code": code,
                "name": r.text(c, "name", cw, max_len=500),
                "amount": amount,
                "unit": unit,
                "online": online,
                "cutoff": cutoff,
                "cutoff_reading": r.choice(c, "cutoff_reading", cw, _Reading, "b"),
                "supplement_clock": r.choice(c, "supplement_clock", cw, SupplementClock, "pause"),
                "no_due_date": r.flag(c, "no_due_date", cw),
                "skip_holidays": r.flag(c, "calendar_days_skip_holidays", cw),
                "supplement_expiry": r.choice(c, "supplement_expiry", cw, _Expiry, "deny"),
                "excluded_phases": _phases(r, c, cw),
                "fees": fees,
                "process": process,
            }
        )
    item["components"] = []
    for j, comp in enumerate(r.items(p, "components", w)):
        kw = f"{w}.components[{j}]"
        qty = comp.get("quantity", 1)
        if not isinstance(qty, int) or isinstance(qty, bool) or qty < 1:
            r.err(f"{kw}.quantity", "Số lượng phải là số nguyên dương.")
            qty = 1
        comp_cases = [str(x) for x in r.items(comp, "cases", kw, required=False)]
        for cc in comp_cases:
            if cc not in case_codes:
                r.err(f"{kw}.cases", f"Không có trường hợp mã '{cc}'.")
        item["components"].append(
            {
                "name": r.text(comp, "name", kw, max_len=1000),
                "copy_type": r.choice(comp, "copy_type", kw, CopyType),
                "quantity": qty,
                "required": r.flag(comp, "required", kw, True),
                "form_template": str(comp.get("form_template") or "")[:500],
                "national_doc_code": str(comp.get("national_doc_code") or "")[:40],
                "cases": comp_cases,
            }
        )
    return item


def _write_version(
    item: dict[str, Any],
    decision: PublicationDecision | None,
    change_type: str,
    province: AdminUnit,
    now: datetime,
    result: ImportResult,
) -> ProcedureVersion:
    procedure = Procedure.objects.filter(code=item["code"]).first()
    if procedure is None:
        procedure = Procedure.objects.create(
            code=item["code"],
            name=item["name"],
            sector=item["sector"],
            level=item["level"],
            online_level=item["online_level"],
            is_internal=item["internal"],
            boundary_free=item["boundary_free"],
        )
        result.procedures += 1
    last = procedure.versions.aggregate(n=Max("number"))["n"] or 0
    version = ProcedureVersion.objects.create(
        procedure=procedure,
        number=last + 1,
        change_type=change_type,
        decision=decision,
        replaces=procedure.versions.filter(number=last).first(),
        name=item["name"],
        sector=item["sector"],
        level=item["level"],
        is_internal=item["internal"],
        online_level=item["online_level"],
        boundary_free=item["boundary_free"],
        is_inter_agency=item["inter_agency"],
        channels=item["channels"],
        applicant_types=item["applicant_types"],
        steps_text=item["steps_text"],
        requirements=item["requirements"],
        location=item["location"],
        result_name=item["result"]["name"],
        result_electronic=item["result"]["electronic"],
        result_paper_required=item["result"]["paper_required"],
        legal_basis=item["legal_basis"],
        form_templates=item["form_templates"],
        note=item["note"],
        created_at=now,
    )
    VersionAgency.objects.bulk_create(
        VersionAgency(version=version, role=role, agency_type=t, agency=a)
        for role, t, a in item["agencies"]
    )
    cases: dict[str, ProcedureCase] = {}
    for order, c in enumerate(item["cases"]):
        case = ProcedureCase.objects.create(
            version=version,
            code=c["code"],
            name=c["name"],
            order=order,
            time_amount=c["amount"],
            time_unit=c["unit"],
            online_time_amount=c["online"][0] if c["online"] else None,
            online_time_unit=c["online"][1] if c["online"] else "",
            cutoff_time=c["cutoff"],
            cutoff_reading=c["cutoff_reading"],
            supplement_clock=c["supplement_clock"],
            calendar_days_skip_holidays=c["skip_holidays"],
            no_due_date=c["no_due_date"],
            supplement_expiry=c["supplement_expiry"],
            excluded_phases=c["excluded_phases"],
        )
        cases[c["code"]] = case
        Fee.objects.bulk_create(Fee(case=case, **f) for f in c["fees"])
        if c["process"]:
            process = InternalProcess.objects.create(
                case=case, province=province, code=c["process"]["code"]
            )
            ProcessStep.objects.bulk_create(
                ProcessStep(
                    process=process,
                    order=k + 1,
                    name=s["name"],
                    role=s["role"],
                    amount=s["amount"],
                    unit=s["unit"],
                    output_form=s["form"][:200],
                    send_back_allowed=s["send_back"],
                    counts_toward_limit=s["counts"],
                )
                for k, s in enumerate(c["process"]["steps"])
            )
            approval = c["process"]["approval"] or (
                f"Phê duyệt kèm {decision}" if decision is not None else ""
            )
            if approval:
                approve_process(process, approval_ref=approval, actor=None, now=now)
            result.processes += 1
    for order, comp in enumerate(item["components"]):
        component = Component.objects.create(
            version=version,
            order=order,
            name=comp["name"],
            copy_type=comp["copy_type"],
            quantity=comp["quantity"],
            required=comp["required"],
            form_template=comp["form_template"],
            national_doc_code=comp["national_doc_code"],
        )
        if comp["cases"]:
            component.cases.set([cases[code] for code in comp["cases"]])
    return version
