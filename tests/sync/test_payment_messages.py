import pytest

from motcua.dossiers import services
from motcua.sync import messages
from support import CITIZEN, vn

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("action", "expected"),
    [
        ("payment_paid", "đã được ghi nhận thanh toán phí, lệ phí"),
        ("payment_refunded", "đã được hoàn trả phí, lệ phí"),
        ("request_payment", "cần thực hiện nghĩa vụ tài chính"),
    ],
)
def test_payment_messages_say_what_happened(case, agency, user, action, expected):
    d = services.receive_at_desk(
        user=user("tiepnhan.laichau"),
        now=vn(2026, 3, 2, 9),
        case=case("1.012289"),
        channel="direct",
        receiving_agency=agency("ttpvhcc-tinh-12"),
        applicant=CITIZEN,
    )
    text = str(messages.render(action, "Thông báo", d, None, "Số tiền 500.000 đồng."))
    assert expected in text and d.code in text
