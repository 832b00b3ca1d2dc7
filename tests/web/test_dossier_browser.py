"""A dossier's whole life on the staff screens, in Debian's Chromium through Playwright.

The desk receives it on the intake screen; the clerk, the department head (naming the
specialist), the specialist and the leader process it on the dossier page; the clerk issues
and the desk returns the result. Screenshots go to test-artifacts/ (desktop and a 390 px
phone).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from support import ARTIFACTS, BROWSER

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
APPLICANT = "Giàng Thị Mỷ"

pytestmark = BROWSER


class Officer:
    """One logged-in person in their own browser context."""

    def __init__(self, browser, site: str, username: str, **kw):
        self.site = site
        self.context = browser.new_context(locale="vi-VN", **(kw or DESKTOP))
        self.page = self.context.new_page()
        self.page.set_default_timeout(15000)
        self.external: list[str] = []
        local = ("http://localhost", "http://127.0.0.1")
        self.page.on(
            "request",
            lambda req: (
                self.external.append(req.url)
                if req.url.startswith(("http:", "https:")) and not req.url.startswith(local)
                else None
            ),
        )
        self.page.goto(f"{site}/can-bo/dang-nhap/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", "motcua-demo")
        self.page.click("main button[type=submit]")
        self.page.wait_for_url("**/can-bo/")

    def open(self, path: str):
        self.page.goto(self.site + path)
        return self.page

    def act(self, action: str, fields: dict[str, str] | None = None, select=None) -> None:
        """Open the action's form on the dossier page, fill it, submit, wait for the swap."""
        from playwright.sync_api import expect

        page = self.page
        box = page.locator(f"#tt-{action}")
        label = box.locator("button[type=submit]").text_content().strip()
        if box.evaluate("e => e.tagName") == "DETAILS":
            box.locator("summary").click()
        for name, value in (fields or {}).items():
            page.fill(f"[name='{action}-{name}']", value)
        for name, value in (select or {}).items():
            page.select_option(f"[name='{action}-{name}']", label=value)
        box.locator("button[type=submit]").click()
        expect(page.locator("#ho-so .notice.ok").first).to_contain_text(f"Đã thực hiện: {label}.")

    def state(self) -> str:
        return self.page.get_attribute("#trang-thai", "data-state")

    def shot(self, name: str) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / name), full_page=True)

    def fits_the_screen(self) -> bool:
        width = self.page.evaluate("window.innerWidth")
        return self.page.evaluate("document.documentElement.scrollWidth") <= width + 1

    def close(self) -> None:
        assert self.external == [], self.external
        self.context.close()


def _pdf_text(pdf: bytes, name: str) -> str:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    path.write_bytes(pdf)
    out = subprocess.run(
        ["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return re.sub(r"\s+", " ", out)


def _receive(desk: Officer) -> tuple[int, str]:
    """The desk finds the procedure by live search, fills the form and receives."""
    page = desk.open("/can-bo/ho-so/tiep-nhan/")
    page.fill("#tim-thu-tuc", "phong kham")
    page.locator("#ds-thu-tuc a.title", has_text="phòng khám").first.click()
    page.wait_for_url("**/tiep-nhan/?thu_tuc=1.012289")
    assert page.inner_text("#thu-tuc-da-chon") == "Cấp mới giấy phép hoạt động đối với phòng khám"
    page.fill("#id_name", APPLICANT)
    # another case swaps only its own section (fees, checklist): what was typed stays
    page.select_option("#truong-hop", "TH2")
    page.wait_for_selector("#theo-truong-hop:has-text('4.300.000 đồng')")
    assert page.input_value("#id_name") == APPLICANT
    page.select_option("#truong-hop", "TH1")
    page.wait_for_selector("#theo-truong-hop:has-text('5.700.000 đồng')")
    page.fill("#id_id_number", "011234567890")
    page.fill("#id_address", "Bản Nà Khum, phường Tân Phong, tỉnh Lai Châu")
    page.fill("#id_phone", "0987654321")
    page.click("[data-tick-all]")
    assert page.locator(".checklist input[type=checkbox]:checked").count() == 4
    desk.shot("intake-desktop.png")
    page.click("#nut-tiep-nhan")
    page.wait_for_url(re.compile(r".*/can-bo/ho-so/\d+/\?in=receipt$"))
    pk = int(re.search(r"/ho-so/(\d+)/", page.url).group(1))
    code = page.inner_text("#ma-ho-so")
    assert code.startswith("000.02.00.H12-") and desk.state() == "received"
    return pk, code


@pytest.mark.django_db(transaction=True)
def test_a_dossier_from_the_desk_to_the_result(browser, site):
    from playwright.sync_api import expect

    desk = Officer(browser, site, "tiepnhan.laichau")
    pk, code = _receive(desk)
    page = desk.page
    assert APPLICANT in page.content()
    desk.shot("dossier-received-desktop.png")
    desk.act("forward")
    assert desk.state() == "in_process"
    url = f"/can-bo/ho-so/{pk}/"

    clerk = Officer(browser, site, "vanthu.syt")
    clerk.open(url)
    expect(clerk.page.locator("#buoc-hien-tai")).to_contain_text("Bước 2")
    assert clerk.page.locator("#tt-approve").count() == 0
    clerk.act("hand_over")
    expect(clerk.page.locator("#buoc-hien-tai")).to_contain_text("Bước 3")

    head = Officer(browser, site, "lanhdaophong.syt")
    head.open(url)
    head.act("hand_over", {"note": "Đề nghị thẩm định hồ sơ"}, select={"to_user": "Phạm Quốc Huy"})
    expect(head.page.locator("#buoc-hien-tai")).to_contain_text("Bước 4")
    expect(head.page.locator("#nguoi-xu-ly")).not_to_contain_text("chưa phân công")

    # the specialist works on a phone
    spec = Officer(browser, site, "chuyenvien.syt", **PHONE)
    page = spec.open(url)
    assert spec.page.locator("#tt-approve").count() == 0  # no "Phê duyệt" for a specialist
    assert "Phê duyệt kết quả" not in page.inner_text("#cac-thao-tac")
    assert spec.fits_the_screen()
    spec.page.locator("#tt-hand_over summary").click()
    spec.shot("dossier-specialist-phone.png")
    spec.page.fill("[name='hand_over-note']", "Hồ sơ đủ điều kiện")
    spec.page.locator("#tt-hand_over button[type=submit]").click()
    expect(spec.page.locator("#buoc-hien-tai")).to_contain_text("Bước 5")

    head.open(url)
    head.act("hand_over")
    expect(head.page.locator("#buoc-hien-tai")).to_contain_text("Bước 6")

    leader = Officer(browser, site, "lanhdao.syt")
    leader.open(url)
    assert leader.page.locator("#tt-approve").count() == 1
    leader.act("approve", {"note": "Đồng ý cấp giấy phép"})
    assert leader.state() == "decided_approved"

    clerk.open(url)
    clerk.act("issue", {"document_number": "25/GPHĐ-SYT"})
    assert clerk.state() == "ready_for_return"

    page = desk.open(url)
    desk.act("return_result")  # recipient prefilled with the applicant's name
    assert desk.state() == "returned"
    assert "Đã trả kết quả" in desk.page.inner_text("#lich-su + ol")
    desk.shot("dossier-returned-desktop.png")

    # the desk's queues and book on a phone
    phone = Officer(browser, site, "tiepnhan.laichau", **PHONE)
    phone.open("/can-bo/ho-so/?hang=all")
    assert code in phone.page.content() and phone.fits_the_screen()
    phone.shot("queue-phone.png")
    phone.open("/can-bo/ho-so/so-theo-doi/")
    assert code in phone.page.content() and phone.fits_the_screen()
    desk.open("/can-bo/ho-so/?hang=all")
    desk.shot("queue-desktop.png")

    # printed forms, when the printing module is there
    if (
        shutil.which("pdftotext")
        and Path(Path(__file__).resolve().parents[2] / "src/motcua/dossiers/printing.py").exists()
    ):
        for kind in ("receipt", "control"):
            r = desk.context.request.get(f"{site}/can-bo/ho-so/{pk}/mau/{kind}.pdf")
            assert r.status == 200 and r.headers["content-type"] == "application/pdf"
            text = _pdf_text(r.body(), f"dossier-{kind}.pdf")
            assert code in text and APPLICANT in text, (kind, text[:500])

    for officer in (desk, clerk, head, spec, leader, phone):
        officer.close()


@pytest.mark.django_db(transaction=True)
def test_intake_on_a_phone_keeps_input_after_an_error(browser, site):
    desk = Officer(browser, site, "tiepnhan.binhlu", **PHONE)
    page = desk.open("/can-bo/ho-so/tiep-nhan/?thu_tuc=1.001193")
    assert desk.fits_the_screen()
    page.fill("#id_name", "Vàng A Dế")
    page.fill("#id_id_number", "0123")
    page.check("#id_channel_1")  # bưu chính: the tracking number appears
    page.fill("#id_postal_tracking", "EL987654321VN")
    boxes = page.locator(".checklist input[type=checkbox]")
    boxes.nth(0).check()
    boxes.nth(1).check()
    desk.shot("intake-phone.png")
    page.click("#nut-tiep-nhan")
    page.wait_for_selector("#loi-tiep-nhan")
    assert "Số định danh cá nhân phải gồm đúng 12 chữ số." in page.content()
    assert page.input_value("#id_name") == "Vàng A Dế"
    assert page.input_value("#id_postal_tracking") == "EL987654321VN"
    assert page.is_visible("#id_postal_tracking")
    assert boxes.nth(0).is_checked() and boxes.nth(1).is_checked()
    assert not boxes.nth(2).is_checked()
    assert desk.fits_the_screen()
    page.locator("#id_id_number").scroll_into_view_if_needed()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "intake-error-phone.png"))
    page.fill("#id_id_number", "012345678912")
    page.click("[data-tick-all]")
    page.click("#nut-tiep-nhan")
    page.wait_for_url(re.compile(r".*/can-bo/ho-so/\d+/\?in=receipt$"))
    assert page.get_attribute("#trang-thai", "data-state") == "received"
    assert "Bưu chính công ích — số hiệu bưu gửi EL987654321VN" in page.content()
    desk.close()
