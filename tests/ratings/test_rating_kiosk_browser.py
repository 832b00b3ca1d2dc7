"""The kiosk at the desk, in Debian's Chromium on a 1024×768 tablet: rate, thank, reset."""

from __future__ import annotations

import pytest

from motcua.ratings.models import Rating
from support import ARTIFACTS, BROWSER, CITIZEN

pytestmark = BROWSER


@pytest.mark.django_db(transaction=True)
def test_kiosk_rates_thanks_and_resets(browser, site, resulted_dossier, settings):
    settings.MOTCUA_KIOSK_RESET_SECONDS = 2
    d = resulted_dossier("returned")
    context = browser.new_context(
        locale="vi-VN", viewport={"width": 1024, "height": 768}, has_touch=True
    )
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
    page.goto(site + "/danh-gia/quay/ttpvhcc-tinh-12/")
    assert page.locator("#k-ma").evaluate("el => el === document.activeElement")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "kiosk-start.png"))

    # a wrong phone number is refused on the same screen
    page.fill("#k-ma", d.code)
    page.fill("#k-phone", "0900000000")
    page.click("button:has-text('Tiếp tục')")
    page.wait_for_selector(".k-error")
    assert "không khớp" in page.locator(".k-error").inner_text()

    # the officer scans the QR code of the receipt (a tracking link), the citizen types the phone
    page.fill("#k-ma", f"{site}/tra-cuu-ho-so/?ma={d.code}")
    page.fill("#k-phone", CITIZEN.phone)
    page.click("button:has-text('Tiếp tục')")
    page.wait_for_selector("[data-step=faces]")
    faces = page.locator(".face")
    assert faces.count() == 3
    for i in range(3):  # big touch targets
        box = faces.nth(i).bounding_box()
        assert box["width"] >= 200 and box["height"] >= 150
    assert page.evaluate("document.documentElement.scrollWidth") <= 1024
    assert page.evaluate("document.documentElement.scrollHeight") <= 768  # no scrolling
    page.tap(".face-very")
    page.fill("#k-comment", "Cán bộ hướng dẫn tận tình")
    page.screenshot(path=str(ARTIFACTS / "kiosk-faces.png"))
    page.tap("button:has-text('Gửi đánh giá')")
    page.wait_for_selector("[data-step=thanks]")
    assert "Xin cảm ơn" in page.locator("#kiosk").inner_text()
    page.screenshot(path=str(ARTIFACTS / "kiosk-thanks.png"))

    # a few seconds later the kiosk is back at the start, empty, ready for the next citizen
    page.wait_for_selector("[data-step=start]", timeout=6000)
    assert page.input_value("#k-ma") == "" and page.input_value("#k-phone") == ""
    assert page.locator("#k-ma").evaluate("el => el === document.activeElement")
    r = Rating.objects.get(dossier=d)
    assert (r.level, r.channel, r.comment) == (
        "very_satisfied",
        "counter_device",
        "Cán bộ hướng dẫn tận tình",
    )
    assert external == []
    context.close()


@pytest.mark.django_db(transaction=True)
def test_public_form_on_a_phone(browser, site, resulted_dossier):
    d = resulted_dossier("ready_for_return")
    context = browser.new_context(
        locale="vi-VN", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.goto(f"{site}/danh-gia/ho-so/?ma={d.code}")
    page.fill("#dg-phone", CITIZEN.phone)
    page.click("button:has-text('Tiếp tục')")
    page.wait_for_selector(".face")
    page.tap(".face-bad")
    page.fill("#dg-comment", "Phải đi lại hai lần")
    page.click("button:has-text('Gửi đánh giá')")
    page.wait_for_selector(".rating-done")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "rating-phone.png"), full_page=True)
    assert Rating.objects.get(dossier=d).level == "dissatisfied"
    context.close()
