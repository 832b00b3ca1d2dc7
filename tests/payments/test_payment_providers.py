"""The provider plug-in contract, the sandbox's signing rules and its two transports."""

from __future__ import annotations

import hashlib
import hmac
import io
import json
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import override_settings

from motcua.payments import services
from motcua.payments.providers import registry
from motcua.payments.providers.base import Order, PaymentProvider
from motcua.payments.providers.contrib.sandbox import signing, transport
from support import vn


def test_signature_is_hmac_sha512_of_the_sorted_encoded_query():
    params = {
        "vnp_TxnRef": "260302ABC",
        "vnp_Amount": "570000000",
        "vnp_OrderInfo": "Nop phi ho so 000.00.12.H12-260302-0001",
        "vnp_ReturnUrl": "http://localhost/payments/return/sandbox",
        "vnp_BankCode": "",  # empty: left out
        "vnp_SecureHashType": "HmacSHA512",  # never signed
        "other": "not a vnp_ parameter",
    }
    data = (
        "vnp_Amount=570000000"
        "&vnp_OrderInfo=Nop+phi+ho+so+000.00.12.H12-260302-0001"
        "&vnp_ReturnUrl=http%3A%2F%2Flocalhost%2Fpayments%2Freturn%2Fsandbox"
        "&vnp_TxnRef=260302ABC"
    )
    assert signing.hash_data(params) == data
    expected = hmac.new(b"bi-mat", data.encode(), hashlib.sha512).hexdigest()
    assert signing.sign(params, "bi-mat") == expected
    assert signing.verify({**params, "vnp_SecureHash": expected.upper()}, "bi-mat")
    assert not signing.verify({**params, "vnp_SecureHash": expected}, "khac")
    assert not signing.verify(params, "bi-mat")


def test_dates_are_vietnam_time():
    from datetime import UTC, datetime

    assert signing.fmt_date(datetime(2026, 3, 2, 2, 0, tzinfo=UTC)) == "20260302090000"
    assert signing.parse_date("20260302090000") == vn(2026, 3, 2, 9)
    assert signing.parse_date("2026-03-02") is None


@override_settings(SECRET_KEY="one-installation")
def test_default_secret_is_derived_from_secret_key():
    first = signing.secret()
    with override_settings(SECRET_KEY="another-installation"):
        assert signing.secret() != first
    with override_settings(MOTCUA_PAYMENT_SANDBOX_SECRET="configured"):
        assert signing.secret() == "configured"


def test_payment_url_carries_the_protocol_fields():
    url = registry.get("sandbox").payment_url(
        Order(
            txn_ref="260302AAAA",
            amount=8_000,
            description="Nộp phí hồ sơ đăng ký khai sinh (bản sao)",
            return_url="https://motcua.example/payments/return/sandbox",
            client_ip="203.0.113.7",
            created_at=vn(2026, 3, 2, 9, 10),
            expires_at=vn(2026, 3, 2, 9, 25),
        )
    )
    q = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
    assert signing.verify(q)
    assert q["vnp_Amount"] == "800000" and q["vnp_CreateDate"] == "20260302091000"
    assert q["vnp_ExpireDate"] == "20260302092500" and q["vnp_IpAddr"] == "203.0.113.7"
    assert q["vnp_OrderInfo"] == "Nop phi ho so dang ky khai sinh ban sao"
    assert q["vnp_TmnCode"] == signing.tmn_code() and q["vnp_OrderType"] == "billpayment"


class FakeBank(PaymentProvider):
    code = "fakebank"
    label = "Ngân hàng giả lập trong kiểm thử"

    def payment_url(self, order: Order) -> str:
        return f"https://bank.example/pay?ref={order.txn_ref}&amount={order.amount}"


@pytest.mark.django_db
def test_a_plugged_in_provider_is_used_once_enabled(invoice, monkeypatch):
    registry.enabled_codes()  # built-ins loaded
    monkeypatch.setitem(registry._providers, "fakebank", FakeBank)  # as registry.register does
    inv = invoice()
    with pytest.raises(services.PaymentError):  # registered but not enabled
        services.start_online_payment(
            inv, provider="fakebank", return_url="http://x/", now=vn(2026, 3, 2, 10)
        )
    with override_settings(MOTCUA_PAYMENT_PROVIDERS=["fakebank", "sandbox"]):
        assert registry.default_code() == "fakebank"
        url = services.start_online_payment(inv, return_url="http://x/", now=vn(2026, 3, 2, 10))
    assert url.startswith("https://bank.example/pay?ref=") and url.endswith("amount=5700000")
    assert inv.payments.get().provider == "fakebank"


@pytest.mark.django_db
def test_http_transport_sends_the_ipn_over_the_network(monkeypatch, online_payment):
    from motcua.payments.providers.contrib.sandbox import gateway
    from motcua.payments.providers.contrib.sandbox.models import SandboxTransaction

    payment = online_payment()
    txn = SandboxTransaction.objects.create(
        tmn_code=signing.tmn_code(),
        txn_ref=payment.txn_ref,
        transaction_no="14000042",
        amount=payment.amount,
        order_info="x",
        return_url="http://testserver/payments/return/sandbox",
        created_at=vn(2026, 3, 2, 9, 10),
        expires_at=vn(2026, 3, 2, 9, 25),
        status="paid",
        response_code="00",
        paid_at=vn(2026, 3, 2, 9, 12),
    )
    seen = []

    class Answer(io.BytesIO):
        status = 200

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

    def fake_urlopen(request, timeout):
        seen.append((request.get_method(), request.full_url, timeout))
        return Answer(json.dumps({"RspCode": "00", "Message": "Confirm Success"}).encode())

    monkeypatch.setattr(transport.urllib.request, "urlopen", fake_urlopen)
    with override_settings(MOTCUA_PAYMENT_SANDBOX_TRANSPORT="http"):
        reply = gateway.notify(
            txn,
            ipn_url="https://motcua.example/api/v1/payments/ipn/sandbox",
            now=vn(2026, 3, 2, 9, 12),
        )
    assert reply["RspCode"] == "00"
    method, url, timeout = seen[0]
    assert method == "GET" and url.startswith("https://motcua.example/api/v1/payments/ipn/sandbox?")
    q = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
    assert signing.verify(q) and q["vnp_TxnRef"] == payment.txn_ref and timeout > 0


@pytest.mark.django_db
def test_unreachable_merchant_is_recorded_not_raised(monkeypatch):
    from motcua.payments.providers.contrib.sandbox import gateway
    from motcua.payments.providers.contrib.sandbox.models import SandboxTransaction

    txn = SandboxTransaction.objects.create(
        tmn_code=signing.tmn_code(),
        txn_ref="REFX",
        transaction_no="14000043",
        amount=1000,
        order_info="x",
        return_url="http://testserver/r",
        created_at=vn(2026, 3, 2, 9, 10),
        expires_at=vn(2026, 3, 2, 9, 25),
        status="cancelled",
        response_code="24",
    )
    reply = gateway.notify(txn, ipn_url="/khong-co-dia-chi-nay/", now=vn(2026, 3, 2, 9, 12))
    assert reply["RspCode"] == "99"
    txn.refresh_from_db()
    assert txn.ipn_attempts == 1 and txn.ipn_reply["RspCode"] == "99"
