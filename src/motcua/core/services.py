"""Write side of core: seeding and editing the working calendar."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction

from motcua.core import audit
from motcua.core.calendar_seed import official_days
from motcua.core.models import CalendarDay


@transaction.atomic
def seed_calendar(years: Iterable[int] = range(2025, 2029)) -> int:
    """Insert the official days for ``years`` that the table does not have yet.

    Idempotent; never overwrites a row an administrator already edited. Returns how many rows
    were added.
    """
    existing = set(CalendarDay.objects.filter(province_code="").values_list("date", flat=True))
    new = [
        CalendarDay(
            date=d.date,
            kind=d.kind,
            name=d.name,
            legal_ref=d.legal_ref,
            flag=d.flag,
            source="seed",
        )
        for d in official_days(years)
        if d.date not in existing
    ]
    CalendarDay.objects.bulk_create(new)
    return len(new)


@transaction.atomic
def save_calendar_day(
    *,
    actor: AbstractBaseUser | None,
    now: datetime,
    day: date,
    kind: str,
    name: str,
    legal_ref: str = "",
    province_code: str = "",
    flag: str = "",
    instance: CalendarDay | None = None,
) -> CalendarDay:
    """Create or change a calendar day; the change is recorded in the audit log."""
    obj = instance or CalendarDay(source="admin")
    before: dict[str, Any] = (
        {"date": obj.date.isoformat(), "kind": obj.kind, "name": obj.name} if instance else {}
    )
    obj.date, obj.kind, obj.name = day, kind, name
    obj.legal_ref, obj.province_code, obj.flag = legal_ref, province_code, flag
    obj.full_clean()
    obj.save()
    audit.record(
        at=now,
        actor=actor,
        action="calendar_day.update" if instance else "calendar_day.create",
        obj=obj,
        data={"before": before, "after": {"date": day.isoformat(), "kind": kind, "name": name}},
    )
    return obj


@transaction.atomic
def delete_calendar_day(
    *, actor: AbstractBaseUser | None, now: datetime, instance: CalendarDay
) -> None:
    """Remove a calendar day (the date becomes an ordinary day); audited."""
    audit.record(
        at=now,
        actor=actor,
        action="calendar_day.delete",
        obj=instance,
        data={"date": instance.date.isoformat(), "kind": instance.kind, "name": instance.name},
    )
    instance.delete()
