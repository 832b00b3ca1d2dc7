"""The whole citizen loop in Debian's Chromium, on a desktop and on a phone.

A citizen signs up, finds a procedure, files it online with a file (review step, then submit);
the desk accepts on its screens; the commune leader asks for a supplement; the citizen answers
it online from the account; pays the fee online through the sandbox gateway; the specialist and
the leader process and approve; the leader signs and issues the electronic result; the citizen
downloads the signed PDF, checks it (and a tampered copy) on the verification page, and rates.
"""

from __future__ import annotations

import io
import re

import pytest
from django.conf import settings
from django.core.management import call_command

from support import ARTIFACTS, BROWSER
from web.test_dossier_browser import DESKTOP, PHONE, Officer

pytestmark = BROWSER

PROCEDURE = "1.004873"  # Cấp Giấy xác nhận tình trạng hôn nhân (toàn trình, 10.000 đồng)


@pytest.fixture
def signing_dir(tmp_path, django_db_blocker):
    """A test CA and the signing certificate of the commune, in a private directory."""
    saved = {
        name: getattr(settings, name, None)
        for name in ("MOTCUA_SIGNING_DIR", "MOTCUA_DOCUMENT_STORAGE_OPTIONS")
    }
    settings.MOTCUA_SIGNING_DIR = tmp_path / "signing"
    settings.MOTCUA_DOCUMENT_STORAGE_OPTIONS = {"root": str(tmp_path / "files")}
    with django_db_blocker.unblock():
        call_command("init_signing", "--agency", "ubnd-xa-03390", stdout=io.StringIO())
    yield tmp_path
    for name, value in saved.items():
        if value is None:
            delattr(settings, name)
        else:
            setattr(settings, name, value)


def _pdf(text: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=f"<h1>{text}</h1><p>Bản khai của người nộp hồ sơ.</p>").write_pdf()


class Citizen:
    def __init__(self, browser, site: str, viewport: dict, tag: str):
        self.site = site
        self.tag = tag
        self.context = browser.new_context(locale="vi-VN", **viewport)
        self.page = self.context.new_page()
        self.page.set_default_timeout(20000)

    def open(self, path: str):
        self.page.goto(self.site + path)
        return self.page

    def shot(self, name: str) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"citizen-{self.tag}-{name}.png"), full_page=True)

    def fits(self) -> bool:
        width = self.page.evaluate("window.innerWidth")
        return self.page.evaluate("document.documentElement.scrollWidth") <= width + 1


def _dossier_pk(ref: str, blocker) -> int:
    from motcua.dossiers.models import Dossier

    with blocker.unblock():
        return Dossier.objects.get(submission_ref=ref).pk


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_the_whole_citizen_loop(browser, site, signing_dir, django_db_blocker, viewport):
    from playwright.sync_api import expect

    me = Citizen(browser, site, PHONE if viewport == "phone" else DESKTOP, viewport)
    phone = "0915" + ("000111" if viewport == "desktop" else "000222")
    email = f"cong.dan.{viewport}@example.com"

    # 1. sign up
    page = me.open("/tai-khoan/dang-ky/")
    page.fill("#id_full_name", "Hoàng Thị Lan")
    page.fill("#id_phone", phone)
    page.fill("#id_email", email)
    page.fill("#id_id_number", "012345678" + ("901" if viewport == "desktop" else "902"))
    page.fill("#id_address", "Bản Bình Lư, xã Bình Lư, tỉnh Lai Châu")
    page.fill("#id_password", "mat-khau-that-dai-1")
    page.fill("#id_password2", "mat-khau-that-dai-1")
    page.click("main button[type=submit]")
    page.wait_for_url("**/tai-khoan/")

    # 2. find the procedure (no diacritics typed) and open the online form
    page = me.open("/thu-tuc/")
    page.fill("#q", "xac nhan tinh trang hon nhan")
    page.locator("a.title", has_text="tình trạng hôn nhân").first.click()
    page.wait_for_url(f"**/thu-tuc/{PROCEDURE}/")
    page.click("text=Nộp hồ sơ trực tuyến")
    page.wait_for_url(f"**/nop-ho-so/{PROCEDURE}/")
    assert page.input_value("#ho_ten") == "Hoàng Thị Lan"  # prefilled from the account
    page.select_option("#co_quan", label="Ủy ban nhân dân xã Bình Lư")
    first_file = page.locator("input[type=file]").first
    # a text file named .pdf is refused, and what was chosen stays
    first_file.set_input_files(
        files=[{"name": "to-khai.pdf", "mimeType": "application/pdf", "buffer": b"khong phai"}]
    )
    page.click("button[value=xem-lai]")
    expect(page.locator(".error").first).to_contain_text("Tệp không phải PDF, JPEG hoặc PNG")
    assert page.input_value("#ho_ten") == "Hoàng Thị Lan"
    page.locator("input[type=file]").first.set_input_files(
        files=[{"name": "to-khai.pdf", "mimeType": "application/pdf", "buffer": _pdf("Tờ khai")}]
    )
    me.shot("submit")
    assert me.fits()
    page.click("button[value=xem-lai]")
    expect(page.locator("h1")).to_have_text("Xem lại hồ sơ trước khi nộp")
    page.click("button[value=nop]")
    page.wait_for_url(re.compile(r".*/tai-khoan/ho-so/N\d{6}-[0-9A-F]{10}/$"))
    ref = page.url.rstrip("/").rsplit("/", 1)[1]
    expect(page.locator("#tinh-trang-tieu-de")).to_contain_text("Chờ tiếp nhận")
    pk = _dossier_pk(ref, django_db_blocker)
    url = f"/can-bo/ho-so/{pk}/"

    # 3. the desk accepts and forwards
    desk = Officer(browser, site, "tiepnhan.binhlu")
    desk.open(url)
    desk.act("accept")
    desk.act("forward")

    # 4. the leader asks for a supplement
    leader = Officer(browser, site, "lanhdao.binhlu")
    leader.open(url)
    leader.act(
        "request_supplement",
        {"items": "Bản sao trích lục khai tử của chồng", "reason": "Cần chứng minh tình trạng"},
    )
    assert leader.state() == "supplement_requested"

    # 5. the citizen answers online; the receipt slip is there
    page = me.open(f"/tai-khoan/ho-so/{ref}/")
    expect(page.locator("#bo-sung")).to_contain_text("Bổ sung hồ sơ trực tuyến")
    assert page.locator("text=Giấy tiếp nhận hồ sơ và hẹn trả kết quả").count() == 1
    page.set_input_files(
        "#tep_0",
        files=[{"name": "khai-tu.pdf", "mimeType": "application/pdf", "buffer": _pdf("Khai tử")}],
    )
    me.shot("supplement")
    assert me.fits()
    page.click("#bo-sung button[type=submit]")
    page.wait_for_load_state()
    expect(page.locator("#tinh-trang-tieu-de")).to_contain_text("Đang xử lý")

    # 6. pay online through the sandbox gateway
    page.click("text=Nộp phí, lệ phí trực tuyến")
    page.click("#thanh-toan-truc-tuyen")
    page.wait_for_url("**/sandbox-thanh-toan/**")
    expect(page.locator("#so-tien")).to_contain_text("10.000")
    page.click("#xac-nhan")
    page.wait_for_url("**/payments/return/**")
    expect(page.locator("main")).to_contain_text("thành công")
    me.shot("paid")

    # 7. the specialist hands over, the leader approves, signs and issues the e-result
    spec = Officer(browser, site, "chuyenvien.binhlu")
    spec.open(url)
    spec.act("hand_over", {"note": "Đủ điều kiện cấp giấy xác nhận"})
    leader.open(url)
    leader.act("approve", {"note": "Đồng ý cấp"})
    leader.open(f"/can-bo/so-hoa/ho-so/{pk}/")
    leader.page.locator("form[action$='/ket-qua-dien-tu/'] button[type=submit]").click()
    expect(leader.page.locator("main")).to_contain_text("Đã ký số và phát hành kết quả điện tử")
    leader.open(url)
    leader.act("issue", {"document_number": "15/XNTTHN"})
    assert leader.state() == "ready_for_return"

    # 8. the citizen downloads the signed result and checks it
    page = me.open(f"/tai-khoan/ho-so/{ref}/")
    expect(page.locator("#ket-qua")).to_contain_text("Kết quả điện tử")
    me.shot("result")
    assert me.fits()
    href = page.locator("#ket-qua a", has_text="Tải kết quả").get_attribute("href")
    r = me.context.request.get(site + href)
    assert r.status == 200 and r.headers["content-type"] == "application/pdf"
    signed = r.body()
    assert signed.startswith(b"%PDF") and b"/ByteRange" in signed
    (ARTIFACTS / f"citizen-{viewport}-result.pdf").write_bytes(signed)

    page = me.open("/xac-thuc-ket-qua/")
    page.set_input_files(
        "#file", files=[{"name": "ket-qua.pdf", "mimeType": "application/pdf", "buffer": signed}]
    )
    page.click("main form button[type=submit]")
    expect(page.locator(".verdict")).to_contain_text("nguyên vẹn")
    assert "Bình Lư" in page.inner_text("main")
    tampered = bytearray(signed)
    at = signed.index(b"Tinh trang") if b"Tinh trang" in signed else len(signed) // 3
    tampered[at] = tampered[at] ^ 0x01
    page = me.open("/xac-thuc-ket-qua/")
    page.set_input_files(
        "#file",
        files=[{"name": "sua.pdf", "mimeType": "application/pdf", "buffer": bytes(tampered)}],
    )
    page.click("main form button[type=submit]")
    expect(page.locator(".verdict")).to_contain_text("đã bị sửa đổi")
    expect(page.locator("main")).not_to_contain_text("Còn nguyên vẹn")
    me.shot("tampered")

    # 9. the citizen rates the service from the account
    page = me.open(f"/tai-khoan/ho-so/{ref}/")
    page.click("text=Đánh giá mức độ hài lòng")
    page.locator("input[name=level][value=very_satisfied]").check(force=True)
    page.fill("#dg-comment", "Cán bộ hướng dẫn tận tình.")
    page.click("#danh-gia button[type=submit]")
    expect(page.locator("#danh-gia")).to_contain_text("Xin cảm ơn")

    from motcua.dossiers.models import Dossier
    from motcua.payments.models import Payment
    from motcua.ratings.models import Rating

    with django_db_blocker.unblock():
        d = Dossier.objects.get(pk=pk)
        assert d.supplement_count == 1 and d.paused_since is None
        assert Payment.objects.filter(invoice__dossier=d, method="online", status="paid").exists()
        rating = Rating.objects.get(dossier=d)
        assert rating.level == "very_satisfied" and rating.channel == "account"
    for officer in (desk, leader, spec):
        officer.close()
    me.context.close()
