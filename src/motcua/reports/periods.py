"""Report periods (kỳ báo cáo): calendar periods and the 15th–14th windows (spec reports.md §6).

``nd09`` windows follow Nghị định 09/2019/NĐ-CP Điều 12 as corroborated by TT 06/2025/TT-TTCP:
month = 15th of the previous month → 14th of the report month; quarter = 15th of the last
month of the previous quarter → 14th of the quarter's last month; half, nine months and year
from 15/12 of the previous year. Both ends inclusive; dates in Vietnam time.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import Literal

PeriodKind = Literal["calendar", "nd09"]
Frequency = Literal["month", "quarter", "half", "nine_months", "year"]

FREQUENCY_LABEL = {
    "month": "Tháng",
    "quarter": "Quý",
    "half": "6 tháng",
    "nine_months": "9 tháng",
    "year": "Năm",
}
KIND_LABEL = {
    "calendar": "Theo tháng/quý/năm dương lịch",
    "nd09": "Kỳ báo cáo 15 – 14 (NĐ 09/2019)",
}


def nd09_window(kind: str, year: int, n: int | None = None) -> tuple[date, date]:
    if kind == "month":
        assert n is not None and 1 <= n <= 12
        s = date(year - (n == 1), 12 if n == 1 else n - 1, 15)
        return s, date(year, n, 14)
    if kind == "quarter":
        assert n is not None and 1 <= n <= 4
        last = 3 * n
        s = date(year - (n == 1), 12 if n == 1 else last - 3, 15)
        return s, date(year, last, 14)
    if kind == "half":
        if n == 1:
            return date(year - 1, 12, 15), date(year, 6, 14)
        return date(year, 6, 15), date(year, 12, 14)
    if kind == "nine_months":
        return date(year - 1, 12, 15), date(year, 9, 14)
    return date(year - 1, 12, 15), date(year, 12, 14)


def calendar_window(kind: str, year: int, n: int | None = None) -> tuple[date, date]:
    if kind == "month":
        assert n is not None and 1 <= n <= 12
        return date(year, n, 1), date(year, n, calendar.monthrange(year, n)[1])
    if kind == "quarter":
        assert n is not None and 1 <= n <= 4
        m = 3 * n
        return date(year, m - 2, 1), date(year, m, calendar.monthrange(year, m)[1])
    if kind == "half":
        return (
            (date(year, 1, 1), date(year, 6, 30))
            if n == 1
            else (date(year, 7, 1), date(year, 12, 31))
        )
    if kind == "nine_months":
        return date(year, 1, 1), date(year, 9, 30)
    return date(year, 1, 1), date(year, 12, 31)


def window(period_kind: str, frequency: str, year: int, n: int | None = None) -> tuple[date, date]:
    if period_kind == "nd09":
        return nd09_window(frequency, year, n)
    return calendar_window(frequency, year, n)


def previous(period_kind: str, frequency: str, year: int, n: int | None) -> tuple[int, int | None]:
    """The period before (year, n) of the same frequency (for the carry-over check)."""
    if frequency in ("month", "quarter", "half"):
        count = {"month": 12, "quarter": 4, "half": 2}[frequency]
        assert n is not None
        return (year, n - 1) if n > 1 else (year - 1, count)
    return year - 1, n


def label(period_kind: str, frequency: str, year: int, n: int | None) -> str:
    if frequency == "month":
        text = f"Tháng {n}/{year}"
    elif frequency == "quarter":
        text = f"Quý {['I', 'II', 'III', 'IV'][n - 1]}/{year}"
    elif frequency == "half":
        text = f"6 tháng {'đầu' if n == 1 else 'cuối'} năm {year}"
    elif frequency == "nine_months":
        text = f"9 tháng năm {year}"
    else:
        text = f"Năm {year}"
    return text


def day_before(d: date) -> date:
    return d - timedelta(days=1)
