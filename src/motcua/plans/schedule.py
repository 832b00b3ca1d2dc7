"""Reading the deadline column (thời gian / thời hạn hoàn thành) of a plan's task table.

The officers who write these plans use a small, stable vocabulary: a fixed date ("Trước 15/02",
"Trong tháng 3", "Quý II", "Năm 2026"), recurring reports ("Hàng tháng, quý, năm", "Định kỳ
6 tháng"), continuous work ("Thường xuyên", "Thường xuyên trong năm 2026"), a start date
("Từ ngày 01/4/2026"), an event ("Khi ban hành văn bản QPPL có quy định TTHC", "Ngay sau khi
có Quyết định …", "Trong 05 ngày làm việc kể từ khi …") or another plan / guidance ("Theo Kế
hoạch của UBND tỉnh", "Theo Văn bản hướng dẫn của tỉnh"). :func:`parse` turns the text into a
:class:`Schedule`; the original text is never changed and always shown next to it.

Pure functions only: no database, no clock (the plan's year is passed in).
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from datetime import date
from enum import StrEnum


class Kind(StrEnum):
    FIXED = "fixed"
    RECURRING = "recurring"
    CONTINUOUS = "continuous"
    START = "start"
    EVENT = "event"
    DEPENDENT = "dependent"
    UNKNOWN = "unknown"


KIND_LABELS = {
    Kind.FIXED: "Thời hạn cố định",
    Kind.RECURRING: "Định kỳ (báo cáo)",
    Kind.CONTINUOUS: "Thường xuyên (đánh giá theo kỳ)",
    Kind.START: "Bắt đầu từ ngày",
    Kind.EVENT: "Khi phát sinh sự việc",
    Kind.DEPENDENT: "Theo kế hoạch / văn bản khác",
    Kind.UNKNOWN: "Chưa hiểu được — cần cán bộ xác định",
}

PERIODS = ("month", "quarter", "half", "nine", "year")
PERIOD_LABELS = {
    "month": "tháng",
    "quarter": "quý",
    "half": "6 tháng",
    "nine": "9 tháng",
    "year": "năm",
}
ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
ROMAN_OUT = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass
class Schedule:
    """How a deadline text was understood (lịch thực hiện nhiệm vụ)."""

    kind: Kind
    text: str
    due: date | None = None  # fixed: the deadline; continuous/start: the end of the window
    start: date | None = None  # start: first day; fixed range "từ … đến …": first day
    dues: list[date] = field(default_factory=list)  # fixed: several deadlines ("30/6 và 15/12")
    periods: list[str] = field(default_factory=list)  # recurring: month / quarter / half / year
    due_day: int | None = None  # recurring: the day of the period's last month the report is due
    due_month: int | None = None  # yearly report with its own month ("trước 15/12 hằng năm")
    event: str = ""  # event: what triggers an occurrence
    offset_days: int | None = None  # event: days allowed after the trigger
    working_days: bool = False  # the offset counts working days (ngày làm việc)
    immediate: bool = False  # "ngay sau khi …": due the day of the trigger
    reference: str = ""  # dependent (or a note): the plan / guidance it follows
    ad_hoc: bool = False  # "… và đột xuất": also on request
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        d = asdict(self)
        d["kind"] = str(self.kind)
        for k in ("due", "start"):
            d[k] = d[k].isoformat() if d[k] else None
        d["dues"] = [x.isoformat() for x in self.dues]
        return d

    @classmethod
    def from_json(cls, d: dict) -> Schedule:
        d = dict(d)
        d["kind"] = Kind(d.get("kind") or Kind.UNKNOWN)
        for k in ("due", "start"):
            d[k] = date.fromisoformat(d[k]) if d.get(k) else None
        d["dues"] = [date.fromisoformat(x) for x in d.get("dues") or []]
        known = cls.__dataclass_fields__
        return cls(**{k: v for k, v in d.items() if k in known})

    @property
    def complete(self) -> bool:
        """Understood well enough to follow: a known kind with the date it needs."""
        if self.kind == Kind.UNKNOWN:
            return False
        if self.kind == Kind.FIXED:
            return self.due is not None
        if self.kind == Kind.START:
            return self.start is not None
        if self.kind == Kind.RECURRING:
            return bool(self.periods)
        return True

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    def describe(self) -> str:
        """One Vietnamese sentence: how the system will follow the task."""
        k = self.kind
        if not self.complete and k != Kind.UNKNOWN:
            return f"{KIND_LABELS[k]} nhưng chưa có ngày: hãy ghi rõ ngày, tháng."
        if k == Kind.FIXED:
            if self.dues:
                return "Hoàn thành theo từng hạn: " + ", ".join(_d(x) for x in self.dues) + "."
            if self.start:
                return f"Thực hiện từ {_d(self.start)}, hoàn thành trước/đến {_d(self.due)}."
            return f"Hoàn thành chậm nhất ngày {_d(self.due)}."
        if k == Kind.RECURRING:
            names = ", ".join(PERIOD_LABELS[p] for p in self.periods)
            day = f"ngày {self.due_day}" if self.due_day else "ngày hạn báo cáo mặc định"
            where = (
                f"tháng {self.due_month}"
                if self.due_month
                else "tháng cuối kỳ"
                if self.periods != ["month"]
                else "tháng"
            )
            extra = "; ngoài ra báo cáo đột xuất khi có yêu cầu" if self.ad_hoc else ""
            return f"Báo cáo định kỳ theo {names}; hạn {day} của {where}{extra}."
        if k == Kind.CONTINUOUS:
            until = f" đến {_d(self.due)}" if self.due else ""
            since = f" từ {_d(self.start)}" if self.start else ""
            return f"Thực hiện thường xuyên{since}{until}; đánh giá kết quả vào cuối mỗi quý."
        if k == Kind.START:
            until = f", kết thúc {_d(self.due)}" if self.due else ""
            return f"Bắt đầu từ ngày {_d(self.start)}{until}; đánh giá vào cuối mỗi quý."
        if k == Kind.EVENT:
            if self.immediate:
                when = "hạn ngay trong ngày phát sinh"
            elif self.offset_days is not None:
                unit = "ngày làm việc" if self.working_days else "ngày"
                when = f"hạn {self.offset_days} {unit} kể từ khi phát sinh"
            else:
                when = "văn bản không nêu thời hạn cho từng lần"
            return f"Mỗi lần phát sinh ({self.event}) được ghi nhận riêng; {when}."
        if k == Kind.DEPENDENT:
            return f"Phụ thuộc: {self.reference}; hạn theo văn bản, kế hoạch đó."
        return "Chưa xác định được thời hạn; cán bộ cần sửa lại trước khi lưu."


def _d(d: date | None) -> str:
    return d.strftime("%d/%m/%Y") if d else "?"


# --- normalisation ---------------------------------------------------------------------------


def normalise(text: str) -> str:
    """NFC, lower case, "hằng" for "hàng" (both spellings are used), single spaces."""
    t = unicodedata.normalize("NFC", text or "")
    t = re.sub(r"<[^>]+>", " ", t)  # HTML left over from a converted document
    t = t.replace("\u00a0", " ").lower()
    t = re.sub(r"\bhàng\s+(ngày|tuần|tháng|quý|năm)", r"hằng \1", t)
    t = re.sub(r"[–—]", "-", t)
    t = re.sub(r"\s+", " ", t).strip()
    return t.strip(" .;:,")


# --- small readers ---------------------------------------------------------------------------

_DATE = re.compile(r"(?<![\d/])(\d{1,2})\s*/\s*(\d{1,2})(?:\s*/\s*(\d{4}))?(?![\d/])")
_LONG_DATE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})(?:\s+năm\s+(\d{4}))?")
_QUARTER = re.compile(r"quý\s+(iv|iii|ii|i|[1-4])\b")
_MONTH = re.compile(r"tháng\s+(\d{1,2})(?:\s*[/.-]\s*(\d{4})|\s+năm\s+(\d{4}))?")
_YEAR = re.compile(r"năm\s+(\d{4})")
_OFFSET = re.compile(
    r"(?:trong|trong vòng|trong thời hạn|chậm nhất|không quá|tối đa|sau)\s+(?:là\s+)?(\d{1,3})"
    r"\s+ngày(\s+làm\s+việc)?"
)


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _quarter_no(token: str) -> int:
    return ROMAN[token] if token in ROMAN else int(token)


def _dates(t: str, year: int) -> list[date]:
    """Every explicit date of the text, in order (dd/mm, dd/mm/yyyy, ngày d tháng m năm y)."""
    found: list[tuple[int, date]] = []
    for m in _DATE.finditer(t):
        d = _safe_date(int(m.group(3) or year), int(m.group(2)), int(m.group(1)))
        if d:
            found.append((m.start(), d))
    for m in _LONG_DATE.finditer(t):
        d = _safe_date(int(m.group(3) or year), int(m.group(2)), int(m.group(1)))
        if d:
            found.append((m.start(), d))
    return [d for _, d in sorted(found)]


def _doc_dates(t: str) -> set[int]:
    """Positions of dates that are the issue date of a cited document ("Quyết định số 191/…
    ngày 30/01/2026"): not deadlines."""
    spans: set[int] = set()
    for m in re.finditer(r"số\s+\S+\s*,?\s*ngày\s+", t):
        spans.add(m.end())
    return spans


def _deadline_dates(t: str, year: int) -> list[date]:
    skip = _doc_dates(t)
    out = []
    for m in _DATE.finditer(t):
        if m.start() in skip:
            continue
        d = _safe_date(int(m.group(3) or year), int(m.group(2)), int(m.group(1)))
        if d:
            out.append(d)
    for m in _LONG_DATE.finditer(t):
        if m.start() + len("ngày ") in skip:
            continue
        d = _safe_date(int(m.group(3) or year), int(m.group(2)), int(m.group(1)))
        if d:
            out.append(d)
    return out


def _year_in(t: str, default: int) -> int:
    m = _YEAR.search(t)
    return int(m.group(1)) if m else default


# --- recurring ---------------------------------------------------------------------------

_PERIOD_WORDS = [
    (re.compile(r"\b(0?6|sáu)\s+tháng|nửa năm|bán niên"), "half"),
    (re.compile(r"\b(0?9|chín)\s+tháng"), "nine"),
    (re.compile(r"\b(0?3|ba)\s+tháng"), "quarter"),
    (re.compile(r"\bquý\b(?!\s+(iv|iii|ii|i|[1-4])\b)"), "quarter"),
    (re.compile(r"\btháng\b(?!\s+\d)"), "month"),
    (re.compile(r"\bnăm\b(?!\s+\d{4})"), "year"),
]
_RECURRING_CUE = re.compile(r"\b(hằng|mỗi|định kỳ|định kì|thường niên)\b")


def _periods(segment: str) -> list[str]:
    # "ngày 18 của tháng cuối quý" names the due day, not a monthly report
    s = re.sub(
        r"tháng\s+(cuối|đầu)\s+(mỗi\s+)?(quý|kỳ|năm)", " quý " if "quý" in segment else " ", segment
    )
    found: list[str] = []
    for rx, name in _PERIOD_WORDS:
        if rx.search(s):
            found.append(name)
            s = rx.sub(" ", s)  # "6 tháng" is not also "tháng"
    return [p for p in PERIODS if p in found]


def _recurring(t: str, year: int) -> Schedule | None:
    cue = _RECURRING_CUE.search(t)
    if cue:
        seg = t[cue.start() :]
        if re.match(r"(hằng|mỗi)\s+(ngày|tuần)", seg):
            return None  # daily/weekly work is continuous, not a report schedule
        periods = _periods(seg)
        if not periods and cue.group(1) in ("định kỳ", "định kì"):
            periods = []  # "định kỳ" with no period named: unknown period
        if not periods:
            return None
    elif re.search(r"tháng cuối (mỗi )?(quý|kỳ)|cuối (mỗi|các) quý", t):
        # "trước ngày 20 tháng cuối quý"; "báo cáo quý …, báo cáo năm …"
        periods = sorted(set(_periods(t)) | {"quarter"}, key=PERIODS.index)
    else:
        # a bare list of periods: "Tháng, quý, năm", "Quý, 6 tháng, năm"
        bare = re.fullmatch(
            r"(báo cáo\s+)?((tháng|quý|0?6 tháng|sáu tháng|0?9 tháng|năm)(\s*(,|và|/)\s*)?){2,}", t
        )
        if not bare:
            return None
        periods = _periods(t)
        if len(periods) < 2:
            return None
    s = Schedule(Kind.RECURRING, "", periods=periods)
    # "trước ngày 15 hằng tháng", "ngày 20 của tháng cuối quý", "trước 15/12 hằng năm"
    m = re.search(
        r"(?:(?:trước|chậm nhất|hạn|vào)\s+(?:ngày\s+)?|\bngày\s+)(\d{1,2})"
        r"(?:\s*/\s*(\d{1,2}))?(?!\d|\s*/\s*\d{4})",
        t,
    )
    if m and 1 <= int(m.group(1)) <= 31:
        s.due_day = int(m.group(1))
        if m.group(2) and 1 <= int(m.group(2)) <= 12:
            s.due_month = int(m.group(2))
    if periods == ["year"] and s.due_month is None:
        mo = re.search(r"tháng\s+(\d{1,2})\b(?!\s*/)", t)  # "tháng 01 hằng năm"
        if mo and 1 <= int(mo.group(1)) <= 12:
            s.due_month = int(mo.group(1))
            s.due_day = s.due_day or 31
    if re.search(r"đột xuất|khi có yêu cầu|theo yêu cầu", t):
        s.ad_hoc = True
    return s


# --- event ---------------------------------------------------------------------------------

_EVENT_START = re.compile(
    r"^(ngay\s+)?(sau\s+)?(khi|lúc|trường hợp|nếu|đột xuất|theo yêu cầu|khi có yêu cầu|"
    r"kể từ khi|phát sinh)\b"
)
_EVENT_WITH_OFFSET = re.compile(
    r"^(trong|trong vòng|trong thời hạn|chậm nhất|không quá|tối đa|sau)\s+(là\s+)?\d{1,3}\s+ngày"
    r"(\s+làm\s+việc)?\s*(,\s*)?(kể từ|sau|từ|khi)"
)


def _event(t: str, original: str) -> Schedule | None:
    if not (_EVENT_START.search(t) or _EVENT_WITH_OFFSET.search(t)):
        return None
    s = Schedule(Kind.EVENT, "")
    m = _OFFSET.search(t)
    if m:
        s.offset_days = int(m.group(1))
        s.working_days = bool(m.group(2))
    elif t.startswith("ngay"):
        s.immediate = True
    s.event = re.sub(r"\s+", " ", original).strip(" .;:,")
    if t.startswith(("đột xuất", "theo yêu cầu", "khi có yêu cầu")):
        s.ad_hoc = True
    return s


# --- dependent -----------------------------------------------------------------------------

_DEPENDENT = re.compile(
    r"^(thực hiện\s+)?(theo|căn cứ|tùy theo|tuỳ theo|phụ thuộc)\s+(?!yêu cầu)"
    r"(?P<ref>.*)$"
)


def _reference_of(text: str) -> str:
    ref = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text or "")).strip(" .;:,")
    ref = re.sub(
        r"^(thực hiện\s+)?(theo|căn cứ|tùy theo|tuỳ theo|phụ thuộc( vào)?)\s+",
        "",
        ref,
        flags=re.IGNORECASE,
    )
    return ref[:1].upper() + ref[1:] if ref else ""


# --- fixed dates -----------------------------------------------------------------------------


def _fixed(t: str, year: int) -> Schedule | None:
    y = _year_in(t, year)
    before = bool(re.search(r"\btrước\b", t))
    dates = _deadline_dates(t, year)
    # explicit range: "từ 01/3 đến 30/4/2026", "từ ngày … đến ngày …"
    rng = re.search(r"\btừ\b.*\bđến\b", t)
    mrange = re.search(
        r"tháng\s+(\d{1,2})\s*(?:-|,|và|đến)\s*(\d{1,2})(?:\s*/\s*(\d{4})|\s+năm\s+(\d{4}))?", t
    )
    if mrange and 1 <= int(mrange.group(2)) <= 12:
        yy = int(mrange.group(3) or mrange.group(4) or y)
        return Schedule(
            Kind.FIXED,
            "",
            start=date(yy, int(mrange.group(1)), 1),
            due=_month_end(yy, int(mrange.group(2))),
        )
    if dates:
        if rng and len(dates) >= 2:
            return Schedule(Kind.FIXED, "", start=dates[0], due=dates[-1])
        distinct = sorted(set(dates))
        return Schedule(
            Kind.FIXED, "", due=distinct[-1], dues=distinct if len(distinct) > 1 else []
        )
    quarters = [_quarter_no(q) for q in _QUARTER.findall(t)]
    if len(set(quarters)) >= 2 and not rng and not re.search(r"(-|đến)\s*quý", t):
        # "Quý I và quý III": a deadline at the end of each quarter named
        qy = re.search(r"năm\s+(\d{4})|/\s*(\d{4})", t)
        yq = int(qy.group(1) or qy.group(2)) if qy else y
        ends = sorted({_month_end(yq, 3 * q) for q in quarters})
        return Schedule(Kind.FIXED, "", due=ends[-1], dues=ends)
    # "quý I-II", "quý I, II": the later quarters may lack the word "quý"
    more = re.search(
        r"quý\s+(?:iv|iii|ii|i|[1-4])((?:\s*(?:-|,|và|đến)\s*(?:iv|iii|ii|i|[1-4])\b)+)", t
    )
    if more:
        quarters += [_quarter_no(q) for q in re.findall(r"(iv|iii|ii|i|[1-4])\b", more.group(1))]
    if quarters:
        qy = re.search(r"quý\s+(?:iv|iii|ii|i|[1-4])\s*/\s*(\d{4})", t)
        if qy:
            y = int(qy.group(1))
        q = max(quarters)
        if before and len(quarters) == 1 and re.search(r"trước\s+quý", t):
            q -= 1
            if q == 0:
                return Schedule(Kind.FIXED, "", due=date(y - 1, 12, 31))
        return Schedule(Kind.FIXED, "", due=_month_end(y, 3 * q))
    m = re.search(r"(\d{1,2}|sáu|chín)\s+tháng\s+(đầu|cuối)\s+năm", t)
    if m:
        n = {"sáu": 6, "chín": 9}.get(m.group(1)) or int(m.group(1))
        end = n if m.group(2) == "đầu" else 12
        if 1 <= end <= 12:
            return Schedule(Kind.FIXED, "", due=_month_end(y, end))
    months: list[tuple[int, int]] = []
    for mm in _MONTH.finditer(t):
        mo = int(mm.group(1))
        yy = int(mm.group(2) or mm.group(3) or y)
        if 1 <= mo <= 12:
            months.append((yy, mo))
    mm2 = re.search(r"tháng\s+\d{1,2}((?:\s*(?:-|,|và|đến)\s*\d{1,2}\b(?!\s*/))+)", t)
    if mm2:
        for extra in re.findall(r"\d{1,2}", mm2.group(1)):
            if 1 <= int(extra) <= 12:
                months.append((months[0][0] if months else y, int(extra)))
    named = [(int(m.group(2) or m.group(3) or y), int(m.group(1))) for m in _MONTH.finditer(t)]
    named = [(a, b) for a, b in named if 1 <= b <= 12]
    if len(set(named)) >= 2 and not rng and not re.search(r"(-|đến)\s*tháng", t):
        # "Tháng 6 và tháng 12": a deadline at the end of each month named
        ends = sorted({_month_end(a, b) for a, b in named})
        return Schedule(Kind.FIXED, "", due=ends[-1], dues=ends)
    if months:
        yy, mo = max(months)
        if before and len(months) == 1 and re.search(r"trước\s+tháng", t):
            prev = date(yy, mo, 1).toordinal() - 1
            return Schedule(Kind.FIXED, "", due=date.fromordinal(prev))
        if re.search(r"đầu\s+tháng", t):
            return Schedule(Kind.FIXED, "", due=date(yy, mo, 10))
        if re.search(r"giữa\s+tháng", t):
            return Schedule(Kind.FIXED, "", due=date(yy, mo, 20))
        return Schedule(Kind.FIXED, "", due=_month_end(yy, mo))
    if re.search(r"đầu\s+năm", t):
        return Schedule(Kind.FIXED, "", due=date(y, 3, 31))
    if re.search(r"giữa\s+năm", t):
        return Schedule(Kind.FIXED, "", due=date(y, 6, 30))
    if re.search(r"cuối\s+năm|trong\s+năm|cả\s+năm|năm\s+\d{4}|^năm$|^\d{4}$", t):
        if re.fullmatch(r"\d{4}", t):
            y = int(t)
        return Schedule(Kind.FIXED, "", due=date(y, 12, 31))
    return None


# --- start -----------------------------------------------------------------------------------

_START = re.compile(r"^(bắt đầu\s+)?(kể\s+)?từ\s+(ngày|tháng|quý|\d)")


def _start(t: str, year: int) -> Schedule | None:
    if not _START.search(t) or re.search(r"\bđến\b", t):
        return None
    dates = _deadline_dates(t, year)
    if dates:
        return Schedule(Kind.START, "", start=dates[0])
    q = _QUARTER.search(t)
    if q:
        n = _quarter_no(q.group(1))
        return Schedule(Kind.START, "", start=date(_year_in(t, year), 3 * n - 2, 1))
    m = _MONTH.search(t)
    if m and 1 <= int(m.group(1)) <= 12:
        yy = int(m.group(2) or m.group(3) or _year_in(t, year))
        return Schedule(Kind.START, "", start=date(yy, int(m.group(1)), 1))
    return None


# --- entry point ---------------------------------------------------------------------------


def parse(text: str, *, year: int) -> Schedule:
    """Understand a deadline text of a plan of ``year``; never raises (unknown is a kind)."""
    original = (text or "").strip()
    t = normalise(original)
    s = _parse(t, original, year)
    s.text = original
    return s


def _parse(t: str, original: str, year: int) -> Schedule:
    if not t:
        return Schedule(Kind.UNKNOWN, "", notes=["Ô thời gian để trống."])
    # two alternatives ("Thường xuyên hoặc theo lộ trình của tỉnh"): the first one leads
    head, _, alt = t.partition(" hoặc ")
    s = _one(head, original, year)
    if alt and s.kind != Kind.UNKNOWN:
        s.notes.append(f"Hoặc: {alt}")
        if re.search(r"đột xuất|yêu cầu", alt):
            s.ad_hoc = True
        if alt.startswith("theo ") and not s.reference:
            s.reference = _reference_of(alt)
        return s
    return s if s.kind != Kind.UNKNOWN or not alt else _one(t, original, year)


def _one(t: str, original: str, year: int) -> Schedule:
    rec = _recurring(t, year)
    if rec:
        if re.search(r"thường xuyên|liên tục", t):
            rec.notes.append("Thực hiện thường xuyên; báo cáo theo kỳ.")
        return rec
    ev = _event(t, original)
    if ev:
        return ev
    if re.search(r"^(thường xuyên|liên tục|hằng ngày|hằng tuần)|\b(thường xuyên|liên tục)\b", t):
        s = Schedule(Kind.CONTINUOUS, "")
        y = _YEAR.search(t)
        dates = _deadline_dates(t, year)
        if re.search(r"\bđến\b", t) and dates:
            s.due = dates[-1]
        elif y:
            s.due = date(int(y.group(1)), 12, 31)
        st = _start(re.sub(r"^.*?(?=\b(kể\s+)?từ\b)", "", t), year) if " từ " in f" {t}" else None
        if st:
            s.start = st.start
        if re.search(r"\btheo\b", t):
            s.reference = _reference_of(t[t.index("theo") :])
        return s
    dep = _DEPENDENT.search(t)
    if dep:
        # a real deadline inside ("Theo kế hoạch của tỉnh, trước 30/6") wins
        if re.search(r"(trước|chậm nhất|hoàn thành|hạn)\s+(ngày\s+)?\d", t):
            fx = _fixed(re.sub(r"số\s+\S+\s*,?\s*ngày\s+\S+", "", t), year)
            if fx:
                fx.reference = _reference_of(original)
                return fx
        return Schedule(Kind.DEPENDENT, "", reference=_reference_of(original))
    st = _start(t, year)
    if st:
        return st
    fx = _fixed(t, year)
    if fx:
        return fx
    if re.search(r"\b(khi|ngay khi|sau khi)\s+(phát sinh|có|nhận được|được)\b", t):
        ev = Schedule(Kind.EVENT, "", event=re.sub(r"\s+", " ", original).strip(" .;:,"))
        ev.immediate = bool(re.search(r"\b(ngay|kịp thời)\b", t))
        return ev
    if re.search(r"\btheo\s+(kế hoạch|văn bản|lộ trình|chỉ đạo|hướng dẫn|quy định|tiến độ)", t):
        return Schedule(Kind.DEPENDENT, "", reference=_reference_of(t[t.index("theo") :]))
    return Schedule(Kind.UNKNOWN, "", notes=["Không nhận ra cách ghi thời hạn này."])


# --- periods of a task ---------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """One occurrence to report on: a label, its window and its due date."""

    key: str  # stable inside a task: "2026-M03", "2026-Q1", "2026-H1", "2026-Y", "once"
    label: str
    start: date | None
    due: date | None


def periods(
    s: Schedule, *, year: int, report_day: int, not_before: date | None = None
) -> list[Period]:
    """The occurrences a schedule creates in ``year``; event-triggered tasks have none until
    an event is logged. ``report_day`` is the default due day of periodic reports; periods due
    before ``not_before`` (the plan's date) are left out."""
    out: list[Period] = []
    if s.kind == Kind.FIXED and s.dues:
        for i, d in enumerate(s.dues, start=1):
            out.append(Period(f"due-{i}", f"Lần {i}: hạn {_d(d)}", None, d))
    elif s.kind == Kind.FIXED:
        out.append(Period("once", f"Hạn {_d(s.due)}", s.start, s.due))
    elif s.kind == Kind.DEPENDENT:
        out.append(Period("once", "Theo văn bản/kế hoạch liên quan", None, None))
    elif s.kind == Kind.RECURRING:
        day = s.due_day or report_day
        for p in s.periods:
            if p == "month":
                for m in range(1, 13):
                    out.append(
                        Period(
                            f"{year}-M{m:02d}",
                            f"Báo cáo tháng {m}/{year}",
                            date(year, m, 1),
                            _day_in(year, m, day),
                        )
                    )
            elif p == "quarter":
                for q in range(1, 5):
                    out.append(
                        Period(
                            f"{year}-Q{q}",
                            f"Báo cáo quý {ROMAN_OUT[q]}/{year}",
                            date(year, 3 * q - 2, 1),
                            _day_in(year, 3 * q, day),
                        )
                    )
            elif p == "half":
                for h, m in ((1, 6), (2, 12)):
                    label = "6 tháng đầu năm" if h == 1 else "6 tháng cuối năm"
                    out.append(
                        Period(
                            f"{year}-H{h}",
                            f"Báo cáo {label} {year}",
                            date(year, m - 5, 1),
                            _day_in(year, m, day),
                        )
                    )
            elif p == "nine":
                out.append(
                    Period(
                        f"{year}-N",
                        f"Báo cáo 9 tháng {year}",
                        date(year, 1, 1),
                        _day_in(year, 9, day),
                    )
                )
            elif p == "year":
                out.append(
                    Period(
                        f"{year}-Y",
                        f"Báo cáo năm {year}",
                        date(year, 1, 1),
                        _day_in(year, s.due_month or 12, day),
                    )
                )
    elif s.kind in (Kind.CONTINUOUS, Kind.START):
        first = s.start or date(year, 1, 1)
        last = s.due or date(year, 12, 31)
        for q in range(1, 5):
            q_start, q_end = date(year, 3 * q - 2, 1), _month_end(year, 3 * q)
            if q_end < first or q_start > last:
                continue
            label = f"Đánh giá quý {ROMAN_OUT[q]}/{year}"
            out.append(Period(f"{year}-Q{q}", label, max(q_start, first), min(q_end, last)))
    if not_before is not None:
        out = [p for p in out if p.due is None or p.due >= not_before]
    return sorted(out, key=lambda p: (p.due or date.max, p.key))


def _day_in(year: int, month: int, day: int) -> date:
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))
