"""Gateway callbacks, table-driven: valid, tampered, replayed, out of order, unknown.

Each scenario is a sequence of callbacks for one pending online payment, sent through the real
endpoints (IPN: ``GET /api/v1/payments/ipn/sandbox``; return: ``GET /payments/return/sandbox``).
For each callback the verdict logged, the IPN answer (RspCode) and, at the end, the state of the
payment and the invoice are checked.
"""

from __future__ import annotations

import pytest

from motcua.payments.models import CallbackLog, Payment
from motcua.payments.providers.contrib.sandbox import signing
from motcua.payments.selectors import paid_online

pytestmark = pytest.mark.django_db

OK = {}
CANCEL = {"code": "24"}


def tamper_amount(p):
    return {**p, "vnp_Amount": str(int(p["vnp_Amount"]) - 100_000_00)}


def tamper_hash(p):
    h = p["vnp_SecureHash"]
    return {**p, "vnp_SecureHash": ("0" if h[0] != "0" else "1") + h[1:]}


def drop_hash(p):
    return {k: v for k, v in p.items() if k != "vnp_SecureHash"}


def unknown_ref(p):
    q = {**p, "vnp_TxnRef": "KHONGCO123"}
    q["vnp_SecureHash"] = signing.sign(q)
    return q


def other_merchant(p):
    q = {**p, "vnp_TmnCode": "KHAC0001"}
    q["vnp_SecureHash"] = signing.sign(q)
    return q


def keep(p):
    return p


# (kind, result kwargs, mutation, verdict, IPN RspCode or None for a return)
SCENARIOS = {
    "valid IPN": (
        [("ipn", OK, keep, "confirmed", "00")],
        ("paid", "paid", "ipn"),
    ),
    "valid return alone": (
        [("return", OK, keep, "confirmed", None)],
        ("paid", "paid", "return"),
    ),
    "amount tampered after signing": (
        [("ipn", OK, tamper_amount, "invalid_signature", "97")],
        ("pending", "unpaid", ""),
    ),
    "signed, but the wrong amount": (
        [("ipn", {"amount": 5_600_000}, keep, "invalid_amount", "04")],
        ("pending", "unpaid", ""),
    ),
    "amount not in whole đồng": (
        [("ipn", {"vnp_Amount": "570000050"}, keep, "invalid_amount", "04")],
        ("pending", "unpaid", ""),
    ),
    "hash tampered": (
        [("ipn", OK, tamper_hash, "invalid_signature", "97")],
        ("pending", "unpaid", ""),
    ),
    "hash missing": (
        [("ipn", OK, drop_hash, "invalid_signature", "97")],
        ("pending", "unpaid", ""),
    ),
    "signed with a wrong secret": (
        [("ipn", {"key": "khong-phai-bi-mat"}, keep, "invalid_signature", "97")],
        ("pending", "unpaid", ""),
    ),
    "tampered return in the browser": (
        [("return", OK, tamper_amount, "invalid_signature", None)],
        ("pending", "unpaid", ""),
    ),
    "signed for another merchant": (
        [("ipn", OK, other_merchant, "invalid_signature", "97")],
        ("pending", "unpaid", ""),
    ),
    "unknown TxnRef": (
        [("ipn", OK, unknown_ref, "order_not_found", "01")],
        ("pending", "unpaid", ""),
    ),
    "replayed IPN": (
        [
            ("ipn", OK, keep, "confirmed", "00"),
            ("ipn", OK, keep, "already_confirmed", "02"),
            ("ipn", OK, keep, "already_confirmed", "02"),
        ],
        ("paid", "paid", "ipn"),
    ),
    "return before IPN": (
        [
            ("return", OK, keep, "confirmed", None),
            ("ipn", OK, keep, "acknowledged", "00"),
            ("ipn", OK, keep, "already_confirmed", "02"),
            ("return", OK, keep, "already_confirmed", None),
        ],
        ("paid", "paid", "return"),
    ),
    "IPN before return": (
        [
            ("ipn", OK, keep, "confirmed", "00"),
            ("return", OK, keep, "already_confirmed", None),
        ],
        ("paid", "paid", "ipn"),
    ),
    "cancel after success": (
        [
            ("ipn", OK, keep, "confirmed", "00"),
            ("ipn", CANCEL, keep, "late_failure_ignored", "02"),
            ("return", CANCEL, keep, "late_failure_ignored", None),
        ],
        ("paid", "paid", "ipn"),
    ),
    "cancelled": (
        [
            ("return", CANCEL, keep, "failed_recorded", None),
            ("ipn", CANCEL, keep, "already_confirmed", "02"),
        ],
        ("failed", "unpaid", ""),
    ),
    "success after a reported failure": (
        [
            ("ipn", CANCEL, keep, "failed_recorded", "00"),
            ("ipn", OK, keep, "confirmed", "00"),
        ],
        ("paid", "paid", "ipn"),
    ),
    "another transaction for a paid order": (
        [
            ("ipn", OK, keep, "confirmed", "00"),
            ("ipn", {"txn_no": "14000999"}, keep, "conflict", "02"),
        ],
        ("paid", "paid", "ipn"),
    ),
    "rejected, then valid": (
        [
            ("ipn", OK, tamper_hash, "invalid_signature", "97"),
            ("ipn", OK, keep, "confirmed", "00"),
        ],
        ("paid", "paid", "ipn"),
    ),
}


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_callbacks(name, client, online_payment, gateway_result):
    steps, (status, invoice_status, via) = SCENARIOS[name]
    payment = online_payment()
    for i, (kind, kwargs, mutate, verdict, rsp) in enumerate(steps):
        params = mutate(gateway_result(payment, **kwargs))
        before = CallbackLog.objects.count()
        if kind == "ipn":
            r = client.get("/api/v1/payments/ipn/sandbox", params)
            assert r.status_code == 200
            assert r.json()["RspCode"] == rsp, (name, i, r.json())
            assert set(r.json()) == {"RspCode", "Message"}
        else:
            r = client.get("/payments/return/sandbox", params)
            assert r.status_code in (200, 400)
        assert CallbackLog.objects.count() == before + 1
        entry = CallbackLog.objects.latest("id")
        assert (entry.kind, entry.verdict) == (kind, verdict), (name, i)
        assert entry.params == params  # the raw parameters, as received
        assert entry.accepted == (
            verdict not in {"invalid_signature", "order_not_found", "invalid_amount", "conflict"}
        )
        if kind == "ipn":
            assert entry.reply == rsp
    payment.refresh_from_db()
    assert payment.status == status, name
    assert payment.invoice.status == invoice_status
    assert payment.confirmed_via == via
    assert Payment.objects.filter(invoice=payment.invoice, status="paid").count() == (
        1 if status == "paid" else 0
    )
    assert paid_online(payment.invoice.dossier) is (status == "paid")


def test_replay_changes_nothing(client, online_payment, gateway_result):
    payment = online_payment()
    params = gateway_result(payment)
    assert client.get("/api/v1/payments/ipn/sandbox", params).json()["RspCode"] == "00"
    payment.refresh_from_db()
    snapshot = {f.name: getattr(payment, f.name) for f in Payment._meta.concrete_fields}
    invoice_paid_at = payment.invoice.paid_at
    r = client.get("/api/v1/payments/ipn/sandbox", params)
    assert r.json() == {"RspCode": "02", "Message": "Order already confirmed"}
    payment.refresh_from_db()
    assert snapshot == {f.name: getattr(payment, f.name) for f in Payment._meta.concrete_fields}
    payment.invoice.refresh_from_db()
    assert payment.invoice.paid_at == invoice_paid_at


def test_rejected_callbacks_are_logged_as_warnings(client, online_payment, gateway_result, caplog):
    payment = online_payment()
    with caplog.at_level("WARNING", logger="motcua.payments.services"):
        client.get("/api/v1/payments/ipn/sandbox", tamper_hash(gateway_result(payment)))
    assert "invalid_signature" in caplog.text and payment.txn_ref in caplog.text
    entry = CallbackLog.objects.latest("id")
    assert not entry.accepted and entry.txn_ref == payment.txn_ref and entry.payment is None


def test_ipn_of_an_unknown_provider(client):
    r = client.get("/api/v1/payments/ipn/khong-co", {"vnp_TxnRef": "X"})
    assert r.status_code == 404 and r.json()["RspCode"] == "99"


def test_return_page_words(client, online_payment, gateway_result):
    payment = online_payment()
    r = client.get("/payments/return/sandbox", gateway_result(payment, code="24"))
    page = r.content.decode()
    assert "Giao dịch không thành công" in page and "Khách hàng hủy giao dịch" in page
    r = client.get("/payments/return/sandbox", tamper_hash(gateway_result(payment)))
    assert r.status_code == 400 and "Không xác thực được kết quả thanh toán" in r.content.decode()
    r = client.get("/payments/return/sandbox", gateway_result(payment))
    page = r.content.decode()
    assert "Thanh toán thành công" in page and "5.700.000 đồng" in page
