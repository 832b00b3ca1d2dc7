"""Biểu 06: periods (calendar and 15th–14th windows), carry-over, exports, background jobs."""

from __future__ import annotations

import io
import json
import random
from datetime import date

import pytest
from django.test import override_settings

from motcua.demo.indicators import synthetic_record
from motcua.directory.models import AdminUnit
from motcua.dossiers.importer import import_dossiers
from motcua.indicators import services
from motcua.indicators.selectors import Scope
from motcua.reports import exports, periods
from motcua.reports.models import ReportJob
from motcua.reports.selectors import bieu06
from motcua.reports.services import request_report
from support import vn

NOW = vn(2026, 11, 20, 9)


@pytest.mark.parametrize(
    "kind, frequency, year, n, start, end",
    [
        ("nd09", "month", 2026, 1, date(2025, 12, 15), date(2026, 1, 14)),
        ("nd09", "month", 2026, 3, date(2026, 2, 15), date(2026, 3, 14)),
        ("nd09", "quarter", 2026, 1, date(2025, 12, 15), date(2026, 3, 14)),
        ("nd09", "quarter", 2026, 3, date(2026, 6, 15), date(2026, 9, 14)),
        ("nd09", "half", 2026, 1, date(2025, 12, 15), date(2026, 6, 14)),
        ("nd09", "half", 2026, 2, date(2026, 6, 15), date(2026, 12, 14)),
        ("nd09", "nine_months", 2026, None, date(2025, 12, 15), date(2026, 9, 14)),
        ("nd09", "year", 2026, None, date(2025, 12, 15), date(2026, 12, 14)),
        ("calendar", "month", 2026, 2, date(2026, 2, 1), date(2026, 2, 28)),
        ("calendar", "month", 2028, 2, date(2028, 2, 1), date(2028, 2, 29)),
        ("calendar", "quarter", 2026, 4, date(2026, 10, 1), date(2026, 12, 31)),
        ("calendar", "half", 2026, 2, date(2026, 7, 1), date(2026, 12, 31)),
        ("calendar", "nine_months", 2026, None, date(2026, 1, 1), date(2026, 9, 30)),
        ("calendar", "year", 2026, None, date(2026, 1, 1), date(2026, 12, 31)),
    ],
)
def test_windows(kind, frequency, year, n, start, end):
    assert periods.window(kind, frequency, year, n) == (start, end)


@pytest.fixture
def province(db):
    rng = random.Random(42)
    lines = [
        json.dumps(synthetic_record(rng, 7000 + i, NOW), ensure_ascii=False) for i in range(80)
    ]
    import_dossiers(lines, now=NOW)
    services.catch_up(now=NOW)
    unit = AdminUnit.objects.get(code="12", parent__isnull=True, valid_to__isnull=True)
    return Scope("province", unit.pk)


@pytest.mark.parametrize("kind", ["calendar", "nd09"])
def test_carry_over_between_consecutive_periods(province, kind):
    closing = None
    for month in range(1, 11):
        start, end = periods.window(kind, "month", 2026, month)
        b = bieu06(scope=province, start=start, end=end, now=NOW)
        assert b.carry_over_ok
        assert b.balanced
        if closing is not None:
            assert b.total.c6 == closing  # "từ kỳ trước" = closing balance of the last period
        closing = b.total.c11
        scratch = bieu06(scope=province, start=start, end=end, now=NOW, source="scratch")
        assert scratch.total.cells() == b.total.cells()


def test_xlsx_has_the_official_header_merged_cells_and_formula_totals(province):
    from openpyxl import load_workbook

    b = bieu06(scope=province, start=date(2026, 1, 1), end=date(2026, 6, 30), now=NOW)
    wb = load_workbook(io.BytesIO(exports.xlsx(b)))
    ws = wb.active
    assert ws["A1"].value == "Biểu số 06/VPCP/KSTT"
    assert "01/2020/TT-VPCP" in ws["A2"].value
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A9:A11", "B9:B11", "C9:F9", "G9:J9", "K9:M9", "D10:F10"} <= merged
    assert ws["C12"].value == "(3)" and ws["M12"].value == "(13)"
    # first data row of the first section: (3) and (7) are formulas, (4) a number
    first = 14
    assert ws[f"C{first}"].value == f"=D{first}+E{first}+F{first}"
    assert ws[f"G{first}"].value == f"=H{first}+I{first}+J{first}"
    assert isinstance(ws[f"D{first}"].value, int)
    assert ws["D13"].value.startswith("=SUM(D14:")
    total_row = next(r for r in range(13, ws.max_row + 1) if ws[f"B{r}"].value == "Tổng cộng")
    assert ws[f"D{total_row}"].value.startswith("=D13")
    # the numbers in the sheet add up to the report's totals
    data_rows = [r for r in range(13, total_row) if isinstance(ws[f"A{r}"].value, int)]
    assert sum(ws[f"D{r}"].value for r in data_rows) == b.total.c4
    assert sum(ws[f"J{r}"].value for r in data_rows) == b.total.c10


def test_pdf_and_docx(province):
    from docx import Document

    from motcua.indicators.selectors import scorecard

    b = bieu06(scope=province, start=date(2026, 3, 1), end=date(2026, 3, 31), now=NOW)
    assert exports.pdf(b).startswith(b"%PDF")
    card = scorecard(scope=province, start=b.start, end=b.end, now=NOW)
    doc = Document(
        io.BytesIO(exports.docx_narrative(b=b, card=card, targets=[], month_label="tháng 3/2026"))
    )
    text = "\n".join(p.text for p in doc.paragraphs)
    assert f"Tổng số hồ sơ nhận giải quyết: {b.total.c3}" in text
    assert card.profile_code in text
    assert len(doc.tables[0].rows) == 7  # header + six groups


@override_settings(
    TASKS={"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
)
def test_province_year_report_runs_in_the_background(province, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = request_report(
            fmt="xlsx", scope=province, start=date(2026, 1, 1), end=date(2026, 12, 31),
            period_label="Năm 2026", user=None, now=NOW,
        )  # fmt: skip
    job = ReportJob.objects.get(pk=job.pk)
    assert job.status == "done" and job.progress == 100
    assert bytes(job.content)[:2] == b"PK" and job.filename.endswith(".xlsx")
    assert job.carry_over_ok is True


def test_small_report_is_made_at_once(province):
    job = request_report(
        fmt="pdf", scope=province, start=date(2026, 3, 1), end=date(2026, 3, 31),
        period_label="Tháng 3/2026", user=None, now=NOW,
    )  # fmt: skip
    assert job.status == "done" and bytes(job.content).startswith(b"%PDF")
