"""Write side of the directory: units, agencies, staff roles, delegations."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from motcua.core import audit
from motcua.core.text import fold
from motcua.directory.models import (
    AdminUnit,
    Agency,
    AgencyType,
    Delegation,
    Department,
    Role,
    StaffRole,
    UnitKind,
)

REFORM_DATE = date(2025, 7, 1)
LEGACY_END = date(2025, 6, 30)

_NEW_KIND = {
    "tỉnh": UnitKind.PROVINCE,
    "thành phố trung ương": UnitKind.CITY,
    "xã": UnitKind.COMMUNE,
    "phường": UnitKind.WARD,
    "đặc khu": UnitKind.SPECIAL_ZONE,
}


def _kind(division_type: object) -> str:
    value = str(getattr(division_type, "value", division_type)).lower()
    if value in _NEW_KIND:
        return _NEW_KIND[value]
    if "thị trấn" in value:
        return UnitKind.TOWNSHIP
    if "phường" in value:
        return UnitKind.WARD
    if "thành phố" in value:
        return UnitKind.CITY
    if "tỉnh" in value:
        return UnitKind.PROVINCE
    return UnitKind.COMMUNE


def _upsert(units: list[AdminUnit]) -> None:
    for u in units:
        u.name_folded = fold(u.name)
    AdminUnit.objects.bulk_create(
        units,
        batch_size=500,
        update_conflicts=True,
        unique_fields=["code", "valid_from"],
        update_fields=["name", "kind", "parent", "valid_to", "name_folded"],
    )


@transaction.atomic
def load_units(province_codes: Iterable[int] | None = None, *, legacy: bool = True) -> dict:
    """Load administrative units after the 2025 reform from ``vietnam-provinces``.

    ``province_codes`` limits the load (None: all 34 provinces and 3,321 communes). With
    ``legacy`` the pre-reform provinces and communes that were merged into the loaded ones are
    kept too (valid to 30/6/2025) with successor links to the new units. Idempotent.
    """
    import vietnam_provinces as vp
    from vietnam_provinces._province_conversion_2025 import find_old_provinces
    from vietnam_provinces._ward_conversion_2025 import find_old_wards

    wanted = set(province_codes) if province_codes is not None else None
    provinces = [p for p in vp.Province.iter_all() if wanted is None or int(p.code) in wanted]
    _upsert(
        [
            AdminUnit(
                code=f"{int(p.code):02d}",
                name=p.name,
                kind=_kind(p.division_type),
                valid_from=REFORM_DATE,
            )
            for p in provinces
        ]
    )
    by_code = {
        u.code: u for u in AdminUnit.objects.filter(valid_from=REFORM_DATE, parent__isnull=True)
    }
    codes = {int(p.code) for p in provinces}
    wards = [w for w in vp.Ward.iter_all() if int(w.province_code) in codes]
    _upsert(
        [
            AdminUnit(
                code=f"{int(w.code):05d}",
                name=w.name,
                kind=_kind(w.division_type),
                parent=by_code[f"{int(w.province_code):02d}"],
                valid_from=REFORM_DATE,
            )
            for w in wards
        ]
    )
    stats = {"provinces": len(provinces), "communes": len(wards), "legacy": 0}
    if not legacy:
        return stats

    from vietnam_provinces.legacy import base as old

    new_units = {
        (u.code, u.parent_id is None): u for u in AdminUnit.objects.filter(valid_from=REFORM_DATE)
    }
    old_provinces: dict[int, AdminUnit] = {}
    links: list[tuple[tuple[str, bool], tuple[str, bool]]] = []
    for p in provinces:
        entry = find_old_provinces(int(p.code))
        for ref in entry.old_provinces if entry else ():
            legacy_p = old.Province.from_code(ref.code)
            old_provinces[ref.code] = AdminUnit(
                code=f"{ref.code:02d}",
                name=legacy_p.name,
                kind=_kind(legacy_p.division_type),
                valid_from=date(1900, 1, 1),
                valid_to=LEGACY_END,
            )
            links.append(((f"{ref.code:02d}", True), (f"{int(p.code):02d}", True)))
    _upsert(list(old_provinces.values()))
    old_rows = {
        (u.code, u.parent_id is None): u for u in AdminUnit.objects.filter(valid_to=LEGACY_END)
    }
    old_wards: dict[int, AdminUnit] = {}
    missing: set[int] = set()
    for w in wards:
        entry = find_old_wards(int(w.code))
        for ref in entry.old_wards if entry else ():
            if ref.code in missing:
                continue
            if ref.code not in old_wards:
                try:
                    legacy_w = old.Ward.from_code(ref.code)
                except ValueError:  # the package's mapping names a code its legacy list lacks
                    missing.add(ref.code)
                    continue
                old_wards[ref.code] = AdminUnit(
                    code=f"{ref.code:05d}",
                    name=legacy_w.name,
                    kind=_kind(legacy_w.division_type),
                    parent=old_rows.get((f"{ref.province_code:02d}", True)),
                    valid_from=date(1900, 1, 1),
                    valid_to=LEGACY_END,
                )
            links.append(((f"{ref.code:05d}", False), (f"{int(w.code):05d}", False)))
    _upsert(list(old_wards.values()))
    old_rows = {
        (u.code, u.parent_id is None): u for u in AdminUnit.objects.filter(valid_to=LEGACY_END)
    }
    through = AdminUnit.successors.through
    pairs = {
        (old_rows[a].pk, new_units[b].pk) for a, b in links if a in old_rows and b in new_units
    }
    existing = set(through.objects.values_list("from_adminunit_id", "to_adminunit_id"))
    through.objects.bulk_create(
        [through(from_adminunit_id=a, to_adminunit_id=b) for a, b in pairs - existing],
        batch_size=1000,
    )
    stats["legacy"] = len(old_provinces) + len(old_wards)
    stats["legacy_unknown"] = len(missing)
    return stats


def ensure_agency_types(types: Iterable[dict]) -> dict[str, AgencyType]:
    """Create or update agency types from dicts with code, name, level and flags."""
    result = {}
    for t in types:
        obj, _ = AgencyType.objects.update_or_create(code=t["code"], defaults=t)
        result[obj.code] = obj
    return result


@transaction.atomic
def save_agency(*, code: str, **fields) -> Agency:
    """Create or update an agency identified by its code (validated)."""
    agency = Agency.objects.filter(code=code).first() or Agency(code=code)
    for key, value in fields.items():
        setattr(agency, key, value)
    agency.full_clean()
    agency.save()
    return agency


@transaction.atomic
def save_staff(
    *,
    username: str,
    full_name: str,
    password: str | None,
    roles: Iterable[tuple[Agency, str, Department | None, str]],
    email: str = "",
    is_superuser: bool = False,
) -> AbstractBaseUser:
    """Create or update a staff account and its roles ``(agency, role, department, title)``."""
    User = get_user_model()
    user = User.objects.filter(username=username).first() or User(username=username)
    # Vietnamese names are written family name first and shown whole.
    user.first_name, user.last_name = full_name.strip(), ""
    user.email = email
    user.is_staff = is_superuser or any(r[1] == Role.ADMINISTRATOR for r in roles)
    user.is_superuser = is_superuser
    if not user.pk:  # an existing account keeps the password its owner may have changed
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
    user.save()
    for agency, role, department, title in roles:
        StaffRole.objects.update_or_create(
            user=user,
            agency=agency,
            role=role,
            defaults={"department": department, "title": title},
        )
    return user


@transaction.atomic
def delegate_authority(
    *,
    actor: AbstractBaseUser | None,
    now: datetime,
    agency: Agency,
    delegator: AbstractBaseUser,
    delegate: AbstractBaseUser,
    valid_from: date,
    valid_to: date,
    reason: str,
    decision_ref: str = "",
    role: str = Role.AGENCY_LEADER,
) -> Delegation:
    """Record a date-bounded delegation (ủy quyền) of a leader's authority.

    The delegator must hold ``role`` at ``agency``; the delegate must work at the same agency;
    the range must be ordered and must not overlap another active delegation of the delegator.
    """
    errors: dict[str, str] = {}
    if valid_to < valid_from:
        errors["valid_to"] = "Ngày kết thúc ủy quyền phải sau hoặc bằng ngày bắt đầu."
    if delegator.pk == delegate.pk:
        errors["delegate"] = "Không thể tự ủy quyền cho chính mình."
    if not StaffRole.objects.filter(user=delegator, agency=agency, role=role).exists():
        errors["delegator"] = "Người ủy quyền không giữ vai trò này tại cơ quan."
    if not StaffRole.objects.filter(user=delegate, agency=agency).exists():
        errors["delegate"] = "Người được ủy quyền phải là cán bộ của cùng cơ quan."
    if not reason.strip():
        errors["reason"] = "Cần ghi lý do ủy quyền."
    overlap = Delegation.objects.filter(
        delegator=delegator,
        agency=agency,
        role=role,
        revoked_at__isnull=True,
        valid_from__lte=valid_to,
        valid_to__gte=valid_from,
    )
    if overlap.exists():
        errors["valid_from"] = "Khoảng thời gian trùng với một ủy quyền khác còn hiệu lực."
    if errors:
        raise ValidationError(errors)
    delegation = Delegation.objects.create(
        agency=agency,
        delegator=delegator,
        delegate=delegate,
        role=role,
        valid_from=valid_from,
        valid_to=valid_to,
        reason=reason.strip(),
        decision_ref=decision_ref,
        created_at=now,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    audit.record(
        at=now,
        actor=actor,
        action="delegation.create",
        obj=delegation,
        data={
            "delegator": delegator.get_username(),
            "delegate": delegate.get_username(),
            "from": valid_from.isoformat(),
            "to": valid_to.isoformat(),
        },
    )
    return delegation


@transaction.atomic
def revoke_delegation(
    *, actor: AbstractBaseUser | None, now: datetime, delegation: Delegation
) -> Delegation:
    """Revoke a delegation from ``now`` on (thu hồi ủy quyền); audited."""
    if delegation.revoked_at is not None:
        raise ValidationError("Ủy quyền này đã bị thu hồi.")
    Delegation.objects.filter(pk=delegation.pk).update(revoked_at=now)
    delegation.revoked_at = now
    audit.record(at=now, actor=actor, action="delegation.revoke", obj=delegation)
    return delegation


def active_delegations_q(on: date) -> Q:
    return Q(revoked_at__isnull=True, valid_from__lte=on, valid_to__gte=on)
