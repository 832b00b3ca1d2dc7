"""The supervision dashboard in Debian's Chromium (desktop and a 390 px phone): the 766 score,
the charts, a drill-down from a number to its dossiers, Biểu 06; nothing from outside."""

from __future__ import annotations

import json
import random

import pytest

from support import ARTIFACTS, BROWSER, vn

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
NOW = vn(2026, 11, 20, 9)

pytestmark = [*BROWSER, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_dashboard(browser, site, device):
    from playwright.sync_api import expect

    from motcua.demo.indicators import synthetic_record
    from motcua.directory.models import AdminUnit
    from motcua.dossiers.importer import import_dossiers
    from motcua.indicators import services

    rng = random.Random(1)
    import_dossiers([json.dumps(synthetic_record(rng, 6000 + i, NOW)) for i in range(40)], now=NOW)
    services.catch_up(now=NOW)
    province = AdminUnit.objects.get(code="12", parent__isnull=True, valid_to__isnull=True)

    context = browser.new_context(locale="vi-VN", **(PHONE if device == "phone" else DESKTOP))
    page = context.new_page()
    page.set_default_timeout(20000)
    external: list[str] = []
    page.on(
        "request",
        lambda req: (
            external.append(req.url)
            if req.url.startswith("http") and not req.url.startswith(site)
            else None
        ),
    )
    page.goto(f"{site}/can-bo/dang-nhap/")
    page.fill("#id_username", "giamsat.laichau")
    page.fill("#id_password", "motcua-demo")
    page.click("main button[type=submit]")
    page.wait_for_url("**/can-bo/")
    page.goto(f"{site}/giam-sat/?scope=province:{province.pk}&start=2026-01-01&end=2026-08-31")
    expect(page.locator("#diem-766")).to_be_visible()
    expect(page.locator("svg.chart")).to_be_visible()
    expect(page.get_by_text("xếp loại tạm tính")).to_be_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"giam-sat-{device}.png"), full_page=True)
    if device == "phone":
        width = page.evaluate("window.innerWidth")
        assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
    # drill down from the on-time numerator to the dossiers behind it
    page.locator("#dung-han").locator("xpath=..").locator("a").first.click()
    expect(page.locator("h1")).to_contain_text("2.1")
    rows = page.locator("main table tbody tr")
    assert rows.count() >= 1
    # the Biểu 06 page with its carry-over check
    page.goto(
        f"{site}/giam-sat/bieu-06/?scope=province:{province.pk}&frequency=quarter&n=2&year=2026"
    )
    expect(page.get_by_text("Chuyển kỳ khớp")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / f"bieu06-{device}.png"), full_page=True)
    assert external == []
    context.close()
