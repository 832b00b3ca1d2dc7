"""Who may see which unit's figures, and how scopes and periods are read from a request."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.base_user import AbstractBaseUser

from motcua.core.errors import DomainError
from motcua.directory.models import AdminUnit, Agency, Role
from motcua.directory.selectors import grants, is_administrator, visible_agencies
from motcua.indicators.models import DossierFact
from motcua.indicators.selectors import Scope
from motcua.reports import periods


class AccessError(DomainError):
    """A refused request for figures."""


def _supervised_provinces(user: AbstractBaseUser, on: date) -> list[AdminUnit]:
    if is_administrator(user):
        ids = Agency.objects.values_list("unit__parent_id", "unit_id")
        pks = {p or u for p, u in ids}
        return list(AdminUnit.objects.filter(pk__in=pks, parent__isnull=True).order_by("name"))
    out = {}
    for g in grants(user, on):
        if g.role != Role.SUPERVISOR:
            continue
        unit = Agency.objects.select_related("unit").get(pk=g.agency_id).unit
        province = unit if unit.parent_id is None else AdminUnit.objects.get(pk=unit.parent_id)
        out[province.pk] = province
    return list(out.values())


def allowed_scopes(user: AbstractBaseUser, on: date) -> list[tuple[Scope, str]]:
    """The units offered in the filters: provinces supervised, their agencies, their communes
    with dossiers; for an agency's staff, their own agencies."""
    out: list[tuple[Scope, str]] = []
    provinces = _supervised_provinces(user, on)
    active = set(DossierFact.objects.values_list("agency_id", flat=True).distinct())
    for p in provinces:
        out.append((Scope("province", p.pk), f"Toàn tỉnh {p.name}"))
        for a in Agency.objects.filter(unit=p, pk__in=active).order_by("name"):
            out.append((Scope("agency", a.pk), f"— {a.name}"))
        communes = (
            AdminUnit.objects.filter(parent=p, agencies__pk__in=active).distinct().order_by("name")
        )
        for c in communes:
            out.append((Scope("commune", c.pk), f"— {c.name}"))
    if not provinces:
        for a in visible_agencies(user, on).order_by("name"):
            out.append((Scope("agency", a.pk), a.name))
    return out


def can_see(user: AbstractBaseUser, scope: Scope, on: date) -> bool:
    if not user.is_authenticated:
        return False
    if is_administrator(user):
        return True
    provinces = {p.pk for p in _supervised_provinces(user, on)}
    if scope.kind == "province":
        return scope.id in provinces
    if scope.kind == "commune":
        unit = AdminUnit.objects.filter(pk=scope.id).first()
        if unit is None:
            return False
        return unit.parent_id in provinces or visible_agencies(user, on).filter(unit=unit).exists()
    agency = Agency.objects.select_related("unit").filter(pk=scope.id).first()
    if agency is None:
        return False
    province_id = agency.unit.parent_id or agency.unit_id
    return province_id in provinces or visible_agencies(user, on).filter(pk=agency.pk).exists()


def parse_scope(text: str | None) -> Scope | None:
    if not text:
        return None
    kind, _, ident = text.partition(":")
    if kind not in ("province", "agency", "commune") or not ident.isdigit():
        raise AccessError(
            "invalid_scope",
            "Đơn vị không hợp lệ: dùng province:<mã>, agency:<mã> hoặc commune:<mã>.",
            errors={"scope": ["Sai định dạng."]},
        )
    return Scope(kind, int(ident))  # type: ignore[arg-type]


def scope_param(scope: Scope) -> str:
    return f"{scope.kind}:{scope.id}"


def resolve_scope(user: AbstractBaseUser, text: str | None, on: date) -> Scope:
    scope = parse_scope(text)
    if scope is None:
        choices = allowed_scopes(user, on)
        if not choices:
            raise AccessError(
                "forbidden", "Tài khoản không có quyền xem số liệu giám sát.", status=403
            )
        return choices[0][0]
    if not can_see(user, scope, on):
        raise AccessError("forbidden", "Bạn không có quyền xem số liệu của đơn vị này.", status=403)
    return scope


def _int(value: str | None, name: str, lo: int, hi: int) -> int | None:
    if value in (None, ""):
        return None
    try:
        n = int(value)
    except ValueError:
        n = None
    if n is None or not lo <= n <= hi:
        raise AccessError("invalid_period", f"{name} không hợp lệ.", errors={name: ["Sai."]})
    return n


def parse_period(params, today: date) -> tuple[date, date, str]:
    """A period from ``start``/``end`` (any range) or ``frequency`` (month, quarter, half,
    nine_months, year) with ``year``, ``n`` and ``period_kind`` (calendar or nd09).
    Default: the current year to date."""
    start_s, end_s = params.get("start"), params.get("end")
    if start_s or end_s:
        try:
            start = date.fromisoformat(start_s or "")
            end = date.fromisoformat(end_s or "")
        except ValueError as exc:
            raise AccessError(
                "invalid_period",
                "Ngày phải có dạng YYYY-MM-DD (cả từ ngày và đến ngày).",
                errors={"start": ["Sai."]},
            ) from exc
        if end < start:
            raise AccessError(
                "invalid_period", "Đến ngày phải sau từ ngày.", errors={"end": ["Sai."]}
            )
        if (end - start).days > 3660:
            raise AccessError("invalid_period", "Kỳ dài tối đa 10 năm.", errors={"end": ["Sai."]})
        return start, end, f"Từ {start:%d/%m/%Y} đến {end:%d/%m/%Y}"
    frequency = params.get("frequency") or "year"
    if frequency not in periods.FREQUENCY_LABEL:
        raise AccessError("invalid_period", "Loại kỳ không hợp lệ.", errors={"frequency": ["Sai."]})
    kind = params.get("period_kind") or "calendar"
    if kind not in periods.KIND_LABEL:
        raise AccessError("invalid_period", "Cách tính kỳ không hợp lệ.")
    year = _int(params.get("year"), "year", 2000, 2100) or today.year
    limit = {"month": 12, "quarter": 4, "half": 2}.get(frequency)
    n = _int(params.get("n"), "n", 1, limit) if limit else None
    if limit and n is None:
        n = {"month": today.month, "quarter": (today.month - 1) // 3 + 1, "half": 1}[frequency]
    start, end = periods.window(kind, frequency, year, n)
    label = periods.label(kind, frequency, year, n)
    if frequency == "year" and kind == "calendar" and year == today.year and not params.get("full"):
        end = min(end, today)
        label = f"Năm {year} (đến {end:%d/%m})"
    return start, end, label
