"""Reading a plan's task table (phụ lục nhiệm vụ) from DOCX, XLSX or tab-separated text.

All three forms become a list of rows of cell texts; :func:`read_rows` then finds the header
(STT · Nội dung · Chủ trì · Phối hợp · Kết quả/Sản phẩm · Thời gian/Thời hạn, in any order),
the roman-numbered sections, numbered tasks, group rows ("2. Tổ chức thực hiện …:" with the
tasks under it) and the rows that are only the rest of the row above (a page break in the
middle of a cell). The plan's heading (số, ngày, trích yếu, căn cứ, mục đích) is read from the
text around the table. Nothing here touches the database.
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from motcua.core.errors import DomainError
from motcua.plans import schedule as sched

COLUMNS = ("stt", "content", "lead", "cooperating", "product", "deadline")
_ROMAN = re.compile(r"^(?=[IVXL]+$)(X{0,3})(IX|IV|V?I{0,3})$")
_NUMBER = re.compile(r"^\d+(\.\d+)*$")


class ImportError_(DomainError):
    """The file cannot be read as a plan's task table."""


@dataclass
class DraftTask:
    number: str
    section: str  # roman number of the section
    content: str
    lead: str = ""
    cooperating: str = ""
    product: str = ""
    deadline: str = ""
    group: str = ""
    inherited: bool = False  # the deadline cell was merged with the row above
    line: int = 0


@dataclass
class DraftSection:
    number: str
    title: str


@dataclass
class Draft:
    """A plan read from a file, before the officer checks it."""

    sections: list[DraftSection] = field(default_factory=list)
    tasks: list[DraftTask] = field(default_factory=list)
    number: str = ""
    issued_on: date | None = None
    place: str = ""
    title: str = ""
    year: int | None = None
    legal_basis: str = ""
    purpose: str = ""
    issuer_name: str = ""
    issuer_parent: str = ""
    targets: list[str] = field(default_factory=list)  # bullets of "Mục tiêu" with a percent
    warnings: list[str] = field(default_factory=list)


def clean(text: str | None) -> str:
    t = unicodedata.normalize("NFC", str(text or ""))
    t = re.sub(r"<[^>]+>", " ", t)
    t = t.replace("\u00a0", " ")
    lines = [re.sub(r"[ \t]+", " ", ln).strip() for ln in t.splitlines()]
    return "\n".join(ln for ln in lines if ln).strip()


def _fold(text: str) -> str:
    t = unicodedata.normalize("NFD", text.lower()).replace("đ", "d")
    return re.sub(r"[\u0300-\u036f\s]", "", t)


def _header_map(cells: list[str]) -> dict[str, int] | None:
    found: dict[str, int] = {}
    for i, c in enumerate(cells):
        f = _fold(c)
        if not f:
            continue
        if f in ("stt", "tt", "sott"):
            found.setdefault("stt", i)
        elif f.startswith(("thoigian", "thoihan", "tiendo")):
            found.setdefault("deadline", i)
        elif "phoihop" in f:
            found.setdefault("cooperating", i)
        elif "chutri" in f:
            found.setdefault("lead", i)
        elif "noidung" in f or "nhiemvu" in f:
            found.setdefault("content", i)
        elif "sanpham" in f or "ketqua" in f:
            found.setdefault("product", i)
    if {"content", "deadline"} <= found.keys() and ("lead" in found or "stt" in found):
        found.setdefault("stt", 0 if found["content"] != 0 else -1)
        return found
    return None


def _starts_lower(text: str) -> bool:
    for ch in text:
        if ch.isalpha():
            return ch.islower()
        if ch in "-+•*(":
            return False
    return False


def _join(a: str, b: str) -> str:
    if not a:
        return b
    if not b:
        return a
    if b[:1] in "-+•" or a.endswith((";", ":")):
        return f"{a}\n{b}"
    return f"{a} {b}"


def read_rows(rows: list[list[str]], *, year: int | None = None) -> Draft:
    """Sections and tasks of the first task table among ``rows``."""
    draft = Draft()
    header: dict[str, int] | None = None
    start = 0
    for i, row in enumerate(rows):
        header = _header_map([clean(c) for c in row])
        if header:
            start = i + 1
            break
    if header is None:
        raise ImportError_(
            "no_task_table",
            "Không tìm thấy bảng nhiệm vụ: cần một dòng tiêu đề có các cột “Nội dung”, "
            "“Chủ trì” và “Thời gian” (hoặc “Thời hạn”).",
        )

    def cell(row: list[str], name: str) -> str:
        i = header.get(name, -1)
        return clean(row[i]) if 0 <= i < len(row) else ""

    section = ""
    group_no, group_title, group_count = "", "", 0
    last: DraftTask | None = None
    last_group_row = False
    loose = 0
    for n, row in enumerate(rows[start:], start=start + 1):
        cells = {c: cell(row, c) for c in COLUMNS}
        if not any(cells.values()) or all(re.fullmatch(r"-*", v) for v in cells.values()):
            continue  # empty row or the "--|---" line of a converted table
        if _header_map([clean(c) for c in row]) or all(
            re.fullmatch(r"\(?\d{1,2}\)?", v) for v in cells.values() if v
        ):
            continue  # the heading repeated on a new page / a second table, or "(1) (2) (3)"
        stt = cells["stt"].rstrip(".").strip()
        body = {k: v for k, v in cells.items() if k != "stt"}
        if stt and _ROMAN.match(stt.upper()) and stt.upper() == stt:
            section = stt
            title = cells["content"] or next((v for v in body.values() if v), "")
            draft.sections.append(DraftSection(stt, title))
            group_no, group_title, last, last_group_row, loose = "", "", None, False, 0
            continue
        letter = re.fullmatch(r"([a-zđ])\)?", stt)
        if letter and (group_no or last is not None):
            # "a)", "b)": items under the numbered row above
            base = group_no or (last.number if last is not None else "")
            task = DraftTask(f"{base}.{letter.group(1)}", section, **body, line=n)
            task.group = group_title if group_no else (last.content[:200] if last else "")
            above = draft.tasks[-1] if draft.tasks else None
            if not task.deadline and above is not None:
                task.deadline, task.inherited = above.deadline, True
            draft.tasks.append(task)
            continue
        if stt and _NUMBER.match(stt):
            if not (cells["lead"] or cells["deadline"] or cells["cooperating"] or cells["product"]):
                # a group row: "2. Tổ chức thực hiện các nhiệm vụ kiểm soát TTHC:"
                group_no, group_title, group_count = stt, cells["content"].rstrip(":"), 0
                last, last_group_row = None, True
                continue
            group_no, group_title = "", ""
            prev = draft.tasks[-1] if draft.tasks else None
            last = DraftTask(stt, section, **body, line=n)
            if not last.deadline and prev is not None and prev.section == section:
                last.deadline, last.inherited = prev.deadline, True  # merged cell above
            draft.tasks.append(last)
            last_group_row = False
            continue
        # a row without a number: the rest of the row above, or a task under a group
        first = next((v for v in body.values() if v), "")
        continuation = _starts_lower(first) or not (
            cells["lead"] or cells["deadline"] or cells["cooperating"]
        )
        if continuation and (last is not None or last_group_row):
            if last is None:  # more text of the group row
                group_title = _join(group_title, cells["content"])
                continue
            for k, v in body.items():
                setattr(last, k, _join(getattr(last, k), v))
            continue
        if group_no:
            group_count += 1
            number = f"{group_no}.{group_count}"
        else:
            loose += 1
            number = f"{last.number if last else section or '0'}.{loose}"
        task = DraftTask(number, section, **body, group=group_title, line=n)
        if not task.deadline and last is not None and last.group == group_title and group_title:
            task.deadline, task.inherited = last.deadline, True  # merged cell above
        draft.tasks.append(task)
        last, last_group_row = task, False
    if not draft.tasks:
        raise ImportError_("no_tasks", "Bảng nhiệm vụ không có dòng nhiệm vụ nào.")
    draft.year = year
    return draft


# --- the three file forms ------------------------------------------------------------------


def rows_from_text(text: str) -> tuple[list[list[str]], str]:
    """Rows of the tab-separated table in ``text`` and the text before it."""
    lines = unicodedata.normalize("NFC", text).replace("\r\n", "\n").split("\n")
    rows: list[list[str]] = []
    prose: list[str] = []
    in_table = False
    for ln in lines:
        if "\t" in ln:
            cells = ln.split("\t")
            if not in_table and _header_map([clean(c) for c in cells]) is None:
                prose.append(ln.replace("\t", " "))
                continue
            in_table = True
            rows.append(cells)
        elif not in_table:
            prose.append(ln)
    return rows, "\n".join(prose)


def rows_from_docx(data: bytes) -> tuple[list[list[str]], str]:
    try:
        import docx  # python-docx
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise ImportError_("docx_unavailable", "Máy chủ thiếu thư viện đọc DOCX.") from exc
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:
        raise ImportError_("bad_docx", "Tệp không phải tài liệu Word (.docx) đọc được.") from exc
    prose = "\n".join(p.text for p in document.paragraphs)
    for table in document.tables:
        rows: list[list[str]] = []
        for r in table.rows:
            cells, seen = [], set()
            for c in r.cells:
                tc = c._tc
                same_left = id(tc) in seen
                # a cell merged down several rows (one "Thường xuyên" for three tasks) holds
                # the value of each of them; only a cell merged across is read once
                cells.append("" if same_left else c.text)
                seen.add(id(tc))
            rows.append(cells)
        if any(_header_map([clean(c) for c in row]) for row in rows[:3]):
            return rows, prose
    raise ImportError_(
        "no_task_table",
        "Tài liệu không có bảng nhiệm vụ (cột “Nội dung”, “Chủ trì”, “Thời gian”).",
    )


def rows_from_xlsx(data: bytes) -> tuple[list[list[str]], str]:
    try:
        from openpyxl import load_workbook

        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise ImportError_("bad_xlsx", "Tệp không phải bảng tính Excel (.xlsx) đọc được.") from exc
    for ws in wb.worksheets:
        rows = [["" if v is None else str(v) for v in r] for r in ws.iter_rows(values_only=True)]
        if any(_header_map([clean(c) for c in row]) for row in rows[:15]):
            prose = "\n".join(" ".join(c for c in row if c) for row in rows[:15])
            return rows, prose
    raise ImportError_(
        "no_task_table",
        "Bảng tính không có trang nào chứa bảng nhiệm vụ (cột “Nội dung”, “Chủ trì”, “Thời gian”).",
    )


def read_file(data: bytes, name: str) -> Draft:
    """A :class:`Draft` from an uploaded file (DOCX, XLSX or UTF-8 text)."""
    lower = (name or "").lower()
    if data[:4] == b"PK\x03\x04":
        if lower.endswith(".xlsx") or b"xl/workbook" in data[:4000]:
            rows, prose = rows_from_xlsx(data)
        else:
            rows, prose = rows_from_docx(data)
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ImportError_(
                "bad_encoding",
                "Tệp văn bản phải ở mã UTF-8; hãy lưu lại tệp với mã UTF-8 hoặc dùng DOCX/XLSX.",
            ) from exc
        rows, prose = rows_from_text(text)
    if not rows:
        raise ImportError_(
            "no_task_table",
            "Không tìm thấy bảng nhiệm vụ (các cột cách nhau bằng dấu Tab, có dòng tiêu đề "
            "“Nội dung … Chủ trì … Thời gian”).",
        )
    head = read_heading(prose)
    draft = read_rows(rows, year=head.year)
    for k in ("number", "issued_on", "place", "title", "year", "legal_basis", "purpose"):
        setattr(draft, k, getattr(head, k))
    draft.issuer_name, draft.issuer_parent = head.issuer_name, head.issuer_parent
    draft.targets = head.targets
    return draft


# --- the heading of the plan ----------------------------------------------------------------


def read_heading(text: str) -> Draft:
    """Số, địa danh và ngày, trích yếu, năm, căn cứ and mục đích from the plan's text."""
    d = Draft()
    lines = [clean(ln) for ln in unicodedata.normalize("NFC", text).splitlines()]
    lines = [ln for ln in lines if ln]
    for ln in lines[:30]:
        m = re.match(r"^số\s*:\s*(.*)$", ln, re.IGNORECASE)
        if m and not d.number:
            d.number = re.sub(r"\s+", "", m.group(1)).strip()
        m = re.match(r"^([^\d,]{2,40}),\s*ngày\s*(\d{0,2})\s*tháng\s*(\d{1,2})\s*năm\s*(\d{4})", ln)
        if m and not d.place:
            d.place = m.group(1).strip()
            if m.group(2):
                try:
                    d.issued_on = date(int(m.group(4)), int(m.group(3)), int(m.group(2)))
                except ValueError:
                    pass
            d.year = int(m.group(4))
    for i, ln in enumerate(lines[:40]):
        if re.fullmatch(r"kế hoạch", ln, re.IGNORECASE):
            title: list[str] = []
            for nxt in lines[i + 1 : i + 6]:
                if re.match(
                    r"^(căn cứ|thực hiện|i\.|ngày \d|stt)", nxt, re.IGNORECASE
                ) or re.search(r",\s*ngày\s.*năm\s+\d{4}", nxt):
                    break
                title.append(nxt)
            d.title = " ".join(title)
            break
    if not d.title and lines:
        d.title = lines[0]
    m = re.search(r"năm\s+(\d{4})", d.title)
    if m:
        d.year = int(m.group(1))
    basis = [ln for ln in lines if re.match(r"^(căn cứ|thực hiện)\s", ln, re.IGNORECASE)]
    d.legal_basis = "\n".join(basis[:12])
    purpose: list[str] = []
    collecting = False
    for ln in lines:
        if re.match(r"^(\d\.\s*)?mục đích", ln, re.IGNORECASE) or re.match(
            r"^i\.\s*mục đích", ln, re.IGNORECASE
        ):
            collecting = True
            continue
        if collecting:
            if re.match(r"^(\d\.\s*yêu cầu|ii\.|[ivx]+\.\s)", ln, re.IGNORECASE):
                break
            purpose.append(ln)
    d.purpose = "\n".join(purpose[:20])
    d.targets = read_target_bullets(lines)
    # the issuing body: the upper-case lines before "Số:" ("UBND TỈNH LAI CHÂU" / "SỞ Y TẾ")
    caps = []
    for ln in lines[:8]:
        if ln.startswith(("Số", "CỘNG HÒA", "KẾ HOẠCH")):
            break
        if ln.isupper() and len(ln) < 80:
            caps.append(ln)
    if caps:
        d.issuer_parent = caps[0] if len(caps) > 1 else ""
        d.issuer_name = caps[-1]
    return d


_HEADING = re.compile(r"^([IVX]+\.|\d+(\.\d+)*\.)\s*\S")
_TARGET_HEADING = re.compile(r"^([IVX]+\.|\d+(\.\d+)*\.)?\s*(mục tiêu|chỉ tiêu|mục đích)", re.I)


def read_target_bullets(lines: list[str]) -> list[str]:
    """Bullets with a percent under the plan's "Mục tiêu" / "Chỉ tiêu" / "Mục đích" headings;
    a line that does not start a bullet continues the one above (text cut into lines)."""
    bullets: list[str] = []
    inside = False
    for ln in lines:
        if _TARGET_HEADING.match(ln):
            inside = True
            continue
        if not inside:
            continue
        if _HEADING.match(ln) and not ln.startswith(("-", "+")):
            inside = bool(_TARGET_HEADING.match(ln))
            continue
        if ln.startswith(("-", "+", "•")) or not bullets:
            bullets.append(ln.lstrip("-+• ").strip())
        else:
            bullets[-1] = f"{bullets[-1]} {ln}"
    return [b for b in bullets if "%" in b]


def parent_reference(legal_basis: str) -> str:
    """The upper plan cited first in the legal basis ("Quyết định số 191/QĐ-UBND ngày …")."""
    m = re.search(
        r"((?:Quyết định|Kế hoạch)\s+số\s*:?\s*[\w./-]+(?:\s*,)?\s*ngày\s+[\d/]+(?:\s+tháng\s+\d+"
        r"\s+năm\s+\d{4})?)",
        legal_basis,
    )
    return m.group(1) if m else ""


def schedules(draft: Draft, year: int) -> list[sched.Schedule]:
    return [sched.parse(t.deadline, year=year) for t in draft.tasks]
