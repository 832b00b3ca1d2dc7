"""Read side of the directory: who may see and act on what (phạm vi dữ liệu)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Q, QuerySet

from motcua.directory.models import AdminUnit, Agency, Delegation, Role, StaffRole


@dataclass(frozen=True)
class Grant:
    """One role a person holds at an agency on a given day (own or delegated)."""

    agency_id: int
    role: str
    delegated_by: int | None = None


def grants(user: AbstractBaseUser, on: date) -> list[Grant]:
    """Every role of ``user`` on day ``on``, including authority delegated to them (ủy quyền)."""
    if not user.is_authenticated:
        return []
    own = [
        Grant(a, r) for a, r in StaffRole.objects.filter(user=user).values_list("agency_id", "role")
    ]
    delegated = [
        Grant(a, r, d)
        for a, r, d in Delegation.objects.filter(
            delegate=user, revoked_at__isnull=True, valid_from__lte=on, valid_to__gte=on
        ).values_list("agency_id", "role", "delegator_id")
    ]
    return own + delegated


def has_role(user: AbstractBaseUser, role: str, on: date, agency_id: int | None = None) -> bool:
    return any(
        g.role == role and (agency_id is None or g.agency_id == agency_id) for g in grants(user, on)
    )


def is_administrator(user: AbstractBaseUser) -> bool:
    return bool(user.is_authenticated and user.is_superuser) or (
        user.is_authenticated
        and StaffRole.objects.filter(user=user, role=Role.ADMINISTRATOR).exists()
    )


def unit_subtree(unit: AdminUnit) -> Q:
    """Filter on Agency for the agencies of a unit and, for a province, of all its communes."""
    if unit.parent_id is None:
        return Q(unit=unit) | Q(unit__parent=unit)
    return Q(unit=unit)


def visible_agencies(user: AbstractBaseUser, on: date) -> QuerySet[Agency]:
    """Agencies whose data ``user`` may see.

    Administrators see all; a supervisor (giám sát) sees every agency under the unit of the
    agency they supervise from (a province: the province's agencies and all its communes');
    everyone else sees the agencies they hold a role at (own or delegated).
    """
    if not user.is_authenticated:
        return Agency.objects.none()
    if is_administrator(user):
        return Agency.objects.all()
    my = grants(user, on)
    q = Q(pk__in={g.agency_id for g in my})
    supervisor_units = Agency.objects.filter(
        pk__in={g.agency_id for g in my if g.role == Role.SUPERVISOR}
    ).select_related("unit")
    for agency in supervisor_units:
        q |= unit_subtree(agency.unit)
    return Agency.objects.filter(q)


def agencies_of_type(province: AdminUnit, type_code: str) -> QuerySet[Agency]:
    """Agencies of one type (e.g. ``so-y-te``, ``ubnd-xa``) inside a province."""
    return Agency.objects.filter(
        unit_subtree(province), agency_type__code=type_code, is_active=True
    )


def current_unit(code: str) -> AdminUnit | None:
    """The administrative unit that carries ``code`` today (after any reuse of the code)."""
    return (
        AdminUnit.objects.filter(code=code, valid_to__isnull=True).select_related("parent").first()
    )
