"""Working calendar and deadline arithmetic (thời hạn giải quyết thủ tục hành chính).

Pure Python: no Django import, so that every rule can be tested table-driven and reused by
workers, reports and the API alike. The calendar itself is data (``off_days`` and
``worked_days``, seeded by :mod:`motcua.core.calendar_seed` and edited by administrators); this
module only counts.

Legal basis of the counting rules (spec ``calendar.md`` §8–§10):

* Bộ luật Dân sự 2015, Điều 147: a period counted in days starts on the day **after** the
  triggering event (the receipt of a complete, valid dossier).
* Bộ luật Dân sự 2015, Điều 148 khoản 1: the period ends at the end of its last day; here "end
  of day" is the closing time of the office (giờ làm việc), because that is when the agency
  stops working.
* Bộ luật Dân sự 2015, Điều 148 khoản 5: if the last day is a weekly rest day or a holiday, the
  period ends at the end of the next working day.
* Bộ luật Lao động 2019, Điều 111 khoản 3 and Điều 112: holidays and compensatory days off
  (nghỉ bù); Government letters swap weekdays and Saturdays (hoán đổi, ngày làm bù).
* Nghị định 118/2025/NĐ-CP (formerly 61/2018): a dossier received outside office hours or on a
  day off counts as received at the next working session.
* The 15:00 cut-off (ND 63/2024 Điều 7.2, Luật Hộ tịch): "nếu tiếp nhận hồ sơ sau 15 giờ thì
  thời gian được tính bắt đầu từ ngày làm việc tiếp theo" — two readings, see
  :class:`CutoffReading`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum
from zoneinfo import ZoneInfo

__all__ = [
    "MAX_SPAN_DAYS",
    "VN_TZ",
    "CalendarError",
    "CutoffReading",
    "DueResult",
    "OfficeHours",
    "SkippedDay",
    "Unit",
    "WorkCalendar",
]

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")

#: Guard against runaway loops: no computation may walk more than about ten years of days.
MAX_SPAN_DAYS = 3660

SATURDAY_NAME = "Thứ Bảy"
SUNDAY_NAME = "Chủ nhật"

_OUT_OF_RANGE = "Thời hạn vượt quá phạm vi lịch (tối đa {days} ngày)."
_MICROSECONDS_PER_HOUR = Decimal(3_600_000_000)


class Unit(StrEnum):
    """Đơn vị tính thời hạn giải quyết."""

    WORKING_DAYS = "working_days"  # ngày làm việc
    WORKING_HOURS = "working_hours"  # giờ làm việc
    CALENDAR_DAYS = "calendar_days"  # ngày (ngày lịch)
    SAME_DAY = "same_day"  # trong ngày


class CutoffReading(StrEnum):
    """How to read "sau 15 giờ thì thời gian được tính bắt đầu từ ngày làm việc tiếp theo".

    * ``A``: the next working day is **day 1** of the limit. Receipt stays where it is; for a
      limit in whole working days this equals having no cut-off (day 1 is the next working
      day anyway); for a same-day limit the result moves to the next working day; for a limit
      in calendar days day 1 is the next working day.
    * ``B`` (default): the dossier is **deemed received** on the next working day at opening;
      day 1 is the working day after that (Bộ luật Dân sự 2015, Điều 147).

    Under both readings a limit counted in office time (working hours, fractional working
    days) starts counting at the opening of the next working day.
    """

    A = "a"
    B = "b"


class CalendarError(ValueError):
    """Invalid input to the calendar; the message is Vietnamese, fit to show to a user."""


@dataclass(frozen=True)
class OfficeHours:
    """Giờ làm việc: the working sessions of one working day, e.g. morning and afternoon."""

    sessions: tuple[tuple[time, time], ...] = (
        (time(7, 30), time(11, 30)),
        (time(13, 30), time(17, 0)),
    )

    def __post_init__(self) -> None:
        try:
            sessions = tuple((start, end) for start, end in self.sessions)
        except (TypeError, ValueError) as exc:
            raise CalendarError(
                "Giờ làm việc phải là danh sách các buổi (giờ bắt đầu, giờ kết thúc)."
            ) from exc
        if not sessions:
            raise CalendarError("Giờ làm việc phải có ít nhất một buổi.")
        previous_end: time | None = None
        for k, (start, end) in enumerate(sessions, start=1):
            if not isinstance(start, time) or not isinstance(end, time):
                raise CalendarError(f"Buổi làm việc thứ {k}: giờ bắt đầu và kết thúc phải là giờ.")
            if start.tzinfo is not None or end.tzinfo is not None:
                raise CalendarError(f"Buổi làm việc thứ {k}: giờ không được kèm múi giờ.")
            if start >= end:
                raise CalendarError(
                    f"Buổi làm việc thứ {k}: giờ bắt đầu ({start:%H:%M}) phải trước "
                    f"giờ kết thúc ({end:%H:%M})."
                )
            if previous_end is not None and start < previous_end:
                raise CalendarError(
                    f"Buổi làm việc thứ {k} ({start:%H:%M}) phải bắt đầu sau khi buổi trước "
                    f"kết thúc ({previous_end:%H:%M}); các buổi phải theo thứ tự và không chồng "
                    "lên nhau."
                )
            previous_end = end
        object.__setattr__(self, "sessions", sessions)

    @property
    def opening(self) -> time:
        """Giờ mở cửa: start of the first session."""
        return self.sessions[0][0]

    @property
    def closing(self) -> time:
        """Giờ đóng cửa: end of the last session; a period in days ends at this time."""
        return self.sessions[-1][1]

    @property
    def day_length(self) -> timedelta:
        """Office time in one working day (sum of the sessions)."""
        total = timedelta()
        for start, end in self.sessions:
            total += _on(date.min, end) - _on(date.min, start)
        return total


@dataclass(frozen=True)
class SkippedDay:
    """A non-working day (ngày nghỉ) passed over by a deadline, with its Vietnamese name."""

    date: date
    name: str


@dataclass(frozen=True)
class DueResult:
    """Result of :meth:`WorkCalendar.due`: the appointment instant (ngày hẹn trả) and why.

    ``start`` is the instant given, in the calendar's time zone; ``received`` the deemed receipt
    instant after normalisation (outside office hours, cut-off reading B); ``due`` the deadline;
    ``skipped`` every non-working day from the start date to the due date, ascending.
    """

    start: datetime
    received: datetime
    due: datetime
    skipped: list[SkippedDay] = field(default_factory=list)


def _on(d: date, t: time, tz: tzinfo | None = None) -> datetime:
    return datetime.combine(d, t, tzinfo=tz)


class WorkCalendar:
    """Lịch làm việc: which days are worked, and the office hours of a working day.

    ``off_days`` are weekdays that are not worked (ngày lễ, Tết, nghỉ bù, hoán đổi) with their
    names; ``worked_days`` are weekend days that are worked (ngày làm bù, e.g. Saturday
    10/01/2026 under CV 12729/VPCP-KGVX). Saturdays and Sundays are off unless listed in
    ``worked_days`` (weekly rest of agencies, QĐ 188/1999/QĐ-TTg). A date may not be in both.
    """

    def __init__(
        self,
        off_days: Mapping[date, str],
        worked_days: Mapping[date, str],
        office_hours: OfficeHours = OfficeHours(),
        tz: tzinfo = VN_TZ,
    ) -> None:
        both = sorted(set(off_days) & set(worked_days))
        if both:
            listed = ", ".join(f"{d:%d/%m/%Y}" for d in both)
            raise CalendarError(
                f"Một ngày không thể vừa là ngày nghỉ vừa là ngày làm bù: {listed}."
            )
        if not isinstance(office_hours, OfficeHours):
            raise CalendarError("Giờ làm việc không hợp lệ.")
        self.off_days: dict[date, str] = dict(off_days)
        self.worked_days: dict[date, str] = dict(worked_days)
        self.office_hours = office_hours
        self.tz = tz

    # --- days ---------------------------------------------------------------------------

    def is_working_day(self, d: date) -> bool:
        """True if ``d`` is a working day (ngày làm việc) of the agency."""
        if d in self.worked_days:
            return True
        if d in self.off_days:
            return False
        return d.weekday() < 5

    def day_off_name(self, d: date) -> str | None:
        """Name of the day off (holiday name, "Thứ Bảy", "Chủ nhật"); ``None`` if worked."""
        if self.is_working_day(d):
            return None
        if d in self.off_days:
            return self.off_days[d]
        return SATURDAY_NAME if d.weekday() == 5 else SUNDAY_NAME

    def next_working_day(self, d: date) -> date:
        """The first working day strictly after ``d``."""
        return self.nth_working_day_after(d, 1)

    def nth_working_day_after(self, d: date, n: int) -> date:
        """The ``n``-th working day strictly after ``d`` (``n`` ≥ 1); day 1 is the first one."""
        if isinstance(n, bool) or not isinstance(n, int) or n < 1:
            raise CalendarError("Số ngày làm việc phải là số nguyên dương.")
        current = d
        for _ in range(MAX_SPAN_DAYS):
            current += timedelta(days=1)
            if self.is_working_day(current):
                n -= 1
                if n == 0:
                    return current
        raise CalendarError(_OUT_OF_RANGE.format(days=MAX_SPAN_DAYS))

    def _opening_of_next_working_day(self, d: date) -> datetime:
        return _on(self.next_working_day(d), self.office_hours.opening, self.tz)

    def _closing(self, d: date) -> datetime:
        return _on(d, self.office_hours.closing, self.tz)

    # --- instants -----------------------------------------------------------------------

    def _local(self, t: datetime, what: str = "Thời điểm bắt đầu") -> datetime:
        if not isinstance(t, datetime):
            raise CalendarError(f"{what} phải là ngày giờ (datetime).")
        if t.tzinfo is None or t.utcoffset() is None:
            raise CalendarError(f"{what} phải có múi giờ (ví dụ +07:00).")
        return t.astimezone(self.tz)

    def deemed_receipt(self, t: datetime) -> datetime:
        """Thời điểm được coi là tiếp nhận: ``t`` moved into office hours.

        On a working day inside a session: ``t`` itself. Before opening: the opening that day.
        In a gap between sessions (lunch): the start of the next session. At or after closing,
        or on a day off: the opening of the next working day (hồ sơ tiếp nhận ngoài giờ hành
        chính, ngày nghỉ được coi là tiếp nhận vào phiên làm việc kế tiếp).
        """
        local = self._local(t)
        d = local.date()
        if self.is_working_day(d):
            clock = local.time()
            for start, end in self.office_hours.sessions:
                if clock < start:
                    return _on(d, start, self.tz)
                if clock < end:
                    return local
        return self._opening_of_next_working_day(d)

    def _add_office_time(self, begin: datetime, amount: timedelta) -> datetime:
        """Walk forward from ``begin`` (inside office hours) consuming ``amount`` of office time.

        Nights, lunch breaks, weekends and holidays are skipped. A walk ending exactly at the end
        of a session ends there (11:30, not 13:30).
        """
        remaining = amount
        if remaining <= timedelta():
            return begin
        current = begin
        d = begin.date()
        for _ in range(MAX_SPAN_DAYS):
            if self.is_working_day(d):
                for start, end in self.office_hours.sessions:
                    session_start = _on(d, start, self.tz)
                    session_end = _on(d, end, self.tz)
                    if current >= session_end:
                        continue
                    current = max(current, session_start)
                    available = session_end - current
                    if remaining <= available:
                        return current + remaining
                    remaining -= available
                    current = session_end
            d += timedelta(days=1)
        raise CalendarError(_OUT_OF_RANGE.format(days=MAX_SPAN_DAYS))

    def add_office_time(self, begin: datetime, amount: timedelta) -> datetime:
        """``begin`` plus ``amount`` of office time (used to extend a due date by a pause)."""
        return self._add_office_time(self._local(begin, "Thời điểm đầu"), amount)

    def working_time_between(self, a: datetime, b: datetime) -> timedelta:
        """Office time (giờ làm việc) between two instants; zero if ``b`` is not after ``a``.

        Used to measure clock pauses (tạm dừng tính thời hạn) in working time.
        """
        start = self._local(a, "Thời điểm đầu")
        end = self._local(b, "Thời điểm cuối")
        if end <= start:
            return timedelta()
        if (end.date() - start.date()).days > MAX_SPAN_DAYS:
            raise CalendarError(_OUT_OF_RANGE.format(days=MAX_SPAN_DAYS))
        total = timedelta()
        d = start.date()
        while d <= end.date():
            if self.is_working_day(d):
                for s, e in self.office_hours.sessions:
                    lo = max(start, _on(d, s, self.tz))
                    hi = min(end, _on(d, e, self.tz))
                    if hi > lo:
                        total += hi - lo
            d += timedelta(days=1)
        return total

    # --- deadlines ----------------------------------------------------------------------

    def due(
        self,
        start: datetime,
        amount: Decimal | int | str,
        unit: Unit | str,
        *,
        cutoff: time | None = None,
        cutoff_reading: CutoffReading | str = CutoffReading.B,
        calendar_days_skip_holidays: bool = False,
    ) -> DueResult:
        """Compute the appointment instant (ngày hẹn trả) of a time limit from ``start``.

        ``start`` is the receipt of a complete, valid dossier ("kể từ ngày nhận đủ hồ sơ hợp
        lệ") and must be timezone-aware. Steps:

        1. Normalise: ``received = deemed_receipt(start)`` (outside office hours or on a day
           off → the next working session).
        2. Cut-off (``cutoff``, e.g. 15:00): applies when ``start`` falls on a working day at or
           after the cut-off (local time). Reading B moves ``received`` to the opening of the
           next working day; reading A keeps ``received`` and makes the next working day day 1
           (see :class:`CutoffReading`). Under both readings office time (working hours,
           fractional working days) is counted from the opening of the next working day.
        3. Count by ``unit``:

           * ``WORKING_DAYS`` N (integral, ≥ 1): the N-th working day strictly after the receipt
             day (Bộ luật Dân sự 2015, Điều 147: counting starts the next day), at closing time
             (Điều 148 khoản 1). Weekends, holidays and swapped days off are skipped, worked
             Saturdays count. A fractional N (0.5, 2.5) is converted to office time,
             N × the length of a working day, and walked like working hours.
           * ``WORKING_HOURS`` H: walk H hours of office time from the receipt (nights, lunch
             breaks, days off skipped).
           * ``SAME_DAY`` (trong ngày; ``amount`` checked but ignored): closing time of the
             receipt day; with the cut-off the next working day.
           * ``CALENDAR_DAYS`` N: receipt day + N days (Điều 147); if that day is not a
             working day, the next working day (Điều 148 khoản 5); at closing time. With
             ``calendar_days_skip_holidays`` the dates in ``off_days`` (holidays, days off) are
             not counted; weekends are.
           * A limit of 0 working or calendar days is a same-day limit.

        Raises :class:`CalendarError` (Vietnamese message) on invalid input.
        """
        local = self._local(start)
        quantity = _parse_amount(amount)
        try:
            unit = Unit(unit)
        except ValueError:
            raise CalendarError(f"Đơn vị thời hạn không hợp lệ: {unit!r}.") from None
        try:
            reading = CutoffReading(cutoff_reading)
        except ValueError:
            raise CalendarError(f"Cách tính giờ chốt không hợp lệ: {cutoff_reading!r}.") from None
        if cutoff is not None and not isinstance(cutoff, time):
            raise CalendarError("Giờ chốt phải là giờ (ví dụ 15:00).")

        received = self.deemed_receipt(local)
        start_day = local.date()
        cutoff_hit = (
            cutoff is not None
            and self.is_working_day(start_day)
            and local.time() >= cutoff.replace(tzinfo=None)
        )
        if cutoff_hit and reading is CutoffReading.B:
            received = self._opening_of_next_working_day(start_day)
        # Reading A: the next working day after the start day is day 1.
        day_one_moved = cutoff_hit and reading is CutoffReading.A

        integral = quantity == quantity.to_integral_value()
        if unit is Unit.SAME_DAY or (
            unit in (Unit.WORKING_DAYS, Unit.CALENDAR_DAYS) and quantity == 0
        ):
            day = self.next_working_day(start_day) if day_one_moved else received.date()
            due = self._closing(day)
        elif unit is Unit.WORKING_DAYS and integral:
            n = _bounded_int(quantity)
            due = self._closing(self.nth_working_day_after(received.date(), n))
        elif unit is Unit.CALENDAR_DAYS:
            if not integral:
                raise CalendarError("Thời hạn tính bằng ngày phải là số nguyên.")
            n = _bounded_int(quantity)
            if day_one_moved:
                day = self._count_days(
                    self.next_working_day(start_day), n - 1, calendar_days_skip_holidays
                )
            else:
                day = self._count_days(received.date(), n, calendar_days_skip_holidays)
            if not self.is_working_day(day):
                day = self.next_working_day(day)
            due = self._closing(day)
        else:  # WORKING_HOURS, or fractional WORKING_DAYS
            day_length = self.office_hours.day_length
            if unit is Unit.WORKING_DAYS:
                _bounded_int(quantity)
                span = _scale(day_length, quantity)
            else:
                _bounded_int(quantity / _hours_in(day_length))
                span = _scale(timedelta(hours=1), quantity)
            clock_start = (
                self._opening_of_next_working_day(start_day) if day_one_moved else received
            )
            due = self._add_office_time(clock_start, span)

        return DueResult(
            start=local,
            received=received,
            due=due,
            skipped=self._skipped(start_day, due.date()),
        )

    def _count_days(self, anchor: date, n: int, skip_off_days: bool) -> date:
        """The ``n``-th calendar day after ``anchor``; optionally not counting ``off_days``."""
        if not skip_off_days:
            return anchor + timedelta(days=n)
        current = anchor
        for _ in range(MAX_SPAN_DAYS):
            if n <= 0:
                return current
            current += timedelta(days=1)
            if current not in self.off_days:
                n -= 1
        raise CalendarError(_OUT_OF_RANGE.format(days=MAX_SPAN_DAYS))

    def _skipped(self, first: date, last: date) -> list[SkippedDay]:
        days: list[SkippedDay] = []
        d = first
        while d <= last:
            name = self.day_off_name(d)
            if name is not None:
                days.append(SkippedDay(d, name))
            d += timedelta(days=1)
        return days


def _parse_amount(amount: Decimal | int | str) -> Decimal:
    if isinstance(amount, bool):
        raise CalendarError("Thời hạn phải là một số.")
    try:
        value = amount if isinstance(amount, Decimal) else Decimal(str(amount).strip())
    except (InvalidOperation, ValueError, TypeError):
        raise CalendarError(f"Thời hạn không phải là số hợp lệ: {amount!r}.") from None
    if not value.is_finite():
        raise CalendarError("Thời hạn phải là một số hữu hạn.")
    if value < 0:
        raise CalendarError("Thời hạn không được âm.")
    return value


def _bounded_int(quantity: Decimal) -> int:
    if quantity > MAX_SPAN_DAYS:
        raise CalendarError(_OUT_OF_RANGE.format(days=MAX_SPAN_DAYS))
    return int(quantity)


def _hours_in(span: timedelta) -> Decimal:
    return Decimal(span // timedelta(microseconds=1)) / _MICROSECONDS_PER_HOUR


def _scale(span: timedelta, factor: Decimal) -> timedelta:
    micro = (Decimal(span // timedelta(microseconds=1)) * factor).to_integral_value(
        rounding=ROUND_HALF_UP
    )
    return timedelta(microseconds=int(micro))
