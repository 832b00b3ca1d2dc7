"""The ratings API (public POST, scoped staff GET) and the public form usable from tracking."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.ratings.models import Rating
from motcua.ratings.services import rate
from support import CITIZEN, vn

pytestmark = pytest.mark.django_db

PHONE = CITIZEN.phone


def test_post_gives_then_changes_a_rating(api, resulted_dossier):
    d = resulted_dossier()
    c = api()  # no login: the code and the phone are the proof
    body = {"code": d.code, "phone": PHONE, "level": "satisfied", "comment": "Nhanh"}
    r = c.post("/api/v1/ratings", body, format="json")
    assert r.status_code == 201, r.content
    assert r.json()["level_label"] == "Hài lòng" and r.json()["channel"] == "online"
    r = c.post("/api/v1/ratings", {**body, "level": "very_satisfied"}, format="json")
    assert r.status_code == 200 and r.json()["changes"] == 1


@pytest.mark.parametrize(
    "state, body, status, code",
    [
        ("received", {}, 409, "no_result"),
        ("returned", {"phone": "0900000000"}, 403, "phone_mismatch"),
        ("returned", {"code": "KHONG-CO"}, 404, "not_found"),
        ("returned", {"level": "meh"}, 400, "invalid"),
        ("returned", {"channel": "fax"}, 400, "invalid"),
    ],
)
def test_post_errors_are_json_in_vietnamese(api, resulted_dossier, state, body, status, code):
    d = resulted_dossier(state)
    payload = {"code": d.code, "phone": PHONE, "level": "satisfied", **body}
    r = api().post("/api/v1/ratings", payload, format="json")
    assert r.status_code == status, r.content
    assert r.json()["code"] == code and r.json()["message"]


def test_list_is_for_staff_and_scoped(api, resulted_dossier):
    d = resulted_dossier()
    rate(code=d.code, phone=PHONE, level="dissatisfied", comment="Chờ lâu", now=vn(2026, 3, 26))
    assert api().get("/api/v1/ratings").status_code in (401, 403)
    r = api("giamsat.laichau").get("/api/v1/ratings")
    assert r.status_code == 200
    data = r.json()
    assert data["count"] == 1 and data["summary"]["dissatisfied"] == 1
    assert data["summary"]["satisfaction_rate"] == 0.0
    row = data["results"][0]
    assert row["dossier"] == d.code and row["competent_agency"] == "so-y-te-12"
    assert {o["username"] for o in row["officers"]} >= {"chuyenvien.syt", "tiepnhan.laichau"}
    assert api("tiepnhan.binhlu").get("/api/v1/ratings").json()["count"] == 0  # another commune
    r = api("tiepnhan.binhlu").get("/api/v1/ratings", {"agency": "so-y-te-12"})
    assert r.status_code == 403 and r.json()["code"] == "forbidden"


def test_list_filters_by_agency_and_period_within_a_query_budget(api, resulted_dossier):
    for day in (vn(2026, 3, 26, 9), vn(2026, 4, 2, 9), vn(2026, 4, 3, 9)):
        d = resulted_dossier()
        rate(code=d.code, phone=PHONE, level="very_satisfied", now=day)
    c = api("lanhdao.syt")
    r = c.get("/api/v1/ratings", {"agency": "so-y-te-12", "from": "2026-04-01", "to": "2026-04-02"})
    assert r.json()["count"] == 1 and r.json()["summary"]["satisfaction_rate"] == 100.0
    assert c.get("/api/v1/ratings", {"from": "01/04/2026"}).json()["code"] == "invalid_query"
    assert c.get("/api/v1/ratings", {"agency": "khong-co"}).status_code == 400
    with CaptureQueriesContext(connection) as three:
        assert c.get("/api/v1/ratings").json()["count"] == 3
    d = resulted_dossier()
    rate(code=d.code, phone=PHONE, level="satisfied", now=vn(2026, 4, 4, 9))
    with CaptureQueriesContext(connection) as four:
        assert c.get("/api/v1/ratings").json()["count"] == 4
    assert len(four) == len(three) <= 12, [x["sql"] for x in four.captured_queries]


def test_schema_documents_the_endpoints(api):
    r = api().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    paths = r.json()["paths"]
    assert "/api/v1/ratings" in paths
    assert paths["/api/v1/ratings"]["post"]["tags"] == ["ratings"]


def test_public_form_from_the_tracking_page(client, resulted_dossier):
    d = resulted_dossier("ready_for_return")
    html = client.get("/danh-gia/ho-so/", {"ma": d.code}).content.decode()
    assert 'name="dien_thoai"' in html and "không khớp" not in html  # asks for the phone
    html = client.get("/danh-gia/ho-so/", {"ma": d.code, "dien_thoai": "1234"}).content.decode()
    assert "không khớp" in html
    r = client.get("/danh-gia/ho-so/", {"ma": d.code, "dien_thoai": PHONE}, HTTP_HX_REQUEST="true")
    html = r.content.decode()
    assert 'id="danh-gia"' in html
    assert "<html" not in html and 'value="very_satisfied"' in html  # a partial for htmx
    r = client.post(
        "/danh-gia/ho-so/",
        {"ma": d.code, "dien_thoai": PHONE, "level": "satisfied", "comment": "Tốt"},
        HTTP_HX_REQUEST="true",
    )
    assert "Đánh giá của ông/bà đã được ghi nhận" in r.content.decode()
    rating = Rating.objects.get(dossier=d)
    assert (rating.level, rating.comment, rating.channel) == ("satisfied", "Tốt", "online")
    html = client.get("/danh-gia/ho-so/", {"ma": d.code, "dien_thoai": PHONE}).content.decode()
    assert "<html" in html and "Đánh giá hiện tại" in html and "Cập nhật đánh giá" in html


def test_public_form_before_the_result_and_after_the_window(client, resulted_dossier):
    d = resulted_dossier("received")
    html = client.get("/danh-gia/ho-so/", {"ma": d.code, "dien_thoai": PHONE}).content.decode()
    assert "chưa có kết quả" in html and 'name="level"' not in html
    d = resulted_dossier()
    rate(code=d.code, phone=PHONE, level="satisfied", now=vn(2026, 3, 26))  # long ago
    html = client.get("/danh-gia/ho-so/", {"ma": d.code, "dien_thoai": PHONE}).content.decode()
    assert "Thời hạn thay đổi đánh giá đã kết thúc" in html and 'name="level"' not in html


def test_kiosk_steps_without_javascript(client, resulted_dossier):
    d = resulted_dossier()
    html = client.get("/danh-gia/quay/ttpvhcc-tinh-12/").content.decode()
    assert "Thành phố" not in html and "htmx" in html and 'name="ma"' in html
    assert client.get("/danh-gia/quay/khong-co/").status_code == 404
    r = client.post("/danh-gia/quay/ttpvhcc-tinh-12/ho-so/", {"ma": d.code, "dien_thoai": "1"})
    assert "không khớp" in r.content.decode()
    r = client.post("/danh-gia/quay/ttpvhcc-tinh-12/ho-so/", {"ma": d.code, "dien_thoai": PHONE})
    assert 'value="dissatisfied"' in r.content.decode()
    r = client.post("/danh-gia/quay/ttpvhcc-tinh-12/gui/", {"ma": d.code, "dien_thoai": PHONE})
    assert "Chọn Rất hài lòng" in r.content.decode()  # no face chosen: asked again
    r = client.post(
        "/danh-gia/quay/ttpvhcc-tinh-12/gui/",
        {"ma": d.code, "dien_thoai": PHONE, "level": "very_satisfied"},
        HTTP_HX_REQUEST="true",
    )
    html = r.content.decode()
    assert "Xin cảm ơn" in html and 'hx-trigger="load delay:6s"' in html
    assert Rating.objects.get(dossier=d).channel == "counter_device"
    r = client.post("/danh-gia/quay/ttpvhcc-xa-03390/ho-so/", {"ma": d.code, "dien_thoai": PHONE})
    assert "không do cơ quan này" in r.content.decode()
