"""The feedback API (token auth, agency scoping, precise errors) and pages (public form,
tracking, published answers without personal data, staff screens), with query budgets."""

from __future__ import annotations

import pytest
from django.utils import timezone
from fbsupport import SENDER, make_input, png_bytes

from motcua.feedback import services
from motcua.feedback.models import Petition
from support import vn

pytestmark = pytest.mark.django_db


def _public_payload(**kw):
    data = {
        "agency": "vp-ubnd-tinh-12",
        "title": "Phản ánh về niêm yết thủ tục tại bộ phận một cửa",
        "content": "Bộ phận một cửa xã chưa niêm yết đầy đủ thủ tục hành chính đã được công bố.",
        **SENDER,
    }
    data.update(kw)
    return data


def test_public_submission_and_tracking_api(api):
    c = api()
    r = c.post(
        "/api/v1/feedback/petitions",
        _public_payload(sender_phone="", sender_email=""),
        format="json",
    )
    assert r.status_code == 400
    assert r.json()["code"] == "invalid" and "sender_phone" in r.json()["errors"]
    r = c.post("/api/v1/feedback/petitions", _public_payload(), format="json")
    assert r.status_code == 201, r.content
    code = r.json()["code"]
    r = c.post("/api/v1/feedback/track", {"code": code, "contact": "0900000000"}, format="json")
    assert r.status_code == 403 and r.json()["code"] == "contact_mismatch"
    r = c.post(
        "/api/v1/feedback/track", {"code": code, "contact": SENDER["sender_phone"]}, format="json"
    )
    assert r.status_code == 200 and r.json()["state"] == "pending"
    # staff endpoints need a token
    assert c.get("/api/v1/feedback/petitions").status_code == 401


def test_staff_api_walk_with_scoping(api, petition):
    p = petition("pending")
    officer, other = api("pakn.laichau"), api("chuyenvien.syt")
    assert other.get(f"/api/v1/feedback/petitions/{p.code}").status_code == 404
    r = other.post(f"/api/v1/feedback/petitions/{p.code}/accept", {}, format="json")
    assert r.status_code == 404
    r = officer.post(f"/api/v1/feedback/petitions/{p.code}/reject", {"ground": "?"}, format="json")
    assert r.status_code == 400 and "ground" in r.json()["errors"]
    r = officer.post(f"/api/v1/feedback/petitions/{p.code}/bogus", {}, format="json")
    assert r.status_code == 404 and r.json()["code"] == "unknown_action"
    r = officer.post(
        f"/api/v1/feedback/petitions/{p.code}/accept",
        {"national_class": "regulation", "category": "2"},
        format="json",
    )
    assert r.status_code == 200 and r.json()["state"] == "in_process"
    r = officer.post(
        f"/api/v1/feedback/petitions/{p.code}/answer",
        {"decision": "keep", "text": "Giữ nguyên quy định hiện hành và giải thích lý do."},
        format="json",
    )
    assert r.status_code == 403 and r.json()["code"] == "forbidden"
    leader = api("lanhdaovp.laichau")
    r = leader.post(
        f"/api/v1/feedback/petitions/{p.code}/answer",
        {"decision": "keep", "text": "Giữ nguyên quy định hiện hành và giải thích lý do."},
        format="json",
    )
    assert r.status_code == 200 and r.json()["state"] == "awaiting_publication"
    r = officer.post(f"/api/v1/feedback/petitions/{p.code}/publish", {}, format="json")
    assert r.status_code == 200 and r.json()["state"] == "published"
    d = officer.get(f"/api/v1/feedback/petitions/{p.code}").json()
    assert [e["action"] for e in d["events"]] == ["received", "accepted", "answered", "published"]
    assert d["allowed_actions"] == ["archived"]
    # public side: published answer without personal data, votes
    pub = api().get(f"/api/v1/feedback/published/{p.code}").json()
    text = str(pub)
    for value in SENDER.values():
        assert value not in text
    r = api().post(
        f"/api/v1/feedback/published/{p.code}", {"vote": "dislike", "voter": "a"}, format="json"
    )
    assert r.json()["dislikes"] == 1
    r = api().post(
        "/api/v1/feedback/sender/rating",
        {"code": p.code, "contact": SENDER["sender_email"], "satisfied": True},
        format="json",
    )
    assert r.status_code == 200
    assert Petition.objects.get(pk=p.pk).likes == 1


def test_api_list_query_budget(api, petition, django_assert_max_num_queries):
    for n in range(6):
        petition("pending", at=vn(2026, 3, 2, 9 + n))
    c = api("pakn.laichau")
    with django_assert_max_num_queries(12):
        r = c.get("/api/v1/feedback/petitions?limit=50")
    assert r.json()["count"] == 6
    with django_assert_max_num_queries(12):
        r = c.get("/api/v1/feedback/petitions?overdue=1")
    assert r.status_code == 200


def test_published_list_query_budget(api, petition, django_assert_max_num_queries, client):
    for n in range(4):
        petition("published", at=vn(2026, 3, 2, 9 + n))
    with django_assert_max_num_queries(4):
        r = api().get("/api/v1/feedback/published")
    assert r.json()["count"] == 4
    with django_assert_max_num_queries(6):
        r = client.get("/phan-anh-kien-nghi/cong-khai/")
    assert r.status_code == 200
    for value in SENDER.values():
        assert value not in r.content.decode()


def test_import_and_report_api(api, petition):
    c = api("pakn.laichau")
    r = c.post(
        "/api/v1/feedback/petitions/import", {"petitions": [{"external_ref": "X"}]}, format="json"
    )
    assert r.status_code == 400 and "$.petitions[0].title" in r.json()["errors"]
    petition("published")
    r = c.get("/api/v1/feedback/report?from=2026-03-01&to=2026-03-31")
    assert r.json()["rows"][-1]["handled_on_time"] == 1
    r = c.get("/api/v1/feedback/report?from=2026-03-01&to=2026-03-31&format=xlsx")
    assert r["Content-Type"].startswith("application/vnd.openxmlformats")
    r = c.get("/api/v1/feedback/indicators?from=2026-03-01&to=2026-03-31")
    assert r.json()["total"] == 1 and r.json()["on_time"] == 1
    r = c.get("/api/v1/feedback/indicators?from=03/2026")
    assert r.status_code == 400 and r.json()["code"] == "invalid_query"
    r = c.get("/api/v1/feedback/indicators?agency=so-y-te-12")
    assert r.status_code == 403


def test_public_form_keeps_input_on_error_and_gives_a_receipt(client):
    r = client.get("/phan-anh-kien-nghi/gui/")
    assert r.status_code == 200
    from motcua.directory.models import Agency

    vp = Agency.objects.get(code="vp-ubnd-tinh-12")
    data = {
        "agency": vp.pk,
        "kind": "feedback",
        "title": "Tiêu đề thử",
        "content": "Nội dung phản ánh đủ dài để được chấp nhận ở biểu mẫu.",
        "sender_kind": "individual",
        "sender_name": "",
        "sender_address": "Lai Châu",
        "sender_phone": "",
        "sender_email": "",
    }
    r = client.post("/phan-anh-kien-nghi/gui/", data)
    html = r.content.decode()
    assert r.status_code == 200 and "Cần nhập họ và tên" in html
    assert "Nội dung phản ánh đủ dài" in html  # nothing entered is lost
    from django.core.files.uploadedfile import SimpleUploadedFile

    data.update(sender_name="Lê Thị Thử", sender_phone="0911222333")
    data["files"] = [SimpleUploadedFile("anh.png", png_bytes(), content_type="image/png")]
    r = client.post("/phan-anh-kien-nghi/gui/", data)
    assert r.status_code == 302
    p = Petition.objects.get()
    assert p.attachments.count() == 1
    r = client.get(r["Location"])
    assert p.code in r.content.decode() and "Phiếu tiếp nhận" in r.content.decode()
    # another browser must prove ownership
    from django.test import Client

    other = Client()
    assert other.get(f"/phan-anh-kien-nghi/bien-nhan/{p.code}/").status_code == 302
    r = other.post("/phan-anh-kien-nghi/tra-cuu/", {"code": p.code, "contact": "0911 222 333"})
    assert r.status_code == 302
    r = other.get(r["Location"])
    assert "Chờ tiếp nhận" in r.content.decode()


def test_tracking_shows_where_a_complaint_belongs(client, petition, user):
    p = petition("pending")
    services.reject(p, user=user("pakn.laichau"), now=timezone.now(), ground="denunciation")
    r = client.post(
        "/phan-anh-kien-nghi/tra-cuu/",
        {"code": p.code, "contact": SENDER["sender_email"]},
        follow=True,
    )
    assert "Luật Tố cáo" in r.content.decode()


def test_public_answer_page_has_no_personal_data(client, petition):
    p = petition("published")
    r = client.get(f"/phan-anh-kien-nghi/cong-khai/{p.code}/")
    html = r.content.decode()
    assert r.status_code == 200 and p.public_answer[:30] in html
    for value in SENDER.values():
        assert value not in html
    for part in ("0987", "654321", "Nguyễn Văn Thử", "example.test"):
        assert part not in html
    r = client.post(f"/phan-anh-kien-nghi/cong-khai/{p.code}/", {"vote": "like"}, follow=True)
    client.post(f"/phan-anh-kien-nghi/cong-khai/{p.code}/", {"vote": "like"})  # same reader
    p.refresh_from_db()
    assert p.likes == 1
    # unpublished answers are not public
    assert client.get("/phan-anh-kien-nghi/cong-khai/PA-000000-0000/").status_code == 404


def test_staff_screens(login, petition, django_assert_max_num_queries):
    for n in range(5):
        petition("pending", at=vn(2026, 3, 2, 9 + n))
    c = login("pakn.laichau")
    with django_assert_max_num_queries(16):  # constant: 5 rows or 50
        r = c.get("/can-bo/phan-anh-kien-nghi/")
    html = r.content.decode()
    assert r.status_code == 200 and html.count("PA-260302-") >= 5
    assert "Quá hạn" in html
    p = Petition.objects.order_by("id").first()
    r = c.get(f"/can-bo/phan-anh-kien-nghi/{p.code}/")
    assert r.status_code == 200 and "Tiếp nhận xử lý" in r.content.decode()
    r = c.post(
        f"/can-bo/phan-anh-kien-nghi/{p.code}/", {"action": "rejected", "rejected-ground": ""}
    )
    assert r.status_code == 200 and "Cần chọn lý do" in r.content.decode()
    r = c.post(
        f"/can-bo/phan-anh-kien-nghi/{p.code}/",
        {"action": "rejected", "rejected-ground": "abusive"},
    )
    assert r.status_code == 302
    assert (
        c.get("/can-bo/phan-anh-kien-nghi/bao-cao/?tu=2026-03-01&den=2026-03-31").status_code == 200
    )
    r = c.get("/can-bo/phan-anh-kien-nghi/bao-cao/?tu=2026-03-01&den=2026-03-31&xlsx=1")
    assert r["Content-Type"].startswith("application/vnd.openxmlformats")
    assert c.get("/can-bo/phan-anh-kien-nghi/tiep-nhan/").status_code == 200
    assert c.get("/can-bo/phan-anh-kien-nghi/nhap/").status_code == 200


def test_staff_of_another_agency_cannot_see(login, petition):
    p = petition("pending")
    c = login("chuyenvien.binhlu")
    assert c.get(f"/can-bo/phan-anh-kien-nghi/{p.code}/").status_code == 404
    assert p.code not in c.get("/can-bo/phan-anh-kien-nghi/").content.decode()
    # the province's supervisor sees it
    c2 = login("giamsat.laichau")
    assert c2.get(f"/can-bo/phan-anh-kien-nghi/{p.code}/").status_code == 200


def test_desk_entry_of_a_phone_call(login):
    from motcua.directory.models import Agency

    c = login("pakn.laichau")
    vp = Agency.objects.get(code="vp-ubnd-tinh-12")
    r = c.post(
        "/can-bo/phan-anh-kien-nghi/tiep-nhan/",
        {
            "agency": vp.pk,
            "channel": "phone",
            "kind": "feedback",
            "received_at": "2026-03-02T08:15",
            "title": "Cuộc gọi về lệ phí",
            "content": "Người gọi phản ánh xã thu lệ phí cao hơn mức "
            "đã công bố đối với thủ tục chứng thực.",
            "sender_kind": "individual",
            "sender_name": "Hà Văn Gọi",
            "sender_address": "Lai Châu",
            "sender_phone": "0933444555",
        },
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    p = Petition.objects.get()
    assert p.channel == "phone" and p.received_at == vn(2026, 3, 2, 8, 15)
    assert p.events.get().actor.username == "pakn.laichau"


def test_the_public_cannot_backdate_or_pose_as_the_national_portal(api):
    c = api()
    r = c.post(
        "/api/v1/feedback/petitions",
        _public_payload(received_at="2026-01-05T09:00:00+07:00"),
        format="json",
    )
    assert r.status_code == 400 and "received_at" in r.json()["errors"]
    r = c.post("/api/v1/feedback/petitions", _public_payload(channel="national"), format="json")
    assert r.status_code == 403


def test_attachments_for_the_sender_and_staff_only(client, login, agency):
    from django.test import Client

    p = services.receive(
        make_input(files=[("anh.png", png_bytes())]),
        agency=agency("vp-ubnd-tinh-12"),
        channel="portal",
        now=vn(2026, 3, 2, 9),
    )
    f = p.attachments.get().file
    url = f"/phan-anh-kien-nghi/tep/{p.code}/{f.pk}/"
    assert Client().get(url).status_code == 404
    assert login("chuyenvien.binhlu").get(url).status_code == 404
    r = login("pakn.laichau").get(url)
    assert r.status_code == 200 and r["Content-Type"] == "image/png"
    page = login("pakn.laichau").get(f"/can-bo/phan-anh-kien-nghi/{p.code}/").content.decode()
    assert url in page


def test_a_sending_repeated_is_not_a_second_petition(api, client):
    c = api()
    first = c.post(
        "/api/v1/feedback/petitions", _public_payload(), format="json", HTTP_IDEMPOTENCY_KEY="k1"
    )
    again = c.post(
        "/api/v1/feedback/petitions", _public_payload(), format="json", HTTP_IDEMPOTENCY_KEY="k1"
    )
    assert first.json()["code"] == again.json()["code"]
    from motcua.directory.models import Agency

    page = client.get("/phan-anh-kien-nghi/gui/").content.decode()
    nonce = page.split('name="nonce" value="')[1].split('"')[0]
    data = {
        "agency": Agency.objects.get(code="vp-ubnd-tinh-12").pk,
        "kind": "feedback",
        "sender_kind": "individual",
        "nonce": nonce,
        **{k: v for k, v in _public_payload().items() if k != "agency"},
    }
    r1, r2 = (
        client.post("/phan-anh-kien-nghi/gui/", data),
        client.post("/phan-anh-kien-nghi/gui/", data),
    )
    assert r1["Location"] == r2["Location"]
    assert Petition.objects.count() == 2
