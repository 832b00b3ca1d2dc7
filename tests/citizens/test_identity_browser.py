"""Đăng nhập bằng VNeID in Debian's Chromium: motcua's live server and the local OIDC provider."""

from __future__ import annotations

import pytest

from motcua.citizens.models import CitizenProfile
from oidc_support import ID_CLAIM, config
from support import ARTIFACTS, BROWSER

pytestmark = BROWSER

CLAIMS = {
    ID_CLAIM: "001090054321",
    "name": "Quàng Văn Thử",
    "birthdate": "1988-01-09",
    "phone_number": "0912000111",
    "muc_do": "muc-2",
}


def _page(browser, **kw):
    context = browser.new_context(locale="vi-VN", **kw)
    # Only loopback traffic: the provider's page asks a CDN for a stylesheet; refuse it.
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(("http://localhost", "http://127.0.0.1", "data:"))
            else route.abort()
        ),
    )
    return context, context.new_page()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "viewport", [{"width": 1280, "height": 900}, {"width": 390, "height": 844}]
)
def test_login_with_vneid_in_a_browser(browser, site, settings, oidc_server, viewport):
    settings.MOTCUA_IDENTITY_PROVIDERS = {"vneid": config(oidc_server.url)}
    sub = f"trinh-duyet-{viewport['width']}"
    oidc_server.set_user(sub, **CLAIMS)
    context, page = _page(browser, viewport=viewport)
    page.goto(site + "/tai-khoan/dang-nhap/")
    button = page.get_by_role("button", name="Đăng nhập bằng VNeID")
    assert button.is_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"vneid-login-{viewport['width']}.png"), full_page=True)
    button.click()
    # at the provider: its consent page
    page.wait_for_url(oidc_server.url + "/oauth2/authorize?**")
    page.fill("#subject-input", sub)
    page.get_by_role("button", name="Authorize", exact=True).click()
    page.wait_for_url(site + "/tai-khoan/")
    body = page.inner_text("body")
    assert "Quàng Văn Thử" in body and "Đã xác thực" in body
    assert "Đã tạo tài khoản từ thông tin định danh VNeID" in body
    page.goto(site + "/tai-khoan/dinh-danh/")
    body = page.inner_text("body")
    assert "001******321" in body and "muc-2" in body and "09/01/1988" in body
    page.screenshot(path=str(ARTIFACTS / f"vneid-account-{viewport['width']}.png"), full_page=True)
    context.close()
    assert CitizenProfile.objects.get(identity_subject=sub).identity_verified


@pytest.mark.django_db(transaction=True)
def test_denying_at_the_provider_comes_back_with_a_message(browser, site, settings, oidc_server):
    settings.MOTCUA_IDENTITY_PROVIDERS = {"vneid": config(oidc_server.url)}
    context, page = _page(browser)
    page.goto(site + "/tai-khoan/dang-nhap/?next=/tai-khoan/")
    page.get_by_role("button", name="Đăng nhập bằng VNeID").click()
    page.wait_for_url(oidc_server.url + "/oauth2/authorize?**")
    page.get_by_role("button", name="Deny access").click()
    page.wait_for_url(site + "/tai-khoan/dang-nhap/?next=%2Ftai-khoan%2F")
    assert page.input_value("input[name=next]") == "/tai-khoan/"
    assert "không đồng ý chia sẻ thông tin định danh" in page.inner_text("body")
    page.screenshot(path=str(ARTIFACTS / "vneid-denied.png"), full_page=True)
    context.close()
