"""Deadline arithmetic (motcua.core.calendar) against the official 2025–2026 calendars.

Every expected value was worked out by hand from the official tables in spec calendar.md §4–§5,
with the default office hours 07:30–11:30 and 13:30–17:00 (7 h 30 of office time a day).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest

from motcua.core.calendar import (
    VN_TZ,
    CalendarError,
    CutoffReading,
    OfficeHours,
    SkippedDay,
    Unit,
    WorkCalendar,
)
from motcua.core.calendar_seed import official_days

WD, WH, CD, SD = Unit.WORKING_DAYS, Unit.WORKING_HOURS, Unit.CALENDAR_DAYS, Unit.SAME_DAY
C15 = time(15, 0)


def build(include_culture_day: bool = False) -> WorkCalendar:
    off: dict[date, str] = {}
    worked: dict[date, str] = {}
    for day in official_days():
        if day.flag and not include_culture_day:
            continue
        (worked if day.kind == "workday" else off)[day.date] = day.name
    return WorkCalendar(off, worked)


CAL = build()


def at(y: int, m: int, d: int, hh: int = 0, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=VN_TZ)


def h(hours: float) -> timedelta:
    return timedelta(hours=hours)


# --- whole working days --------------------------------------------------------------------

WORKING_DAY_CASES = [
    # ordinary week, March 2026 (Mon 09/03 .. Sun 15/03, no holiday)
    ("received during the morning", at(2026, 3, 9, 9, 40), 3, at(2026, 3, 12, 17)),
    ("received in the evening", at(2026, 3, 9, 18), 3, at(2026, 3, 13, 17)),
    ("received before opening", at(2026, 3, 9, 6), 3, at(2026, 3, 12, 17)),
    ("received in the lunch break", at(2026, 3, 9, 12), 1, at(2026, 3, 10, 17)),
    ("received exactly at closing", at(2026, 3, 9, 17), 1, at(2026, 3, 11, 17)),
    ("Friday afternoon over a weekend", at(2026, 3, 6, 16), 1, at(2026, 3, 9, 17)),
    ("received on a Saturday", at(2026, 3, 7, 10), 1, at(2026, 3, 10, 17)),
    ("received on a Sunday", at(2026, 3, 8, 10), 5, at(2026, 3, 16, 17)),
    ("two weeks", at(2026, 3, 9, 10), 10, at(2026, 3, 23, 17)),
    # Tết 2025: off Sat 25/01 .. Sun 02/02
    ("Tết 2025, 1 WD", at(2025, 1, 24, 10), 1, at(2025, 2, 3, 17)),
    ("Tết 2025, 3 WD", at(2025, 1, 24, 10), 3, at(2025, 2, 5, 17)),
    ("Tết 2025, 10 WD", at(2025, 1, 24, 10), 10, at(2025, 2, 14, 17)),
    ("Tết 2025, Thursday before", at(2025, 1, 23, 9), 2, at(2025, 2, 3, 17)),
    ("Tết 2025, received on 29/01", at(2025, 1, 29, 9), 1, at(2025, 2, 4, 17)),
    # Tết 2026: off Sat 14/02 .. Sun 22/02
    ("Tết 2026, 5 WD", at(2026, 2, 12, 10), 5, at(2026, 2, 26, 17)),
    ("Tết 2026, 1 WD", at(2026, 2, 13, 10), 1, at(2026, 2, 23, 17)),
    # 30/4 – 1/5 2025: Sat 26/04 worked, Fri 02/05 off
    ("2025 swap, 1 WD lands on the worked Saturday", at(2025, 4, 25, 10), 1, at(2025, 4, 26, 17)),
    ("2025 swap, 3 WD", at(2025, 4, 25, 10), 3, at(2025, 4, 29, 17)),
    ("2025 swap, 4 WD over 30/4 – 4/5", at(2025, 4, 25, 10), 4, at(2025, 5, 5, 17)),
    ("2025 swap, received on the worked Saturday", at(2025, 4, 26, 9), 1, at(2025, 4, 28, 17)),
    ("2025 swap, Friday evening to Saturday", at(2025, 4, 25, 18), 1, at(2025, 4, 28, 17)),
    # Tết Dương lịch 2026: Fri 02/01 off, Sat 10/01 worked
    ("2026 New Year, 1 WD", at(2025, 12, 31, 10), 1, at(2026, 1, 5, 17)),
    ("2026 New Year, 5 WD", at(2025, 12, 31, 10), 5, at(2026, 1, 9, 17)),
    ("2026 New Year, 6 WD lands on Sat 10/01", at(2025, 12, 31, 10), 6, at(2026, 1, 10, 17)),
    ("2026 New Year, Fri 09/01 to Sat 10/01", at(2026, 1, 9, 10), 1, at(2026, 1, 10, 17)),
    ("2026 New Year, received on the swapped day", at(2026, 1, 2, 9), 2, at(2026, 1, 7, 17)),
    # Giỗ Tổ 2026 (Sun 26/04, nghỉ bù Mon 27/04) and 30/4 – 1/5 2026
    ("Giỗ Tổ 2026, 1 WD", at(2026, 4, 24, 10), 1, at(2026, 4, 28, 17)),
    ("Giỗ Tổ 2026, 3 WD over 30/4 – 1/5", at(2026, 4, 24, 10), 3, at(2026, 5, 4, 17)),
    ("30/4 – 1/5 2026, 1 WD", at(2026, 4, 29, 14), 1, at(2026, 5, 4, 17)),
    # Quốc khánh 2025 (Mon 01/09, Tue 02/09) and 2026 (Mon 31/08 swapped, Sat 22/08 worked)
    ("Quốc khánh 2025, 1 WD", at(2025, 8, 29, 10), 1, at(2025, 9, 3, 17)),
    ("Quốc khánh 2025, 3 WD", at(2025, 8, 29, 10), 3, at(2025, 9, 5, 17)),
    ("Quốc khánh 2026, worked Sat 22/08", at(2026, 8, 21, 10), 1, at(2026, 8, 22, 17)),
    ("Quốc khánh 2026, 1 WD", at(2026, 8, 28, 10), 1, at(2026, 9, 3, 17)),
    # 24/11/2026 is a working day while the culture-day flag is off
    ("24/11/2026 without the culture day", at(2026, 11, 23, 10), 1, at(2026, 11, 24, 17)),
]


@pytest.mark.parametrize(
    ("start", "amount", "expected"),
    [case[1:] for case in WORKING_DAY_CASES],
    ids=[case[0] for case in WORKING_DAY_CASES],
)
def test_working_days(start: datetime, amount: int, expected: datetime) -> None:
    result = CAL.due(start, amount, WD)
    assert result.due == expected
    assert result.due.utcoffset() == timedelta(hours=7)


def test_culture_day_when_the_flag_is_on() -> None:
    cal = build(include_culture_day=True)
    assert cal.due(at(2026, 11, 23, 10), 1, WD).due == at(2026, 11, 25, 17)
    assert cal.day_off_name(date(2026, 11, 24)) == "Ngày Văn hóa Việt Nam"


# --- deemed receipt ------------------------------------------------------------------------

RECEIPT_CASES = [
    ("inside the morning session", at(2026, 3, 9, 9, 40), at(2026, 3, 9, 9, 40)),
    ("at opening", at(2026, 3, 9, 7, 30), at(2026, 3, 9, 7, 30)),
    ("before opening", at(2026, 3, 9, 6), at(2026, 3, 9, 7, 30)),
    ("lunch break", at(2026, 3, 9, 12), at(2026, 3, 9, 13, 30)),
    ("end of the morning session", at(2026, 3, 9, 11, 30), at(2026, 3, 9, 13, 30)),
    ("evening", at(2026, 3, 9, 18), at(2026, 3, 10, 7, 30)),
    ("at closing", at(2026, 3, 9, 17), at(2026, 3, 10, 7, 30)),
    ("Friday evening", at(2026, 3, 6, 18), at(2026, 3, 9, 7, 30)),
    ("Sunday", at(2026, 3, 8, 10), at(2026, 3, 9, 7, 30)),
    ("Tết 2025", at(2025, 1, 28, 10), at(2025, 2, 3, 7, 30)),
    ("worked Saturday 10/01/2026", at(2026, 1, 10, 14), at(2026, 1, 10, 14)),
    ("swapped Friday 02/01/2026", at(2026, 1, 2, 10), at(2026, 1, 5, 7, 30)),
    ("given in UTC", datetime(2026, 3, 9, 2, 40, tzinfo=UTC), at(2026, 3, 9, 9, 40)),
    ("23:00 UTC on Sunday", datetime(2026, 3, 8, 23, tzinfo=UTC), at(2026, 3, 9, 7, 30)),
]


@pytest.mark.parametrize(
    ("start", "expected"),
    [case[1:] for case in RECEIPT_CASES],
    ids=[case[0] for case in RECEIPT_CASES],
)
def test_deemed_receipt(start: datetime, expected: datetime) -> None:
    received = CAL.deemed_receipt(start)
    assert received == expected
    assert received.tzinfo == VN_TZ


def test_due_reports_start_and_received_in_vietnam_time() -> None:
    result = CAL.due(datetime(2026, 3, 9, 11, tzinfo=UTC), 3, "working_days")
    assert result.start == at(2026, 3, 9, 18)
    assert result.start.tzinfo == VN_TZ
    assert result.received == at(2026, 3, 10, 7, 30)
    assert result.due == at(2026, 3, 13, 17)
    assert result.due.tzinfo == VN_TZ


# --- working hours and fractional working days --------------------------------------------

HOUR_CASES = [
    ("inside the morning", at(2026, 3, 9, 10), WH, "1", at(2026, 3, 9, 11)),
    ("ends exactly at the lunch break", at(2026, 3, 9, 10), WH, "1.5", at(2026, 3, 9, 11, 30)),
    ("across lunch", at(2026, 3, 9, 10), WH, 2, at(2026, 3, 9, 14)),
    ("a full day ends at closing", at(2026, 3, 9, 7, 30), WH, "7.5", at(2026, 3, 9, 17)),
    ("across the night", at(2026, 3, 9, 16), WH, 2, at(2026, 3, 10, 8, 30)),
    ("eight hours", at(2026, 3, 9, 7, 30), WH, 8, at(2026, 3, 10, 8)),
    ("across a weekend", at(2026, 3, 6, 16, 30), WH, 1, at(2026, 3, 9, 8)),
    ("quarter of an hour", at(2026, 3, 9, 10), WH, Decimal("0.25"), at(2026, 3, 9, 10, 15)),
    ("received at lunch", at(2026, 3, 9, 12), WH, 1, at(2026, 3, 9, 14, 30)),
    ("zero hours", at(2026, 3, 9, 12), WH, 0, at(2026, 3, 9, 13, 30)),
    ("across Tết 2025", at(2025, 1, 24, 16), WH, 4, at(2025, 2, 3, 10, 30)),
    ("across Tết 2026", at(2026, 2, 13, 15), WH, 4, at(2026, 2, 23, 9, 30)),
    ("into the worked Saturday 26/04/2025", at(2025, 4, 25, 16), WH, 2, at(2025, 4, 26, 8, 30)),
    ("half a working day", at(2026, 3, 9, 7, 30), WD, "0.5", at(2026, 3, 9, 11, 15)),
    ("half a day across lunch", at(2026, 3, 9, 10), WD, "0.5", at(2026, 3, 9, 15, 45)),
    ("two and a half days", at(2026, 3, 9, 7, 30), WD, "2.5", at(2026, 3, 11, 11, 15)),
    ("one and a half days over Tết 2025", at(2025, 1, 24, 16), WD, "1.5", at(2025, 2, 4, 10, 15)),
]


@pytest.mark.parametrize(
    ("start", "unit", "amount", "expected"),
    [case[1:] for case in HOUR_CASES],
    ids=[case[0] for case in HOUR_CASES],
)
def test_office_time(start: datetime, unit: Unit, amount: object, expected: datetime) -> None:
    assert CAL.due(start, amount, unit).due == expected


# --- calendar days -------------------------------------------------------------------------

CALENDAR_DAY_CASES = [
    ("ends on a Friday", at(2026, 3, 9, 10), 4, False, at(2026, 3, 13, 17)),
    ("ends on a Saturday, rolls to Monday", at(2026, 3, 9, 10), 5, False, at(2026, 3, 16, 17)),
    ("counted from the deemed receipt", at(2026, 3, 7, 10), 3, False, at(2026, 3, 12, 17)),
    ("ends in Tết 2025, rolls over it", at(2025, 1, 24, 10), 7, False, at(2025, 2, 3, 17)),
    ("Tết 2025 not counted", at(2025, 1, 24, 10), 7, True, at(2025, 2, 5, 17)),
    ("ends on 01/09/2025", at(2025, 8, 28, 10), 4, False, at(2025, 9, 3, 17)),
    ("ends on the nghỉ bù 27/04/2026", at(2026, 4, 22, 10), 5, False, at(2026, 4, 28, 17)),
    ("zero days is the same day", at(2026, 3, 9, 10), 0, False, at(2026, 3, 9, 17)),
]


@pytest.mark.parametrize(
    ("start", "amount", "skip", "expected"),
    [case[1:] for case in CALENDAR_DAY_CASES],
    ids=[case[0] for case in CALENDAR_DAY_CASES],
)
def test_calendar_days(start: datetime, amount: int, skip: bool, expected: datetime) -> None:
    result = CAL.due(start, amount, CD, calendar_days_skip_holidays=skip)
    assert result.due == expected


# --- same day and the 15:00 cut-off --------------------------------------------------------

CUTOFF_CASES = [
    # (id, start, unit, amount, cutoff, reading, expected received, expected due)
    ("same day, no cut-off", at(2026, 3, 9, 16), SD, 0, None, "b",
     at(2026, 3, 9, 16), at(2026, 3, 9, 17)),
    ("same day, evening, no cut-off", at(2026, 3, 9, 18), SD, 0, None, "b",
     at(2026, 3, 10, 7, 30), at(2026, 3, 10, 17)),
    ("same day 14:59, B", at(2026, 3, 9, 14, 59), SD, 0, C15, "b",
     at(2026, 3, 9, 14, 59), at(2026, 3, 9, 17)),
    ("same day 14:59, A", at(2026, 3, 9, 14, 59), SD, 0, C15, "a",
     at(2026, 3, 9, 14, 59), at(2026, 3, 9, 17)),
    ("same day 15:00, B", at(2026, 3, 9, 15), SD, 0, C15, "b",
     at(2026, 3, 10, 7, 30), at(2026, 3, 10, 17)),
    ("same day 15:00, A", at(2026, 3, 9, 15), SD, 0, C15, "a",
     at(2026, 3, 9, 15), at(2026, 3, 10, 17)),
    ("same day 16:00, B", at(2026, 3, 9, 16), SD, 0, C15, "b",
     at(2026, 3, 10, 7, 30), at(2026, 3, 10, 17)),
    ("same day 16:00, A", at(2026, 3, 9, 16), SD, 0, C15, "a",
     at(2026, 3, 9, 16), at(2026, 3, 10, 17)),
    ("same day Friday 16:00, B", at(2026, 3, 6, 16), SD, 0, C15, "b",
     at(2026, 3, 9, 7, 30), at(2026, 3, 9, 17)),
    ("same day, Saturday: no cut-off on a day off", at(2026, 3, 7, 16), SD, 0, C15, "a",
     at(2026, 3, 9, 7, 30), at(2026, 3, 9, 17)),
    ("same day, worked Saturday 10/01/2026 16:00", at(2026, 1, 10, 16), SD, 0, C15, "b",
     at(2026, 1, 12, 7, 30), at(2026, 1, 12, 17)),
    ("same day, Fri 13/02/2026 16:00 before Tết, A", at(2026, 2, 13, 16), SD, 1, C15, "a",
     at(2026, 2, 13, 16), at(2026, 2, 23, 17)),
    ("3 WD 14:00, B: before the cut-off", at(2026, 3, 9, 14), WD, 3, C15, "b",
     at(2026, 3, 9, 14), at(2026, 3, 12, 17)),
    ("3 WD 16:00, no cut-off", at(2026, 3, 9, 16), WD, 3, None, "b",
     at(2026, 3, 9, 16), at(2026, 3, 12, 17)),
    ("3 WD 16:00, A: Tue is day 1", at(2026, 3, 9, 16), WD, 3, C15, "a",
     at(2026, 3, 9, 16), at(2026, 3, 12, 17)),
    ("3 WD 16:00, B: deemed received Tue", at(2026, 3, 9, 16), WD, 3, C15, "b",
     at(2026, 3, 10, 7, 30), at(2026, 3, 13, 17)),
    ("1 WD Fri 13/02/2026 16:30, B", at(2026, 2, 13, 16, 30), WD, 1, C15, "b",
     at(2026, 2, 23, 7, 30), at(2026, 2, 24, 17)),
    ("1 WD Fri 13/02/2026 16:30, A", at(2026, 2, 13, 16, 30), WD, 1, C15, "a",
     at(2026, 2, 13, 16, 30), at(2026, 2, 23, 17)),
    ("2 WD Thu 27/08/2026 15:30, B", at(2026, 8, 27, 15, 30), WD, 2, C15, "b",
     at(2026, 8, 28, 7, 30), at(2026, 9, 4, 17)),
    ("2 WD Thu 27/08/2026 15:30, A", at(2026, 8, 27, 15, 30), WD, 2, C15, "a",
     at(2026, 8, 27, 15, 30), at(2026, 9, 3, 17)),
    ("4 WH 16:00, no cut-off", at(2026, 3, 9, 16), WH, 4, None, "b",
     at(2026, 3, 9, 16), at(2026, 3, 10, 10, 30)),
    ("4 WH 16:00, B", at(2026, 3, 9, 16), WH, 4, C15, "b",
     at(2026, 3, 10, 7, 30), at(2026, 3, 10, 11, 30)),
    ("4 WH 16:00, A", at(2026, 3, 9, 16), WH, 4, C15, "a",
     at(2026, 3, 9, 16), at(2026, 3, 10, 11, 30)),
    ("10 CD Fri 16:00, no cut-off", at(2026, 3, 6, 16), CD, 10, None, "b",
     at(2026, 3, 6, 16), at(2026, 3, 16, 17)),
    ("10 CD Fri 16:00, A: Mon is day 1", at(2026, 3, 6, 16), CD, 10, C15, "a",
     at(2026, 3, 6, 16), at(2026, 3, 18, 17)),
    ("10 CD Fri 16:00, B: deemed received Mon", at(2026, 3, 6, 16), CD, 10, C15, "b",
     at(2026, 3, 9, 7, 30), at(2026, 3, 19, 17)),
]  # fmt: skip


@pytest.mark.parametrize(
    ("start", "unit", "amount", "cutoff", "reading", "received", "expected"),
    [case[1:] for case in CUTOFF_CASES],
    ids=[case[0] for case in CUTOFF_CASES],
)
def test_cutoff(
    start: datetime,
    unit: Unit,
    amount: int,
    cutoff: time | None,
    reading: str,
    received: datetime,
    expected: datetime,
) -> None:
    result = CAL.due(start, amount, unit, cutoff=cutoff, cutoff_reading=reading)
    assert (result.received, result.due) == (received, expected)


def test_cutoff_reading_accepts_the_enum() -> None:
    result = CAL.due(at(2026, 3, 9, 16), 3, WD, cutoff=C15, cutoff_reading=CutoffReading.A)
    assert result.due == at(2026, 3, 12, 17)


# --- skipped days --------------------------------------------------------------------------

TET_2025 = "Tết Nguyên đán"
SKIPPED_CASES = [
    ("ordinary weekday, nothing skipped", at(2026, 3, 9, 10), 3, WD, []),
    (
        "weekend",
        at(2026, 3, 6, 16),
        1,
        WD,
        [(date(2026, 3, 7), "Thứ Bảy"), (date(2026, 3, 8), "Chủ nhật")],
    ),
    (
        "Tết 2025",
        at(2025, 1, 24, 10),
        1,
        WD,
        [
            (date(2025, 1, 25), "Thứ Bảy"),
            (date(2025, 1, 26), "Chủ nhật"),
            (date(2025, 1, 27), f"{TET_2025} (trước giao thừa)"),
            (date(2025, 1, 28), f"{TET_2025} (giao thừa)"),
            (date(2025, 1, 29), f"{TET_2025} (mùng 1)"),
            (date(2025, 1, 30), f"{TET_2025} (mùng 2)"),
            (date(2025, 1, 31), f"{TET_2025} (mùng 3)"),
            (date(2025, 2, 1), "Thứ Bảy"),
            (date(2025, 2, 2), "Chủ nhật"),
        ],
    ),
    (
        "received on a day off counts from the start date",
        at(2026, 1, 2, 9),
        2,
        WD,
        [
            (date(2026, 1, 2), "Nghỉ hoán đổi (làm bù thứ Bảy 10/01/2026)"),
            (date(2026, 1, 3), "Thứ Bảy"),
            (date(2026, 1, 4), "Chủ nhật"),
        ],
    ),
    (
        "Giỗ Tổ on a Sunday, nghỉ bù and 30/4 – 1/5 2026",
        at(2026, 4, 24, 10),
        3,
        WD,
        [
            (date(2026, 4, 25), "Thứ Bảy"),
            (date(2026, 4, 26), "Chủ nhật"),
            (date(2026, 4, 27), "Nghỉ bù Giỗ Tổ Hùng Vương"),
            (date(2026, 4, 30), "Ngày Chiến thắng"),
            (date(2026, 5, 1), "Ngày Quốc tế Lao động"),
            (date(2026, 5, 2), "Thứ Bảy"),
            (date(2026, 5, 3), "Chủ nhật"),
        ],
    ),
    (
        "2025 swap: worked Saturday is not skipped",
        at(2025, 4, 25, 10),
        4,
        WD,
        [
            (date(2025, 4, 27), "Chủ nhật"),
            (date(2025, 4, 30), "Ngày Chiến thắng"),
            (date(2025, 5, 1), "Ngày Quốc tế Lao động"),
            (date(2025, 5, 2), "Nghỉ hoán đổi (làm bù thứ Bảy 26/04/2025)"),
            (date(2025, 5, 3), "Thứ Bảy"),
            (date(2025, 5, 4), "Chủ nhật"),
        ],
    ),
    (
        "Quốc khánh 2026",
        at(2026, 8, 28, 10),
        1,
        WD,
        [
            (date(2026, 8, 29), "Thứ Bảy"),
            (date(2026, 8, 30), "Chủ nhật"),
            (date(2026, 8, 31), "Nghỉ hoán đổi (làm bù thứ Bảy 22/08/2026)"),
            (date(2026, 9, 1), "Quốc khánh (ngày liền kề)"),
            (date(2026, 9, 2), "Quốc khánh"),
        ],
    ),
    (
        "calendar days rolling over a weekend",
        at(2026, 3, 9, 10),
        5,
        CD,
        [(date(2026, 3, 14), "Thứ Bảy"), (date(2026, 3, 15), "Chủ nhật")],
    ),
]


@pytest.mark.parametrize(
    ("start", "amount", "unit", "expected"),
    [case[1:] for case in SKIPPED_CASES],
    ids=[case[0] for case in SKIPPED_CASES],
)
def test_skipped_days(
    start: datetime, amount: int, unit: Unit, expected: list[tuple[date, str]]
) -> None:
    result = CAL.due(start, amount, unit)
    assert result.skipped == [SkippedDay(d, name) for d, name in expected]


# --- working time between two instants (clock pauses) --------------------------------------

BETWEEN_CASES = [
    ("across lunch", at(2026, 3, 9, 10), at(2026, 3, 9, 14), h(2)),
    ("across one night", at(2026, 3, 9, 10), at(2026, 3, 10, 10), h(7.5)),
    ("across a weekend", at(2026, 3, 6, 16), at(2026, 3, 9, 8, 30), h(2)),
    ("inside the lunch break", at(2026, 3, 9, 11, 45), at(2026, 3, 9, 13, 15), h(0)),
    ("night only", at(2026, 3, 9, 18), at(2026, 3, 10, 7), h(0)),
    ("across Tết 2025", at(2025, 1, 24, 16), at(2025, 2, 3, 9, 30), h(3)),
    ("with the worked Saturday 10/01/2026", at(2026, 1, 9, 16), at(2026, 1, 12, 8, 30), h(9.5)),
    ("whole working week", at(2026, 3, 9), at(2026, 3, 14), h(37.5)),
    ("b before a", at(2026, 3, 9, 14), at(2026, 3, 9, 10), h(0)),
    ("instants in UTC", datetime(2026, 3, 9, 3, tzinfo=UTC), at(2026, 3, 9, 14), h(2)),
]


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [case[1:] for case in BETWEEN_CASES],
    ids=[case[0] for case in BETWEEN_CASES],
)
def test_working_time_between(a: datetime, b: datetime, expected: timedelta) -> None:
    assert CAL.working_time_between(a, b) == expected


# --- days ------------------------------------------------------------------------------------

DAY_CASES = [
    (date(2026, 1, 2), "Nghỉ hoán đổi (làm bù thứ Bảy 10/01/2026)"),
    (date(2026, 1, 10), None),
    (date(2026, 4, 26), "Chủ nhật"),
    (date(2026, 4, 27), "Nghỉ bù Giỗ Tổ Hùng Vương"),
    (date(2025, 4, 26), None),
    (date(2025, 9, 2), "Quốc khánh"),
    (date(2026, 3, 9), None),
    (date(2026, 3, 7), "Thứ Bảy"),
]


@pytest.mark.parametrize(("day", "name"), DAY_CASES, ids=[str(d) for d, _n in DAY_CASES])
def test_day_off_name(day: date, name: str | None) -> None:
    assert CAL.day_off_name(day) == name
    assert CAL.is_working_day(day) is (name is None)


def test_next_and_nth_working_day() -> None:
    assert CAL.next_working_day(date(2025, 1, 24)) == date(2025, 2, 3)
    assert CAL.next_working_day(date(2025, 4, 25)) == date(2025, 4, 26)
    assert CAL.nth_working_day_after(date(2026, 2, 12), 5) == date(2026, 2, 26)
    assert CAL.nth_working_day_after(date(2025, 12, 31), 6) == date(2026, 1, 10)


def test_office_hours_properties() -> None:
    hours = OfficeHours()
    assert (hours.opening, hours.closing, hours.day_length) == (time(7, 30), time(17), h(7.5))
    custom = OfficeHours(sessions=((time(7), time(11, 30)), (time(13, 30), time(17))))
    assert custom.day_length == h(8)
    cal = WorkCalendar({}, {}, custom)
    assert cal.due(at(2026, 3, 9, 7), "0.5", WD).due == at(2026, 3, 9, 11)
    assert cal.deemed_receipt(at(2026, 3, 9, 6)) == at(2026, 3, 9, 7)


# --- bad input -------------------------------------------------------------------------------


def test_naive_start_is_refused() -> None:
    with pytest.raises(CalendarError) as exc:
        CAL.due(datetime(2026, 3, 9, 10), 3, WD)
    assert str(exc.value) == "Thời điểm bắt đầu phải có múi giờ (ví dụ +07:00)."


BAD_DUE_CASES = [
    ("negative amount", -1, WD, {}),
    ("negative string", "-0.5", WH, {}),
    ("not a number", "ba ngày", WD, {}),
    ("NaN", Decimal("NaN"), WD, {}),
    ("infinity", Decimal("Infinity"), WH, {}),
    ("unknown unit", 3, "months", {}),
    ("unknown cut-off reading", 3, WD, {"cutoff": C15, "cutoff_reading": "c"}),
    ("fractional calendar days", "1.5", CD, {}),
    ("amount as bool", True, WD, {}),
]


@pytest.mark.parametrize(
    ("amount", "unit", "kwargs"),
    [case[1:] for case in BAD_DUE_CASES],
    ids=[case[0] for case in BAD_DUE_CASES],
)
def test_bad_due_input(amount: object, unit: str, kwargs: dict) -> None:
    with pytest.raises(CalendarError):
        CAL.due(at(2026, 3, 9, 10), amount, unit, **kwargs)


@pytest.mark.parametrize(
    ("amount", "unit"),
    [(4000, WD), (4000, CD), (40000, WH), ("4000.5", WD)],
)
def test_runaway_limits_are_refused(amount: object, unit: Unit) -> None:
    with pytest.raises(CalendarError, match="Thời hạn vượt quá phạm vi lịch"):
        CAL.due(at(2026, 3, 9, 10), amount, unit)


BAD_HOURS = [
    ("no session", ()),
    ("start after end", ((time(11, 30), time(7, 30)),)),
    ("empty session", ((time(7, 30), time(7, 30)),)),
    ("not sorted", ((time(13, 30), time(17)), (time(7, 30), time(11, 30)))),
    ("overlapping", ((time(7, 30), time(12)), (time(11, 30), time(17)))),
    ("not times", (("07:30", "11:30"),)),
]


@pytest.mark.parametrize("sessions", [s for _n, s in BAD_HOURS], ids=[n for n, _s in BAD_HOURS])
def test_bad_office_hours(sessions: tuple) -> None:
    with pytest.raises(ValueError):
        OfficeHours(sessions=sessions)


def test_a_day_cannot_be_both_off_and_worked() -> None:
    with pytest.raises(ValueError):
        WorkCalendar({date(2026, 1, 10): "x"}, {date(2026, 1, 10): "y"})


def test_nth_working_day_needs_a_positive_count() -> None:
    with pytest.raises(CalendarError):
        CAL.nth_working_day_after(date(2026, 3, 9), 0)


def test_working_time_between_needs_aware_instants() -> None:
    with pytest.raises(CalendarError):
        CAL.working_time_between(datetime(2026, 3, 9, 10), at(2026, 3, 9, 14))
