"""Import a plan in Debian's Chromium: upload → preview → correct a deadline → save → report
progress with an evidence file. Screenshots go to test-artifacts/ (desktop and a phone)."""

from __future__ import annotations

from pathlib import Path

import pytest

from motcua.plans.models import Plan
from support import ARTIFACTS, BROWSER

pytestmark = BROWSER
SEED = Path(__file__).parent / "data" / "plans" / "thanh-tra-lai-chau-385.txt"


def _login(browser, site, username, **kw):
    context = browser.new_context(locale="vi-VN", **kw)
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
    page.fill("#id_username", username)
    page.fill("#id_password", "motcua-demo")
    page.click("main button[type=submit]")
    page.wait_for_url("**/can-bo/")
    return context, page, external


@pytest.mark.django_db(transaction=True)
def test_import_preview_correct_save_and_report(browser, site, tmp_path):
    from weasyprint import HTML

    ARTIFACTS.mkdir(exist_ok=True)
    context, page, external = _login(
        browser, site, "chuyenvien.thanhtra", viewport={"width": 1280, "height": 900}
    )
    before = Plan.objects.count()
    page.goto(site + "/ke-hoach/nhap/")
    page.select_option("#co_quan", "thanh-tra-tinh-12")
    page.set_input_files("#tep", str(SEED))
    page.click("button:has-text('Đọc tệp và xem trước')")
    page.wait_for_url("**/xem-truoc/")
    rows = page.locator("#bang-xem-truoc tr[data-row]")
    assert rows.count() == 17
    # the upper plan cited in the legal basis (Quyết định 191/QĐ-UBND) is proposed
    assert "191/QĐ-UBND" in page.locator("#ke_hoach_cap_tren option:checked").inner_text()
    row = page.locator("tr[data-row='1']")
    assert "Theo kế hoạch UBND tỉnh" in row.inner_text()
    assert "Phụ thuộc:" in row.locator(".cach-hieu").inner_text()
    page.screenshot(path=str(ARTIFACTS / "plans-preview.png"), full_page=False)
    # the officer corrects the deadline of task I.2 and checks the new reading
    page.fill("#read_as-1", "Trước 30/6/2026")
    page.click("button:has-text('Cập nhật cách hiểu')")
    page.wait_for_selector("tr[data-row='1'] .cach-hieu:has-text('30/06/2026')")
    assert Plan.objects.count() == before  # still nothing saved
    page.fill("#so", "385/KH-TTr")
    page.click("button:has-text('Lưu kế hoạch')")
    page.wait_for_selector("h1:has-text('Triển khai công tác kiểm soát')")
    plan = Plan.objects.latest("id")
    assert plan.tasks.count() == 17 and plan.parent.number == "191/QĐ-UBND"
    task = plan.tasks.get(order=1)
    assert task.deadline_text == "Theo kế hoạch UBND tỉnh" and str(task.due_on) == "2026-06-30"
    page.screenshot(path=str(ARTIFACTS / "plans-detail.png"), full_page=False)

    # report progress on task I.1 with an evidence file
    first = plan.tasks.get(order=0)
    page.click(f"a[href='/ke-hoach/{plan.pk}/nhiem-vu/{first.pk}/']")
    page.wait_for_selector("#bao-cao")
    evidence = tmp_path / "ke-hoach-385.pdf"
    evidence.write_bytes(HTML(string="<p>Kế hoạch 385/KH-TTr</p>").write_pdf())
    page.select_option("#status", "done")
    page.fill("#note", "Đã ban hành Kế hoạch số 385/KH-TTr")
    page.fill("#done_on", "2026-02-13")
    page.set_input_files("#minh_chung", str(evidence))
    page.click("button:has-text('Gửi báo cáo')")
    page.wait_for_selector("#cac-ky :text('Đã ban hành Kế hoạch số 385/KH-TTr')")
    assert "Hoàn thành" in page.locator("#cac-ky").inner_text()
    link = page.locator("#cac-ky a:has-text('ke-hoach-385.pdf')")
    assert link.count() == 1
    occ = first.occurrences.get()
    assert occ.status == "done" and occ.reports.get().files.count() == 1
    page.screenshot(path=str(ARTIFACTS / "plans-task.png"), full_page=True)
    assert external == []
    context.close()

    # the same plan on a phone: no horizontal scrolling of the page
    context, page, _ = _login(
        browser,
        site,
        "chuyenvien.thanhtra",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    page.goto(f"{site}/ke-hoach/{plan.pk}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 400
    page.screenshot(path=str(ARTIFACTS / "plans-detail-phone.png"), full_page=False)
    context.close()
