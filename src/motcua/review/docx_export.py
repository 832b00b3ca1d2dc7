"""The simplification proposal (phương án đơn giản hóa TTHC) as DOCX in the layout of an
administrative document (Nghị định 30/2020/NĐ-CP, Phụ lục I): A4, Times New Roman 13–14,
margins 20/20/30/15 mm; header with the governing body and the issuing agency on the left,
the national motto on the right, number and place-date; title; body per procedure in the
format of provincial plans ("Nội dung đơn giản hóa", "Lý do", "Kiến nghị thực thi", "Lợi ích
phương án đơn giản hóa" with the compliance cost before/after, saving and reduction rate);
totals on sums against the targets; recipients and signature block.
"""

from __future__ import annotations

import io
from datetime import date

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from motcua.catalog.models import Channel, TimeUnit
from motcua.review import cost as C
from motcua.review.models import ELEMENTS
from motcua.review.selectors import ItemFigures, PlanSummary

FONT = "Times New Roman"


def _run(p, text: str, *, bold=False, italic=False, size=14, underline=False):
    r = p.add_run(text)
    r.bold, r.italic, r.underline = bold, italic, underline
    r.font.size = Pt(size)
    r.font.name = FONT
    r._element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    return r


def _para(doc_or_cell, text="", *, align=None, bold=False, italic=False, size=14, indent=True):
    p = doc_or_cell.add_paragraph()
    if align is not None:
        p.alignment = align
    elif indent:
        p.paragraph_format.first_line_indent = Mm(10)
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    p.paragraph_format.space_after = Pt(4)
    if text:
        _run(p, text, bold=bold, italic=italic, size=size)
    return p


def _no_borders(table) -> None:
    tbl = table._tbl
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl.tblPr.append(borders)


def _cell_text(cell, text, *, bold=False, italic=False, size=13, center=True, underline=False):
    p = cell.paragraphs[0] if not cell.paragraphs[0].text else cell.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER if center else WD_ALIGN_PARAGRAPH.LEFT
    p.paragraph_format.space_after = Pt(0)
    _run(p, text, bold=bold, italic=italic, size=size, underline=underline)
    return p


def _header(doc, *, governing: str, issuer: str, place: str, on: date) -> None:
    t = doc.add_table(rows=1, cols=2)
    _no_borders(t)
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = t.rows[0].cells
    left.width, right.width = Mm(65), Mm(100)
    _cell_text(left, governing.upper(), size=13)
    _cell_text(left, issuer.upper(), bold=True, size=13)
    _cell_text(left, "———", size=10)
    _cell_text(left, "Số:         /PA", size=13)  # numbered by the văn thư when issued
    _cell_text(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=13)
    _cell_text(right, "Độc lập - Tự do - Hạnh phúc", bold=True, size=14)
    _cell_text(right, "———————————", size=10)
    _cell_text(
        right,
        f"{place}, ngày {on.day:02d} tháng {on.month:02d} năm {on.year}",
        italic=True,
        size=14,
    )


def _time_text(amount, unit: str) -> str:
    if amount is None or not unit:
        return "—"
    if unit == TimeUnit.SAME_DAY:
        return "trong ngày"
    return f"{C.num(amount, 3)} {TimeUnit(unit).label}"


def _item_section(doc, n: int, f: ItemFigures) -> None:
    item = f.item
    _para(doc, f"{n}. {item.procedure.name} (mã {item.procedure.code})", bold=True)
    _para(doc, f"{n}.1. Nội dung đơn giản hóa", bold=True, italic=True)
    for line in (item.proposal or "Chưa có phương án.").splitlines():
        if line.strip():
            _para(doc, line.strip())
    changes = item.changes or {}
    if changes.get("time_limit"):
        tl = changes["time_limit"]
        _para(
            doc,
            f"- Thời hạn giải quyết: từ {item.case.time_limit_text} xuống "
            f"{_time_text(tl['amount'], tl['unit'])}.",
        )
    if changes.get("components_removed"):
        names = [
            c.name
            for c in item.version.components.all()
            if c.pk in set(changes["components_removed"])
        ]
        for name in names:
            _para(doc, f"- Bãi bỏ thành phần hồ sơ: {name}.")
    if changes.get("fees"):
        for fee in item.case.fees.all():
            new = changes["fees"].get(str(fee.pk))
            if new is not None:
                _para(
                    doc,
                    f"- {fee.name}: từ {C.vnd(fee.amount)} đồng xuống {C.vnd(new)} đồng.",
                )
    if changes.get("channels"):
        labels = ", ".join(Channel(c).label.lower() for c in changes["channels"])
        _para(doc, f"- Cách thức thực hiện: {labels}.")
    weak = [(ELEMENTS[k], v) for k, v in (item.assessment or {}).items() if v.get("ok") is False]
    _para(doc, "Lý do:", italic=True)
    if item.reasons:
        for line in item.reasons.splitlines():
            if line.strip():
                _para(doc, line.strip())
    for label, v in weak:
        _para(doc, f"- {label}: {v.get('note', '')}")
    _para(doc, f"{n}.2. Kiến nghị thực thi", bold=True, italic=True)
    _para(doc, item.recommendation or "—")
    _para(doc, f"{n}.3. Lợi ích phương án đơn giản hóa", bold=True, italic=True)
    if f.cost is None:
        _para(doc, "Chưa tính chi phí tuân thủ trước và sau đơn giản hóa.")
        return
    _para(
        doc,
        f"- Chi phí tuân thủ TTHC trước khi đơn giản hóa: {C.vnd(f.cost.before)} đồng/năm.",
    )
    _para(
        doc,
        f"- Chi phí tuân thủ TTHC sau khi đơn giản hóa: {C.vnd(f.cost.after)} đồng/năm.",
    )
    _para(doc, f"- Chi phí tiết kiệm: {C.vnd(f.cost.saving)} đồng/năm.")
    _para(doc, f"- Tỷ lệ cắt giảm chi phí: {C.num(f.cost.rate)}%.")
    if f.time is not None:
        _para(
            doc,
            f"- Thời gian giải quyết: {C.num(f.time.before)} ngày → {C.num(f.time.after)} ngày; "
            f"tỷ lệ cắt giảm thời gian: {C.num(f.time.rate)}%.",
        )


def _totals_table(doc, summary: PlanSummary) -> None:
    headers = [
        "Nhóm",
        "Số TTHC",
        "Chi phí trước (đồng/năm)",
        "Chi phí sau (đồng/năm)",
        "Tiết kiệm (đồng/năm)",
        "Tỷ lệ cắt giảm chi phí",
        "Tỷ lệ cắt giảm thời gian",
    ]
    t = doc.add_table(rows=1, cols=len(headers))
    t.style = "Table Grid"
    for cell, h in zip(t.rows[0].cells, headers, strict=True):
        _cell_text(cell, h, bold=True, size=11)
    for g in summary.groups:
        cells = t.add_row().cells
        values = [
            g.label,
            str(g.cost.count),
            C.vnd(g.cost.total.before),
            C.vnd(g.cost.total.after),
            C.vnd(g.cost.total.saving),
            f"{C.num(g.cost.total.rate)}% (mục tiêu {C.num(g.cost_target)}%)",
            f"{C.num(g.time.total.rate)}% (mục tiêu {C.num(g.time_target)}%)",
        ]
        for cell, v in zip(cells, values, strict=True):
            _cell_text(cell, v, size=11)


def _cost_annex(doc, n: int, f: ItemFigures) -> None:
    """Biểu tính chi phí tuân thủ of one procedure, before and after (one row per công việc)."""
    costs = {c.scenario: c for c in f.item.costs.all()}
    _para(doc, f"{n}. {f.item.procedure.name} (mã {f.item.procedure.code})", bold=True)
    headers = [
        "STT",
        "Công việc",
        "Số giờ",
        "Thu nhập 1 giờ (đồng)",
        "Phí, lệ phí (đồng)",
        "Thuê dịch vụ (đồng)",
        "Chi phí khác (đồng)",
        "Thành tiền (đồng)",
    ]
    for scenario, label, figures in (
        ("before", "Trước khi đơn giản hóa", f.before),
        ("after", "Sau khi đơn giản hóa", f.after),
    ):
        cost = costs.get(scenario)
        if cost is None or figures is None:
            continue
        _para(doc, label, italic=True, bold=True, indent=False)
        t = doc.add_table(rows=1, cols=len(headers))
        t.style = "Table Grid"
        for cell, h in zip(t.rows[0].cells, headers, strict=True):
            _cell_text(cell, h, bold=True, size=10)
        for i, r in enumerate(cost.rows.all(), 1):
            a = C.Activity(r.label, r.hours, r.fee, r.service, r.other)
            values = [
                str(i),
                r.label,
                C.num(r.hours),
                C.vnd(cost.hourly_income),
                C.vnd(r.fee),
                C.vnd(r.service),
                C.vnd(r.other),
                C.vnd(a.cost(cost.hourly_income)),
            ]
            for j, (cell, v) in enumerate(zip(t.add_row().cells, values, strict=True)):
                _cell_text(cell, v, size=10, center=j != 1)
        res = figures.result
        _para(
            doc,
            f"Chi phí thực hiện 1 lần: {C.vnd(res.per_performance)} đồng; số lượng đối tượng "
            f"(hồ sơ)/năm: {C.num(cost.n_per_year)}"
            f"{' (đo từ hệ thống)' if cost.n_source == 'measured' else ''}; tần suất/năm: "
            f"{C.num(cost.frequency, 3)}; chi phí tuân thủ/năm: {C.vnd(res.per_year)} đồng.",
            size=12,
        )


def proposal_docx(summary: PlanSummary, *, on: date, only_item: int | None = None) -> bytes:
    """The plan's simplification proposals (or one of them) as a DOCX file."""
    plan = summary.plan
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = doc.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(14)
    agency = plan.agency
    unit = agency.unit
    province = unit if unit.parent_id is None else unit.parent
    place = province.name.removeprefix("Tỉnh ").removeprefix("Thành phố ")
    issuer = agency.name
    suffix = f" {province.name}".lower()
    if issuer.lower().endswith(suffix):  # "Sở Y tế tỉnh Lai Châu" → "Sở Y tế"
        issuer = issuer[: -len(suffix)]
    governing = f"Ủy ban nhân dân {province.name.lower()}"
    _header(doc, governing=governing, issuer=issuer, place=place, on=on)
    _para(doc, "")
    _para(doc, "PHƯƠNG ÁN", align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)
    _para(
        doc,
        "Đơn giản hóa thủ tục hành chính",
        align=WD_ALIGN_PARAGRAPH.CENTER,
        bold=True,
    )
    _para(
        doc,
        f"(Kèm theo {plan.title}{f' số {plan.number}' if plan.number else ''})",
        align=WD_ALIGN_PARAGRAPH.CENTER,
        italic=True,
    )
    if plan.legal_basis:
        for line in plan.legal_basis.splitlines():
            if line.strip():
                _para(doc, line.strip(), italic=True)
    _para(doc, "I. PHƯƠNG ÁN ĐƠN GIẢN HÓA TỪNG THỦ TỤC", bold=True, indent=False)
    rows = [r for r in summary.rows if only_item is None or r.item.pk == only_item]
    rows = [r for r in rows if r.item.proposal or only_item is not None]
    for n, f in enumerate(rows, 1):
        _item_section(doc, n, f)
    if only_item is None:
        _para(doc, "II. TỔNG HỢP LỢI ÍCH (tính trên tổng chi phí)", bold=True, indent=False)
        _totals_table(doc, summary)
        _para(
            doc,
            f"Thu nhập bình quân 1 giờ làm việc: {C.vnd(plan.hourly_income.amount)} đồng "
            f"({plan.hourly_income.source}, số liệu năm {plan.hourly_income.year}); "
            "1 ngày làm việc = 8 giờ.",
            italic=True,
            size=12,
        )
    costed = [f for f in rows if f.before is not None]
    if costed:
        _para(doc, "III. BIỂU TÍNH CHI PHÍ TUÂN THỦ", bold=True, indent=False)
        for n, f in enumerate(costed, 1):
            _cost_annex(doc, n, f)
    _para(doc, "")
    sig = doc.add_table(rows=1, cols=2)
    _no_borders(sig)
    left, right = sig.rows[0].cells
    _cell_text(left, "Nơi nhận:", bold=True, italic=True, size=12, center=False)
    _cell_text(left, "- Văn phòng UBND tỉnh (Phòng Kiểm soát TTHC);", size=11, center=False)
    _cell_text(left, "- Lưu: VT.", size=11, center=False)
    _cell_text(right, "THỦ TRƯỞNG CƠ QUAN", bold=True, size=13)
    _cell_text(right, "(Ký, ghi rõ họ tên, đóng dấu)", italic=True, size=13)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
