"""The whole online flow through the Django test client: the applicant's page → the sandbox
bank → confirm → IPN (server to server, in process) + signed return → result page; then the
officer's page and a signed refund through the gateway."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client, override_settings

from motcua.payments import selectors, services
from motcua.payments.models import CallbackLog, Payment
from motcua.payments.providers.contrib.sandbox import gateway, signing
from motcua.payments.providers.contrib.sandbox.models import SandboxTransaction
from support import vn

pytestmark = pytest.mark.django_db


def _verified_client(d) -> Client:
    c = Client()
    r = c.post(f"/thanh-toan/{d.submission_ref}/", {"dien_thoai": "+84 912 345 678"})
    assert r.status_code == 302
    return c


def _to_bank(c: Client, d) -> tuple[str, dict]:
    r = c.post(f"/thanh-toan/{d.submission_ref}/truc-tuyen/", {"provider": "sandbox"})
    assert r.status_code == 302, r.content
    url = r["Location"]
    parts = urlsplit(url)
    assert parts.path == "/sandbox-thanh-toan/"
    return url, {k: v[0] for k, v in parse_qs(parts.query).items()}


def test_redirect_pay_return_and_ipn(login, clinic_dossier):
    d = clinic_dossier()
    # the officer makes the invoice on the staff page
    staff = login("tiepnhan.laichau")
    r = staff.post(f"/can-bo/thanh-toan/ho-so/{d.pk}/", {"action": "invoice"})
    assert r.status_code == 302
    assert selectors.invoice_for(d).total == 5_700_000

    # the applicant: phone first, then the invoice and the button
    c = Client()
    r = c.get(f"/thanh-toan/{d.submission_ref}/")
    assert "số điện thoại đã đăng ký" in r.content.decode()
    assert "5.700.000" not in r.content.decode()  # nothing shown before the phone matches
    r = c.post(f"/thanh-toan/{d.submission_ref}/", {"dien_thoai": "0912345679"})
    assert "không khớp" in r.content.decode()
    c = _verified_client(d)
    page = c.get(f"/thanh-toan/{d.submission_ref}/").content.decode()
    assert "Thanh toán trực tuyến" in page and "5.700.000 đồng" in page

    # redirect to the bank with a signed request (VNPay's parameters)
    url, params = _to_bank(c, d)
    assert signing.verify(params)
    assert params["vnp_Command"] == "pay" and params["vnp_CurrCode"] == "VND"
    assert params["vnp_Amount"] == "570000000"  # đồng × 100
    assert params["vnp_Version"] == "2.1.0" and params["vnp_Locale"] == "vn"
    assert params["vnp_ReturnUrl"] == "http://testserver/payments/return/sandbox"
    assert (
        len(params["vnp_CreateDate"]) == 14 and params["vnp_ExpireDate"] > params["vnp_CreateDate"]
    )
    assert params["vnp_OrderInfo"].isascii()
    payment = Payment.objects.get(txn_ref=params["vnp_TxnRef"])
    assert payment.status == "pending" and payment.amount == 5_700_000

    # the bank page shows the order; the payer confirms
    page = c.get(url).content.decode()
    assert "5.700.000 đồng" in page and "Xác nhận thanh toán" in page
    txn = SandboxTransaction.objects.get(txn_ref=params["vnp_TxnRef"])
    r = c.post(f"/sandbox-thanh-toan/giao-dich/{txn.pk}/", {"action": "confirm", "bank": "NCB"})
    assert r.status_code == 302
    txn.refresh_from_db()
    assert txn.status == "paid" and txn.ipn_reply == {"RspCode": "00", "Message": "Confirm Success"}
    payment.refresh_from_db()
    assert payment.status == "paid" and payment.confirmed_via == "ipn"
    assert payment.provider_txn_no == txn.transaction_no and payment.bank_code == "NCB"

    # the browser comes back with the signed result
    back = r["Location"]
    assert back.startswith("http://testserver/payments/return/sandbox?")
    r = c.get(back)
    assert r.status_code == 200
    assert "Thanh toán thành công" in r.content.decode()
    assert CallbackLog.objects.filter(payment=payment).values_list("kind", "verdict")[0] == (
        "return",
        "already_confirmed",
    )
    assert selectors.paid_online(d) is True
    page = c.get(f"/thanh-toan/{d.submission_ref}/").content.decode()
    assert 'data-status="paid"' in page and "Thanh toán trực tuyến" not in page

    # the bank sends the IPN again: answered 02, nothing changes
    r = c.post(f"/sandbox-thanh-toan/giao-dich/{txn.pk}/", {"action": "ipn"})
    txn.refresh_from_db()
    assert txn.ipn_attempts == 2 and txn.ipn_reply["RspCode"] == "02"

    # the officer sees it and refunds it through the gateway (signed request)
    page = staff.get(f"/can-bo/thanh-toan/ho-so/{d.pk}/").content.decode()
    assert txn.transaction_no in page and "Hoàn trả" in page
    r = staff.post(
        f"/can-bo/thanh-toan/ho-so/{d.pk}/",
        {"action": "refund", "payment": payment.pk, "reason": "Nộp nhầm hồ sơ"},
    )
    assert r.status_code == 302
    payment.refresh_from_db()
    txn.refresh_from_db()
    assert payment.status == "refunded" and payment.refund_reason == "Nộp nhầm hồ sơ"
    assert payment.refunded_by.username == "tiepnhan.laichau" and payment.refund_no
    assert txn.status == "refunded" and txn.refunded_amount == 5_700_000
    assert txn.refunds.get().refund_no == payment.refund_no
    assert payment.invoice.status == "refunded"
    assert selectors.paid_online(d) is False
    log = CallbackLog.objects.filter(kind="refund").latest("id")
    assert log.accepted and log.params["vnp_ResponseCode"] == "00"


def test_late_ipn_after_the_return(clinic_dossier):
    d = clinic_dossier()
    c = _verified_client(d)
    url, params = _to_bank(c, d)
    c.get(url)
    txn = SandboxTransaction.objects.get(txn_ref=params["vnp_TxnRef"])
    r = c.post(
        f"/sandbox-thanh-toan/giao-dich/{txn.pk}/",
        {"action": "confirm", "bank": "VCB", "delay_ipn": "1"},
    )
    txn.refresh_from_db()
    assert txn.ipn_attempts == 0
    c.get(r["Location"])  # the return arrives first and confirms
    payment = Payment.objects.get(txn_ref=params["vnp_TxnRef"])
    assert payment.status == "paid" and payment.confirmed_via == "return" and not payment.ipn_at
    paid_at = payment.paid_at
    c.post(f"/sandbox-thanh-toan/giao-dich/{txn.pk}/", {"action": "ipn"})
    txn.refresh_from_db()
    assert txn.ipn_reply["RspCode"] == "00"  # first IPN: acknowledged, no second confirmation
    c.post(f"/sandbox-thanh-toan/giao-dich/{txn.pk}/", {"action": "ipn"})
    txn.refresh_from_db()
    assert txn.ipn_reply["RspCode"] == "02"
    payment.refresh_from_db()
    assert payment.paid_at == paid_at and payment.ipn_at is not None
    assert Payment.objects.filter(invoice=payment.invoice, status="paid").count() == 1


def test_cancel_at_the_bank(clinic_dossier):
    d = clinic_dossier()
    c = _verified_client(d)
    url, params = _to_bank(c, d)
    c.get(url)
    txn = SandboxTransaction.objects.get(txn_ref=params["vnp_TxnRef"])
    r = c.post(f"/sandbox-thanh-toan/giao-dich/{txn.pk}/", {"action": "cancel"})
    page = c.get(r["Location"]).content.decode()
    assert "Giao dịch không thành công" in page and "Khách hàng hủy giao dịch" in page
    payment = Payment.objects.get(txn_ref=params["vnp_TxnRef"])
    assert payment.status == "failed" and payment.response_code == "24"
    assert payment.invoice.status == "unpaid"
    # the applicant may try again with a new order
    _, params2 = _to_bank(c, d)
    assert params2["vnp_TxnRef"] != params["vnp_TxnRef"]


def test_bank_refuses_a_tampered_request(clinic_dossier):
    d = clinic_dossier()
    c = _verified_client(d)
    url, params = _to_bank(c, d)
    r = c.get(url.replace("vnp_Amount=570000000", "vnp_Amount=100"))
    assert r.status_code == 400 and "Chữ ký không hợp lệ" in r.content.decode()
    assert not SandboxTransaction.objects.filter(txn_ref=params["vnp_TxnRef"]).exists()


def test_tampered_return_url_is_not_believed(clinic_dossier):
    d = clinic_dossier()
    c = _verified_client(d)
    url, params = _to_bank(c, d)
    c.get(url)
    txn = SandboxTransaction.objects.get(txn_ref=params["vnp_TxnRef"])
    r = c.post(f"/sandbox-thanh-toan/giao-dich/{txn.pk}/", {"action": "cancel", "delay_ipn": "1"})
    forged = r["Location"].replace("vnp_ResponseCode=24", "vnp_ResponseCode=00")
    r = c.get(forged)
    assert r.status_code == 400
    assert Payment.objects.get(txn_ref=params["vnp_TxnRef"]).status == "pending"


def test_expired_order_cannot_be_paid(invoice):
    inv = invoice()
    url = services.start_online_payment(
        inv,
        provider="sandbox",
        return_url="http://testserver/payments/return/sandbox",
        now=vn(2026, 3, 2, 9, 10),
    )
    order = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
    payment = inv.payments.get()
    txn = gateway.open_order(order, now=vn(2026, 3, 2, 9, 11))
    outcome = gateway.pay(txn, now=vn(2026, 3, 2, 9, 40), ipn_url="/api/v1/payments/ipn/sandbox")
    assert outcome.transaction.response_code == "11" and outcome.transaction.status == "failed"
    assert outcome.ipn_reply == {"RspCode": "00", "Message": "Confirm Success"}
    payment.refresh_from_db()
    assert payment.status == "failed" and payment.invoice.status == "unpaid"


def test_phone_is_required_for_online_payment(clinic_dossier):
    d = clinic_dossier()
    r = Client().post(f"/thanh-toan/{d.submission_ref}/truc-tuyen/", {"provider": "sandbox"})
    assert r.status_code == 302 and r["Location"] == f"/thanh-toan/{d.submission_ref}/"
    assert not Payment.objects.filter(invoice__dossier=d).exists()
    assert Client().get("/thanh-toan/KHONG-CO-HO-SO/").status_code == 404


def test_payment_page_makes_the_invoice_when_missing(clinic_dossier):
    d = clinic_dossier()
    c = _verified_client(d)
    assert "5.700.000 đồng" in c.get(f"/thanh-toan/{d.submission_ref}/").content.decode()
    _to_bank(c, d)
    invoice = selectors.invoice_for(d)
    assert invoice.created_by is None and invoice.total == 5_700_000


def test_free_case_offers_no_payment(clinic_dossier):
    d = clinic_dossier(procedure="1.012290")
    c = _verified_client(d)
    page = c.get(f"/thanh-toan/{d.submission_ref}/").content.decode()
    assert "Không phải nộp" in page and "Thanh toán trực tuyến" not in page
    r = c.post(f"/thanh-toan/{d.submission_ref}/truc-tuyen/", {"provider": "sandbox"})
    assert r["Location"] == f"/thanh-toan/{d.submission_ref}/"


@override_settings(MOTCUA_PAYMENT_PROVIDERS=[])
def test_without_providers_the_sandbox_is_off(clinic_dossier):
    d = clinic_dossier()
    c = _verified_client(d)
    page = c.get(f"/thanh-toan/{d.submission_ref}/").content.decode()
    assert "chưa hỗ trợ thanh toán trực tuyến" in page
    assert c.get("/sandbox-thanh-toan/").status_code == 404
    r = c.post(f"/thanh-toan/{d.submission_ref}/truc-tuyen/", {"provider": "sandbox"})
    assert r["Location"] == f"/thanh-toan/{d.submission_ref}/"


def test_staff_page_scope_and_rights(login, clinic_dossier):
    d = clinic_dossier()
    # another province's supervisor does not even see the dossier
    assert login("giamsat.langson").get(f"/can-bo/thanh-toan/ho-so/{d.pk}/").status_code == 404
    # the competent agency's leader sees it but may not collect fees
    c = login("lanhdao.syt")
    page = c.get(f"/can-bo/thanh-toan/ho-so/{d.pk}/").content.decode()
    assert "Lập thông báo phí" not in page and "Chỉ cán bộ của nơi tiếp nhận" in page
    r = c.post(f"/can-bo/thanh-toan/ho-so/{d.pk}/", {"action": "invoice"}, follow=True)
    assert "Chỉ cán bộ của nơi tiếp nhận" in r.content.decode()
    assert selectors.invoice_for(d) is None
    # anonymous: to the login page
    r = Client().get(f"/can-bo/thanh-toan/ho-so/{d.pk}/")
    assert r.status_code == 302 and "dang-nhap" in r["Location"]


def test_desk_payment_on_the_staff_page(login, clinic_dossier):
    d = clinic_dossier()
    c = login("tiepnhan.laichau")
    c.post(f"/can-bo/thanh-toan/ho-so/{d.pk}/", {"action": "invoice"})
    r = c.post(
        f"/can-bo/thanh-toan/ho-so/{d.pk}/", {"action": "desk", "receipt_number": ""}, follow=True
    )
    assert "Cần ghi số biên lai" in r.content.decode()
    r = c.post(
        f"/can-bo/thanh-toan/ho-so/{d.pk}/",
        {"action": "desk", "receipt_series": "AA/26P", "receipt_number": "0000123"},
        follow=True,
    )
    page = r.content.decode()
    assert "Đã thu 5.700.000 đồng — biên lai số 0000123" in page
    assert 'data-status="paid"' in page
    assert selectors.paid_online(d) is False
