"""In Debian's Chromium: make a review plan, fill the cost table before and after, see the
saving and the reduction rate, run the what-if on last year's dossiers (desktop and phone)."""

from __future__ import annotations

import json

import pytest

from support import ARTIFACTS, BROWSER, vn

pytestmark = BROWSER


def _history() -> list[str]:
    """Two dossiers of 1.012290 (10 ngày làm việc) in 2026: decided after 6 and 2 working days."""
    lines = []
    for ext, decided in (
        ("RV-1", "2026-03-10T10:00:00+07:00"),
        ("RV-2", "2026-03-04T10:00:00+07:00"),
    ):
        lines.append(
            json.dumps(
                {
                    "external_id": ext,
                    "procedure": "1.012290",
                    "channel": "direct",
                    "receiving_agency": "ttpvhcc-tinh-12",
                    "competent_agency": "so-y-te-12",
                    "applicant": {
                        "kind": "organisation",
                        "name": "Phòng khám Thử Nghiệm",
                        "id_number": "0101234567",
                    },
                    "events": [
                        {"action": "accept", "at": "2026-03-02T09:00:00+07:00"},
                        {"action": "forward", "at": "2026-03-02T09:30:00+07:00"},
                        {"action": "approve", "at": decided, "title": "Văn bản công bố"},
                    ],
                },
                ensure_ascii=False,
            )
        )
    return lines


@pytest.mark.django_db(transaction=True)
def test_cost_table_saving_and_what_if(browser, site):
    from motcua.dossiers.importer import import_dossiers

    assert import_dossiers(_history(), now=vn(2026, 6, 1, 9)).dossiers == 2
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    external: list[str] = []
    page.on(
        "request",
        lambda req: (
            external.append(req.url)
            if req.url.startswith(("http:", "https:"))
            and not req.url.startswith(("http://localhost", "http://127.0.0.1"))
            else None
        ),
    )
    page.goto(f"{site}/can-bo/dang-nhap/")
    page.fill("#id_username", "chuyenvien.syt")
    page.fill("#id_password", "motcua-demo")
    page.click("main button[type=submit]")
    page.wait_for_url("**/can-bo/")
    page.click("text=Rà soát, đơn giản hóa TTHC")
    page.wait_for_url("**/can-bo/ra-soat/")

    # a new plan for 2027 (it reviews the dossiers of 2026)
    page.fill("#p-title", "Kế hoạch rà soát TTHC năm 2027 (thử)")
    page.fill("#p-year", "2027")
    page.select_option("#p-agency", label="Sở Y tế tỉnh Lai Châu")
    page.click("button:has-text('Lập kế hoạch')")
    page.wait_for_selector("h1:has-text('Kế hoạch rà soát TTHC năm 2027 (thử)')")
    page.fill("#add-code", "1.012290")
    page.click("button:has-text('Thêm thủ tục')")
    page.wait_for_selector("#chi-phi-before")
    # N came from the system: 2 dossiers in 2026
    assert page.locator("#chi-phi-before .rv-measured").count() == 2  # N and the actual time
    assert page.input_value("#before-n") == "2"
    # decided after 46 and 16 office hours; an office day is 7,5 h: (6,13 + 2,13) / 2
    assert "Thời gian giải quyết thực tế bình quân: 4,13 ngày làm việc" in page.inner_text(
        "#chi-phi-before"
    )

    # the cost table before: the Đồng Nai figures
    page.fill("input[name='before-0-hours']", "80")
    page.fill("#before-hi", "40000")
    page.fill("#before-n", "10")
    page.fill("input[name='before-1-label']", "Sao chụp, chứng thực giấy tờ")
    page.fill("input[name='before-1-other']", "0")
    page.click("#chi-phi-before button[type=submit]")
    page.wait_for_selector("[data-testid=cost-before]")
    assert page.inner_text("[data-testid=cost-before]") == "32.000.000"

    # the proposal: 10 → 9 working days; the "after" table follows the proposed limit
    page.fill("#proposal", "Giảm 01 ngày làm việc thời hạn giải quyết.")
    page.fill("#tl_amount", "9")
    page.click("#phuong-an button[type=submit]")
    page.wait_for_selector("#chi-phi-after")
    assert page.input_value("input[name='after-0-hours']") == "72"
    page.click("#chi-phi-after button[type=submit]")
    page.wait_for_selector("[data-testid=saving-rate]")
    assert page.inner_text("[data-testid=saving]") == "3.200.000"
    assert page.inner_text("[data-testid=saving-rate]") == "10%"
    assert "Chưa đạt" in page.inner_text("#ket-qua")  # 10 % < 30 %
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "review-item.png"), full_page=True)

    # the evidence from the dossiers and the what-if with 5 working days
    assert "đo từ hệ thống" in page.inner_text("#du-lieu")
    page.fill("#wi-tl", "5")
    page.click("#gia-dinh button[type=submit]")
    page.wait_for_selector("[data-testid=what-if-result]")
    result = page.inner_text("[data-testid=what-if-result]")
    assert result.startswith("1 / 2 hồ sơ sẽ trễ hạn"), result  # decided after 6 days
    assert "thực tế: 0" in result
    assert page.locator("#gia-dinh tbody tr").count() == 1
    page.screenshot(path=str(ARTIFACTS / "review-what-if.png"), full_page=False)

    item_url = page.url.split("?")[0]
    # the plan's totals against the targets
    page.click("text=← Kế hoạch rà soát TTHC năm 2027 (thử)")
    assert page.inner_text("[data-testid=group-cost-rate]") == "10%"

    # on a phone nothing overflows sideways
    phone = browser.new_context(
        locale="vi-VN",
        viewport={"width": 390, "height": 844},
        storage_state=context.storage_state(),
    ).new_page()
    phone.goto(page.url)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.screenshot(path=str(ARTIFACTS / "review-plan-phone.png"), full_page=True)
    phone.goto(item_url)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.screenshot(path=str(ARTIFACTS / "review-item-phone.png"), full_page=True)
    assert external == []
    context.close()
