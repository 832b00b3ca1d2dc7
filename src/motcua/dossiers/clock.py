"""Dossier clock: due dates, pauses and the early / on-time / late classification.

Pure functions over :class:`~motcua.core.calendar.WorkCalendar`; the services feed them ``now``.
Rules (spec calendar.md §11–§15):

* The legal due date (``due_at``) starts as the date printed on form 01 (``original_due_at``,
  never changed). A supplement request pauses the clock; on receipt of the supplement the due
  date moves by the working time the dossier waited (mode ``pause``) or is computed afresh from
  the receipt of the supplement (mode ``reset``: "kể từ ngày nhận đủ hồ sơ hợp lệ").
* An apology (form 04) records a promised date; it never changes ``due_at`` and does not cure
  lateness.
* A finished dossier is early / on time / late by comparing the date of its result with the
  date of ``due_at`` (granularity DATE, spec §14); an open dossier is overdue on day D when its
  due date is before D.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from motcua.catalog.models import ProcedureCase, ProcessStep, TimeUnit
from motcua.core.calendar import VN_TZ, Unit, WorkCalendar


def legal_due(case: ProcedureCase, calendar: WorkCalendar, received: datetime, *, online: bool):
    """The due instant of a case received at ``received``; None for "no due date" cases."""
    if case.no_due_date or case.time_unit == TimeUnit.MONTHS:
        return None
    amount, unit = case.time_amount, case.time_unit
    if online and case.online_time_amount is not None:
        amount, unit = case.online_time_amount, case.online_time_unit or unit
    return calendar.due(
        received,
        amount,
        unit,
        cutoff=case.cutoff_time,
        cutoff_reading=case.cutoff_reading,
        calendar_days_skip_holidays=case.calendar_days_skip_holidays,
    ).due


def step_due(step: ProcessStep, calendar: WorkCalendar, started: datetime) -> datetime | None:
    """Due instant of an internal step: its budget added as office time from its start."""
    if not step.counts_toward_limit or step.amount <= 0:
        return None
    fractional_days = step.unit == TimeUnit.CALENDAR_DAYS and step.amount % 1
    if step.unit == TimeUnit.WORKING_DAYS or fractional_days:
        hours = Decimal(calendar.office_hours.day_length.total_seconds()) / 3600 * step.amount
        return calendar.due(started, hours, Unit.WORKING_HOURS).due
    if step.unit == TimeUnit.WORKING_HOURS:
        return calendar.due(started, step.amount, Unit.WORKING_HOURS).due
    if step.unit == TimeUnit.CALENDAR_DAYS:
        return calendar.due(started, step.amount, Unit.CALENDAR_DAYS).due
    return None


def extend_by(calendar: WorkCalendar, due: datetime, paused: timedelta) -> datetime:
    """Move a due instant later by ``paused`` office time (thời gian bổ sung không tính)."""
    return calendar.add_office_time(due, paused)


def local_date(t: datetime) -> date:
    """The calendar date of an instant in Vietnam (dates are never taken in UTC)."""
    return t.astimezone(VN_TZ).date()


def classify(end: datetime, due: datetime | None, granularity: str = "date") -> str:
    """Trước hạn / đúng hạn / quá hạn of a finished dossier or step (dates in Vietnam time)."""
    if due is None:
        return "on_time"
    end, due = end.astimezone(VN_TZ), due.astimezone(VN_TZ)
    if granularity == "timestamp":
        if end < due and end.date() < due.date():
            return "early"
        return "on_time" if end <= due else "late"
    if end.date() < due.date():
        return "early"
    if end.date() == due.date():
        return "on_time"
    return "late"


def overdue_on(due: datetime | None, day: date) -> bool:
    """An open dossier is overdue on ``day`` when its due date is before that day."""
    return due is not None and local_date(due) < day
