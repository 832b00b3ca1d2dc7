"""Demo dossiers in every stage of their life, made through the services (synthetic people)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib.auth import get_user_model

from motcua.catalog.models import Procedure
from motcua.catalog.selectors import version_in_force
from motcua.core.calendar import VN_TZ
from motcua.core.selectors import work_calendar
from motcua.directory.models import Agency
from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import ApplicantData

PEOPLE = [
    ("Lò Văn Thắng", "011234567801"),
    ("Tẩn Thị Mai", "011234567802"),
    ("Nguyễn Văn Bình", "011234567803"),
    ("Giàng A Páo", "011234567804"),
    ("Hoàng Thị Thu", "011234567805"),
    ("Vũ Đức Anh", "011234567806"),
    ("Phạm Thị Hằng", "011234567807"),
]


def _case(code: str, case_code: str, on):
    v = version_in_force(Procedure.objects.get(code=code), on.date())
    return v.cases.get(code=case_code)


def load_dossiers(now: datetime) -> int:
    """Create the demo dossiers once; returns how many were made (0 when they exist)."""
    if Dossier.objects.exists():
        return 0
    U = get_user_model()
    u = {x.username: x for x in U.objects.all()}
    a = {
        x.code: x
        for x in Agency.objects.filter(
            code__in=["ttpvhcc-tinh-12", "ttpvhcc-xa-03390", "ubnd-xa-03390"]
        )
    }
    cal = work_calendar()
    local = now.astimezone(VN_TZ)
    day = local.replace(hour=9, minute=0, second=0, microsecond=0)
    made = 0

    def at(t: datetime) -> datetime:
        """Move a demo instant into office hours (nobody works at night or on Sundays)."""
        return min(cal.deemed_receipt(t), now)

    def person(i: int) -> ApplicantData:
        name, number = PEOPLE[i % len(PEOPLE)]
        return ApplicantData(
            kind="individual",
            name=name,
            id_number=number,
            address="Xã Bình Lư, tỉnh Lai Châu",
            phone=f"09120000{i:02d}",
        )

    # Sở Y tế: one at each stage
    clinic = _case("1.012289", "TH1", now)
    stages = ["received", "in_process", "specialist", "supplement", "decided", "returned"]
    for i, stage in enumerate(stages):
        t = day - timedelta(days=20 - i * 2)
        d = services.receive_at_desk(
            user=u["tiepnhan.laichau"],
            now=at(t),
            case=clinic,
            channel="direct",
            receiving_agency=a["ttpvhcc-tinh-12"],
            applicant=person(i),
            components=[{"name": "Đơn đề nghị cấp giấy phép hoạt động", "copy_type": "original"}],
        )
        made += 1
        if stage == "received":
            continue
        services.forward(d, user=u["tiepnhan.laichau"], now=at(t + timedelta(hours=1)))
        if stage == "in_process":
            continue
        services.hand_over(d, user=u["vanthu.syt"], now=at(t + timedelta(hours=2)))
        services.hand_over(
            d,
            user=u["lanhdaophong.syt"],
            now=at(t + timedelta(hours=3)),
            to_user=u["chuyenvien.syt"],
        )
        if stage == "specialist":
            continue
        if stage == "supplement":
            services.request_supplement(
                d,
                user=u["lanhdao.syt"],
                now=at(t + timedelta(days=1)),
                items=["Bản sao chứng chỉ hành nghề của người phụ trách chuyên môn"],
                reason="Hồ sơ thiếu chứng chỉ hành nghề",
                deadline_days=10,
            )
            continue
        services.hand_over(d, user=u["chuyenvien.syt"], now=at(t + timedelta(days=3)))
        services.hand_over(d, user=u["lanhdaophong.syt"], now=at(t + timedelta(days=3, hours=2)))
        services.decide(d, user=u["lanhdao.syt"], now=at(t + timedelta(days=4)), approved=True)
        services.issue(
            d,
            user=u["vanthu.syt"],
            now=at(t + timedelta(days=4, hours=1)),
            document_number=f"{10 + i}/GPHĐ-SYT",
        )
        if stage == "returned":
            services.return_result(
                d,
                user=u["tiepnhan.laichau"],
                now=at(t + timedelta(days=5)),
                method="desk",
                recipient=person(i).name,
            )

    # xã Bình Lư: birth registrations (same day) and a certified copy waiting at the desk
    birth = _case("1.001193", "TH1", now)
    for i in range(3):
        t = day - timedelta(days=i)
        d = services.receive_at_desk(
            user=u["tiepnhan.binhlu"],
            now=at(t),
            case=birth,
            channel="direct",
            receiving_agency=a["ttpvhcc-xa-03390"],
            applicant=person(i + 3),
            components=[{"name": "Tờ khai đăng ký khai sinh", "copy_type": "original"}],
        )
        made += 1
        if i == 0:
            continue
        services.forward(d, user=u["tiepnhan.binhlu"], now=at(t + timedelta(minutes=20)))
        if i == 1:
            continue
        services.hand_over(d, user=u["chuyenvien.binhlu"], now=at(t + timedelta(hours=1)))
        services.decide(
            d,
            user=u["lanhdao.binhlu"],
            now=at(t + timedelta(hours=2)),
            approved=True,
            title="Giấy khai sinh",
        )
        services.issue(d, user=u["lanhdao.binhlu"], now=at(t + timedelta(hours=2, minutes=10)))
    # the demo citizen's own dossiers (filed online from the account): one waiting at the
    # desk, one where the commune asks for a supplement to be answered online
    from motcua.citizens.models import CitizenProfile
    from motcua.demo.citizens import CITIZEN_PHONE

    citizen = CitizenProfile.objects.filter(phone=CITIZEN_PHONE).first()
    account = citizen.user if citizen else None
    services.submit(
        case=_case("2.000815", "TH1", now),
        channel="online",
        receiving_agency=a["ttpvhcc-xa-03390"],
        competent_agency=a["ubnd-xa-03390"],
        applicant=person(6),
        now=now - timedelta(hours=3),
        delivery="electronic",
        account=account,
    )
    t = day - timedelta(days=2)
    d = services.submit(
        case=_case("1.004873", "TH1", now),
        channel="online",
        receiving_agency=a["ttpvhcc-xa-03390"],
        competent_agency=a["ubnd-xa-03390"],
        applicant=person(6),
        now=at(t),
        components=[
            {"name": "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân", "copy_type": "original"}
        ],
        delivery="electronic",
        account=account,
    )
    services.accept(d, user=u["tiepnhan.binhlu"], now=at(t + timedelta(hours=1)))
    services.forward(d, user=u["tiepnhan.binhlu"], now=at(t + timedelta(hours=1, minutes=10)))
    services.request_supplement(
        d,
        user=u["lanhdao.binhlu"],
        now=at(t + timedelta(days=1)),
        items=["Bản sao trích lục ghi chú ly hôn"],
        reason="Cần giấy tờ chứng minh đã ly hôn",
        deadline_days=5,
    )
    return made + 2
