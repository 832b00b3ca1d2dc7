"""Plan targets (chỉ tiêu) read from task texts, e.g. "Tỷ lệ số hóa hồ sơ, kết quả giải quyết
TTHC: 90%", and their link to a supervision measure of ``motcua.indicators``.

The indicators package is built in parallel: every call to it is guarded and a target shows
"chưa có dữ liệu" (no data) until it answers — never a made-up figure.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

# Fallback labels of the measure keys named in CONTRACTS.md (TARGETABLE wins when installed).
KNOWN_MEASURES: dict[str, str] = {
    "digitised": "Tỷ lệ số hóa hồ sơ, kết quả giải quyết TTHC",
    "online": "Tỷ lệ hồ sơ tiếp nhận, xử lý trực tuyến",
    "paid_online": "Tỷ lệ thanh toán trực tuyến",
    "satisfied": "Mức độ hài lòng của người dân, doanh nghiệp",
    "on_time": "Tỷ lệ hồ sơ giải quyết đúng hạn",
    "e_result": "Tỷ lệ cấp kết quả giải quyết TTHC điện tử",
    "feedback_on_time": "Tỷ lệ xử lý phản ánh, kiến nghị đúng hạn",
}

# (all words that must occur, measure key); the first rule that matches a clause wins.
RULES: list[tuple[tuple[str, ...], str]] = [
    # re-use of digitised data is not the digitisation rate: no measure
    (("tái sử dụng",), ""),
    (("sử dụng lại",), ""),
    (("thanh toán", "trực tuyến"), "paid_online"),
    (("phản ánh", "đúng hạn"), "feedback_on_time"),
    (("kiến nghị", "đúng hạn"), "feedback_on_time"),
    (("kết quả", "điện tử", "cấp"), "e_result"),
    (("số hóa",), "digitised"),
    (("hài lòng",), "satisfied"),
    (("hồ sơ", "trực tuyến"), "online"),
    (("hồ sơ", "đúng hạn"), "on_time"),
    (("hồ sơ", "trước hạn"), "on_time"),
]

_PCT = re.compile(r"(\d{1,3}(?:[.,]\d+)?)\s*%")


@dataclass(frozen=True)
class FoundTarget:
    text: str
    measure_key: str
    value: Decimal


def _norm(t: str) -> str:
    t = unicodedata.normalize("NFC", t).lower()
    return t.replace("hoá", "hóa").replace("thoả", "thỏa")


def find_targets(text: str) -> list[FoundTarget]:
    """Percent targets in a task's text, one per clause ("- …;", sentences)."""
    out: list[FoundTarget] = []
    clauses = re.split(r"(?:;|\n|(?<=\.)\s+(?=[A-ZĐ-]))\s*-?\s*|\s+-\s+", text or "")
    for clause in clauses:
        clause = clause.strip(" -.;")
        m = _PCT.search(clause)
        if not m:
            continue
        low = _norm(clause)
        if low.startswith("trong đó"):
            continue  # a narrower share inside the target above (e.g. one sector)
        key = next((k for words, k in RULES if all(w in low for w in words)), "")
        value = Decimal(m.group(1).replace(",", "."))
        if value > 100:
            continue
        out.append(FoundTarget(clause, key, value))
    return out


def measure_labels() -> dict[str, str]:
    """Keys a target may link to: the indicators package's TARGETABLE, or the known ones."""
    try:
        from django.apps import apps

        if apps.is_installed("motcua.indicators"):
            from motcua.indicators import selectors  # type: ignore[attr-defined]

            targetable = getattr(selectors, "TARGETABLE", None)
            if isinstance(targetable, dict) and targetable:
                return dict(targetable)
    except ImportError:
        pass
    return dict(KNOWN_MEASURES)


@dataclass(frozen=True)
class Actual:
    value: float | None  # ratio in [0, 1]; None = no data
    numerator: int | None = None
    denominator: int | None = None

    @property
    def percent(self) -> str:
        if self.value is None:
            return "chưa có dữ liệu"
        return f"{self.value * 100:.1f}".replace(".", ",") + "%"


def actual(key: str, *, kind: str, scope_id: int, start: date, end: date, now: datetime) -> Actual:
    """The measured value of ``key`` for a plan's unit, or no data (guarded call)."""
    if not key:
        return Actual(None)
    try:
        from django.apps import apps

        if not apps.is_installed("motcua.indicators"):
            return Actual(None)
        from motcua.indicators import selectors  # type: ignore[attr-defined]

        measure = getattr(selectors, "measure", None)
        scope_cls = getattr(selectors, "Scope", None)
        targetable = getattr(selectors, "TARGETABLE", {}) or {}
        if measure is None or scope_cls is None or (targetable and key not in targetable):
            return Actual(None)
        m = measure(key, scope=scope_cls(kind=kind, id=scope_id), start=start, end=end, now=now)
        return Actual(m.value, m.numerator, m.denominator)
    except ImportError:
        return Actual(None)
