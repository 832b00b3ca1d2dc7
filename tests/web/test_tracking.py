"""The public tracking page behind the QR code: no personal data without the phone number."""

import pytest

from motcua.dossiers import services
from support import CITIZEN, vn

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier(case, agency, user):
    d = services.receive_at_desk(
        user=user("tiepnhan.laichau"),
        now=vn(2026, 3, 2, 9),
        case=case("1.012289"),
        channel="direct",
        receiving_agency=agency("ttpvhcc-tinh-12"),
        applicant=CITIZEN,
    )
    services.forward(d, user=user("tiepnhan.laichau"), now=vn(2026, 3, 2, 10))
    services.hand_over(d, user=user("vanthu.syt"), now=vn(2026, 3, 2, 11))
    services.request_supplement(
        d,
        user=user("lanhdao.syt"),
        now=vn(2026, 3, 3, 9),
        items=["Bản sao chứng chỉ hành nghề"],
        reason="Thiếu chứng chỉ",
    )
    return d


def test_code_alone_reveals_nothing_personal(client, dossier):
    html = client.get("/tra-cuu-ho-so/", {"ma": dossier.code}).content.decode()
    assert "Đã tìm thấy hồ sơ" in html
    assert CITIZEN.name not in html and "chứng chỉ" not in html


def test_code_and_phone_show_status_steps_and_what_to_do(client, dossier):
    html = client.get(
        "/tra-cuu-ho-so/", {"ma": dossier.code, "dien_thoai": "5678"}
    ).content.decode()
    assert "yêu cầu bổ sung giấy tờ" in html
    assert "Bổ sung các giấy tờ: Bản sao chứng chỉ hành nghề" in html
    assert "Hoàng Thị Ngọc" not in html and "Lê Văn Thành" not in html  # no officers' names
    assert "17:00 16/04/2026" in html


@pytest.mark.parametrize(
    ("code", "phone", "message"),
    [
        ("KHONG-CO", "", "Không tìm thấy hồ sơ"),
        (None, "0000", "Số điện thoại không khớp"),
        (None, "12", "Số điện thoại không khớp"),
    ],
)
def test_wrong_code_or_phone(client, dossier, code, phone, message):
    html = client.get(
        "/tra-cuu-ho-so/", {"ma": code or dossier.code, "dien_thoai": phone}
    ).content.decode()
    assert message in html
    assert "Bản sao chứng chỉ" not in html


def test_finished_dossier_offers_the_rating(client, dossier, user):
    services.receive_supplement(dossier, user=user("tiepnhan.laichau"), now=vn(2026, 3, 4, 9))
    services.decide(dossier, user=user("lanhdao.syt"), now=vn(2026, 3, 5, 9), approved=True)
    r = client.get("/tra-cuu-ho-so/", {"ma": dossier.code, "dien_thoai": "5678"})
    assert "Đánh giá mức độ hài lòng" in r.content.decode()


def test_unpaid_invoice_offers_online_payment(client, dossier, user):
    from motcua.payments import services as payments

    payments.create_invoice(dossier, user=user("tiepnhan.laichau"), now=vn(2026, 3, 2, 9))
    r = client.get("/tra-cuu-ho-so/", {"ma": dossier.code, "dien_thoai": "5678"})
    assert "Nộp phí, lệ phí trực tuyến" in r.content.decode()
