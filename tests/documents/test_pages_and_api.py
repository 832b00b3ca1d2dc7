"""The staff digitisation page, the public verification page and the documents API."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from motcua.documents import services
from motcua.documents.models import DigitisationState, ElectronicResult
from support import vn

pytestmark = pytest.mark.django_db


def page(d):
    return reverse("documents:digitisation", args=[d.pk])


# --- staff page -------------------------------------------------------------------------------


def test_desk_digitises_through_the_page(login, clinic_dossier, pdf_bytes):
    d = clinic_dossier()
    form, _licence, card = d.components.order_by("id")
    c = login("tiepnhan.laichau")
    r = c.get(page(d))
    assert r.status_code == 200
    html = r.content.decode()
    assert "Còn 3/3 thành phần chưa xử lý" in html and "Thêm bản quét" in html
    r = c.post(
        page(d),
        {
            "action": "upload",
            "component": form.pk,
            "source": "scan",
            "file": SimpleUploadedFile("don.pdf", pdf_bytes, "application/pdf"),
        },
        follow=True,
    )
    assert "Đã thêm tệp PDF (2 trang)" in r.content.decode()
    r = c.post(page(d), {"action": "certify", "component": form.pk, "pages": "3"}, follow=True)
    assert "Số trang đã quét (2) khác số trang của bản giấy (3)" in r.content.decode()
    c.post(page(d), {"action": "certify", "component": form.pk, "pages": "2"})
    c.post(page(d), {"action": "not_scanned", "component": card.pk, "reason": "shown"})
    r = c.post(
        page(d),
        {
            "action": "upload",
            "component": _licence.pk,
            "file": SimpleUploadedFile("gcn.pdf", b"just text", "application/pdf"),
        },
        follow=True,
    )
    assert "Tệp không phải PDF, JPEG hoặc PNG (nội dung là văn bản thuần (text))." in (
        r.content.decode()
    )
    form.digitisation.refresh_from_db()
    assert form.digitisation.state == DigitisationState.DIGITISED


def test_others_see_the_page_without_actions(login, clinic_dossier):
    d = clinic_dossier()
    html = login("chuyenvien.syt").get(page(d)).content.decode()
    assert "Thêm bản quét" not in html and "bạn đang xem" in html
    assert login("tiepnhan.binhlu").get(page(d)).status_code == 404


def test_leader_issues_from_the_page_and_the_qr_page_verifies(login, decided_dossier, client):
    d = decided_dossier()
    c = login("lanhdao.syt")
    html = c.get(page(d)).content.decode()
    assert "Ký số và phát hành kết quả điện tử" in html
    r = c.post(
        reverse("documents:issue-result", args=[d.pk]), {"result": f"{d.code}-KQ1"}, follow=True
    )
    assert f"Đã ký số và phát hành kết quả điện tử {d.code}-KQ1" in r.content.decode()
    e = ElectronicResult.objects.get(code=f"{d.code}-KQ1")
    client.logout()
    r = client.get(reverse("documents:verify-code", args=[e.code]))
    html = r.content.decode()
    assert r.status_code == 200 and "Văn bản hợp lệ" in html
    assert e.file.sha256 in html and "Sở Y tế tỉnh Lai Châu" in html
    assert "N. T. M." in html and "Nguyễn Thị Mẫu" not in html and d.applicant_id_number not in html


def test_desk_officer_cannot_issue(login, decided_dossier):
    d = decided_dossier()
    r = login("tiepnhan.laichau").post(reverse("documents:issue-result", args=[d.pk]), follow=True)
    assert "Chỉ lãnh đạo hoặc văn thư của Sở Y tế tỉnh Lai Châu" in r.content.decode()
    assert not ElectronicResult.objects.filter(result__dossier=d).exists()


# --- public verification page ----------------------------------------------------------------


def test_verification_page_upload(client, decided_dossier, user, pdf_bytes):
    d = decided_dossier()
    e = services.issue_electronic_result(
        d, user=user("lanhdao.syt"), now=vn(2026, 3, 24, 10), base_url="http://testserver/"
    )
    from motcua.documents.selectors import file_bytes

    signed = file_bytes(e.file)
    assert client.get(reverse("documents:verify")).status_code == 200
    r = client.post(
        reverse("documents:verify"),
        {"file": SimpleUploadedFile("kq.pdf", signed, "application/pdf")},
    )
    html = r.content.decode()
    assert "Văn bản hợp lệ" in html and e.code in html and "Chủ hồ sơ" in html
    modified = signed.replace(b"/Producer", b"/Producex", 1)  # one byte, inside the signed range
    r = client.post(reverse("documents:verify"), {"file": SimpleUploadedFile("kq.pdf", modified)})
    assert "Văn bản đã bị sửa đổi" in r.content.decode()
    r = client.post(reverse("documents:verify"), {"file": SimpleUploadedFile("kq.pdf", pdf_bytes)})
    assert "Văn bản không có chữ ký số" in r.content.decode()
    r = client.post(reverse("documents:verify"), {"file": SimpleUploadedFile("kq.pdf", b"abc")})
    assert r.status_code == 400 and "nội dung là văn bản thuần" in r.content.decode()


def test_unknown_result_code(client):
    r = client.get(reverse("documents:verify-code", args=["000.02.00.H12-260101-0001-KQ1"]))
    assert r.status_code == 404 and "Không tìm thấy kết quả điện tử" in r.content.decode()


# --- API -------------------------------------------------------------------------------------


def test_api_digitisation_flow(api, clinic_dossier, png_bytes):
    d = clinic_dossier()
    form, licence, card = d.components.order_by("id")
    desk = api("tiepnhan.laichau")
    base = f"/api/v1/documents/dossiers/{d.pk}"
    r = desk.post(
        f"{base}/components/{form.pk}/files",
        {"file": SimpleUploadedFile("anh.pdf", png_bytes), "source": "upload"},
        format="multipart",
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["kind"] == "png" and body["order"] == 1 and "nội dung là PNG" in body["warnings"][0]
    r = desk.post(f"{base}/components/{form.pk}/certify", {"pages": 1}, format="json")
    assert r.status_code == 200 and r.json()["state"] == "digitised"
    r = desk.post(
        f"{base}/components/{card.pk}/not-scanned", {"reason": "national_db"}, format="json"
    )
    assert r.json()["portal_flags"]["DuocLayTuKhoDMQG"] == 1
    r = desk.get(base)
    body = r.json()
    assert body["summary"] == {
        "total": 3,
        "digitised": 1,
        "reused": 0,
        "not_scanned": 1,
        "pending": 1,
        "fully_digitised": False,
        "HoSoCoThanhPhanSoHoa": 1,
    }
    assert body["components"][0]["files"][0]["sha256"]
    r = desk.post(
        f"{base}/components/{licence.pk}/files",
        {"file": SimpleUploadedFile("a.pdf", b"not a pdf at all")},
        format="multipart",
    )
    assert r.status_code == 415
    assert r.json() == {
        "code": "unsupported_type",
        "message": "Tệp không phải PDF, JPEG hoặc PNG (nội dung là văn bản thuần (text)).",
    }
    r = desk.post(f"{base}/components/{licence.pk}/certify", {}, format="json")
    assert r.status_code == 409 and r.json()["code"] == "no_files"
    r = api("chuyenvien.syt").post(
        f"{base}/components/{licence.pk}/files",
        {"file": SimpleUploadedFile("a.png", png_bytes)},
        format="multipart",
    )
    assert r.status_code == 403 and "Chỉ công chức tiếp nhận" in r.json()["message"]
    assert api("tiepnhan.binhlu").get(base).status_code == 404


def test_api_store_reuse_issue_and_verify(api, decided_dossier, clinic_dossier, pdf_bytes):
    d = decided_dossier()
    r = api("tiepnhan.laichau").post(
        f"/api/v1/documents/dossiers/{d.pk}/e-results", {}, format="json"
    )
    assert r.status_code == 403
    r = api("lanhdao.syt").post(f"/api/v1/documents/dossiers/{d.pk}/e-results", {}, format="json")
    assert r.status_code == 201, r.content
    issued = r.json()
    assert issued["code"] == f"{d.code}-KQ1" and issued["signer_subject"].startswith("CN=Sở Y tế")
    again = api("lanhdao.syt").post(
        f"/api/v1/documents/dossiers/{d.pk}/e-results", {}, format="json"
    )
    assert again.status_code == 409 and again.json()["code"] == "already_issued"

    store = api("tiepnhan.laichau").get(f"/api/v1/documents/store/{d.applicant_id_number}")
    assert store.status_code == 200
    doc = next(x for x in store.json()["documents"] if x["code"] == issued["code"])
    assert doc["kind"] == "result" and doc["source_dossier"] == d.code
    assert (
        api("chuyenvien.syt").get(f"/api/v1/documents/store/{d.applicant_id_number}").status_code
        == 403
    )

    later = clinic_dossier(at=vn(2026, 5, 4, 9))
    component = later.components.order_by("id").first()
    r = api("tiepnhan.laichau").post(
        f"/api/v1/documents/dossiers/{later.pk}/components/{component.pk}/reuse",
        {"document": doc["id"]},
        format="json",
    )
    assert r.status_code == 200 and r.json()["state"] == "reused_result"
    assert r.json()["portal_flags"]["MaKetQuaThayThe"] == issued["code"]

    from motcua.documents.models import StoredFile
    from motcua.documents.selectors import file_bytes

    signed = file_bytes(StoredFile.objects.get(pk=issued["file"]["id"]))
    public = api()  # no credentials: verification is public
    r = public.post(
        "/api/v1/documents/verify",
        {"file": SimpleUploadedFile("kq.pdf", signed)},
        format="multipart",
    )
    body = r.json()
    assert r.status_code == 200 and body["verdict"] == "valid" and body["match"] == "exact"
    assert body["result"]["applicant_initials"] == "N. T. M."
    assert body["signatures"][0]["intact"] and body["signatures"][0]["trusted"]
    r = public.post(
        "/api/v1/documents/verify",
        {"file": SimpleUploadedFile("x.pdf", pdf_bytes)},
        format="multipart",
    )
    assert r.json()["verdict"] == "unsigned"


def test_openapi_schema_lists_the_documents_endpoints(api):
    r = api().get("/api/schema/", {"format": "json"})
    assert r.status_code == 200
    schema = r.json() if r["Content-Type"].startswith("application/json") else None
    text = r.content.decode()
    assert "/api/v1/documents/verify" in text and "documents" in text
    if schema:
        assert schema["paths"]["/api/v1/documents/verify"]["post"]["tags"] == ["documents"]


def test_list_queries_do_not_grow_with_the_documents(api, clinic_dossier, user, png_bytes):
    from dataclasses import replace

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from support import CITIZEN

    desk = api("tiepnhan.laichau")

    def counts(n: int, id_number: str) -> tuple[int, int]:
        d = clinic_dossier(
            applicant=replace(CITIZEN, id_number=id_number),
            components=[{"name": f"Giấy tờ {i}", "copy_type": "original"} for i in range(n)],
        )
        for i, c in enumerate(d.components.order_by("id")):
            data = png_bytes + bytes([i])  # distinct files
            services.add_component_file(
                c, data, name=f"{i}.png", user=user("tiepnhan.laichau"), now=vn(2026, 3, 2, 10)
            )
            services.certify_component(c, user=user("tiepnhan.laichau"), now=vn(2026, 3, 2, 10))
        desk.get(f"/api/v1/documents/dossiers/{d.pk}")  # warm caches (calendar, auth)
        with CaptureQueriesContext(connection) as detail:
            assert desk.get(f"/api/v1/documents/dossiers/{d.pk}").status_code == 200
        with CaptureQueriesContext(connection) as store:
            r = desk.get(f"/api/v1/documents/store/{id_number}")
            assert len(r.json()["documents"]) == n
        return len(detail), len(store)

    small, large = counts(2, "111111111111"), counts(6, "222222222222")
    assert small == large, (small, large)
    assert large[0] <= 8 and large[1] <= 6, large  # detail, store
