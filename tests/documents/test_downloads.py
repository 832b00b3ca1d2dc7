"""Downloads are permission-checked: staff who can see a dossier using the file; the public only
a signed result, with the token its QR code carries."""

from __future__ import annotations

import pytest
from django.urls import reverse

from motcua.documents import services
from support import vn

pytestmark = pytest.mark.django_db

NOW = vn(2026, 3, 2, 9, 30)


@pytest.fixture
def scan(clinic_dossier, user, pdf_bytes):
    d = clinic_dossier()
    link = services.add_component_file(
        d.components.order_by("id").first(),
        pdf_bytes,
        name="Đơn đề nghị.pdf",
        user=user("tiepnhan.laichau"),
        now=NOW,
    )
    return link.file


@pytest.fixture
def e_result(decided_dossier, user):
    d = decided_dossier()
    return services.issue_electronic_result(
        d, user=user("lanhdao.syt"), now=vn(2026, 3, 24, 10), base_url="https://x.test"
    )


def url(f, **params):
    u = reverse("documents:download", args=[f.pk])
    return u + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("tiepnhan.laichau", 200),  # the receiving desk
        ("chuyenvien.syt", 200),  # the competent agency
        ("giamsat.laichau", 200),  # the province's supervisor
        ("admin", 200),
        ("tiepnhan.binhlu", 403),  # another agency
        ("giamsat.langson", 403),  # another province
    ],
)
def test_staff_download_a_scan_when_they_see_the_dossier(
    client, login, scan, pdf_bytes, username, status
):
    r = login(username).get(url(scan))
    assert r.status_code == status
    if status == 200:
        assert r.content == pdf_bytes and r["Content-Type"] == "application/pdf"
        assert r["X-Content-SHA256"] == scan.sha256
        assert (
            "filename*=UTF-8''%C4%90%C6%A1n%20%C4%91%E1%BB%81%20ngh%E1%BB%8B.pdf"
            in r["Content-Disposition"]
        )
        assert r["Cache-Control"] == "private, no-store"


def test_anonymous_is_sent_to_login(client, scan):
    r = client.get(url(scan))
    assert r.status_code == 302 and r["Location"].startswith(reverse("backoffice:login"))


def test_public_download_of_a_signed_result_needs_its_token(client, scan, e_result):
    assert client.get(url(e_result.file, k=e_result.access_token)).status_code == 200
    assert client.get(url(e_result.file, k="wrong")).status_code == 302
    assert client.get(url(e_result.file)).status_code == 302
    # a token never opens a file that is not a signed result
    assert client.get(url(scan, k=e_result.access_token)).status_code == 302


def test_verification_page_offers_the_download_only_with_the_qr_token(client, e_result):
    page = reverse("documents:verify-code", args=[e_result.code])
    r = client.get(page)
    assert r.status_code == 200 and b"T\xe1\xba\xa3i b\xe1\xba\xa3n PDF" not in r.content
    r = client.get(page + f"?k={e_result.access_token}")
    assert url(e_result.file, k=e_result.access_token) in r.content.decode()


def test_api_download_is_permission_checked(api, scan):
    path = f"/api/v1/documents/files/{scan.pk}"
    assert api("tiepnhan.laichau").get(path).status_code == 200
    r = api("tiepnhan.binhlu").get(path)
    assert r.status_code == 403 and r.json()["code"] == "permission_denied"
    assert api().get(path).status_code == 401
