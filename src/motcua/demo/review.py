"""Demo review plan of Sở Y tế Lai Châu with compliance costs filled (synthetic figures)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from motcua.catalog.models import Procedure
from motcua.core.calendar import VN_TZ
from motcua.directory.models import Agency
from motcua.review import services
from motcua.review.models import ReviewPlan, Scenario

TITLE = "Kế hoạch rà soát, đánh giá thủ tục hành chính năm {year} của Sở Y tế"

#: code → (proposal text, changes builder, "after" rows) — synthetic but realistic figures.
ITEMS = ["1.012290", "1.001710", "1.012289"]


def load(now: datetime, *, with_dossiers: bool) -> str | None:
    today = now.astimezone(VN_TZ).date()
    year = today.year + 1 if today.month >= 10 else today.year
    agency = Agency.objects.filter(code="so-y-te-12").first()
    if agency is None:
        return None
    if ReviewPlan.objects.filter(agency=agency, year=year).exists():
        return None
    hourly = services.set_hourly_income(
        year=2024,
        amount=Decimal(40000),
        source=(
            "Tổng cục Thống kê — thu nhập bình quân năm 2024 (như QĐ 2816/QĐ-UBND tỉnh Đồng Nai)"
        ),
        user=None,
        now=now,
    )
    plan = services.create_plan(
        agency=agency,
        year=year,
        title=TITLE.format(year=year),
        number=f"KH-SYT/{year}",
        legal_basis=(
            "Nghị định 63/2010/NĐ-CP (sửa đổi bởi Nghị định 92/2017/NĐ-CP), Điều 28;\n"
            "Thông tư 02/2017/TT-VPCP; Nghị quyết 66/NQ-CP ngày 26/3/2025."
        ),
        hourly_income=hourly,
        user=None,
        now=now,
    )
    procedures = {p.code: p for p in Procedure.objects.filter(code__in=ITEMS)}
    made = 0
    for code in ITEMS:
        if code not in procedures:
            continue
        item = services.add_procedure(plan, procedure=procedures[code], today=today, now=now)
        made += 1
        case = item.case
        before_rows = [
            {"label": "Tìm hiểu thông tin thủ tục", "hours": "2"},
            {"label": "Chuẩn bị đơn, tờ khai và giấy tờ", "hours": "8", "other": "50000"},
            {"label": "Nộp hồ sơ, đi lại", "hours": "4", "other": "100000"},
            {
                "label": f"Chờ giải quyết ({case.time_limit_text})",
                "hours": str(services.C.days_to_hours(services._case_days(case))),
            },
            {"label": "Nộp phí, lệ phí", "fee": str(services._fee_total(case))},
        ]
        before = item.costs.get(scenario=Scenario.BEFORE)
        services.save_cost(
            item,
            scenario=Scenario.BEFORE,
            rows=before_rows,
            n_per_year=before.n_per_year if before.n_source == "measured" else 40,
            n_source=before.n_source,
            frequency=1,
            user=None,
            now=now,
        )
        services.save_assessment(
            item,
            necessity_ok=True,
            necessity="Cần thiết để quản lý điều kiện hành nghề, bảo đảm an toàn cho người bệnh.",
            assessment={
                "components": {
                    "ok": False,
                    "note": "Yêu cầu bản sao chứng thực giấy tờ đã có trong cơ sở dữ liệu.",
                    "proposal": "Khai thác dữ liệu thay cho bản sao.",
                },
                "time_limit": {
                    "ok": False,
                    "note": "Thời gian thẩm định dài so với thực tế xử lý.",
                    "proposal": "Rút ngắn thời hạn giải quyết.",
                },
                "manner": {"ok": True, "note": "", "proposal": ""},
            },
            legality_ok=True,
            legality="Đúng thẩm quyền, phù hợp văn bản cấp trên.",
            user=None,
            now=now,
        )
        if code == "1.012289":
            continue  # reviewed, proposal still to be written
        amount = (case.time_amount * Decimal("0.6")).quantize(Decimal(1))
        services.save_proposal(
            item,
            proposal=(
                f"Rút ngắn thời hạn giải quyết từ {case.time_limit_text} xuống {amount} "
                f"{case.get_time_unit_display()}; thực hiện trực tuyến toàn trình."
            ),
            reasons="Số liệu năm trước cho thấy hồ sơ được giải quyết sớm hơn thời hạn.",
            recommendation="Đề nghị Bộ Y tế sửa đổi thời hạn tại văn bản quy định thủ tục.",
            changes={"time_limit": {"amount": str(amount), "unit": case.time_unit}},
            user=None,
            now=now,
        )
        after = item.costs.get(scenario=Scenario.AFTER)
        rows = [
            {
                "label": r.label,
                "hours": str(r.hours / 2 if "Nộp hồ sơ" in r.label else r.hours),
                "fee": str(r.fee),
                "service": str(r.service),
                "other": str(0 if "Nộp hồ sơ" in r.label else r.other),
            }
            for r in after.rows.all()
        ]
        services.save_cost(
            item,
            scenario=Scenario.AFTER,
            rows=rows,
            n_per_year=after.n_per_year,
            n_source=after.n_source,
            frequency=1,
            user=None,
            now=now,
        )
    return f"Rà soát TTHC: 1 kế hoạch năm {year} của Sở Y tế với {made} thủ tục, đã tính chi phí."
