"""Citizen accounts: sign-up, login with phone or e-mail, password reset, my dossiers."""

import re

import pytest
from django.core import mail

from motcua.citizens.models import CitizenProfile
from motcua.demo.citizens import CITIZEN_PHONE
from motcua.dossiers import services
from support import CITIZEN, vn


def _accounts():
    """Citizen accounts made by the test (the demo citizen is always there)."""
    return CitizenProfile.objects.exclude(phone=CITIZEN_PHONE)


pytestmark = pytest.mark.django_db
GOOD = {
    "full_name": "Trần Văn Dân",
    "phone": "0987 654 321",
    "email": "dan@example.test",
    "id_number": "",
    "address": "",
    "password": "mot-mat-khau-dai",
    "password2": "mot-mat-khau-dai",
}


def test_sign_up_then_login_with_phone_or_email(client):
    r = client.post("/tai-khoan/dang-ky/", GOOD)
    assert r.status_code == 302 and r["Location"] == "/tai-khoan/"
    p = CitizenProfile.objects.get(phone="0987654321")
    assert p.email == "dan@example.test" and not p.identity_verified
    client.logout()
    for ident in ("0987654321", "+84987654321", "DAN@example.test"):
        r = client.post("/tai-khoan/dang-nhap/", {"username": ident, "password": GOOD["password"]})
        assert r.status_code == 302, ident
        assert "Trần Văn Dân" in client.get("/tai-khoan/").content.decode()
        client.logout()


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"phone": "12345", "email": ""}, "phone", "Số điện thoại không hợp lệ"),
        ({"phone": "", "email": ""}, "phone", "Cần số điện thoại hoặc thư điện tử"),
        ({"password": "123", "password2": "123"}, "password", "ít nhất 8 ký tự"),
        ({"password2": "khac-hoan-toan"}, "password2", "không giống nhau"),
        ({"id_number": "123"}, "id_number", "12 chữ số"),
        ({"full_name": ""}, "full_name", ""),
    ],
)
def test_sign_up_errors_keep_what_was_typed(client, change, field, message):
    r = client.post("/tai-khoan/dang-ky/", {**GOOD, **change})
    html = r.content.decode()
    assert r.status_code == 200 and message in html
    assert 'value="Trần Văn Dân"' in html or field == "full_name"
    assert not _accounts().exists()


def test_duplicate_phone(client):
    client.post("/tai-khoan/dang-ky/", GOOD)
    client.logout()
    html = client.post(
        "/tai-khoan/dang-ky/", {**GOOD, "email": "khac@example.test"}
    ).content.decode()
    assert "đã có tài khoản" in html and _accounts().count() == 1


def test_wrong_password_message(client):
    client.post("/tai-khoan/dang-ky/", GOOD)
    client.logout()
    html = client.post(
        "/tai-khoan/dang-nhap/", {"username": "0987654321", "password": "sai"}
    ).content.decode()
    assert "không đúng" in html


def test_password_reset_by_email(client):
    client.post("/tai-khoan/dang-ky/", GOOD)
    client.logout()
    r = client.post("/tai-khoan/quen-mat-khau/", {"email": "dan@example.test"})
    assert r.status_code == 302 and len(mail.outbox) == 1
    link = re.search(r"http://testserver(/tai-khoan/dat-lai/\S+)", mail.outbox[0].body).group(1)
    r = client.get(link, follow=True)
    form_url = r.redirect_chain[-1][0] if r.redirect_chain else link
    r = client.post(
        form_url, {"new_password1": "mat-khau-moi-dai", "new_password2": "mat-khau-moi-dai"}
    )
    assert r.status_code == 302
    assert client.login(username="0987654321", password="mat-khau-moi-dai")


def test_my_dossiers_are_only_mine(client, case, agency):
    client.post("/tai-khoan/dang-ky/", GOOD)
    me = _accounts().get().user
    mine = services.submit(
        case=case("1.012289"),
        channel="online",
        receiving_agency=agency("ttpvhcc-tinh-12"),
        applicant=CITIZEN,
        now=vn(2026, 3, 2, 9),
        account=me,
    )
    other = services.submit(
        case=case("1.012289"),
        channel="online",
        receiving_agency=agency("ttpvhcc-tinh-12"),
        applicant=CITIZEN,
        now=vn(2026, 3, 2, 9),
    )
    html = client.get("/tai-khoan/").content.decode()
    assert mine.submission_ref in html and other.submission_ref not in html


def test_account_page_needs_login(client):
    r = client.get("/tai-khoan/")
    assert r.status_code == 302 and "/tai-khoan/dang-nhap/" in r["Location"]
