"""Exports of Biểu 06 (XLSX with the official header, merged cells and formula totals; PDF)
and the monthly narrative report draft (DOCX, for the office to edit)."""

from __future__ import annotations

import io
from datetime import date

from django.template.loader import render_to_string

from motcua.reports.selectors import Bieu06, Bieu06Row

FORM_NO = "Biểu số 06/VPCP/KSTT"
FORM_BASIS = "Ban hành theo Thông tư số 01/2020/TT-VPCP ngày 21/10/2020"
TITLE = (
    "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH TẠI CƠ QUAN, ĐƠN VỊ "
    "TRỰC TIẾP GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH"
)
#: data columns after STT and Lĩnh vực: (key, header); c3, c7, c11 are formulas
MAIN = ["c3", "c4", "c5", "c6", "c7", "c8", "c9", "c10", "c11", "c12", "c13"]
EXTRA = [
    ("withdrawn", "Rút / dừng giải quyết"),
    ("online_full", "Trực tuyến toàn trình"),
    ("online_partial", "Trực tuyến một phần"),
    ("postal", "Bưu chính công ích"),
    ("boundary_free", "Phi địa giới"),
    ("late_apology", "Đã GQ quá hạn có thư xin lỗi"),
    ("late_no_apology", "Đã GQ quá hạn chưa có thư xin lỗi"),
    ("open_late_apology", "Đang GQ quá hạn có thư xin lỗi"),
    ("open_late_no_apology", "Đang GQ quá hạn chưa có thư xin lỗi"),
    ("refused", "Không được tiếp nhận"),
    ("paid", "Đã thanh toán phí, lệ phí"),
    ("paid_online", "Thanh toán trực tuyến"),
]


def vn(d: date) -> str:
    return d.strftime("%d/%m/%Y")


def _row_values(row: Bieu06Row) -> dict[str, int]:
    return row.cells()


def xlsx(b: Bieu06) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter as L

    wb = Workbook()
    ws = wb.active
    ws.title = "Bieu06"
    ncols = 2 + len(MAIN) + len(EXTRA)
    bold = Font(name="Times New Roman", bold=True, size=11)
    normal = Font(name="Times New Roman", size=11)
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)

    ws["A1"] = FORM_NO
    ws["A1"].font = bold
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=4)
    ws.cell(1, 9, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM").font = bold
    ws.merge_cells(start_row=1, start_column=9, end_row=1, end_column=ncols)
    ws["A2"] = FORM_BASIS
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=4)
    ws.cell(2, 9, "Độc lập - Tự do - Hạnh phúc").font = bold
    ws.merge_cells(start_row=2, start_column=9, end_row=2, end_column=ncols)
    ws["A4"] = TITLE
    ws["A4"].font = Font(name="Times New Roman", bold=True, size=13)
    ws.merge_cells(start_row=4, start_column=1, end_row=4, end_column=ncols)
    period = f"{b.period_label} " if b.period_label else ""
    ws["A5"] = f"Kỳ báo cáo: {period}(Từ ngày {vn(b.start)} đến ngày {vn(b.end)})"
    ws.merge_cells(start_row=5, start_column=1, end_row=5, end_column=ncols)
    ws["A6"] = f"Đơn vị báo cáo: {b.scope_name}"
    ws.merge_cells(start_row=6, start_column=1, end_row=6, end_column=ncols)
    ws["A7"] = "Đơn vị tính: Số hồ sơ TTHC"
    ws.merge_cells(start_row=7, start_column=1, end_row=7, end_column=ncols)
    for r in (1, 2, 4, 5, 6, 7):
        ws.cell(r, 1).alignment = center
        ws.cell(r, 9).alignment = center

    h1, h2, h3, h4 = 9, 10, 11, 12  # header rows; h4 = column numbers
    header = {
        (h1, 1, h3, 1): "STT",
        (h1, 2, h3, 2): "Lĩnh vực, công việc giải quyết theo cấp",
        (h1, 3, h1, 6): "Số hồ sơ nhận giải quyết",
        (h2, 3, h3, 3): "Tổng số",
        (h2, 4, h2, 6): "Trong đó",
        (h3, 4, h3, 4): "Trực tuyến",
        (h3, 5, h3, 5): "Trực tiếp, dịch vụ bưu chính",
        (h3, 6, h3, 6): "Từ kỳ trước",
        (h1, 7, h1, 10): "Số hồ sơ đã giải quyết",
        (h2, 7, h3, 7): "Tổng số",
        (h2, 8, h3, 8): "Trước hạn",
        (h2, 9, h3, 9): "Đúng hạn",
        (h2, 10, h3, 10): "Quá hạn",
        (h1, 11, h1, 13): "Số hồ sơ đang giải quyết",
        (h2, 11, h3, 11): "Tổng số",
        (h2, 12, h3, 12): "Trong hạn",
        (h2, 13, h3, 13): "Quá hạn",
        (h1, 14, h1, ncols): "Chỉ tiêu bổ sung",
    }
    for i, (_key, label) in enumerate(EXTRA):
        header[(h2, 14 + i, h3, 14 + i)] = label
    for (r1, c1, r2, c2), text in header.items():
        ws.cell(r1, c1, text)
        if (r1, c1) != (r2, c2):
            ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)
    for c in range(1, ncols + 1):
        ws.cell(h4, c, f"({c})")
        for r in (h1, h2, h3, h4):
            cell = ws.cell(r, c)
            cell.font, cell.alignment, cell.border = bold, center, box
    ws.column_dimensions["A"].width = 6
    ws.column_dimensions["B"].width = 42
    for c in range(3, ncols + 1):
        ws.column_dimensions[L(c)].width = 11
    ws.row_dimensions[h3].height = 60

    keys = MAIN + [k for k, _ in EXTRA]
    col_of = {k: 3 + i for i, k in enumerate(keys)}
    formulas = {
        "c3": lambda r: f"={L(4)}{r}+{L(5)}{r}+{L(6)}{r}",
        "c7": lambda r: f"={L(8)}{r}+{L(9)}{r}+{L(10)}{r}",
        "c11": lambda r: f"={L(12)}{r}+{L(13)}{r}",
    }
    row = h4 + 1
    subtotal_rows: list[int] = []
    roman = ["I", "II", "III", "IV"]
    for si, section in enumerate(b.sections):
        sec_row = row
        ws.cell(row, 1, roman[si]).font = bold
        ws.cell(row, 2, section.label).font = bold
        first, last = row + 1, row + len(section.rows)
        for c in range(3, 3 + len(keys)):
            ws.cell(row, c, f"=SUM({L(c)}{first}:{L(c)}{last})").font = bold
        subtotal_rows.append(sec_row)
        row += 1
        for i, data in enumerate(section.rows, start=1):
            values = _row_values(data)
            ws.cell(row, 1, i).font = normal
            ws.cell(row, 2, data.label).font = normal
            for key in keys:
                c = col_of[key]
                ws.cell(row, c, formulas[key](row) if key in formulas else values[key])
            row += 1
    ws.cell(row, 2, "Tổng cộng").font = bold
    for key in keys:
        c = col_of[key]
        refs = "+".join(f"{L(c)}{r}" for r in subtotal_rows) or "0"
        ws.cell(row, c, f"={refs}").font = bold
    total_row = row
    for r in range(h4 + 1, total_row + 1):
        for c in range(1, ncols + 1):
            cell = ws.cell(r, c)
            cell.border = box
            if c != 2:
                cell.alignment = Alignment(horizontal="center")
    row += 2
    check = "khớp" if b.carry_over_ok else "KHÔNG KHỚP" if b.carry_over_ok is False else "—"
    ws.cell(row, 2, f"Kiểm tra chuyển kỳ: tồn cuối kỳ trước = {b.previous_closing}; (6) = "
            f"{b.total.c6} → {check}.")  # fmt: skip
    ws.cell(row + 1, 2, "Cân đối: (3) = (7) + (11) + (14) rút/dừng giải quyết.")
    ws.freeze_panes = ws.cell(h4 + 1, 3)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def pdf(b: Bieu06) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "reports/bieu06_pdf.html",
        {
            "b": b,
            "form_no": FORM_NO,
            "form_basis": FORM_BASIS,
            "title": TITLE,
            "extra": EXTRA,
            "cols": range(1, 3 + len(MAIN) + len(EXTRA)),
        },
    )
    return HTML(string=html).write_pdf()


def docx_narrative(*, b: Bieu06, card, targets: list, month_label: str) -> bytes:
    """Dự thảo báo cáo tháng: key figures, the 766 table, plan targets; editable DOCX."""
    from docx import Document
    from docx.shared import Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    doc.add_paragraph(b.scope_name.upper()).runs[0].bold = True
    doc.add_paragraph("Số:      /BC-....")
    h = doc.add_heading(f"BÁO CÁO (DỰ THẢO)\nTình hình, kết quả kiểm soát TTHC {month_label}", 1)
    h.alignment = 1
    doc.add_paragraph(f"Kỳ báo cáo: từ ngày {vn(b.start)} đến ngày {vn(b.end)}.")
    doc.add_heading("I. Kết quả tiếp nhận, giải quyết hồ sơ TTHC", 2)
    t = b.total
    done = t.c7
    on_time = t.c8 + t.c9
    pct = f"{on_time / done:.2%}".replace(".", ",") if done else "—"
    for text in (
        f"Tổng số hồ sơ nhận giải quyết: {t.c3} (trực tuyến {t.c4}; trực tiếp, bưu chính {t.c5}; "
        f"từ kỳ trước chuyển sang {t.c6}).",
        f"Đã giải quyết: {done} hồ sơ, trong đó trước hạn {t.c8}, đúng hạn {t.c9}, quá hạn "
        f"{t.c10} (tỷ lệ trước hạn, đúng hạn {pct}).",
        f"Đang giải quyết: {t.c11} hồ sơ (trong hạn {t.c12}, quá hạn {t.c13}).",
        f"Rút, dừng giải quyết: {t.withdrawn}; không được tiếp nhận: {t.refused}.",
    ):
        doc.add_paragraph(text, style="List Bullet")
    doc.add_heading("II. Bộ chỉ số 766 (tạm tính)", 2)
    doc.add_paragraph(
        f"Hồ sơ quy tắc: {card.profile_name} ({card.profile_code}). Tổng điểm: "
        f"{card.total:.2f}/100 — xếp loại {card.band} (tạm tính)."
    )
    table = doc.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(
        table.rows[0].cells, ["Nhóm chỉ số", "Điểm tối đa", "Điểm", "Ghi chú"], strict=True
    ):
        cell.text = text
    for g in card.groups:
        cells = table.add_row().cells
        cells[0].text = f"{g.number}. {g.label}"
        cells[1].text = f"{g.max:g}"
        cells[2].text = "Chưa có dữ liệu" if g.points is None else f"{g.points:.2f}"
        cells[3].text = ("Thiếu dữ liệu: " + ", ".join(g.missing)) if g.missing else ""
    if targets:
        doc.add_heading("III. Thực hiện chỉ tiêu kế hoạch", 2)
        tt = doc.add_table(rows=1, cols=4)
        tt.style = "Table Grid"
        for cell, text in zip(
            tt.rows[0].cells, ["Chỉ tiêu", "Kế hoạch", "Thực hiện", "Đánh giá"], strict=True
        ):
            cell.text = text
        for p in targets:
            cells = tt.add_row().cells
            cells[0].text = p.label
            cells[1].text = f"{p.target:.0%}"
            cells[2].text = "Chưa có dữ liệu" if p.actual.value is None else f"{p.actual.value:.2%}"
            cells[3].text = p.status_label
    doc.add_heading("IV. Tồn tại, hạn chế và nhiệm vụ tháng tới", 2)
    doc.add_paragraph("(Văn phòng bổ sung.)")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
