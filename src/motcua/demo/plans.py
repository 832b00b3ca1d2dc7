"""Demo plans: the province's plan (nội dung minh họa), and the real published plans of Thanh tra
tỉnh Lai Châu (385/KH-TTr, 13/02/2026) and of xã Bình Lư (2026) imported from their text
(``data/plan-*.txt``, the phụ lục tables as published), nested under it; a few progress
reports; an inspection plan of the supervising office covering units of the province."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from importlib import resources

from django.contrib.auth import get_user_model

from motcua.demo.directory import BINH_LU, LAI_CHAU
from motcua.directory.models import Agency
from motcua.plans import services, tables
from motcua.plans.models import OccurrenceStatus, OwnerKind, Plan, TaskOccurrence

YEAR = 2026
PROVINCE_NUMBER = "191/QĐ-UBND"

# The province's plan is not among the published seeds: a short illustration in its style.
PROVINCE_TABLE = """KẾ HOẠCH
Kiểm soát thủ tục hành chính, thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ \
tục hành chính trên địa bàn tỉnh Lai Châu năm 2026 (nội dung minh họa)
Lai Châu, ngày 30 tháng 01 năm 2026
STT\tNội dung công việc\tCơ quan chủ trì\tCơ quan phối hợp\tSản phẩm\tThời gian
I\tCông tác chỉ đạo, điều hành\t\t\t\t
1\tXây dựng, ban hành kế hoạch kiểm soát TTHC của các sở, ngành, UBND cấp xã\tCác sở, ngành; \
UBND các xã, phường\tVăn phòng UBND tỉnh\tKế hoạch\tTrước 15/02/2026
2\tKiểm tra công tác kiểm soát TTHC, thực hiện cơ chế một cửa tại tối thiểu 20% cơ quan, đơn \
vị\tVăn phòng UBND tỉnh\tCác sở, ngành\tKế hoạch và báo cáo kiểm tra\tQuý III
II\tThực hiện các chỉ tiêu phục vụ người dân, doanh nghiệp\t\t\t\t
1\tTỷ lệ số hóa hồ sơ, kết quả giải quyết TTHC đạt tối thiểu 90%\tCác sở, ngành; UBND các xã\t\
Trung tâm Phục vụ hành chính công tỉnh\tKết quả trên Cổng DVC quốc gia\tThường xuyên
2\tĐạt tỷ lệ 95% hồ sơ tiếp nhận và xử lý trực tuyến\tCác sở, ngành; UBND các xã\tTrung tâm \
Phục vụ hành chính công tỉnh\tKết quả trên Cổng DVC quốc gia\tThường xuyên
III\tChế độ báo cáo\t\t\t\t
1\tBáo cáo tình hình, kết quả kiểm soát TTHC\tVăn phòng UBND tỉnh\tCác sở, ngành\tBáo cáo\t\
Hằng quý, 6 tháng, năm
"""


def _text(name: str) -> str:
    return resources.files("motcua.demo").joinpath(f"data/{name}").read_text("utf-8")


def _import(
    text: str, *, kind: str, agency: Agency, parent: Plan | None, now: datetime, name: str
) -> Plan:
    draft = tables.read_file(text.encode("utf-8"), name)
    return services.create_plan(
        draft,
        owner_kind=kind,
        agency=agency,
        year=YEAR,
        number=draft.number if draft.number and draft.number[0].isdigit() else "",
        parent=parent,
        source_name=name,
        actor=None,
        now=now,
    )


def load(now: datetime, *, with_dossiers: bool) -> str | None:
    """Idempotent: nothing happens when the province's demo plan exists."""
    if Plan.objects.filter(number=PROVINCE_NUMBER, year=YEAR).exists():
        return None
    ubnd = Agency.objects.filter(code=f"ubnd-tinh-{LAI_CHAU}").first()
    inspectorate = Agency.objects.filter(code=f"thanh-tra-tinh-{LAI_CHAU}").first()
    commune = Agency.objects.filter(code=f"ubnd-xa-{BINH_LU}").first()
    office = Agency.objects.filter(code=f"vp-ubnd-tinh-{LAI_CHAU}").first()
    if not (ubnd and inspectorate and commune and office):
        return None
    province = _import(
        PROVINCE_TABLE, kind=OwnerKind.PROVINCE, agency=ubnd, parent=None, now=now, name="tinh.txt"
    )
    province.number, province.issued_on = PROVINCE_NUMBER, date(YEAR, 1, 30)
    province.save(update_fields=["number", "issued_on"])
    tt = _import(
        _text("plan-thanh-tra-lai-chau.txt"),
        kind=OwnerKind.AGENCY,
        agency=inspectorate,
        parent=province,
        now=now,
        name="plan-thanh-tra-lai-chau.txt",
    )
    bl = _import(
        _text("plan-xa-binh-lu.txt"),
        kind=OwnerKind.COMMUNE,
        agency=commune,
        parent=province,
        now=now,
        name="plan-xa-binh-lu.txt",
    )
    reports = 0
    officer = get_user_model().objects.filter(username="chuyenvien.thanhtra").first()
    if officer is not None:
        first = TaskOccurrence.objects.filter(task__plan=tt, task__number="1").order_by("id")
        occ = first.filter(task__section__number="I").first()
        if occ is not None and occ.due_on and occ.due_on <= now.date():
            services.report_progress(
                occ,
                status=OccurrenceStatus.DONE,
                note="Đã ban hành Kế hoạch số 385/KH-TTr ngày 13/02/2026.",
                done_on=date(YEAR, 2, 13),
                actor=officer,
                now=now,
            )
            reports += 1
        event_task = tt.tasks.filter(schedule_kind="event").order_by("order").first()
        if event_task is not None:
            services.log_event(
                event_task,
                event_on=min(now.date(), date(YEAR, 3, 10)),
                note="Dự thảo Nghị quyết HĐND tỉnh quy định mức thu phí (minh họa)",
                actor=officer,
                now=now,
            )
    ip = services.create_inspection_plan(
        agency=office,
        year=YEAR,
        title="Kế hoạch kiểm tra công tác kiểm soát TTHC, một cửa năm 2026 (minh họa)",
        target_share=Decimal(20),
        plan=province,
        actor=None,
        now=now,
    )
    some = Agency.objects.filter(code__in=[f"so-y-te-{LAI_CHAU}", f"ubnd-xa-{BINH_LU}"])
    services.schedule_inspections(ip, list(some), on=date(YEAR, 9, 15), actor=None, now=now)
    n = tt.tasks.count() + bl.tasks.count() + province.tasks.count()
    return (
        f"Kế hoạch kiểm soát TTHC: 3 kế hoạch lồng nhau ({n} nhiệm vụ), {reports} báo cáo tiến "
        f"độ, 1 kế hoạch kiểm tra."
    )
