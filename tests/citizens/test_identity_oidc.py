"""Đăng nhập bằng VNeID: the OpenID Connect round trip against a real local provider.

Every test goes redirect → the provider's authorization endpoint → consent → the provider's
redirect to our callback → token exchange and ID-token validation → session, over HTTP.
"""

from __future__ import annotations

import base64
import hashlib
from datetime import date, timedelta

import pytest
import requests
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from joserfc.jwk import RSAKey

from motcua.citizens import services as citizen_services
from motcua.citizens.identity import registry
from motcua.citizens.models import CitizenProfile
from motcua.core.models import AuditEntry
from oidc_support import ID_CLAIM, config, free_port, local, query
from support import vn

pytestmark = pytest.mark.django_db
START = "/tai-khoan/dinh-danh/vneid/dang-nhap/"
LINK = "/tai-khoan/dinh-danh/vneid/lien-ket/"
ID_NUMBER = "001090012345"
CLAIMS = {
    ID_CLAIM: ID_NUMBER,
    "name": "Lò Thị Định",
    "birthdate": "1990-05-17",
    "phone_number": "0911222333",
    "email": "dinh@example.test",
    "muc_do": "muc-2",
}
#: Tells the provider (behind its proxy fix) that it is reached as another host.
FOREIGN = {"X-Forwarded-Host": "vneid.gia-mao.example", "X-Forwarded-Proto": "https"}


def start(client, url=START, **data):
    r = client.post(url, data)
    assert r.status_code == 302, r.content
    return r["Location"]


def login_round_trip(client, provider, sub, claims=None, **data):
    if claims is not None:
        provider.set_user(sub, **claims)
    authorize = start(client, **data)
    back = provider.consent(authorize, sub)
    return client.get(local(back))


def flash(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def test_no_button_and_no_route_unless_configured(client, settings):
    settings.MOTCUA_IDENTITY_PROVIDERS = {}
    html = client.get("/tai-khoan/dang-nhap/").content.decode()
    assert "VNeID" not in html
    assert client.post(START).status_code == 404


def test_login_page_shows_the_button(client, vneid):
    html = client.get("/tai-khoan/dang-nhap/?next=/tai-khoan/").content.decode()
    assert "Đăng nhập bằng VNeID" in html and f'action="{START}"' in html


def test_authorization_request_uses_code_flow_pkce_state_and_nonce(client, vneid):
    authorize = start(client)
    assert authorize.startswith(f"{vneid.url}/oauth2/authorize?")
    q = query(authorize)
    assert q["response_type"] == "code" and q["client_id"] == "motcua-tinh-thu"
    assert set(q["scope"].split()) == {"openid", "profile", "email", "phone"}
    assert q["redirect_uri"] == "http://testserver/tai-khoan/dinh-danh/vneid/xac-thuc/"
    assert q["code_challenge_method"] == "S256" and len(q["state"]) >= 20 and q["nonce"]
    stored = client.session[f"_state_vneid_{q['state']}"]["data"]
    verifier = stored["code_verifier"]
    digest = hashlib.sha256(verifier.encode()).digest()
    assert q["code_challenge"] == base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
    assert stored["nonce"] == q["nonce"] and stored["redirect_uri"] == q["redirect_uri"]


def test_token_request_sends_the_pkce_verifier_and_client_authentication(
    client, vneid, monkeypatch
):
    vneid.set_user("cong-dan-pkce", **CLAIMS)
    authorize = start(client)
    verifier = client.session[f"_state_vneid_{query(authorize)['state']}"]["data"]["code_verifier"]
    back = vneid.consent(authorize, "cong-dan-pkce")
    sent: list[dict] = []
    real = requests.Session.request

    def spy(self, method, url, *args, **kwargs):
        if url.endswith("/oauth2/token"):
            sent.append({"data": kwargs.get("data"), "auth": kwargs.get("auth")})
        return real(self, method, url, *args, **kwargs)

    monkeypatch.setattr(requests.Session, "request", spy)
    assert client.get(local(back))["Location"] == "/tai-khoan/"
    (token_request,) = sent
    data = token_request["data"]
    body = dict(data) if isinstance(data, dict) else query("?" + data)
    assert body["grant_type"] == "authorization_code" and body["code_verifier"] == verifier
    assert body["code"] == query(back)["code"]
    assert "client_secret" not in body and token_request["auth"] is not None  # HTTP Basic


def test_first_login_creates_a_verified_account(client, vneid):
    r = login_round_trip(client, vneid, "cong-dan-1", CLAIMS, next="/tra-cuu-ho-so/")
    assert r.status_code == 302 and r["Location"] == "/tra-cuu-ho-so/"
    p = CitizenProfile.objects.get(id_number=ID_NUMBER)
    assert p.identity_verified and p.identity_provider == "vneid"
    assert p.identity_subject == "cong-dan-1" and p.identity_assurance == "muc-2"
    assert p.full_name == "Lò Thị Định" and p.birth_date == date(1990, 5, 17)
    assert p.phone == "0911222333" and p.email == "dinh@example.test"
    assert p.identity_verified_at is not None
    assert not p.user.has_usable_password()
    assert int(client.session["_auth_user_id"]) == p.user_id
    assert not [k for k in client.session.keys() if k.startswith("_state_")]
    assert "Đã tạo tài khoản" in flash(r)
    page = client.get("/tai-khoan/").content.decode()
    assert "Lò Thị Định" in page and "Đã xác thực" in page
    assert AuditEntry.objects.filter(action="citizens.identity_signup", object_id=str(p.pk))


def test_second_login_finds_the_same_account_by_the_verified_number(client, vneid):
    login_round_trip(client, vneid, "cong-dan-2", {**CLAIMS, "muc_do": "muc-1"})
    client.logout()
    # same person, another subject at the provider (e.g. a re-issued account), new name
    r = login_round_trip(client, vneid, "cong-dan-2b", {**CLAIMS, "name": "Lò Thị Định Mới"})
    assert r.status_code == 302 and r["Location"] == "/tai-khoan/"
    p = CitizenProfile.objects.get(id_number=ID_NUMBER)
    assert CitizenProfile.objects.filter(identity_verified=True).count() == 1
    assert p.full_name == "Lò Thị Định Mới" and p.identity_assurance == "muc-2"
    assert "Đã đăng nhập bằng VNeID" in flash(r)


def test_a_self_declared_number_never_opens_an_account(client, vneid):
    squatter = citizen_services.register(
        full_name="Người Khác",
        password="mot-mat-khau-dai",
        now=vn(2026, 11, 1, 9),
        phone="0988777666",
        id_number=ID_NUMBER,
    )
    claims = {k: v for k, v in CLAIMS.items() if k not in {"phone_number", "email"}}
    r = login_round_trip(client, vneid, "cong-dan-3", claims)
    assert r.status_code == 302
    verified = CitizenProfile.objects.get(id_number=ID_NUMBER, identity_verified=True)
    assert verified.pk != squatter.pk
    assert int(client.session["_auth_user_id"]) == verified.user_id
    squatter.refresh_from_db()
    assert not squatter.identity_verified


def test_phone_of_an_existing_account_asks_to_log_in_and_link(client, vneid):
    citizen_services.register(
        full_name="Lò Thị Định",
        password="mot-mat-khau-dai",
        now=vn(2026, 11, 1, 9),
        phone="0911222333",
    )
    r = login_round_trip(client, vneid, "cong-dan-4", CLAIMS)
    assert r.status_code == 302
    assert r["Location"] == "/tai-khoan/dang-nhap/?next=%2Ftai-khoan%2Fdinh-danh%2F"
    assert "_auth_user_id" not in client.session
    assert not CitizenProfile.objects.filter(identity_verified=True).exists()
    page = client.get(r["Location"]).content.decode()
    assert "Đã có một tài khoản đăng ký bằng số điện thoại" in page
    assert "Liên kết với VNeID" in page
    # the password login then lands on the page with the link button
    r = client.post(r["Location"], {"username": "0911222333", "password": "mot-mat-khau-dai"})
    assert r["Location"] == "/tai-khoan/dinh-danh/"
    assert "Liên kết với VNeID" in client.get(r["Location"]).content.decode()


def test_linking_while_logged_in(client, vneid):
    profile = citizen_services.register(
        full_name="Lo Thi Dinh",
        password="mot-mat-khau-dai",
        now=vn(2026, 11, 1, 9),
        phone="0911222333",
        id_number="001090099999",  # mistyped at sign-up
    )
    client.force_login(profile.user)
    assert "Liên kết với VNeID" in client.get("/tai-khoan/dinh-danh/").content.decode()
    vneid.set_user("cong-dan-5", **CLAIMS)
    back = vneid.consent(start(client, LINK), "cong-dan-5")
    r = client.get(local(back))
    assert r.status_code == 302 and r["Location"] == "/tai-khoan/dinh-danh/"
    profile.refresh_from_db()
    assert profile.identity_verified and profile.id_number == ID_NUMBER
    assert profile.full_name == "Lò Thị Định" and profile.phone == "0911222333"
    assert int(client.session["_auth_user_id"]) == profile.user_id
    entry = AuditEntry.objects.get(action="citizens.identity_link", object_id=str(profile.pk))
    assert entry.data["declared_number_replaced"] is True
    page = client.get("/tai-khoan/dinh-danh/").content.decode()
    assert "Đã xác thực</strong> qua VNeID" in page and "001******345" in page
    # the password login still works, and VNeID now opens the same account
    client.logout()
    assert client.login(username="0911222333", password="mot-mat-khau-dai")
    client.logout()
    login_round_trip(client, vneid, "cong-dan-5")
    assert int(client.session["_auth_user_id"]) == profile.user_id


def test_linking_a_number_that_another_account_holds_is_refused(client, vneid):
    login_round_trip(client, vneid, "cong-dan-6", CLAIMS)
    client.logout()
    other = citizen_services.register(
        full_name="Người Thứ Hai",
        password="mot-mat-khau-dai",
        now=vn(2026, 11, 1, 9),
        email="hai@example.test",
    )
    client.force_login(other.user)
    r = client.get(local(vneid.consent(start(client, LINK), "cong-dan-6")))
    assert r["Location"] == "/tai-khoan/dinh-danh/"
    assert "đã gắn với một tài khoản khác" in flash(r)
    other.refresh_from_db()
    assert not other.identity_verified


def test_link_needs_a_login(client, vneid):
    r = client.post(LINK)
    assert r.status_code == 302 and r["Location"].startswith("/tai-khoan/dang-nhap/")


def test_tampered_state_is_refused(client, vneid):
    vneid.set_user("cong-dan-7", **CLAIMS)
    back = vneid.consent(start(client), "cong-dan-7")
    q = query(back)
    r = client.get(
        "/tai-khoan/dinh-danh/vneid/xac-thuc/", {"code": q["code"], "state": q["state"] + "x"}
    )
    assert r.status_code == 302 and r["Location"] == "/tai-khoan/dang-nhap/"
    assert "Phiên đăng nhập bằng định danh điện tử không hợp lệ" in flash(r)
    assert "_auth_user_id" not in client.session
    assert not CitizenProfile.objects.filter(id_number=ID_NUMBER).exists()


def test_a_callback_cannot_be_replayed_or_used_in_another_browser(client, vneid):
    from django.test import Client

    vneid.set_user("cong-dan-8", **CLAIMS)
    back = vneid.consent(start(client), "cong-dan-8")
    # the same link opened in another browser (no state in its session): refused
    other = Client()
    r = other.get(local(back))
    assert "_auth_user_id" not in other.session and "không hợp lệ" in flash(r)
    # the real one works once
    assert client.get(local(back))["Location"] == "/tai-khoan/"
    client.logout()
    r = client.get(local(back))
    assert "_auth_user_id" not in client.session and "không hợp lệ" in flash(r)


def test_denied_at_the_provider(client, vneid):
    back = vneid.consent(start(client, next="/tai-khoan/"), None)
    assert query(back)["error"] == "access_denied"
    r = client.get(local(back))
    assert r["Location"] == "/tai-khoan/dang-nhap/?next=%2Ftai-khoan%2F"  # back where they were
    page = client.get(r["Location"]).content.decode()
    assert "đã hủy hoặc không đồng ý chia sẻ thông tin định danh" in page
    assert "_auth_user_id" not in client.session


def test_wrong_nonce_is_refused(client, vneid):
    vneid.set_user("cong-dan-9", **CLAIMS)
    authorize = start(client)
    key = f"_state_vneid_{query(authorize)['state']}"
    session = client.session
    session[key]["data"]["nonce"] = "not-the-nonce-sent"
    session.save()
    r = client.get(local(vneid.consent(authorize, "cong-dan-9")))
    assert "Thông tin định danh nhận về không hợp lệ" in flash(r)
    assert "_auth_user_id" not in client.session


def test_id_token_with_a_foreign_issuer_is_refused(client, vneid, monkeypatch):
    """The provider signs a token whose ``iss`` is another host (it builds ``iss`` from the
    forwarded host it is told): signature fine, issuer wrong → refused."""
    vneid.set_user("cong-dan-10", **CLAIMS)
    back = vneid.consent(start(client), "cong-dan-10")
    real = requests.Session.request

    def forwarded(self, method, url, *args, **kwargs):
        if url.endswith("/oauth2/token"):
            kwargs["headers"] = {**(kwargs.get("headers") or {}), **FOREIGN}  # a copy: never mutate
        return real(self, method, url, *args, **kwargs)

    monkeypatch.setattr(requests.Session, "request", forwarded)
    r = client.get(local(back))
    assert "Thông tin định danh nhận về không hợp lệ" in flash(r)
    assert "_auth_user_id" not in client.session


def test_discovery_document_with_a_foreign_issuer_is_refused(client, vneid, monkeypatch):
    real = requests.Session.request

    def forwarded(self, method, url, *args, **kwargs):
        kwargs["headers"] = {**(kwargs.get("headers") or {}), **FOREIGN}  # a copy: never mutate
        return real(self, method, url, *args, **kwargs)

    monkeypatch.setattr(requests.Session, "request", forwarded)
    r = client.post(START)
    assert r["Location"] == "/tai-khoan/dang-nhap/"
    assert "không hợp lệ" in flash(r)


def test_id_token_signed_with_another_key_is_refused(client, vneid):
    vneid.set_user("cong-dan-11", **CLAIMS)
    back = vneid.consent(start(client), "cong-dan-11")
    provider = registry.get("vneid")
    real_keys = requests.get(f"{vneid.url}/jwks", timeout=5).json()["keys"]
    impostor = RSAKey.generate_key(2048, parameters={"kid": real_keys[0]["kid"]})
    provider.client.server_metadata["jwks"] = {"keys": [impostor.as_dict(private=False)]}
    r = client.get(local(back))
    assert "Thông tin định danh nhận về không hợp lệ" in flash(r)
    assert "_auth_user_id" not in client.session


def test_expired_id_token_is_refused(client, settings):
    from oidc_provider_mock import run_server_in_thread

    with run_server_in_thread(access_token_max_age=timedelta(minutes=-10)) as server:
        url = f"http://localhost:{server.server_port}"
        settings.MOTCUA_IDENTITY_PROVIDERS = {"vneid": config(url)}
        requests.put(f"{url}/users/cong-dan-12", json=CLAIMS, timeout=5)
        authorize = start(client)
        r = client.get(
            local(
                requests.post(
                    authorize, data={"sub": "cong-dan-12"}, allow_redirects=False, timeout=5
                ).headers["Location"]
            )
        )
    assert "Thông tin định danh nhận về không hợp lệ" in flash(r)
    assert "_auth_user_id" not in client.session


def test_missing_identity_number_claim(client, vneid):
    claims = {k: v for k, v in CLAIMS.items() if k != ID_CLAIM}
    r = login_round_trip(client, vneid, "cong-dan-13", claims)
    assert "không trả về số định danh cá nhân" in flash(r)
    assert not CitizenProfile.objects.filter(identity_subject="cong-dan-13").exists()


def test_provider_unreachable_at_start(client, settings):
    settings.MOTCUA_IDENTITY_PROVIDERS = {
        "vneid": config(f"http://127.0.0.1:{free_port()}", timeout=2)
    }
    r = client.post(START, {"next": "/tai-khoan/"})
    assert r.status_code == 302 and r["Location"] == "/tai-khoan/dang-nhap/?next=%2Ftai-khoan%2F"
    page = client.get(r["Location"]).content.decode()
    assert "Không kết nối được với VNeID" in page
    assert 'name="next" value="/tai-khoan/"' in page  # nothing lost


def test_provider_down_before_the_callback(client, settings):
    from oidc_provider_mock import run_server_in_thread

    with run_server_in_thread() as server:
        url = f"http://localhost:{server.server_port}"
        settings.MOTCUA_IDENTITY_PROVIDERS = {"vneid": config(url, timeout=2)}
        requests.put(f"{url}/users/cong-dan-14", json=CLAIMS, timeout=5)
        authorize = start(client)
        back = requests.post(
            authorize, data={"sub": "cong-dan-14"}, allow_redirects=False, timeout=5
        ).headers["Location"]
    r = client.get(local(back))  # the provider has stopped
    assert "Không kết nối được với VNeID" in flash(r)
    assert "_auth_user_id" not in client.session


def test_open_redirects_are_ignored(client, vneid):
    r = login_round_trip(client, vneid, "cong-dan-15", CLAIMS, next="https://evil.example/")
    assert r["Location"] == "/tai-khoan/"


def test_userinfo_endpoint_claims_are_merged(client, settings, oidc_server):
    settings.MOTCUA_IDENTITY_PROVIDERS = {"vneid": config(oidc_server.url, userinfo=True)}
    login_round_trip(client, oidc_server, "cong-dan-16", CLAIMS)
    p = CitizenProfile.objects.get(identity_subject="cong-dan-16")
    assert p.identity_verified and p.id_number == ID_NUMBER


def test_staff_accounts_are_not_opened_by_an_identity(client, vneid):
    login_round_trip(client, vneid, "cong-dan-17", CLAIMS)
    client.logout()
    user = get_user_model().objects.get(citizen__id_number=ID_NUMBER)
    user.is_staff = True
    user.save()
    r = login_round_trip(client, vneid, "cong-dan-17")
    assert "không phải tài khoản công dân" in flash(r)
    assert "_auth_user_id" not in client.session
