"""Inspections (kiểm tra): coverage of the target share of units, the check list with the
unit's figures from motcua, findings with deadlines and their follow-up."""

from __future__ import annotations

import math
from datetime import date
from decimal import Decimal

import pytest

from motcua.directory.models import Agency
from motcua.plans import selectors, services
from motcua.plans.models import InspectionPlan
from support import vn

pytestmark = pytest.mark.django_db


@pytest.fixture
def ip(agency):
    return services.create_inspection_plan(
        agency=agency("vp-ubnd-tinh-12"),
        year=2026,
        title="Kiểm tra công tác kiểm soát TTHC năm 2026",
        target_share=Decimal(20),
        actor=None,
        now=vn(2026, 1, 20),
    )


def test_coverage_warns_until_the_target_share_is_planned(ip):
    candidates = list(selectors.inspectable_agencies(ip).order_by("pk"))
    total = len(candidates)
    assert total > 50  # the province's agencies and every commune's
    cov = selectors.coverage(ip)
    assert (cov.planned, cov.total, cov.needed, cov.short) == (
        0,
        total,
        math.ceil(total * 0.2),
        True,
    )
    services.schedule_inspections(
        ip, candidates[: cov.needed - 1], on=date(2026, 6, 1), actor=None, now=vn(2026, 1, 20)
    )
    assert selectors.coverage(ip).short
    services.schedule_inspections(
        ip,
        candidates[cov.needed - 1 : cov.needed],
        on=date(2026, 6, 2),
        actor=None,
        now=vn(2026, 1, 20),
    )
    cov = selectors.coverage(ip)
    assert not cov.short and cov.share >= 20
    assert sum(t for _, _, t, _ in cov.levels) == total
    assert [label for label, *_ in cov.levels] == ["Cấp tỉnh", "Cấp xã"]
    # the same unit is inspected once per plan
    services.schedule_inspections(
        ip, candidates[:1], on=date(2026, 6, 3), actor=None, now=vn(2026, 1, 20)
    )
    assert ip.inspections.count() == cov.needed


def test_out_of_scope_unit_and_wrong_year_are_refused(ip):
    lang_son = Agency.objects.get(code="so-y-te-20")
    with pytest.raises(services.PlanError) as exc:
        services.schedule_inspections(
            ip, [lang_son], on=date(2026, 6, 1), actor=None, now=vn(2026, 1, 20)
        )
    assert exc.value.code == "out_of_scope"
    with pytest.raises(services.PlanError):
        services.schedule_inspections(
            ip,
            [Agency.objects.get(code="so-y-te-12")],
            on=date(2027, 1, 5),
            actor=None,
            now=vn(2026, 1, 20),
        )
    with pytest.raises(services.PlanError):
        services.create_inspection_plan(
            agency=ip.agency,
            year=2026,
            title="x",
            target_share=Decimal(0),
            actor=None,
            now=vn(2026, 1, 20),
        )


def test_checklist_figures_findings_and_follow_up(ip):
    syt = Agency.objects.get(code="so-y-te-12")
    (insp,) = services.schedule_inspections(
        ip, [syt], on=date(2026, 6, 1), actor=None, now=vn(2026, 1, 20)
    )
    assert [c.key for c in insp.checks.all()] == [k for k, _ in services.CHECKLIST]
    insp = services.record_inspection(
        insp,
        inspected_on=date(2026, 6, 1),
        results={"publication": ("pass", "Niêm yết đủ"), "on_time": ("fail", "Có hồ sơ trễ")},
        conclusion="Cơ bản thực hiện đúng quy định.",
        actor=None,
        now=vn(2026, 6, 1, 16),
    )
    assert insp.status == "done"
    f = insp.figures
    assert f["start"] == "2026-01-01" and f["end"] == "2026-06-01"
    for key in ("received", "finished", "late", "publication_decisions"):
        assert isinstance(f[key], int)
    assert f["on_time"] is None or 0 <= f["on_time"] <= 1
    assert f["publication_decisions"] == 5  # the demo catalog's decisions of Lai Châu
    assert insp.checks.get(key="on_time").result == "fail"
    finding = services.add_finding(
        insp,
        text="2 hồ sơ quá hạn chưa có văn bản xin lỗi",
        correction="Gửi văn bản xin lỗi, hẹn lại ngày trả",
        due_on=date(2026, 6, 30),
        check_key="on_time",
        actor=None,
        now=vn(2026, 6, 1, 16),
    )
    with pytest.raises(services.PlanError):
        services.add_finding(
            insp, text="x", correction="y", due_on=date(2026, 5, 1), actor=None, now=vn(2026, 6, 1)
        )
    services.follow_up(
        finding, status="fixed", note="Đã gửi văn bản xin lỗi", actor=None, now=vn(2026, 6, 20, 9)
    )
    insp.refresh_from_db()
    finding.refresh_from_db()
    assert finding.fixed_on == date(2026, 6, 20) and insp.status == "closed"


def test_inspection_pages_and_api(login, api, ip, django_assert_max_num_queries):
    c = login("giamsat.laichau")
    r = c.get("/kiem-tra/")
    assert (
        r.status_code == 200 and "Kiểm tra công tác kiểm soát TTHC năm 2026" in r.content.decode()
    )
    page = c.get(f"/kiem-tra/{ip.pk}/").content.decode()
    assert "Chưa đủ chỉ tiêu" in page
    syt = Agency.objects.get(code="so-y-te-12")
    r = c.post(f"/kiem-tra/{ip.pk}/", {"ngay": "2026-06-01", "don_vi": [syt.pk]})
    assert r.status_code == 302
    insp = ip.inspections.get()
    form = {
        "action": "checks",
        "ngay_kiem_tra": "2026-06-01",
        "ket_qua-publication": "pass",
        "ket_luan": "Đạt",
    }
    assert c.post(f"/kiem-tra/cuoc/{insp.pk}/", form).status_code == 302
    r = c.post(
        f"/kiem-tra/cuoc/{insp.pk}/",
        {"action": "finding", "ton_tai": "", "yeu_cau": "", "han": "2026-07-01"},
    )
    assert r.status_code == 400 and "Hãy ghi tồn tại" in r.content.decode()
    assert "Số liệu của đơn vị từ hệ thống" in c.get(f"/kiem-tra/cuoc/{insp.pk}/").content.decode()
    r = c.post(
        f"/kiem-tra/cuoc/{insp.pk}/",
        {
            "action": "finding",
            "ton_tai": "Chưa niêm yết",
            "yeu_cau": "Niêm yết đủ TTHC",
            "han": "2026-07-01",
        },
    )
    assert r.status_code == 302
    with django_assert_max_num_queries(30):
        listing = c.get("/kiem-tra/").content.decode()
    assert "Niêm yết đủ TTHC" in listing and "quá hạn" in listing
    r = c.post(
        "/kiem-tra/", {"ten": "", "co_quan": "vp-ubnd-tinh-12", "nam": "2026", "ty_le": "20"}
    )
    assert r.status_code == 400
    with django_assert_max_num_queries(60):
        body = api("giamsat.laichau").get("/api/v1/inspection-plans").json()
    mine = next(p for p in body if p["id"] == ip.pk)
    assert mine["coverage"]["planned"] == 1 and mine["coverage"]["short"] is True
    assert mine["inspections"][0]["checks"][0] == {
        "key": "publication",
        "result": "pass",
        "note": "",
    }
    assert not InspectionPlan.objects.filter(agency__code="so-y-te-12").exists()
    assert login("chuyenvien.syt").get(f"/kiem-tra/{ip.pk}/").status_code == 403


def test_unit_figures_count_dossiers_of_the_unit(case, agency, user):
    from motcua.documents import services as documents
    from motcua.dossiers import services as dossiers
    from support import CITIZEN

    syt = agency("so-y-te-12")
    d = dossiers.receive_at_desk(
        user=user("tiepnhan.laichau"),
        now=vn(2026, 3, 2, 9),
        case=case("1.012289"),
        channel="direct",
        receiving_agency=agency("ttpvhcc-tinh-12"),
        applicant=CITIZEN,
        components=[{"name": "Đơn đề nghị", "copy_type": "original"}],
    )
    assert d.competent_agency == syt
    now = vn(2026, 3, 3, 9)
    f = selectors.unit_figures(syt, start=date(2026, 1, 1), end=date(2026, 3, 31), now=now)
    assert f["received"] == 1 and f["finished"] == 0 and f["on_time"] is None
    assert f["digitised"] in (0.0, None)  # the paper is not digitised yet
    documents.mark_not_scanned(
        d.components.get(), reason="shown", user=user("tiepnhan.laichau"), now=now
    )
    f = selectors.unit_figures(syt, start=date(2026, 1, 1), end=date(2026, 3, 31), now=now)
    # QĐ 766 indicator 4.2 counts dossiers with files attached to their components (and an
    # e-result where a paper result is due): a paper only shown at the desk is not digitised.
    assert f["digitised"] == 0.0
    other = selectors.unit_figures(
        agency("so-tu-phap-12"), start=date(2026, 1, 1), end=date(2026, 3, 31), now=now
    )
    assert other["received"] == 0 and other["digitised"] is None


def test_corrections_due_are_reminded_to_the_inspected_unit(ip, user):
    from django.core import mail

    from motcua.core import outbox
    from motcua.sync.models import NotificationDelivery
    from motcua.sync.services import send_due

    officer = user("chuyenvien.syt")
    officer.email = "huy.syt@example.test"
    officer.save()
    syt = Agency.objects.get(code="so-y-te-12")
    (insp,) = services.schedule_inspections(
        ip, [syt], on=date(2026, 6, 1), actor=None, now=vn(2026, 1, 20)
    )
    services.add_finding(
        insp,
        text="Chưa công khai quy trình nội bộ",
        correction="Công khai quy trình nội bộ tại Bộ phận Một cửa",
        due_on=date(2026, 6, 30),
        actor=None,
        now=vn(2026, 6, 1, 16),
    )
    now = vn(2026, 6, 25, 8)
    services.queue_reminders(now=now)
    outbox.deliver(now=now, topics={services.REMIND_TOPIC})
    row = NotificationDelivery.objects.get(action="plan_reminder", dossier=f"KT-{insp.pk}")
    assert row.recipient == "huy.syt@example.test"
    send_due(now=now)
    assert any("Yêu cầu khắc phục sắp đến hạn" in m.subject for m in mail.outbox)
