"""Browser tests: Playwright driving Debian's Chromium (never a downloaded browser)."""

from __future__ import annotations

import pytest

from support import ARTIFACTS, BROWSER

pytestmark = BROWSER


def _page(browser, **kw):
    context = browser.new_context(locale="vi-VN", **kw)
    page = context.new_page()
    external: list[str] = []
    page.on(
        "request",
        lambda req: (
            external.append(req.url)
            if not req.url.startswith(("http://localhost", "http://127.0.0.1", "data:"))
            else None
        ),
    )
    return context, page, external


@pytest.mark.django_db(transaction=True)
def test_citizen_finds_a_procedure_on_a_phone(browser, site):
    context, page, external = _page(browser, viewport={"width": 390, "height": 844}, is_mobile=True)
    page.goto(site + "/")
    page.fill("input[name=q]", "dang ky khai sinh")
    page.click("button[type=submit]")
    first = page.locator(".results li a.title").first
    assert first.inner_text() == "Đăng ký khai sinh"
    # live search through htmx, without diacritics and in capitals
    page.fill("#q", "ĐĂNG KÝ KHAI SINH")
    page.wait_for_timeout(800)
    assert page.locator(".results li a.title").first.inner_text() == "Đăng ký khai sinh"
    first = page.locator(".results li a.title").first
    first.click()
    page.wait_for_url("**/thu-tuc/1.001193/")
    assert "Thành phần hồ sơ" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1  # no sideways scroll
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "procedure-phone.png"), full_page=True)
    assert external == []
    context.close()


@pytest.mark.django_db(transaction=True)
def test_officer_logs_in_and_computes_a_due_date(browser, site):
    context, page, external = _page(browser, viewport={"width": 1280, "height": 900})
    page.goto(site + "/can-bo/")
    page.fill("#id_username", "tiepnhan.binhlu")
    page.fill("#id_password", "motcua-demo")
    page.click("button[type=submit]")
    page.wait_for_url("**/can-bo/")
    assert "Công chức tiếp nhận và trả kết quả" in page.content()
    page.click("text=Lịch làm việc")
    page.fill("input[name=start]", "2026-02-12T10:00")
    page.fill("input[name=amount]", "5")
    page.click("button:has-text('Tính')")
    assert "26/02/2026" in page.locator(".due").inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "calendar.png"), full_page=True)
    assert external == []
    context.close()


@pytest.mark.django_db(transaction=True)
def test_api_docs_render_offline(browser, site):
    context, page, external = _page(browser)
    page.goto(site + "/api/docs/")
    page.wait_for_selector(".swagger-ui .info", timeout=15000)
    assert "motcua API" in page.content()
    assert external == []
    context.close()
