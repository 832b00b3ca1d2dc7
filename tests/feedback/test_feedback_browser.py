"""PAKN through every path in Debian's Chromium: admissible and answered on time, transferred,
refused, redirected as a complaint, published with likes and dislikes."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from motcua.feedback.models import Petition
from support import ARTIFACTS, BROWSER

pytestmark = BROWSER

DESKTOP = {"viewport": {"width": 1280, "height": 900}}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def _watch(page, external: list[str]) -> None:
    local = ("http://localhost", "http://127.0.0.1")
    page.on(
        "request",
        lambda req: (
            external.append(req.url)
            if req.url.startswith(("http:", "https:")) and not req.url.startswith(local)
            else None
        ),
    )


def staff(browser, site, username, external):
    ctx = browser.new_context(locale="vi-VN", **DESKTOP)
    page = ctx.new_page()
    page.set_default_timeout(20000)
    _watch(page, external)
    page.goto(f"{site}/can-bo/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", "motcua-demo")
    page.click("main button[type=submit]")
    page.wait_for_url("**/can-bo/")
    return ctx, page


def act(page, action: str, fields=None, selects=None):
    box = page.locator(f"details[data-action={action}]")
    box.locator("summary").click()
    for name, value in (fields or {}).items():
        page.fill(f"[name='{action}-{name}']", value)
    for name, value in (selects or {}).items():
        page.select_option(f"[name='{action}-{name}']", value=value)
    box.locator("button[type=submit]").click()
    expect(page.locator(".messages").first).to_contain_text("Đã thực hiện")


def submit(browser, site, external, *, title, content, phone, name="Phạm Thị Công Dân"):
    """A citizen on a phone sends a petition without an account; returns (context, page, code)."""
    ctx = browser.new_context(locale="vi-VN", **PHONE)
    page = ctx.new_page()
    page.set_default_timeout(20000)
    _watch(page, external)
    page.goto(site + "/")
    page.click("#phan-anh-kien-nghi a.btn")
    page.wait_for_url("**/phan-anh-kien-nghi/gui/")
    page.select_option("#id_agency", label="Văn phòng Ủy ban nhân dân tỉnh Lai Châu")
    page.fill("#id_title", title)
    page.fill("#id_content", content)
    page.fill("#id_sender_address", "Tổ 3, phường Tân Phong, tỉnh Lai Châu")
    page.fill("#id_sender_phone", phone)
    page.click("button:has-text('Gửi phản ánh, kiến nghị')")
    # the name was forgotten: the form says so and keeps what was typed
    expect(page.locator(".field-error").first).to_contain_text("họ và tên")
    assert page.input_value("#id_content") == content
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.fill("#id_sender_name", name)
    page.click("button:has-text('Gửi phản ánh, kiến nghị')")
    page.wait_for_url("**/bien-nhan/**")
    code = page.locator(".pakn-code").inner_text().strip()
    assert code.startswith("PA-")
    return ctx, page, code


@pytest.mark.django_db(transaction=True)
def test_every_path_of_a_petition(browser, site):
    external: list[str] = []
    ARTIFACTS.mkdir(exist_ok=True)

    # --- 1. admissible, answered on time, published, liked and disliked ---------------------
    cit, cpage, code = submit(
        browser,
        site,
        external,
        title="Yêu cầu nộp bản sao có chứng thực không cần thiết",
        content="Khi làm thủ tục tại xã, tôi bị yêu cầu nộp bản sao có chứng thực giấy khai "
        "sinh dù dữ liệu đã có trong cơ sở dữ liệu dân cư.",
        phone="0977 111 222",
    )
    cpage.screenshot(path=str(ARTIFACTS / "pakn-receipt-phone.png"))
    octx, officer = staff(browser, site, "pakn.laichau", external)
    officer.goto(f"{site}/can-bo/")
    officer.click("a:has-text('Phản ánh, kiến nghị')")
    officer.click(f"a:has-text('{code}')")
    act(officer, "accepted", selects={"national_class": "regulation", "category": "2"})
    act(
        officer,
        "assessed",
        {"criteria_necessary": "Không cần thiết khi đã có dữ liệu."},
        {"basis": "sufficient"},
    )
    assert "answered" not in officer.content().split('id="thao-tac"')[-1]  # officer cannot sign
    lctx, leader = staff(browser, site, "lanhdaovp.laichau", external)
    leader.goto(f"{site}/can-bo/phan-anh-kien-nghi/{code}/")
    act(
        leader,
        "answered",
        {
            "letter_number": "41/TL-VP",
            "text": "UBND tỉnh đã chỉ đạo các xã không yêu cầu bản sao có chứng thực khi dữ liệu "
            "đã có trong cơ sở dữ liệu quốc gia về dân cư (Phạm Thị Công Dân, 0977111222).",
        },
        {"decision": "amend"},
    )
    expect(leader.locator("#trang-thai")).to_have_text("Chờ công khai")
    expect(leader.locator("#dung-han")).to_have_text("đúng hạn")
    officer.reload()
    act(officer, "published")
    expect(officer.locator("#trang-thai")).to_have_text("Đã công khai")
    officer.screenshot(path=str(ARTIFACTS / "pakn-staff-detail.png"), full_page=True)

    # readers vote on the public page: two dislikes, one like
    for vote in ("dislike", "dislike", "like"):
        rctx = browser.new_context(locale="vi-VN", **DESKTOP)
        reader = rctx.new_page()
        _watch(reader, external)
        reader.goto(f"{site}/phan-anh-kien-nghi/cong-khai/")
        reader.click(f"a[href$='/cong-khai/{code}/']")
        html = reader.content()
        for private in ("Phạm Thị Công Dân", "0977", "111 222", "111222", "Tổ 3, phường"):
            assert private not in html
        reader.click(f"button[value={vote}]")
        expect(reader.locator(".messages")).to_contain_text("Cảm ơn")
        rctx.close()
    expect_counts = Petition.objects.get(code=code)
    assert (expect_counts.likes, expect_counts.dislikes) == (1, 2)
    # the sender tracks it, reads the answer and says satisfied (their like makes it a tie)
    cpage.goto(f"{site}/phan-anh-kien-nghi/tra-cuu/?ma={code}")
    expect(cpage.locator("#tra-loi")).to_contain_text("không yêu cầu bản sao")
    href = cpage.locator("a:has-text('Tải văn bản trả lời (PDF)')").get_attribute("href")
    pdf = cpage.request.get(site + href)  # with the sender's session
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    (ARTIFACTS / "pakn-answer.pdf").write_bytes(pdf.body())
    cpage.check("input[name=satisfied][value='1']")
    cpage.click("#hai-long button")
    expect(cpage.locator(".messages")).to_contain_text("hài lòng")
    p = Petition.objects.get(code=code)
    assert (p.likes, p.dislikes, p.state) == (2, 2, "published")
    cit.close()

    # --- 2. transferred to the Department of Health -------------------------------------------
    cit, _, code2 = submit(
        browser,
        site,
        external,
        title="Cấp chứng chỉ hành nghề khám bệnh chậm",
        content="Hồ sơ cấp chứng chỉ hành nghề khám bệnh, chữa bệnh của tôi quá hạn nhiều ngày "
        "mà chưa có kết quả.",
        phone="0977333444",
    )
    cit.close()
    officer.goto(f"{site}/can-bo/phan-anh-kien-nghi/{code2}/")
    box = officer.locator("details[data-action=transferred]")
    box.locator("summary").click()
    officer.select_option("[name='transferred-to_agency']", label="Sở Y tế tỉnh Lai Châu")
    officer.click("details[data-action=transferred] button[type=submit]")  # no letter number
    expect(box.locator(".field-error")).to_contain_text("số văn bản")
    officer.fill("[name='transferred-letter_number']", "42/VP-KSTTHC")
    officer.click("details[data-action=transferred] button[type=submit]")
    expect(officer.locator("#lich-su")).to_contain_text("Sở Y tế tỉnh Lai Châu")
    sctx, syt = staff(browser, site, "chuyenvien.syt", external)
    syt.goto(f"{site}/can-bo/phan-anh-kien-nghi/?loc=cho-tiep-nhan")
    expect(syt.locator("#ds-pakn")).to_contain_text(code2)
    sctx.close()

    # --- 3. refused (abusive) and 4. redirected as a complaint ---------------------------------
    cit, _, code3 = submit(
        browser,
        site,
        external,
        title="Thư lời lẽ xúc phạm",
        content="Nội dung có lời lẽ xúc phạm cán bộ, không nêu vướng mắc về quy định nào.",
        phone="0977555666",
    )
    cit.close()
    officer.goto(f"{site}/can-bo/phan-anh-kien-nghi/{code3}/")
    act(officer, "rejected", {"note": "Ngôn từ xúc phạm."}, {"ground": "abusive"})
    expect(officer.locator("#trang-thai")).to_have_text("Từ chối tiếp nhận")

    cit, cpage, code4 = submit(
        browser,
        site,
        external,
        title="Khiếu nại quyết định thu hồi đất",
        content="Tôi khiếu nại quyết định thu hồi đất của UBND xã đối với thửa đất của gia đình.",
        phone="0977777888",
    )
    officer.goto(f"{site}/can-bo/phan-anh-kien-nghi/{code4}/")
    act(officer, "rejected", selects={"ground": "complaint"})
    cpage.goto(f"{site}/phan-anh-kien-nghi/tra-cuu/?ma={code4}")
    expect(cpage.locator("#noi-gui-dung")).to_contain_text("Luật Khiếu nại")
    cpage.screenshot(path=str(ARTIFACTS / "pakn-complaint-redirect-phone.png"), full_page=True)
    cit.close()

    # --- the lists: published answers and the report ------------------------------------------
    officer.goto(f"{site}/can-bo/phan-anh-kien-nghi/bao-cao/")
    expect(officer.locator("#bao-cao")).to_contain_text("Văn phòng Ủy ban nhân dân tỉnh Lai Châu")
    assert Petition.objects.get(code=code3).rejection_ground == "abusive"
    assert external == []
    for c in (octx, lctx):
        c.close()
