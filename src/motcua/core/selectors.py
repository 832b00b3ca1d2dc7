"""Read side of core: the working calendar built from the editable table."""

from __future__ import annotations

import threading
from datetime import date, time

from django.conf import settings
from django.db.models import Count, Max

from motcua.core.calendar import OfficeHours, WorkCalendar
from motcua.core.models import CalendarDay, CalendarDayKind

_lock = threading.Lock()
_cache: dict[tuple, tuple[dict[date, str], dict[date, str]]] = {}


def default_office_hours() -> OfficeHours:
    """Office hours from settings (MOTCUA_OFFICE_HOURS), 07:30–11:30 and 13:30–17:00."""
    return OfficeHours(
        sessions=tuple(
            (time.fromisoformat(a), time.fromisoformat(b)) for a, b in settings.MOTCUA_OFFICE_HOURS
        )
    )


def _active_flags() -> frozenset[str]:
    flags = {""}
    if settings.MOTCUA_CULTURE_DAY_OFF:
        flags.add("culture_day")
    return frozenset(flags)


def calendar_days(province_code: str = "") -> tuple[dict[date, str], dict[date, str]]:
    """Return ``(off_days, worked_days)`` for a province (national rows, then local overrides).

    One cheap aggregate query checks whether the table changed since the maps were built, so
    every process sees an administrator's edit on its next request.
    """
    stamp = CalendarDay.objects.aggregate(n=Count("id"), last=Max("updated_at"))
    key = (province_code, stamp["n"], stamp["last"], _active_flags())
    with _lock:
        if key in _cache:
            return _cache[key]
    off: dict[date, str] = {}
    worked: dict[date, str] = {}
    rows = CalendarDay.objects.filter(
        province_code__in={"", province_code}, flag__in=_active_flags()
    ).order_by("province_code", "date")  # national ("") first, then the province's overrides
    for day in rows.only("date", "kind", "name"):
        off.pop(day.date, None)
        worked.pop(day.date, None)
        if day.kind == CalendarDayKind.WORKDAY:
            if day.date.weekday() >= 5:
                worked[day.date] = day.name
        elif day.date.weekday() < 5:
            off[day.date] = day.name
    with _lock:
        # keep one entry per province; drop entries built from an older table state
        for old in [k for k in _cache if k[0] == province_code or k[1:3] != key[1:3]]:
            del _cache[old]
        _cache[key] = (off, worked)
    return off, worked


def work_calendar(province_code: str = "", office_hours: OfficeHours | None = None) -> WorkCalendar:
    """The legal working calendar (lịch làm việc) used by every deadline computation."""
    off, worked = calendar_days(province_code)
    return WorkCalendar(off, worked, office_hours or default_office_hours())
