"""Export a plan, or its progress report, as DOCX and XLSX in the administrative layout
(Nghị định 30/2020/NĐ-CP): the issuing body and number on the left, the national motto on the
right, place and date, the title, then the task table (landscape)."""

from __future__ import annotations

import io
from datetime import date

from motcua.plans import schedule as sched
from motcua.plans import selectors
from motcua.plans.models import OccurrenceStatus, Plan

MOTTO_1 = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO_2 = "Độc lập - Tự do - Hạnh phúc"
HEAD = ["STT", "Nội dung công việc", "Chủ trì", "Phối hợp", "Sản phẩm", "Thời gian"]
REPORT_HEAD = [*HEAD, "Cách hiểu thời hạn", "Kết quả thực hiện", "Tiến độ"]


def _issuer(plan: Plan) -> tuple[str, str]:
    """(cơ quan chủ quản, cơ quan ban hành) in capitals; an Ủy ban nhân dân has no upper line."""
    upper = plan.issuer_parent
    is_ubnd = plan.agency_id is not None and plan.agency.agency_type.code.startswith("ubnd")
    if not upper and plan.agency_id and not is_ubnd and plan.agency.parent is not None:
        upper = plan.agency.parent.name
    return upper.upper(), (plan.issuer_name or plan.owner_label).upper()


def _place_date(plan: Plan, on: date | None) -> str:
    place = plan.place or plan.unit.name.replace("Tỉnh ", "").replace("Xã ", "")
    if on is None:
        return f"{place}, ngày      tháng      năm {plan.year}"
    return f"{place}, ngày {on.day:02d} tháng {on.month:02d} năm {on.year}"


def _rows(plan: Plan, today: date, report: bool) -> list[tuple[str, list[str]]]:
    """("section"|"task", cells) in table order."""
    progress = selectors.task_progress(plan, today)
    tasks = list(selectors.tasks_of(plan))
    out: list[tuple[str, list[str]]] = []
    for s in plan.sections.all():
        out.append(("section", [s.number, s.title]))
        for t in (t for t in tasks if t.section_id == s.pk):
            out.append(("task", _task_cells(t, progress.get(t.pk), report)))
    for t in (t for t in tasks if t.section_id is None):
        out.append(("task", _task_cells(t, progress.get(t.pk), report)))
    return out


def _task_cells(t, p, report: bool) -> list[str]:
    content = f"{t.group}: {t.content}" if t.group else t.content
    cells = [t.number, content, t.lead, t.cooperating, t.product, t.deadline_text]
    if report:
        s = sched.Schedule.from_json(t.schedule)
        occs = list(t.occurrences.all())
        done = [o for o in occs if o.status == OccurrenceStatus.DONE]
        lines = [f"{o.label}: {o.get_status_display()}" for o in occs if o.status != "not_started"]
        pct = f"{p.percent}%" if p and p.percent is not None else "chưa đến hạn"
        overdue = p.overdue if p else 0
        cells += [
            s.describe(),
            "\n".join(lines) or "Chưa có báo cáo",
            f"{len(done)}/{len(occs)} kỳ; {pct}" + (f"; {overdue} kỳ quá hạn" if overdue else ""),
        ]
    return cells


def plan_docx(plan: Plan, *, today: date, report: bool = False) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.LANDSCAPE
    sec.page_width, sec.page_height = Cm(29.7), Cm(21)
    for side in ("left_margin", "right_margin"):
        setattr(sec, side, Cm(2))
    upper, issuer = _issuer(plan)
    head = doc.add_table(rows=1, cols=2)
    left, right = head.rows[0].cells
    left.text = ""
    p = left.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if upper:
        p.add_run(upper + "\n")
    p.add_run(issuer).bold = True
    p2 = left.add_paragraph(f"Số: {plan.number or '      /KH'}")
    p2.alignment = WD_ALIGN_PARAGRAPH.CENTER
    r = right.paragraphs[0]
    r.alignment = WD_ALIGN_PARAGRAPH.CENTER
    r.add_run(MOTTO_1 + "\n").bold = True
    r.add_run(MOTTO_2).bold = True
    d = right.add_paragraph()
    d.alignment = WD_ALIGN_PARAGRAPH.CENTER
    d.add_run(_place_date(plan, today if report else plan.issued_on)).italic = True
    t = doc.add_paragraph()
    t.alignment = WD_ALIGN_PARAGRAPH.CENTER
    t.add_run("BÁO CÁO\n" if report else "KẾ HOẠCH\n").bold = True
    t.add_run(
        f"Kết quả thực hiện {plan.title[0].lower() + plan.title[1:]}" if report else plan.title
    ).bold = True
    if report:
        pr = selectors.plan_progress(plan, today)
        doc.add_paragraph(
            f"Số liệu đến ngày {today:%d/%m/%Y}: {pr.done}/{pr.due_so_far} kỳ thực hiện đã đến hạn "
            f"đã hoàn thành ({pr.percent if pr.percent is not None else 0}%); {pr.overdue} kỳ quá "
            f"hạn; {pr.due_soon} kỳ sắp đến hạn."
        )
    else:
        for line in (plan.legal_basis or "").splitlines():
            doc.add_paragraph(line)
    head_cells = REPORT_HEAD if report else HEAD
    table = doc.add_table(rows=1, cols=len(head_cells))
    table.style = "Table Grid"
    for i, h in enumerate(head_cells):
        table.rows[0].cells[i].text = ""
        table.rows[0].cells[i].paragraphs[0].add_run(h).bold = True
    for kind, cells in _rows(plan, today, report):
        row = table.add_row().cells
        if kind == "section":
            row[0].text = cells[0]
            merged = row[1].merge(row[-1])
            merged.text = ""
            merged.paragraphs[0].add_run(cells[1]).bold = True
        else:
            for i, v in enumerate(cells):
                row[i].text = v or ""
    for row in table.rows:
        for c in row.cells:
            for para in c.paragraphs:
                for run in para.runs:
                    run.font.size = Pt(11)
    # Nơi nhận (left) and the signature block (right), as in Nghị định 30/2020/NĐ-CP
    doc.add_paragraph()
    foot = doc.add_table(rows=1, cols=2)
    left, right = foot.rows[0].cells
    left.text = ""
    lp = left.paragraphs[0]
    r = lp.add_run("Nơi nhận:")
    r.bold, r.italic = True, True
    for line in (
        "- Cơ quan cấp trên (báo cáo);" if report else "- Các đơn vị thực hiện;",
        "- Lãnh đạo cơ quan;",
        "- Lưu: VT.",
    ):
        left.add_paragraph(line).runs[0].font.size = Pt(11)
    right.text = ""
    rp = right.paragraphs[0]
    rp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    rp.add_run("THỦ TRƯỞNG CƠ QUAN").bold = True
    sign = right.add_paragraph("(Ký, ghi rõ họ tên, đóng dấu)")
    sign.alignment = WD_ALIGN_PARAGRAPH.CENTER
    sign.runs[0].italic = True
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def plan_xlsx(plan: Plan, *, today: date, report: bool = False) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    wb = Workbook()
    ws = wb.active
    ws.title = "Bao cao" if report else "Ke hoach"
    head_cells = REPORT_HEAD if report else HEAD
    n = len(head_cells)
    half = max(2, n // 2)
    upper, issuer = _issuer(plan)
    ws.cell(1, 1, upper)
    ws.cell(2, 1, issuer).font = Font(bold=True)
    ws.cell(3, 1, f"Số: {plan.number or '      /KH'}")
    ws.cell(1, half + 1, MOTTO_1).font = Font(bold=True)
    ws.cell(2, half + 1, MOTTO_2).font = Font(bold=True)
    ws.cell(3, half + 1, _place_date(plan, today if report else plan.issued_on)).font = Font(
        italic=True
    )
    for r in (1, 2, 3):
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=half)
        ws.merge_cells(start_row=r, start_column=half + 1, end_row=r, end_column=n)
        for c in (1, half + 1):
            ws.cell(r, c).alignment = Alignment(horizontal="center")
    ws.cell(5, 1, "BÁO CÁO KẾT QUẢ THỰC HIỆN" if report else "KẾ HOẠCH").font = Font(bold=True)
    ws.cell(6, 1, plan.title).font = Font(bold=True)
    for r in (5, 6):
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=n)
        ws.cell(r, 1).alignment = Alignment(horizontal="center", wrap_text=True)
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    row = 8
    for i, h in enumerate(head_cells, start=1):
        c = ws.cell(row, i, h)
        c.font, c.border = Font(bold=True), box
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for kind, cells in _rows(plan, today, report):
        row += 1
        if kind == "section":
            ws.cell(row, 1, cells[0]).font = Font(bold=True)
            ws.cell(row, 2, cells[1]).font = Font(bold=True)
            ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=n)
        else:
            for i, v in enumerate(cells, start=1):
                ws.cell(row, i, v)
        for i in range(1, n + 1):
            ws.cell(row, i).border = box
            ws.cell(row, i).alignment = Alignment(vertical="top", wrap_text=True)
    widths = [6, 50, 20, 20, 25, 20, 35, 35, 18]
    for i in range(n):
        ws.column_dimensions[chr(ord("A") + i)].width = widths[i]
    ws.page_setup.orientation = "landscape"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
