"""Seed of the working calendar: official days off and worked weekend days, 2025 onwards.

Pure Python. Built from the ``holidays`` package (country ``VN``, pinned version 0.109) and
corrected with the official notices for cán bộ, công chức, viên chức (spec ``calendar.md``
§4–§6). Only the days that change the Monday–Friday week are kept:

* ``holiday``: a public holiday (ngày lễ, Tết; Bộ luật Lao động 2019, Điều 112) on a weekday;
* ``day_off``: a compensatory day (nghỉ bù, Điều 111 khoản 3) or a swapped day off (nghỉ hoán
  đổi) on a weekday;
* ``workday``: a worked Saturday or Sunday (ngày làm bù).

Holidays that fall on a weekend are omitted: the weekend is already off, and their nghỉ bù
appears as its own ``day_off`` row. Rows are seeded into an editable table; administrators
correct future years when the yearly notice is published.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

import holidays

__all__ = ["CULTURE_DAY_FLAG", "SeedDay", "official_days"]

HOLIDAY = "holiday"
DAY_OFF = "day_off"
WORKDAY = "workday"

#: Rows with this flag (Ngày Văn hóa Việt Nam, 24/11) apply only when the setting is on.
CULTURE_DAY_FLAG = "culture_day"

LAW_HOLIDAYS = "Bộ luật Lao động 2019, Điều 112"
LAW_COMPENSATORY = "Bộ luật Lao động 2019, Điều 111 khoản 3"
CULTURE_DAY_REF = "Nghị quyết 80-NQ/TW; NQ 30/NQ-CP (chờ luật hóa)"
PROVISIONAL_REF = "Dự kiến theo quy tắc của gói holidays, chờ thông báo chính thức"
UNVERIFIED_REF = "Theo gói holidays, chưa đối chiếu thông báo chính thức"

#: Yearly notices fixing the Tết days for CBCCVC.
TET_REFS = {
    2025: "TB 6150/TB-BLĐTBXH",
    2026: "TB 9441/TB-BNV (theo CV 9859/VPCP-KGVX)",
}
#: Yearly notices fixing the Quốc khánh adjacent day (and its swap, if any).
NATIONAL_DAY_REFS = {
    2025: "TB 6150/TB-BLĐTBXH",
    2026: "TB 9441/TB-BNV (theo CV 9859/VPCP-KGVX)",
}
#: Government letters approving a swap (hoán đổi), keyed by the weekday taken off.
SWAP_REFS = {
    date(2025, 5, 2): "CV 8726/VPCP-KGVX",
    date(2026, 8, 31): "TB 9441/TB-BNV (theo CV 9859/VPCP-KGVX)",
}
#: Swaps missing from ``holidays`` 0.109: weekday off -> (weekend day worked, reference).
EXTRA_SWAPS = {
    date(2026, 1, 2): (date(2026, 1, 10), "CV 12729/VPCP-KGVX ngày 25/12/2025"),
}

# Labels of ``holidays.VN(language="vi")``, version 0.109.
_TET_LABELS = {
    "29 Tết",
    "Giao thừa Tết Nguyên Đán",
    "Tết Nguyên Đán",
    "Mùng hai Tết Nguyên Đán",
    "Mùng ba Tết Nguyên Đán",
    "Mùng bốn Tết Nguyên Đán",
    "Mùng năm Tết Nguyên Đán",
    "Mùng sáu Tết Nguyên Đán",
}
_LNY_LABEL = "Tết Nguyên Đán"
_NAMES = {
    "Tết Dương lịch": "Tết Dương lịch",
    "Ngày Giỗ Tổ Hùng Vương": "Giỗ Tổ Hùng Vương (10/3 âm lịch)",
    "Ngày Chiến thắng": "Ngày Chiến thắng",
    "Ngày Quốc tế Lao động": "Ngày Quốc tế Lao động",
    "Quốc khánh": "Quốc khánh",
    "Ngày Văn hóa Việt Nam": "Ngày Văn hóa Việt Nam",
}
_SHORT_NAMES = {"Giỗ Tổ Hùng Vương (10/3 âm lịch)": "Giỗ Tổ Hùng Vương"}
_OBSERVED = re.compile(r"^(?P<base>.+?) \(nghỉ bù(?:, dự kiến)?\)$")
_ESTIMATED = re.compile(r"^(?P<base>.+?) \(dự kiến\)$")
_SUBSTITUTE = re.compile(r"^Ngày nghỉ \(thay cho ngày (?P<worked>\d{2}/\d{2}/\d{4})\)$")


@dataclass(frozen=True)
class SeedDay:
    """One row of the seeded working calendar (see the module docstring for ``kind``)."""

    date: date
    kind: str
    name: str
    legal_ref: str
    flag: str = ""


def official_days(years: Iterable[int] = range(2025, 2029)) -> list[SeedDay]:
    """The official days off on weekdays and worked weekend days for ``years``, by date.

    2025 and 2026 match the official schedules (TB 6150/TB-BLĐTBXH, CV 8726/VPCP-KGVX,
    TB 9441/TB-BNV, CV 12729/VPCP-KGVX); later years follow the package's rules and are
    provisional. 24/11 (Ngày Văn hóa Việt Nam) carries ``flag="culture_day"``.
    """
    wanted = sorted(set(years))
    if not wanted:
        return []
    vn = holidays.VN(years=wanted, language="vi")
    labels: dict[date, list[str]] = {}
    for d, joined in vn.items():
        labels[d] = joined.split("; ")
    new_year: dict[int, date] = {d.year: d for d, names in labels.items() if _LNY_LABEL in names}

    rows: dict[date, SeedDay] = {}
    for d in sorted(labels):
        if d.year not in wanted or d.weekday() >= 5:
            continue
        rows[d] = _classify(d, labels[d], new_year.get(d.year))

    for worked in sorted(vn.weekend_workdays):
        if worked.year not in wanted or worked.weekday() < 5:
            continue
        off = _off_day_for(worked, rows)
        ref = SWAP_REFS.get(off, UNVERIFIED_REF) if off else UNVERIFIED_REF
        name = f"Làm bù cho ngày {off:%d/%m/%Y}" if off else "Ngày làm bù"
        rows[worked] = SeedDay(worked, WORKDAY, name, ref)

    for off, (worked, ref) in EXTRA_SWAPS.items():
        if off.year in wanted:
            rows[off] = SeedDay(off, DAY_OFF, f"Nghỉ hoán đổi (làm bù {_weekday(worked)})", ref)
        if worked.year in wanted:
            rows[worked] = SeedDay(worked, WORKDAY, f"Làm bù cho ngày {off:%d/%m/%Y}", ref)

    return [rows[d] for d in sorted(rows)]


def _classify(d: date, names: list[str], lny: date | None) -> SeedDay:
    """Turn the package's labels for a weekday into a seed row with name and reference."""
    label = names[0]
    if any(n in _TET_LABELS for n in names) and lny is not None:
        return SeedDay(d, HOLIDAY, _tet_name((d - lny).days), _tet_ref(d.year))

    if match := _SUBSTITUTE.match(label):
        worked = datetime.strptime(match["worked"], "%d/%m/%Y").date()
        return SeedDay(
            d,
            DAY_OFF,
            f"Nghỉ hoán đổi (làm bù {_weekday(worked)})",
            SWAP_REFS.get(d, UNVERIFIED_REF),
        )

    if match := _OBSERVED.match(label):
        base = _NAMES.get(match["base"], match["base"])
        flag = CULTURE_DAY_FLAG if base == "Ngày Văn hóa Việt Nam" else ""
        ref = CULTURE_DAY_REF if flag else LAW_COMPENSATORY
        return SeedDay(d, DAY_OFF, f"Nghỉ bù {_SHORT_NAMES.get(base, base)}", ref, flag)

    if match := _ESTIMATED.match(label):
        label = match["base"]
    name = _NAMES.get(label, label)
    if name == "Ngày Văn hóa Việt Nam":
        return SeedDay(d, HOLIDAY, name, CULTURE_DAY_REF, CULTURE_DAY_FLAG)
    if name == "Quốc khánh":
        if (d.month, d.day) == (9, 2):
            return SeedDay(d, HOLIDAY, name, LAW_HOLIDAYS)
        ref = NATIONAL_DAY_REFS.get(d.year)
        if ref is None:
            ref = f"{LAW_HOLIDAYS} ({PROVISIONAL_REF[0].lower()}{PROVISIONAL_REF[1:]})"
        else:
            ref = f"{LAW_HOLIDAYS}; {ref}"
        return SeedDay(d, HOLIDAY, "Quốc khánh (ngày liền kề)", ref)
    if label in _NAMES:
        return SeedDay(d, HOLIDAY, name, LAW_HOLIDAYS)
    return SeedDay(d, HOLIDAY, name, UNVERIFIED_REF)


def _tet_name(offset: int) -> str:
    """Name of a Tết day by its distance from mùng 1 (lunar new year's day)."""
    if offset <= -2:
        return "Tết Nguyên đán (trước giao thừa)"
    if offset == -1:
        return "Tết Nguyên đán (giao thừa)"
    return f"Tết Nguyên đán (mùng {offset + 1})"


def _tet_ref(year: int) -> str:
    if year in TET_REFS:
        return TET_REFS[year]
    if year > max(TET_REFS):
        return PROVISIONAL_REF
    return UNVERIFIED_REF


def _off_day_for(worked: date, rows: dict[date, SeedDay]) -> date | None:
    """The weekday given off in exchange for the worked weekend day ``worked``."""
    needle = f"(làm bù {_weekday(worked)})"
    for d, row in rows.items():
        if row.kind == DAY_OFF and row.name.endswith(needle):
            return d
    return None


def _weekday(d: date) -> str:
    day = "thứ Bảy" if d.weekday() == 5 else "Chủ nhật"
    return f"{day} {d:%d/%m/%Y}"
