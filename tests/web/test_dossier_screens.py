"""Dossier screens through the Django test client: intake, workqueues, the dossier page."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from motcua.catalog.models import Procedure
from motcua.catalog.selectors import version_in_force
from motcua.directory.models import Agency
from motcua.dossiers import selectors, services
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import State
from support import CITIZEN

pytestmark = pytest.mark.django_db

INTAKE_URL = "/can-bo/ho-so/tiep-nhan/"
USERS = [
    "tiepnhan.laichau",
    "vanthu.syt",
    "lanhdaophong.syt",
    "chuyenvien.syt",
    "lanhdao.syt",
    "tiepnhan.binhlu",
    "chuyenvien.binhlu",
    "lanhdao.binhlu",
    "giamsat.laichau",
    "admin",
]


def _user(username):
    return get_user_model().objects.get(username=username)


def _version(code="1.012289"):
    return version_in_force(Procedure.objects.get(code=code), timezone.localdate())


def _components(code="1.012289", case="TH1"):
    version = _version(code)
    c = version.cases.get(code=case)
    return [x for x in version.components.all() if not x.cases.exists() or c in x.cases.all()]


def _intake_data(**over):
    data = {
        "thu_tuc": "1.012289",
        "truong_hop": "TH1",
        "idem": "",
        "receiving_agency": str(Agency.objects.get(code="ttpvhcc-tinh-12").pk),
        "kind": "individual",
        "name": "Phạm Văn Khám",
        "id_number": "012345678901",
        "address": "Số 5 đường Trần Phú, phường Tân Phong, tỉnh Lai Châu",
        "phone": "0912 345 678",
        "email": "kham@example.test",
        "submitter_name": "",
        "channel": "direct",
        "postal_tracking": "",
        "arrived_at": "",
        "competent_agency": str(Agency.objects.get(code="so-y-te-12").pk),
        "sets": "1",
        "delivery": "desk",
        "action": "accept",
    }
    for c in _components():
        data[f"tp_{c.pk}"] = "on"
        data[f"bh_{c.pk}"] = c.copy_type
        data[f"sl_{c.pk}"] = "1"
    data.update(over)
    return {k: v for k, v in data.items() if v is not None}


def _clinic(applicant=CITIZEN) -> Dossier:
    """A clinic licence dossier received now at the provincial centre, through the services."""
    version = _version()
    return services.receive_at_desk(
        user=_user("tiepnhan.laichau"),
        now=timezone.now(),
        case=version.cases.get(code="TH1"),
        channel="direct",
        receiving_agency=Agency.objects.get(code="ttpvhcc-tinh-12"),
        applicant=applicant,
        components=[{"name": "Đơn đề nghị", "copy_type": "original"}],
    )


def _at_specialist() -> Dossier:
    """A clinic dossier forwarded and handed to chuyenvien.syt (step 4)."""
    d = _clinic()
    now = timezone.now()
    services.forward(d, user=_user("tiepnhan.laichau"), now=now)
    services.hand_over(d, user=_user("vanthu.syt"), now=now)
    services.hand_over(d, user=_user("lanhdaophong.syt"), now=now, to_user=_user("chuyenvien.syt"))
    d.refresh_from_db()
    return d


def _actions(html: str) -> str:
    start = html.index('id="cac-thao-tac"')
    return html[start : html.index("</section>", start)]


# --- intake ------------------------------------------------------------------------------


def test_intake_screen_lists_the_case_checklist_and_fees(login):
    c = login("tiepnhan.laichau")
    r = c.get(INTAKE_URL, {"thu_tuc": "1.012289"})
    html = r.content.decode()
    assert r.status_code == 200
    assert "Cấp mới giấy phép hoạt động đối với phòng khám" in html
    assert "Phòng khám đa khoa" in html  # the case
    assert "Đơn đề nghị cấp mới giấy phép hoạt động" in html
    assert "5.700.000 đồng" in html and "Thu trước" in html
    assert "Tiếp nhận và in Giấy tiếp nhận" in html
    # Sở Y tế is the only competent agency: preselected
    syt = Agency.objects.get(code="so-y-te-12")
    assert re.search(rf'<option value="{syt.pk}" selected>', html)
    # the case section and the live search answer as htmx fragments
    frag = c.get(
        "/can-bo/ho-so/tiep-nhan/truong-hop/",
        {"thu_tuc": "1.012289", "truong_hop": "TH2"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert "<html" not in frag and "4.300.000 đồng" in frag
    frag = c.get(
        "/can-bo/ho-so/tiep-nhan/thu-tuc/", {"q": "PHONG KHAM"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "?thu_tuc=1.012289" in frag


def test_intake_happy_path_accepts_with_a_code(login):
    c = login("tiepnhan.laichau")
    r = c.post(INTAKE_URL, _intake_data(sets="2"))
    assert r.status_code == 302, r.content.decode()[:2000]
    d = Dossier.objects.get(applicant_name="Phạm Văn Khám")
    assert r["Location"] == f"/can-bo/ho-so/{d.pk}/?in=receipt"
    assert d.state == State.RECEIVED and d.code.startswith("000.02.00.H12-")
    assert d.competent_agency.code == "so-y-te-12" and d.sets == 2 and d.due_at
    assert d.applicant_phone == "0912 345 678"
    assert d.components.count() == len(_components()) and all(
        x.presented for x in d.components.all()
    )
    html = c.get(r["Location"]).content.decode()
    assert "Đã tiếp nhận hồ sơ" in html and d.code in html and "Phạm Văn Khám" in html
    assert "Chuyển xử lý" in _actions(html)


def test_intake_bad_id_number_keeps_every_value(login):
    c = login("tiepnhan.laichau")
    comps = _components()
    data = _intake_data(id_number="12345", sets="3", submitter_name="Lê Thị Nộp")
    data.pop(f"tp_{comps[1].pk}")  # one component not ticked
    data[f"bh_{comps[0].pk}"] = "photo"
    data[f"sl_{comps[2].pk}"] = "4"
    r = c.post(INTAKE_URL, data)
    html = r.content.decode()
    assert r.status_code == 200
    assert Dossier.objects.count() == 0
    error = html.index("Số định danh cá nhân phải gồm đúng 12 chữ số.")
    field = html.index('name="id_number"')
    assert abs(error - field) < 600  # next to the field
    assert 'value="12345"' in html and 'value="Phạm Văn Khám"' in html
    assert 'value="Số 5 đường Trần Phú, phường Tân Phong, tỉnh Lai Châu"' in html
    assert 'value="Lê Thị Nộp"' in html and 'value="0912 345 678"' in html
    assert re.search(r'name="sets" value="3"', html)
    assert re.search(rf'name="tp_{comps[0].pk}"[^>]*checked', html)
    assert not re.search(rf'name="tp_{comps[1].pk}"[^>]*checked', html)
    assert re.search(rf'name="sl_{comps[2].pk}" value="4"', html)
    sel = html[html.index(f'name="bh_{comps[0].pk}"') :]
    assert '<option value="photo" selected>' in sel[: sel.index("</select>")]


def test_intake_organisation_needs_a_tax_code(login):
    c = login("tiepnhan.laichau")
    r = c.post(INTAKE_URL, _intake_data(kind="organisation", id_number="012345678901"))
    assert "Mã số thuế của tổ chức phải gồm 10 hoặc 13 chữ số." in r.content.decode()
    r = c.post(INTAKE_URL, _intake_data(kind="organisation", id_number="0101234567"))
    assert r.status_code == 302
    assert Dossier.objects.get().applicant_kind == "organisation"


def test_postal_intake_needs_a_tracking_number(login):
    c = login("tiepnhan.laichau")
    r = c.post(INTAKE_URL, _intake_data(channel="postal"))
    assert "Hồ sơ qua bưu chính cần số hiệu bưu gửi." in r.content.decode()
    arrived = timezone.localtime() - timezone.timedelta(hours=2)
    r = c.post(
        INTAKE_URL,
        _intake_data(
            channel="postal",
            postal_tracking="EL123456789VN",
            arrived_at=arrived.strftime("%Y-%m-%dT%H:%M"),
        ),
    )
    assert r.status_code == 302
    d = Dossier.objects.get()
    assert d.channel == "postal" and d.postal_tracking == "EL123456789VN"
    assert d.submitted_at == arrived.replace(second=0, microsecond=0)


def test_accept_refuses_a_missing_required_component_then_guide_lists_it(login):
    c = login("tiepnhan.laichau")
    comps = _components()
    data = _intake_data()
    data.pop(f"tp_{comps[1].pk}")
    html = c.post(INTAKE_URL, data).content.decode()
    assert "Còn thiếu giấy tờ bắt buộc" in html and Dossier.objects.count() == 0
    data.update(action="guide", guide_items="Bản sao giấy phép kinh doanh", guide_reason="Thiếu")
    r = c.post(INTAKE_URL, data)
    assert r.status_code == 302 and r["Location"].endswith("?in=guidance")
    d = Dossier.objects.get()
    assert d.state == State.RECEPTION_GUIDANCE and d.code is None
    items = d.events.get(action="guide").data["items"]
    assert items == [comps[1].name, "Bản sao giấy phép kinh doanh"]


def test_guide_without_any_item_and_refuse_without_reason_are_refused(login):
    c = login("tiepnhan.laichau")
    html = c.post(INTAKE_URL, _intake_data(action="guide")).content.decode()
    assert "Cần liệt kê đầy đủ, một lần các giấy tờ phải bổ sung" in html
    html = c.post(INTAKE_URL, _intake_data(action="refuse", refuse_reason="x")).content.decode()
    assert "Cần ghi rõ lý do từ chối theo quy định pháp luật." in html
    assert Dossier.objects.count() == 0
    r = c.post(
        INTAKE_URL,
        _intake_data(
            action="refuse",
            refuse_reason="Cơ sở không thuộc thẩm quyền cấp phép của Sở Y tế (Điều 3 Nghị định)",
        ),
    )
    assert r.status_code == 302
    assert Dossier.objects.get().state == State.REFUSED


def test_boundary_free_intake_needs_the_competent_agency(login):
    c = login("tiepnhan.laichau")
    version = _version("1.001193")
    comps = _components("1.001193")
    base = _intake_data(thu_tuc="1.001193", competent_agency="")
    for k in [k for k in base if k[:3] in ("tp_", "bh_", "sl_")]:
        base.pop(k)
    for comp in comps:
        base[f"tp_{comp.pk}"] = "on"
        base[f"bh_{comp.pk}"] = comp.copy_type
        base[f"sl_{comp.pk}"] = "1"
    html = c.get(INTAKE_URL, {"thu_tuc": "1.001193"}).content.decode()
    assert "Ủy ban nhân dân xã Bình Lư" in html and "— Chọn cơ quan giải quyết —" in html
    html = c.post(INTAKE_URL, base).content.decode()
    assert "Cần chọn cơ quan có thẩm quyền giải quyết." in html
    binhlu = Agency.objects.get(code="ubnd-xa-03390")
    r = c.post(INTAKE_URL, {**base, "competent_agency": str(binhlu.pk)})
    assert r.status_code == 302, r.content.decode()[:3000]
    d = Dossier.objects.get()
    assert d.boundary_free and d.competent_agency == binhlu and d.version == version


def test_commune_desk_gets_its_own_commune_preselected(login):
    html = login("tiepnhan.binhlu").get(INTAKE_URL, {"thu_tuc": "1.001193"}).content.decode()
    binhlu = Agency.objects.get(code="ubnd-xa-03390")
    assert re.search(rf'<option value="{binhlu.pk}" selected>', html)


def test_only_desk_officers_receive(login):
    assert login("chuyenvien.syt").get(INTAKE_URL).status_code == 403


# --- workqueues --------------------------------------------------------------------------


@pytest.mark.parametrize("username", USERS)
def test_every_queue_renders_for_each_role(login, username):
    _at_specialist()
    _clinic()
    c = login(username)
    for queue, label in selectors.QUEUES.items():
        r = c.get("/can-bo/ho-so/", {"hang": queue})
        assert r.status_code == 200, (queue, r.status_code)
        html = r.content.decode()
        assert label in html and 'aria-current="page" data-queue="' + queue in html
    frag = c.get("/can-bo/ho-so/dem/", HTTP_HX_REQUEST="true")
    assert frag.status_code == 200


def test_queue_rows_tabs_and_filters(login):
    spec = _at_specialist()
    fresh = _clinic()
    c = login("tiepnhan.laichau")
    html = c.get("/can-bo/ho-so/", {"hang": "all"}).content.decode()
    assert fresh.code in html and spec.code in html
    assert "Cấp mới giấy phép hoạt động đối với phòng khám" in html and "Nguyễn Thị Mẫu" in html
    assert re.search(r'data-queue="to_forward">Chờ chuyển xử lý<span class="count">1<', html)
    assert "Còn " in html and "ngày làm việc" in html
    html = c.get(
        "/can-bo/ho-so/",
        {"hang": "all", "buoc": spec.current_step_id},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="hang-doi",
    ).content.decode()
    assert "<html" not in html and spec.code in html and fresh.code not in html
    html = c.get("/can-bo/ho-so/", {"hang": "all", "kenh": "postal"}).content.decode()
    assert spec.code not in html and "Không có hồ sơ nào" in html
    # the specialist's own queue
    html = login("chuyenvien.syt").get("/can-bo/ho-so/").content.decode()
    assert spec.code in html and fresh.code not in html


def test_overdue_dossier_is_red(login):
    d = _at_specialist()
    Dossier.objects.filter(pk=d.pk).update(due_at=timezone.now() - timezone.timedelta(days=5))
    html = login("chuyenvien.syt").get("/can-bo/ho-so/", {"hang": "overdue"}).content.decode()
    row = html[html.index(f'data-id="{d.pk}"') - 30 :]
    assert row.startswith('<tr class="late"') or 'class="late"' in row[:60]
    assert 'class="overdue"' in row and "Quá hạn" in row


def _queue_queries(client) -> tuple[int, str]:
    # a first request refills the calendar cache (emptied by the services' own calendar)
    client.get("/can-bo/ho-so/", {"hang": "all"})
    with CaptureQueriesContext(connection) as ctx:
        r = client.get("/can-bo/ho-so/", {"hang": "all"})
    assert r.status_code == 200
    return len(ctx.captured_queries), r.content.decode()


def test_workqueue_query_count_does_not_grow_with_rows(login):
    for _ in range(2):
        _at_specialist()
    c = login("tiepnhan.laichau")
    few, html = _queue_queries(c)
    assert html.count("<tr ") == 2
    for i in range(28):
        d = _clinic()
        if i % 3 == 0:
            services.forward(d, user=_user("tiepnhan.laichau"), now=timezone.now())
    many, html = _queue_queries(c)
    assert html.count("<tr ") == 25
    assert many == few, (few, many)


def test_keyset_pagination_without_offset(login):
    made = [_clinic().pk for _ in range(27)]
    c = login("tiepnhan.laichau")
    with CaptureQueriesContext(connection) as ctx:
        html = c.get("/can-bo/ho-so/", {"hang": "all"}).content.decode()
    assert not any("OFFSET" in q["sql"].upper() for q in ctx.captured_queries)
    ids = [int(x) for x in re.findall(r'data-id="(\d+)"', html)]
    assert ids == sorted(made, reverse=True)[:25]
    after = re.search(r'truoc=(\d+)" id="trang-sau"', html)
    assert after and int(after.group(1)) == ids[-1]
    html = c.get("/can-bo/ho-so/", {"hang": "all", "truoc": after.group(1)}).content.decode()
    assert [int(x) for x in re.findall(r'data-id="(\d+)"', html)] == sorted(made, reverse=True)[25:]
    assert 'id="trang-sau"' not in html and "Trang đầu" in html


# --- the dossier page ------------------------------------------------------------------


def test_dossier_page_shows_the_facts_and_timeline(login):
    d = _at_specialist()
    html = login("chuyenvien.syt").get(f"/can-bo/ho-so/{d.pk}/").content.decode()
    assert d.code in html and "Nguyễn Thị Mẫu" in html and "Phòng khám đa khoa" in html
    assert "Trung tâm Phục vụ hành chính công tỉnh Lai Châu" in html
    assert "Sở Y tế tỉnh Lai Châu" in html
    assert "mã quốc gia 4: Đang xử lý" in html
    for what in (
        "Nộp hồ sơ",
        "Tiếp nhận, hẹn trả (Mẫu 01)",
        "Chuyển xử lý",
        "Chuyển bước tiếp theo",
    ):
        assert what in html
    assert "Chuyển cho: Phạm Quốc Huy" in html and "Văn thư" in html
    assert f'id="nguoi-xu-ly">{_user("chuyenvien.syt").get_full_name()}<' in html
    assert "Sang bước 4:" in html


def test_dossier_page_shows_only_allowed_actions(login):
    d = _at_specialist()
    url = f"/can-bo/ho-so/{d.pk}/"
    spec = _actions(login("chuyenvien.syt").get(url).content.decode())
    assert "Phê duyệt kết quả" not in spec
    assert "Chuyển bước tiếp theo" in spec and "Yêu cầu bổ sung" not in spec
    lead = _actions(login("lanhdao.syt").get(url).content.decode())
    assert "Phê duyệt kết quả" in lead and "Trả lời không đủ điều kiện" in lead
    assert "Yêu cầu bổ sung (Mẫu 02)" in lead and "Xin lỗi, hẹn lại (Mẫu 04)" in lead
    clerk = _actions(login("vanthu.syt").get(url).content.decode())
    assert "Chuyển bước tiếp theo" not in clerk and "Phê duyệt" not in clerk
    assert "Bạn không có thao tác nào" in clerk
    desk = _actions(login("tiepnhan.laichau").get(url).content.decode())
    assert "Dừng giải quyết theo yêu cầu" in desk and "Phê duyệt" not in desk
    watcher = _actions(login("giamsat.laichau").get(url).content.decode())
    assert "Bạn không có thao tác nào" in watcher


def test_acting_through_the_page_moves_the_state(login):
    d = _clinic()
    c = login("tiepnhan.laichau")
    r = c.post(f"/can-bo/ho-so/{d.pk}/thao-tac/forward/")
    assert r.status_code == 302 and r["Location"] == f"/can-bo/ho-so/{d.pk}/?in=control"
    d.refresh_from_db()
    assert d.state == State.IN_PROCESS and d.holder_role == "records_clerk"
    # htmx: the clerk hands over; the whole dossier section comes back
    c = login("vanthu.syt")
    r = c.post(f"/can-bo/ho-so/{d.pk}/thao-tac/hand_over/", HTTP_HX_REQUEST="true")
    assert r.status_code == 200 and r["HX-Retarget"] == "#ho-so"
    assert "Đã thực hiện: Chuyển bước tiếp theo." in r.content.decode()
    d.refresh_from_db()
    assert d.holder_role == "department_head"
    # the head hands over to a named specialist (the picker lists only specialists)
    c = login("lanhdaophong.syt")
    html = c.get(f"/can-bo/ho-so/{d.pk}/").content.decode()
    picker = html[html.index('name="hand_over-to_user"') :]
    picker = picker[: picker.index("</select>")]
    spec = _user("chuyenvien.syt")
    assert f'value="{spec.pk}"' in picker and f'value="{_user("lanhdao.syt").pk}"' not in picker
    r = c.post(
        f"/can-bo/ho-so/{d.pk}/thao-tac/hand_over/",
        {"hand_over-to_user": spec.pk, "hand_over-note": "Đề nghị thẩm định"},
        HTTP_HX_REQUEST="true",
    )
    d.refresh_from_db()
    assert d.assignee == spec and d.holder_role == "specialist"
    # the leader supplements through the page, then the desk receives the supplement
    c = login("lanhdao.syt")
    r = c.post(
        f"/can-bo/ho-so/{d.pk}/thao-tac/request_supplement/",
        {
            "request_supplement-items": "Bản sao chứng chỉ hành nghề\nSơ đồ mặt bằng",
            "request_supplement-reason": "Thiếu giấy tờ chứng minh nhân sự",
            "request_supplement-deadline_days": "10",
        },
        HTTP_HX_REQUEST="true",
    )
    d.refresh_from_db()
    assert d.state == State.SUPPLEMENT_REQUESTED and d.supplement_count == 1
    ev = d.events.get(action="request_supplement")
    assert ev.data["items"] == ["Bản sao chứng chỉ hành nghề", "Sơ đồ mặt bằng"]
    html = c.get(f"/can-bo/ho-so/{d.pk}/").content.decode()
    assert "Hạn bổ sung: " in html and "Sơ đồ mặt bằng" in html
    assert "Quá hạn bổ sung" not in _actions(html)  # the 10 working days are not over
    r = login("tiepnhan.laichau").post(
        f"/can-bo/ho-so/{d.pk}/thao-tac/receive_supplement/", HTTP_HX_REQUEST="true"
    )
    d.refresh_from_db()
    assert d.state == State.IN_PROCESS


def test_errors_come_back_in_vietnamese_without_losing_input(login):
    d = _at_specialist()
    c = login("lanhdao.syt")
    url = f"/can-bo/ho-so/{d.pk}/thao-tac/deny/"
    r = c.post(url, {"deny-note": "Thiếu"}, HTTP_HX_REQUEST="true")
    html = r.content.decode()
    assert r.status_code == 200 and "HX-Retarget" not in r
    assert "Văn bản trả lời phải nêu rõ lý do không đủ điều kiện." in html
    assert "Thiếu</textarea>" in html and 'id="tt-deny"' in html and "<html" not in html
    d.refresh_from_db()
    assert d.state == State.IN_PROCESS
    # form validation (no date) keeps the reason typed
    r = c.post(
        f"/can-bo/ho-so/{d.pk}/thao-tac/apologise/",
        {"apologise-reason": "Chờ thẩm định thực tế cơ sở"},
        HTTP_HX_REQUEST="true",
    )
    html = r.content.decode()
    assert "Cần chọn ngày hẹn trả mới." in html and "Chờ thẩm định thực tế cơ sở" in html
    # 403: the specialist cannot approve; 409: the desk cannot forward twice
    r = login("chuyenvien.syt").post(
        f"/can-bo/ho-so/{d.pk}/thao-tac/approve/", HTTP_HX_REQUEST="true"
    )
    assert "Bạn không có quyền “Phê duyệt kết quả” đối với hồ sơ này." in r.content.decode()
    r = login("tiepnhan.laichau").post(f"/can-bo/ho-so/{d.pk}/thao-tac/forward/")
    assert r.status_code == 409
    assert "Không thể “Chuyển xử lý” khi hồ sơ đang ở trạng thái “Đang xử lý”." in (
        r.content.decode()
    )


def test_another_agencys_officer_gets_404(login):
    d = _clinic()
    c = login("tiepnhan.binhlu")
    assert c.get(f"/can-bo/ho-so/{d.pk}/").status_code == 404
    assert c.post(f"/can-bo/ho-so/{d.pk}/thao-tac/forward/").status_code == 404
    assert c.get(f"/can-bo/ho-so/{d.pk}/mau/receipt.pdf").status_code == 404
    html = c.get("/can-bo/ho-so/", {"hang": "all"}).content.decode()
    assert d.code not in html
    r = c.get("/can-bo/ho-so/tra-cuu/", {"ma": d.code})
    assert r.status_code == 404 and "Không tìm thấy hồ sơ mã" in r.content.decode()
    d.refresh_from_db()
    assert d.state == State.RECEIVED


def test_lookup_by_code_redirects_to_the_dossier(login):
    d = _clinic()
    r = login("tiepnhan.laichau").get("/can-bo/ho-so/tra-cuu/", {"ma": f" {d.code} "})
    assert r.status_code == 302 and r["Location"] == f"/can-bo/ho-so/{d.pk}/"


def test_receipt_book_lists_the_desks_entries(login):
    d = _clinic()
    c = login("tiepnhan.laichau")
    html = c.get("/can-bo/ho-so/so-theo-doi/", {"nam": d.book_year}).content.decode()
    assert d.code in html and "Nguyễn Thị Mẫu" in html
    assert f"Sổ theo dõi hồ sơ năm {d.book_year}" in html
    html = c.get("/can-bo/ho-so/so-theo-doi/", {"nam": d.book_year - 1}).content.decode()
    assert d.code not in html
    # another desk's book does not show it
    html = login("tiepnhan.binhlu").get("/can-bo/ho-so/so-theo-doi/").content.decode()
    assert d.code not in html


def test_printed_forms_are_inline_pdfs(login):
    printing = pytest.importorskip("motcua.dossiers.printing")
    d = _clinic()
    c = login("tiepnhan.laichau")
    html = c.get(f"/can-bo/ho-so/{d.pk}/?in=receipt").content.decode()
    kinds = printing.available_forms(d)
    assert "receipt" in kinds
    for kind in kinds:
        assert f"/can-bo/ho-so/{d.pk}/mau/{kind}.pdf" in html
    r = c.get(f"/can-bo/ho-so/{d.pk}/mau/receipt.pdf")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert r["Content-Disposition"].startswith("inline;") and r.content[:5] == b"%PDF-"
    assert c.get(f"/can-bo/ho-so/{d.pk}/mau/nonsense.pdf").status_code == 404
    r = c.get(f"/can-bo/ho-so/so-theo-doi/{d.book_year}.pdf")
    assert r.status_code == 200 and r.content[:5] == b"%PDF-"


def test_home_links_to_the_queues(login):
    _clinic()
    c = login("tiepnhan.laichau")
    assert "/can-bo/ho-so/dem/" in c.get("/can-bo/").content.decode()
    html = c.get("/can-bo/ho-so/dem/", HTTP_HX_REQUEST="true").content.decode()
    assert "Chờ chuyển xử lý" in html and "Tiếp nhận hồ sơ" in html


def _post(client, d, action, data=None):
    body = {f"{action}-{k}": v for k, v in (data or {}).items()}
    r = client.post(f"/can-bo/ho-so/{d.pk}/thao-tac/{action}/", body, HTTP_HX_REQUEST="true")
    assert r.status_code == 200
    assert "Đã thực hiện:" in r.content.decode(), r.content.decode()[:1500]
    d.refresh_from_db()
    return d


def test_every_processing_action_through_the_page(login):
    d = _at_specialist()
    lead = login("lanhdao.syt")
    _post(lead, d, "suspend", {"note": "Chờ kết quả giám định của cơ quan khác"})
    assert d.state == State.SUSPENDED and d.paused_since
    html = lead.get(f"/can-bo/ho-so/{d.pk}/").content.decode()
    assert "Tạm dừng tính thời gian từ" in html and "Tiếp tục xử lý" in _actions(html)
    _post(lead, d, "resume")
    assert d.state == State.IN_PROCESS and d.paused_since is None
    _post(login("chuyenvien.syt"), d, "request_payment", {"note": "Nộp phí thẩm định"})
    assert d.state == State.FIN_OBLIGATION_PENDING
    _post(login("tiepnhan.laichau"), d, "payment_done", {"note": "Đã nộp tại quầy"})
    assert d.state == State.IN_PROCESS
    lead = login("lanhdao.syt")
    new_due = timezone.localtime(d.due_at + timezone.timedelta(days=7))
    _post(
        lead,
        d,
        "apologise",
        {"reason": "Chờ thẩm định thực tế", "new_due": new_due.strftime("%Y-%m-%dT%H:%M")},
    )
    assert d.apology_count == 1 and d.promised_due_at == new_due.replace(second=0)
    _post(
        lead,
        d,
        "correct_due",
        {
            "reason": "Nhập sai ngày hẹn khi tiếp nhận",
            "new_due": new_due.strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert d.due_at == new_due.replace(second=0)
    # the specialist finishes, the head sends back to the specialist
    _post(login("chuyenvien.syt"), d, "hand_over", {"note": "Đủ điều kiện"})
    head = login("lanhdaophong.syt")
    assert "Chuyển lại bước trước" in _actions(head.get(f"/can-bo/ho-so/{d.pk}/").content.decode())
    _post(head, d, "send_back", {"reason": "Bổ sung biên bản thẩm định"})
    assert d.current_step.order == 4 and d.assignee.username == "chuyenvien.syt"
    # the citizen withdraws at the desk; the dossier is archived
    desk = login("tiepnhan.laichau")
    _post(desk, d, "stop", {"reason": "Công dân có đơn xin rút hồ sơ", "request_channel": "direct"})
    assert d.state == State.STOPPED
    _post(desk, d, "archive")
    assert d.state == State.ARCHIVED
    html = desk.get(f"/can-bo/ho-so/{d.pk}/").content.decode()
    assert "Bạn không có thao tác nào" in _actions(html)
    for label in (
        "Tạm dừng xử lý",
        "Xin lỗi, hẹn lại (Mẫu 04)",
        "Chuyển lại bước trước",
        "Lưu trữ",
    ):
        assert label in html


def test_consultation_through_the_page(login):
    d = _at_specialist()
    spec = login("chuyenvien.syt")
    html = spec.get(f"/can-bo/ho-so/{d.pk}/").content.decode()
    inspectorate = Agency.objects.get(code="thanh-tra-tinh-12")
    picker = html[html.index('name="consult-to_agency"') :]
    assert f'value="{inspectorate.pk}"' in picker[: picker.index("</select>")]
    _post(spec, d, "consult", {"to_agency": inspectorate.pk, "amount": "3", "note": "Cho ý kiến"})
    assert d.state == State.INTER_AGENCY
    sub = d.consultations.get()
    # the consulted agency finds it in its own queue and answers on its page
    other = login("chuyenvien.thanhtra")
    assert f'href="/can-bo/ho-so/{sub.pk}/"' in other.get("/can-bo/ho-so/").content.decode()
    assert other.get(f"/can-bo/ho-so/{d.pk}/").status_code == 404
    html = other.get(f"/can-bo/ho-so/{sub.pk}/").content.decode()
    assert "Hồ sơ liên thông của hồ sơ" in html and "Nhận kết quả liên thông" in _actions(html)
    _post(other, sub, "consult_done", {"note": "Không có ý kiến khác"})
    d.refresh_from_db()
    assert d.state == State.IN_PROCESS
    html = login("chuyenvien.syt").get(f"/can-bo/ho-so/{d.pk}/").content.decode()
    assert "Hồ sơ liên thông" in html and sub.submission_ref in html


def test_dossier_page_links_to_digitisation_and_payments(login, case, agency, user):
    from motcua.dossiers import services
    from support import CITIZEN, vn

    d = services.receive_at_desk(
        user=user("tiepnhan.laichau"),
        now=vn(2026, 3, 2, 9),
        case=case("1.012289"),
        channel="direct",
        receiving_agency=agency("ttpvhcc-tinh-12"),
        applicant=CITIZEN,
    )
    html = login("tiepnhan.laichau").get(f"/can-bo/ho-so/{d.pk}/").content.decode()
    assert f"/can-bo/so-hoa/ho-so/{d.pk}/" in html and f"/can-bo/thanh-toan/ho-so/{d.pk}/" in html
