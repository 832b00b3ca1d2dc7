"""Seeded calendar (motcua.core.calendar_seed) against the official tables, calendar.md §4–§6."""

from __future__ import annotations

from datetime import date

import pytest

from motcua.core.calendar_seed import SeedDay, official_days

ALL = official_days()
BY_DATE = {d.date: d for d in ALL}


def _days(year: int, kinds: set[str], *, flagged: bool = False) -> set[date]:
    return {
        d.date for d in ALL if d.date.year == year and d.kind in kinds and (flagged or not d.flag)
    }


def _d(text: str) -> date:
    day, month, year = (int(x) for x in text.split("/"))
    return date(year, month, day)


OFF_2025 = {
    _d(x)
    for x in (
        "01/01/2025 27/01/2025 28/01/2025 29/01/2025 30/01/2025 31/01/2025 07/04/2025 "
        "30/04/2025 01/05/2025 02/05/2025 01/09/2025 02/09/2025"
    ).split()
}
OFF_2026 = {
    _d(x)
    for x in (
        "01/01/2026 02/01/2026 16/02/2026 17/02/2026 18/02/2026 19/02/2026 20/02/2026 "
        "27/04/2026 30/04/2026 01/05/2026 31/08/2026 01/09/2026 02/09/2026"
    ).split()
}


def test_2025_matches_the_official_schedule() -> None:
    assert _days(2025, {"holiday", "day_off"}) == OFF_2025
    assert _days(2025, {"workday"}) == {date(2025, 4, 26)}
    assert not [d for d in ALL if d.date.year == 2025 and d.flag]


def test_2026_matches_the_official_schedule() -> None:
    assert _days(2026, {"holiday", "day_off"}) == OFF_2026
    assert _days(2026, {"holiday", "day_off"}, flagged=True) == OFF_2026 | {date(2026, 11, 24)}
    assert _days(2026, {"workday"}) == {date(2026, 1, 10), date(2026, 8, 22)}


def test_2027_and_2028_follow_the_package_rules() -> None:
    tet_2027 = {date(2027, 2, d) for d in (4, 5, 8, 9, 10)}
    tet_2028 = {date(2028, 1, d) for d in (24, 25, 26, 27, 28)}
    assert tet_2027 <= _days(2027, {"holiday"})
    assert tet_2028 <= _days(2028, {"holiday"})
    assert date(2027, 4, 16) in BY_DATE  # Giỗ Tổ, Fri 16/04/2027
    assert date(2028, 4, 4) in BY_DATE  # Giỗ Tổ, Tue 04/04/2028


ROWS = [
    ("01/01/2025", "holiday", "Tết Dương lịch", "Bộ luật Lao động 2019, Điều 112"),
    ("27/01/2025", "holiday", "Tết Nguyên đán (trước giao thừa)", "TB 6150/TB-BLĐTBXH"),
    ("29/01/2025", "holiday", "Tết Nguyên đán (mùng 1)", "TB 6150/TB-BLĐTBXH"),
    (
        "07/04/2025",
        "holiday",
        "Giỗ Tổ Hùng Vương (10/3 âm lịch)",
        "Bộ luật Lao động 2019, Điều 112",
    ),
    ("26/04/2025", "workday", "Làm bù cho ngày 02/05/2025", "CV 8726/VPCP-KGVX"),
    ("30/04/2025", "holiday", "Ngày Chiến thắng", "Bộ luật Lao động 2019, Điều 112"),
    ("01/05/2025", "holiday", "Ngày Quốc tế Lao động", "Bộ luật Lao động 2019, Điều 112"),
    (
        "02/05/2025",
        "day_off",
        "Nghỉ hoán đổi (làm bù thứ Bảy 26/04/2025)",
        "CV 8726/VPCP-KGVX",
    ),
    ("01/09/2025", "holiday", "Quốc khánh (ngày liền kề)", "TB 6150/TB-BLĐTBXH"),
    ("02/09/2025", "holiday", "Quốc khánh", "Bộ luật Lao động 2019, Điều 112"),
    (
        "02/01/2026",
        "day_off",
        "Nghỉ hoán đổi (làm bù thứ Bảy 10/01/2026)",
        "CV 12729/VPCP-KGVX ngày 25/12/2025",
    ),
    (
        "10/01/2026",
        "workday",
        "Làm bù cho ngày 02/01/2026",
        "CV 12729/VPCP-KGVX ngày 25/12/2025",
    ),
    ("16/02/2026", "holiday", "Tết Nguyên đán (giao thừa)", "TB 9441/TB-BNV"),
    ("20/02/2026", "holiday", "Tết Nguyên đán (mùng 4)", "TB 9441/TB-BNV"),
    (
        "27/04/2026",
        "day_off",
        "Nghỉ bù Giỗ Tổ Hùng Vương",
        "Bộ luật Lao động 2019, Điều 111 khoản 3",
    ),
    ("22/08/2026", "workday", "Làm bù cho ngày 31/08/2026", "TB 9441/TB-BNV"),
    ("31/08/2026", "day_off", "Nghỉ hoán đổi (làm bù thứ Bảy 22/08/2026)", "TB 9441/TB-BNV"),
    (
        "05/02/2027",
        "holiday",
        "Tết Nguyên đán (giao thừa)",
        "Dự kiến theo quy tắc của gói holidays, chờ thông báo chính thức",
    ),
    (
        "26/01/2028",
        "holiday",
        "Tết Nguyên đán (mùng 1)",
        "Dự kiến theo quy tắc của gói holidays, chờ thông báo chính thức",
    ),
]


@pytest.mark.parametrize(("day", "kind", "name", "ref"), ROWS, ids=[r[0] for r in ROWS])
def test_row(day: str, kind: str, name: str, ref: str) -> None:
    row = BY_DATE[_d(day)]
    assert (row.kind, row.name, row.flag) == (kind, name, "")
    assert ref in row.legal_ref


def test_culture_day_is_flagged() -> None:
    row = BY_DATE[date(2026, 11, 24)]
    assert row == SeedDay(
        date(2026, 11, 24),
        "holiday",
        "Ngày Văn hóa Việt Nam",
        "Nghị quyết 80-NQ/TW; NQ 30/NQ-CP (chờ luật hóa)",
        "culture_day",
    )
    assert {d.date for d in ALL if d.flag} == {date(y, 11, 24) for y in (2026, 2027, 2028)}


def test_weekend_holidays_are_omitted() -> None:
    for row in ALL:
        if row.kind == "workday":
            assert row.date.weekday() >= 5, row
        else:
            assert row.kind in {"holiday", "day_off"}, row
            assert row.date.weekday() < 5, row
    assert date(2025, 2, 1) not in BY_DATE  # mùng 4 Tết 2025, a Saturday
    assert date(2026, 4, 26) not in BY_DATE  # Giỗ Tổ 2026, a Sunday


def test_rows_are_sorted_unique_and_named() -> None:
    dates = [d.date for d in ALL]
    assert dates == sorted(set(dates))
    assert all(d.name and d.legal_ref for d in ALL)
    assert {d.date.year for d in ALL} == {2025, 2026, 2027, 2028}


def test_years_argument() -> None:
    only_2025 = official_days([2025])
    assert {d.date for d in only_2025} == OFF_2025 | {date(2025, 4, 26)}
    only_2026 = official_days(range(2026, 2027))
    assert {d.date for d in only_2026 if not d.flag} == OFF_2026 | {
        date(2026, 1, 10),
        date(2026, 8, 22),
    }
    assert official_days([]) == []
