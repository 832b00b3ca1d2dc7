"""Write side of the review: plans, review forms, proposals, compliance costs, the hourly-income
setting, and the adoption of a proposal through the catalog's publication-decision flow.

Every function opens its own transaction, validates everything first and raises
:class:`ReviewError` (a Vietnamese message, a code and the field errors) without writing
anything when the input is wrong. Time (``now``, ``today``) is passed in.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import Max

from motcua.catalog import selectors as catalog_selectors
from motcua.catalog.exchange import version_document as version_document_with_ids
from motcua.catalog.models import (
    ChangeType,
    Channel,
    Procedure,
    ProcedureCase,
    ProcedureVersion,
    TimeUnit,
)
from motcua.catalog.services import CatalogError, budget_problem, import_catalog
from motcua.core import audit
from motcua.core.errors import DomainError
from motcua.directory.models import AdminUnit, Agency
from motcua.review import cost as C
from motcua.review import selectors
from motcua.review.models import (
    ELEMENTS,
    ComplianceCost,
    CostRow,
    HourlyIncome,
    ItemStatus,
    NSource,
    ReviewItem,
    ReviewPlan,
    Scenario,
)

FORMAT = "motcua.catalog/1"
_GROUPED = re.compile(r"-?\d{1,3}(\.\d{3})+")


class ReviewError(DomainError):
    """A refused review action (code + Vietnamese message + field errors)."""


def _invalid(errors: dict[str, str], message: str = "Dữ liệu chưa hợp lệ.") -> ReviewError:
    return ReviewError("invalid", message, errors=errors)


def _decimal(
    value: Any,
    field: str,
    errors: dict[str, str],
    *,
    default: Decimal | None = None,
    money: bool = False,
) -> Decimal | None:
    """A non-negative decimal from a form or JSON value. A comma is the decimal mark
    ("1.234,5" or "0,5"); for amounts of money a dot groups thousands ("40.000")."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return default
    text = str(value).strip().replace(" ", "").replace("\u00a0", "")
    if isinstance(value, str):
        if "," in text:  # Vietnamese: "1.234,5"
            text = text.replace(".", "").replace(",", ".")
        elif money and _GROUPED.fullmatch(text):  # "40.000" đồng is forty thousand
            text = text.replace(".", "")
    try:
        d = Decimal(text)
    except (InvalidOperation, ValueError):
        errors[field] = f"“{value}” không phải là số."
        return default
    if not d.is_finite() or d < 0:
        errors[field] = "Phải là số không âm."
        return default
    return d


# --- hourly income ------------------------------------------------------------------------


@transaction.atomic
def set_hourly_income(
    *,
    year: int,
    amount: Any,
    source: str,
    income: Any = None,
    working_days: Any = None,
    user: AbstractBaseUser | None,
    now: datetime,
) -> HourlyIncome:
    """Save the hourly income of a data year (thu nhập bình quân 1 giờ, editable by the admin).

    Either ``amount`` (đồng/giờ) is given, or ``income`` and ``working_days`` from which it is
    derived (income / working days / 8 giờ, to the đồng)."""
    errors: dict[str, str] = {}
    value = _decimal(amount, "amount", errors, money=True)
    inc = _decimal(income, "income", errors, money=True)
    days = _decimal(working_days, "working_days", errors)
    if not source or not source.strip():
        errors["source"] = "Cần ghi nguồn số liệu (ví dụ: Tổng cục Thống kê, năm 2024)."
    if not (1990 <= int(year or 0) <= 2100):
        errors["year"] = "Năm số liệu không hợp lệ."
    if value is None and not errors:
        if inc is None or not days:
            errors["amount"] = "Nhập số đồng/giờ, hoặc thu nhập bình quân và số ngày làm việc."
        else:
            value = C.hourly_from_income(inc, days)
    if value is not None and value <= 0:
        errors["amount"] = "Thu nhập 1 giờ phải lớn hơn 0."
    if errors:
        raise _invalid(errors)
    row, _created = HourlyIncome.objects.update_or_create(
        year=year,
        defaults={
            "amount": value,
            "source": source.strip(),
            "income": inc,
            "working_days": days,
            "updated_at": now,
            "updated_by": user if user and user.is_authenticated else None,
        },
    )
    audit.record(at=now, actor=user, action="review.hourly_income", obj=row, data={"year": year})
    return row


# --- plans and items ----------------------------------------------------------------------


@transaction.atomic
def create_plan(
    *,
    agency: Agency,
    year: int,
    title: str,
    number: str = "",
    legal_basis: str = "",
    hourly_income: HourlyIncome | None = None,
    targets: dict[str, Any] | None = None,
    user: AbstractBaseUser | None,
    now: datetime,
) -> ReviewPlan:
    """Lập kế hoạch rà soát, đánh giá TTHC of an agency for a year."""
    errors: dict[str, str] = {}
    if not title or not title.strip():
        errors["title"] = "Cần nhập tên kế hoạch."
    if not (2000 <= int(year or 0) <= 2100):
        errors["year"] = "Năm không hợp lệ."
    hourly_income = hourly_income or selectors.current_hourly_income()
    if hourly_income is None:
        errors["hourly_income"] = "Chưa có thu nhập bình quân 1 giờ; quản trị cần nhập trước."
    values = {}
    for key in ("cost_target", "time_target", "internal_cost_target", "internal_time_target"):
        v = _decimal((targets or {}).get(key), key, errors)
        if v is not None:
            if v > 100:
                errors[key] = "Tỷ lệ phải từ 0 đến 100."
            values[key] = v
    if errors:
        raise _invalid(errors)
    plan = ReviewPlan.objects.create(
        agency=agency,
        year=year,
        title=title.strip(),
        number=number.strip(),
        legal_basis=legal_basis.strip(),
        hourly_income=hourly_income,
        created_at=now,
        created_by=user if user and user.is_authenticated else None,
        **values,
    )
    audit.record(at=now, actor=user, action="review.plan.create", obj=plan)
    return plan


def _fee_total(case: ProcedureCase) -> Decimal:
    return sum((Decimal(f.amount) for f in case.fees.all()), Decimal(0))


def _case_days(case: ProcedureCase) -> Decimal:
    return C.limit_in_days(case.time_amount, case.time_unit)


@transaction.atomic
def add_procedure(
    plan: ReviewPlan,
    *,
    procedure: Procedure,
    case_code: str | None = None,
    today: date,
    now: datetime,
    user: AbstractBaseUser | None = None,
) -> ReviewItem:
    """Put a procedure on the plan: the version in force today and one of its cases are
    reviewed; the "before" cost is prefilled from the catalog (the time limit as waiting time,
    1 ngày làm việc = 8 giờ, and the case's fees) and N from last year's dossiers when motcua
    has any (marked "đo từ hệ thống")."""
    version = catalog_selectors.version_in_force(procedure, today)
    if version is None:
        raise ReviewError("not_in_force", "Thủ tục không còn hiệu lực, không thể đưa vào rà soát.")
    cases = list(version.cases.prefetch_related("fees"))
    if not cases:
        raise ReviewError("no_case", "Thủ tục chưa có trường hợp (thời hạn) nào trong danh mục.")
    case = next((c for c in cases if c.code == case_code), None) if case_code else cases[0]
    if case is None:
        raise _invalid({"case": f"Thủ tục không có trường hợp mã “{case_code}”."})
    if plan.items.filter(procedure=procedure).exists():
        raise ReviewError("duplicate", "Thủ tục đã có trong kế hoạch.", status=409)
    order = (plan.items.aggregate(n=Max("order"))["n"] or 0) + 1
    item = ReviewItem.objects.create(
        plan=plan, order=order, procedure=procedure, version=version, case=case, updated_at=now
    )
    hourly = plan.hourly_income
    before = ComplianceCost.objects.create(
        item=item,
        scenario=Scenario.BEFORE,
        hourly_income=hourly.amount,
        hourly_income_source=f"{hourly.source} (năm {hourly.year})",
        frequency=Decimal(1),
        time_amount=case.time_amount,
        time_unit=case.time_unit,
    )
    rows = [
        CostRow(
            cost=before,
            order=1,
            label=f"Thời gian giải quyết theo quy định ({case.time_limit_text})",
            hours=C.days_to_hours(_case_days(case)),
        )
    ]
    fees = _fee_total(case)
    if fees:
        rows.append(CostRow(cost=before, order=2, label="Nộp phí, lệ phí", fee=fees))
    CostRow.objects.bulk_create(rows)
    refresh_measured_n(item, today=today)
    audit.record(at=now, actor=user, action="review.item.add", obj=item)
    return item


def last_year(plan_year: int) -> tuple[date, date]:
    """The period whose dossiers inform a plan: the calendar year before the plan's year."""
    return date(plan_year - 1, 1, 1), date(plan_year - 1, 12, 31)


@transaction.atomic
def refresh_measured_n(item: ReviewItem, *, today: date) -> bool:
    """Set N of both scenarios from the dossiers of last year when motcua has any; True if set."""
    start, end = last_year(item.plan.year)
    observed_end = min(end, today)
    if observed_end < start:
        return False
    m = selectors.measured(item.procedure_id, start, observed_end, today=today, case=item.case)
    if not m.received:
        return False
    n = Decimal(m.received)
    period = f"{start:%d/%m/%Y}–{observed_end:%d/%m/%Y}"
    if observed_end < end:  # the year is not over: scale what was seen to the whole year
        seen, whole = (observed_end - start).days + 1, (end - start).days + 1
        n = (n * whole / seen).quantize(Decimal(1))
        period += f", quy đổi cả năm từ {m.received} hồ sơ trong {seen} ngày"
    ComplianceCost.objects.filter(item=item).update(
        n_per_year=n, n_source=NSource.MEASURED, n_period=period[:200]
    )
    ComplianceCost.objects.filter(item=item, scenario=Scenario.BEFORE).update(
        actual_days=m.avg_days
    )
    return True


@transaction.atomic
def save_assessment(
    item: ReviewItem,
    *,
    necessity_ok: bool | None,
    necessity: str,
    assessment: dict[str, Any],
    legality_ok: bool | None,
    legality: str,
    user: AbstractBaseUser | None,
    now: datetime,
) -> ReviewItem:
    """Save the review form: necessity, reasonableness of each element, legality."""
    errors: dict[str, str] = {}
    clean: dict[str, dict[str, Any]] = {}
    for key, value in (assessment or {}).items():
        if key not in ELEMENTS:
            errors[f"assessment.{key}"] = "Bộ phận không có trong biểu mẫu rà soát."
            continue
        if not isinstance(value, dict):
            errors[f"assessment.{key}"] = "Phải là {ok, note, proposal}."
            continue
        ok = value.get("ok")
        if ok not in (True, False, None):
            errors[f"assessment.{key}.ok"] = "Phải là true, false hoặc null."
        clean[key] = {
            "ok": ok,
            "note": str(value.get("note") or "").strip(),
            "proposal": str(value.get("proposal") or "").strip(),
        }
        if ok is False and not clean[key]["note"]:
            errors[f"assessment.{key}.note"] = "Bộ phận chưa hợp lý: cần nêu lý do."
    if necessity_ok is False and not necessity.strip():
        errors["necessity"] = "Thủ tục không cần thiết: cần nêu lý do."
    if legality_ok is False and not legality.strip():
        errors["legality"] = "Chưa hợp pháp: cần nêu lý do."
    if errors:
        raise _invalid(errors)
    item.necessity_ok, item.necessity = necessity_ok, necessity.strip()
    item.assessment = clean
    item.legality_ok, item.legality = legality_ok, legality.strip()
    if item.status == ItemStatus.PENDING:
        item.status = ItemStatus.REVIEWED
    item.updated_at = now
    item.save()
    audit.record(at=now, actor=user, action="review.item.assess", obj=item)
    return item


def _clean_changes(item: ReviewItem, changes: dict[str, Any], errors: dict[str, str]) -> dict:
    """Validate a proposal's structured changes against the reviewed version."""
    out: dict[str, Any] = {}
    version, case = item.version, item.case
    tl = changes.get("time_limit")
    if tl:
        amount = _decimal(tl.get("amount"), "time_limit.amount", errors)
        unit = tl.get("unit") or case.time_unit
        if unit not in TimeUnit.values:
            errors["time_limit.unit"] = "Đơn vị thời hạn không hợp lệ."
        elif amount is not None:
            if amount <= 0 and unit != TimeUnit.SAME_DAY:
                errors["time_limit.amount"] = "Thời hạn phải lớn hơn 0."
            out["time_limit"] = {"amount": str(amount), "unit": unit}

    def ints(values: Any, field: str) -> list[int]:
        try:
            return [int(x) for x in values or []]
        except (TypeError, ValueError):
            errors[field] = "Phải là danh sách mã số."
            return []

    removed = ints(changes.get("components_removed"), "components_removed")
    known = set(version.components.values_list("pk", flat=True))
    if set(removed) - known:
        errors["components_removed"] = "Thành phần hồ sơ không thuộc phiên bản được rà soát."
    if removed:
        out["components_removed"] = sorted(set(removed) & known)
    fees = {}
    fee_ids = set(case.fees.values_list("pk", flat=True))
    for key, value in (changes.get("fees") or {}).items():
        if not str(key).isdigit() or int(key) not in fee_ids:
            errors[f"fees.{key}"] = "Khoản phí không thuộc trường hợp được rà soát."
            continue
        v = _decimal(value, f"fees.{key}", errors, money=True)
        if v is not None:
            fees[str(int(key))] = int(v)
    if fees:
        out["fees"] = fees
    channels = changes.get("channels")
    if channels:
        bad = [c for c in channels if c not in Channel.values]
        if bad:
            errors["channels"] = f"Cách thức không hợp lệ: {', '.join(map(str, bad))}."
        else:
            out["channels"] = list(dict.fromkeys(channels))
    steps = {}
    step_ids = {s.pk for p in case.processes.all() for s in p.steps.all()}
    for key, value in (changes.get("steps") or {}).items():
        if not str(key).isdigit() or int(key) not in step_ids:
            errors[f"steps.{key}"] = "Bước không thuộc quy trình nội bộ của trường hợp."
            continue
        v = _decimal(value, f"steps.{key}", errors)
        if v is not None:
            steps[str(int(key))] = str(v)
    if steps:
        out["steps"] = steps
    return out


@transaction.atomic
def save_proposal(
    item: ReviewItem,
    *,
    proposal: str,
    reasons: str = "",
    recommendation: str = "",
    changes: dict[str, Any] | None = None,
    user: AbstractBaseUser | None,
    now: datetime,
) -> ReviewItem:
    """Save the simplification proposal (phương án đơn giản hóa) and its structured changes.

    The "after" cost is created, on first save, as a copy of the "before" cost with the
    proposed time limit (the waiting-time row rescaled) and the proposed fees."""
    if item.status == ItemStatus.ADOPTED:
        raise ReviewError("adopted", "Phương án đã chuyển công bố, không sửa được.", status=409)
    errors: dict[str, str] = {}
    if not proposal or not proposal.strip():
        errors["proposal"] = "Cần nêu nội dung phương án đơn giản hóa."
    clean = _clean_changes(item, changes or {}, errors)
    if errors:
        raise _invalid(errors)
    item.proposal, item.reasons = proposal.strip(), reasons.strip()
    item.recommendation, item.changes = recommendation.strip(), clean
    item.status = ItemStatus.PROPOSED
    item.updated_at = now
    item.save()
    _ensure_after(item)
    _follow_time_limit(item)
    audit.record(at=now, actor=user, action="review.item.propose", obj=item, data=clean)
    return item


def _ensure_after(item: ReviewItem) -> None:
    before = item.costs.filter(scenario=Scenario.BEFORE).first()
    if before is None or item.costs.filter(scenario=Scenario.AFTER).exists():
        return
    rows = list(before.rows.all())
    after = ComplianceCost.objects.get(pk=before.pk)
    after.pk, after.scenario = None, Scenario.AFTER
    tl = item.changes.get("time_limit")
    old_days = C.limit_in_days(before.time_amount, before.time_unit) if before.time_amount else None
    if tl:
        after.time_amount, after.time_unit = Decimal(tl["amount"]), tl["unit"]
    after.save()
    new_days = C.limit_in_days(after.time_amount, after.time_unit) if after.time_amount else None
    fee_ratio = None
    if item.changes.get("fees"):
        old = _fee_total(item.case)
        new = old - sum(
            (Decimal(f.amount) - Decimal(item.changes["fees"].get(str(f.pk), f.amount)))
            for f in item.case.fees.all()
        )
        fee_ratio = (old, new)
    waiting_done = False
    for r in rows:
        r.pk, r.cost = None, after
        if (
            not waiting_done
            and old_days is not None
            and new_days is not None
            and r.hours == C.days_to_hours(old_days)
        ):  # the waiting-time row (thời hạn × 8 giờ) follows the proposed time limit
            waiting_done = True
            r.hours = C.days_to_hours(new_days)
            r.label = f"Chờ giải quyết theo phương án ({C.num(new_days)} ngày)"
        if fee_ratio and r.fee == fee_ratio[0]:
            r.fee = fee_ratio[1]
        r.save()


def _follow_time_limit(item: ReviewItem) -> None:
    """When the proposed time limit changes, the "after" cost follows it: its T, and the
    waiting-time row while it still equals the previous limit × 8 giờ."""
    tl = (item.changes or {}).get("time_limit")
    after = item.costs.filter(scenario=Scenario.AFTER).first()
    if not tl or after is None:
        return
    amount, unit = Decimal(tl["amount"]), tl["unit"]
    if after.time_amount == amount and after.time_unit == unit:
        return
    if after.time_amount is not None and after.time_unit:
        old_hours = C.days_to_hours(C.limit_in_days(after.time_amount, after.time_unit))
        new_days = C.limit_in_days(amount, unit)
        row = after.rows.filter(hours=old_hours).order_by("order").first()
        if row is not None:
            row.hours = C.days_to_hours(new_days)
            row.label = f"Chờ giải quyết theo phương án ({C.num(new_days)} ngày)"
            row.save(update_fields=["hours", "label"])
    after.time_amount, after.time_unit = amount, unit
    after.save(update_fields=["time_amount", "time_unit"])


@transaction.atomic
def save_cost(
    item: ReviewItem,
    *,
    scenario: str,
    rows: list[dict[str, Any]],
    n_per_year: Any,
    frequency: Any,
    hourly_income: Any = None,
    hourly_income_source: str | None = None,
    n_source: str | None = None,
    time_amount: Any = None,
    time_unit: str | None = None,
    user: AbstractBaseUser | None,
    now: datetime,
) -> ComplianceCost:
    """Save one scenario of the cost form (rows replace the previous ones)."""
    if scenario not in Scenario.values:
        raise _invalid({"scenario": "Phải là before hoặc after."})
    errors: dict[str, str] = {}
    clean_rows = []
    for i, r in enumerate(rows):
        label = str(r.get("label") or "").strip()
        values = {
            k: _decimal(r.get(k), f"rows.{i}.{k}", errors, default=Decimal(0), money=k != "hours")
            for k in ("hours", "fee", "service", "other")
        }
        if not label:
            if any(values.values()):
                errors[f"rows.{i}.label"] = "Cần ghi tên công việc."
            continue
        clean_rows.append((label[:500], values))
    if not clean_rows:
        errors["rows"] = "Cần ít nhất một công việc."
    n = _decimal(n_per_year, "n_per_year", errors)
    if n is None:
        errors["n_per_year"] = "Cần nhập số lượng đối tượng (hồ sơ) / năm."
    f = _decimal(frequency, "frequency", errors, default=Decimal(1))
    hourly = _decimal(hourly_income, "hourly_income", errors, money=True)
    t_amount = _decimal(time_amount, "time_amount", errors)
    if time_unit and time_unit not in TimeUnit.values:
        errors["time_unit"] = "Đơn vị thời hạn không hợp lệ."
    if n_source and n_source not in NSource.values:
        errors["n_source"] = "Nguồn số lượng không hợp lệ."
    if errors:
        raise _invalid(errors)
    cost = item.costs.filter(scenario=scenario).first()
    if cost is None:
        base = item.plan.hourly_income
        cost = ComplianceCost(
            item=item,
            scenario=scenario,
            hourly_income=base.amount,
            hourly_income_source=f"{base.source} (năm {base.year})",
        )
    if hourly is not None:
        cost.hourly_income = hourly
    if hourly_income_source:
        cost.hourly_income_source = hourly_income_source.strip()[:300]
    if n != cost.n_per_year and n_source is None:
        n_source = NSource.MANUAL
    cost.n_per_year, cost.frequency = n, f
    if n_source:
        cost.n_source = n_source
        if n_source == NSource.MANUAL:
            cost.n_period = ""
    if t_amount is not None:
        cost.time_amount = t_amount
        cost.time_unit = time_unit or cost.time_unit or item.case.time_unit
    cost.save()
    cost.rows.all().delete()
    CostRow.objects.bulk_create(
        CostRow(cost=cost, order=i + 1, label=label, **values)
        for i, (label, values) in enumerate(clean_rows)
    )
    item.updated_at = now
    item.save(update_fields=["updated_at"])
    audit.record(at=now, actor=user, action="review.cost.save", obj=cost)
    return cost


# --- adoption: a new procedure version through the catalog --------------------------------


def _dec(d: Decimal | None) -> str | None:
    return None if d is None else format(d.normalize(), "f")


def version_document(version: ProcedureVersion, province: AdminUnit) -> dict[str, Any]:
    """The procedure of ``version`` in the catalog's import format (motcua.catalog/1), with
    row ids to address the proposal's changes; its internal process becomes a new draft (no
    approval reference)."""
    doc = version_document_with_ids(
        catalog_selectors.version_detail(version.pk), province_code=province.code, with_ids=True
    )
    for case in doc["cases"]:
        if case["process"]:
            case["process"]["approval"] = ""
    return doc


def _fit_steps(limit: Decimal, unit: str, steps: list[dict]) -> str | None:
    """Make counted step budgets add up to the new limit by changing the longest counted step
    (the thẩm định step in practice) by the difference; return a problem if impossible."""

    def problem() -> str | None:
        return budget_problem(
            limit, unit, [(Decimal(s["amount"]), s["unit"], s["counts"]) for s in steps]
        )

    if problem() is None:
        return None
    counted = [s for s in steps if s["counts"]]
    if not counted:
        return problem()
    hourly = unit in (TimeUnit.WORKING_DAYS, TimeUnit.WORKING_HOURS, TimeUnit.SAME_DAY)

    def size(s: dict) -> Decimal:
        a = Decimal(s["amount"])
        return a * C.HOURS_PER_WORKING_DAY if hourly and s["unit"] == TimeUnit.WORKING_DAYS else a

    target = C.limit_in_days(limit, unit) * C.HOURS_PER_WORKING_DAY if hourly else Decimal(limit)
    longest = max(counted, key=size)
    diff = target - sum((size(s) for s in counted), Decimal(0))
    if hourly and longest["unit"] == TimeUnit.WORKING_DAYS:
        diff = diff / C.HOURS_PER_WORKING_DAY
    new = Decimal(longest["amount"]) + diff
    if new > 0:
        longest["amount"] = _dec(new)
    return problem()


def apply_changes(doc: dict[str, Any], item: ReviewItem) -> tuple[dict[str, Any], list[str]]:
    """Apply the proposal's changes to a procedure document; returns it with notes."""
    notes: list[str] = []
    ch = item.changes or {}
    case_doc = next(c for c in doc["cases"] if c["_id"] == item.case_id)
    if ch.get("time_limit"):
        case_doc["time_limit"] = dict(ch["time_limit"])
        online = case_doc.get("online_time_limit")
        if online and Decimal(online["amount"]) > Decimal(ch["time_limit"]["amount"]):
            case_doc["online_time_limit"] = dict(ch["time_limit"])
    for fee in case_doc["fees"]:
        if str(fee["_id"]) in (ch.get("fees") or {}):
            fee["amount"] = int(ch["fees"][str(fee["_id"])])
    if ch.get("components_removed"):
        doc["components"] = [
            c for c in doc["components"] if c["_id"] not in set(ch["components_removed"])
        ]
    if ch.get("channels"):
        doc["channels"] = list(ch["channels"])
    process = case_doc.get("process")
    if process:
        for st in process["steps"]:
            if str(st["_id"]) in (ch.get("steps") or {}):
                st["amount"] = ch["steps"][str(st["_id"])]
        tl = case_doc["time_limit"]
        if not case_doc["no_due_date"]:
            problem = _fit_steps(Decimal(tl["amount"]), tl["unit"], process["steps"])
            if problem:
                notes.append(problem)
    return doc, notes


def _strip_ids(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip_ids(v) for k, v in value.items() if k != "_id"}
    if isinstance(value, list):
        return [_strip_ids(v) for v in value]
    return value


@transaction.atomic
def adopt(
    item: ReviewItem,
    *,
    number: str,
    decision_date: date,
    effective_date: date,
    title: str,
    signer: str,
    signer_title: str = "",
    user: AbstractBaseUser | None,
    now: datetime,
) -> ReviewItem:
    """Chuyển phương án đã được thông qua sang danh mục: a draft publication decision
    (sửa đổi, bổ sung) and a new draft version of the procedure with the proposal applied, made
    by the catalog's own import service; publishing the decision (công bố) is then the
    catalog's flow, after which the new version is in force from the decision's effective date.
    """
    if item.status != ItemStatus.PROPOSED:
        raise ReviewError("not_proposed", "Chỉ chuyển công bố phương án đã lập.", status=409)
    errors: dict[str, str] = {}
    for key, value in (("number", number), ("title", title), ("signer", signer)):
        if not value or not value.strip():
            errors[key] = "Bắt buộc."
    if effective_date < decision_date:
        errors["effective_date"] = "Ngày hiệu lực không được trước ngày ký."
    if errors:
        raise _invalid(errors)
    province = item.plan.agency.unit
    province = province if province.parent_id is None else province.parent
    doc, notes = apply_changes(version_document(item.version, province), item)
    if notes:
        raise ReviewError("steps_budget", " ".join(notes), status=409)
    document = {
        "format": FORMAT,
        "decisions": [
            {
                "number": number.strip(),
                "date": decision_date.isoformat(),
                "title": title.strip(),
                "signer": signer.strip(),
                "signer_title": signer_title.strip(),
                "issuer": item.plan.agency.code,
                "effective_date": effective_date.isoformat(),
                "items": [{"procedure": item.procedure.code, "change_type": ChangeType.AMENDED}],
            }
        ],
        "procedures": [_strip_ids(doc)],
    }
    try:
        result = import_catalog(document, province=province, actor=user, now=now, publish=False)
    except CatalogError as exc:
        raise ReviewError(
            "catalog_invalid",
            "Danh mục không nhận phiên bản mới: "
            + "; ".join(f"{w}: {m}" if w else m for w, m in exc.errors),
            status=409,
        ) from exc
    except IntegrityError as exc:  # pragma: no cover - a race on the decision number
        raise ReviewError("duplicate", "Số quyết định đã tồn tại.", status=409) from exc
    assert result.versions == 1
    new_version = item.procedure.versions.order_by("-number").first()
    item.decision = new_version.decision
    item.new_version = new_version
    item.status = ItemStatus.ADOPTED
    item.updated_at = now
    item.save()
    audit.record(
        at=now,
        actor=user,
        action="review.item.adopt",
        obj=item,
        data={"decision": item.decision.number, "version": new_version.number},
    )
    return item
