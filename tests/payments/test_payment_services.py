"""Invoices from the case's fees (exemptions, free cases), desk payment, refund, who may do
what, duplicates, integer money, and the selectors behind the indicators."""

from __future__ import annotations

import pytest
from django.test import override_settings

from motcua.dossiers import services as dossier_services
from motcua.payments import selectors, services
from motcua.payments.models import CallbackLog, Payment
from motcua.payments.providers.contrib.sandbox import gateway, signing
from motcua.payments.providers.contrib.sandbox.models import SandboxTransaction
from motcua.payments.services import PaymentError
from support import CITIZEN, vn

pytestmark = pytest.mark.django_db

T = vn(2026, 3, 2, 10)


@pytest.fixture
def commune_dossier(case, agency, user):
    """A commune dossier received at Bình Lư's centre (birth registration by default)."""

    def _make(procedure="1.001193", case_code="TH1"):
        return dossier_services.receive_at_desk(
            user=user("tiepnhan.binhlu"),
            now=vn(2026, 3, 2, 9),
            case=case(procedure, case_code),
            channel="direct",
            receiving_agency=agency("ttpvhcc-xa-03390"),
            applicant=CITIZEN,
            components=[{"name": "Tờ khai", "copy_type": "original"}],
        )

    return _make


def _err(fn, *args, **kw) -> PaymentError:
    with pytest.raises(PaymentError) as info:
        fn(*args, **kw)
    return info.value


# --- invoices ------------------------------------------------------------------------------


def test_invoice_from_the_case_fees(clinic_dossier, user):
    d = clinic_dossier()
    inv = services.create_invoice(d, user=user("tiepnhan.laichau"), now=T)
    line = inv.lines.get()
    assert line.name.startswith("Phí thẩm định cấp giấy phép hoạt động")
    assert (line.mode, line.amount, line.payable, line.exempt) == (
        "before",
        5_700_000,
        5_700_000,
        False,
    )
    assert line.fee.case_id == d.case_id
    assert (inv.status, inv.gross, inv.total) == ("unpaid", 5_700_000, 5_700_000)
    assert isinstance(inv.total, int) and isinstance(line.payable, int)


@pytest.mark.parametrize(
    "procedure, case_code, gross, total, status, exempt_lines",
    [
        ("1.012289", "TH1", 5_700_000, 5_700_000, "unpaid", 0),  # one fee, collected before
        ("1.012289", "TH2", 4_300_000, 4_300_000, "unpaid", 0),  # another case, another fee
        ("1.012290", "TH1", 0, 0, "free", 1),  # "Phí, lệ phí: miễn"
        ("1.012273", "TH1", 150_000, 150_000, "unpaid", 0),
    ],
)
def test_invoice_table(
    clinic_dossier, user, procedure, case_code, gross, total, status, exempt_lines
):
    d = clinic_dossier(procedure=procedure, case_code=case_code)
    inv = services.create_invoice(d, user=user("tiepnhan.laichau"), now=T)
    assert (inv.gross, inv.total, inv.status) == (gross, total, status)
    assert inv.lines.filter(exempt=True).count() == exempt_lines


@pytest.mark.parametrize(
    "procedure, case_code, total",
    [
        ("1.001193", "TH1", 8_000),  # khai sinh: lệ phí miễn + 8.000 đồng bản sao
        ("1.000656", "TH2", 13_000),  # khai tử quá hạn: 5.000 + 8.000 đồng
        ("1.000894", "TH1", 0),  # kết hôn: miễn
    ],
)
def test_commune_fees_add_up_in_whole_dong(commune_dossier, user, procedure, case_code, total):
    d = commune_dossier(procedure, case_code)
    inv = services.create_invoice(d, user=user("tiepnhan.binhlu"), now=T)
    assert inv.total == total == sum(line.payable for line in inv.lines.all())
    assert all(type(line.payable) is int for line in inv.lines.all())
    assert inv.status == ("free" if total == 0 else "unpaid")


def test_exemption_for_the_applicant(clinic_dossier, user):
    d = clinic_dossier()
    officer = user("tiepnhan.laichau")
    fee = d.case.fees.get()
    e = _err(services.create_invoice, d, user=officer, now=T, exempt_lines=[fee.pk])
    assert e.code == "invalid" and "exemption_reason" in e.errors
    e = _err(
        services.create_invoice, d, user=officer, now=T, exempt_lines=[999999], exemption_reason="x"
    )
    assert e.code == "invalid" and "exempt_lines" in e.errors
    inv = services.create_invoice(
        d, user=officer, now=T, exempt_lines=[fee.pk], exemption_reason="Người có công"
    )
    line = inv.lines.get()
    assert line.exempt and line.payable == 0 and line.exemption_note == "Người có công"
    assert (inv.gross, inv.total, inv.status, inv.exempted) == (5_700_000, 0, "free", 5_700_000)
    assert _err(services.pay_at_desk, inv, user=officer, receipt_number="1", now=T).code == (
        "nothing_to_pay"
    )
    e = _err(services.start_online_payment, inv, return_url="http://x/", now=T)
    assert e.code == "nothing_to_pay"


def test_mixed_exemption_keeps_the_other_fees(commune_dossier, user):
    d = commune_dossier("1.000656", "TH2")
    late_fee = d.case.fees.get(amount=5_000)
    inv = services.create_invoice(
        d,
        user=user("tiepnhan.binhlu"),
        now=T,
        exempt_lines=[late_fee.pk],
        exemption_reason="Hộ nghèo",
    )
    assert (inv.gross, inv.total) == (13_000, 8_000)


def test_redo_invoice_only_while_nothing_is_paid(clinic_dossier, user, online_payment):
    officer = user("tiepnhan.laichau")
    d = clinic_dossier()
    inv = services.create_invoice(d, user=officer, now=T)
    # the system (applicant's page) gets the existing invoice back, unchanged
    assert services.create_invoice(d, user=None, now=T).pk == inv.pk
    # a live online payment blocks a redo; once it has expired, the redo is allowed
    online_payment(inv, now=T)
    e = _err(services.create_invoice, d, user=officer, now=vn(2026, 3, 2, 10, 5))
    assert e.code == "payment_in_progress" and e.status == 409
    inv = services.create_invoice(d, user=officer, now=vn(2026, 3, 2, 10, 30))
    assert inv.lines.count() == 1
    services.pay_at_desk(inv, user=officer, receipt_number="42", now=T)
    e = _err(services.create_invoice, d, user=officer, now=T)
    assert e.code == "invoice_settled"


def test_no_invoice_for_a_refused_dossier(clinic_dossier, user):
    d = clinic_dossier()
    dossier_services.stop(d, user=user("tiepnhan.laichau"), now=T, reason="Người nộp xin dừng")
    e = _err(services.create_invoice, d, user=user("tiepnhan.laichau"), now=T)
    assert e.code == "dossier_closed"


# --- who may collect and refund ------------------------------------------------------------


@pytest.mark.parametrize(
    "username, allowed",
    [
        ("tiepnhan.laichau", True),  # receiving officer of the receiving centre
        ("lanhdao.syt", False),  # leader of the competent agency, not the receiving one
        ("chuyenvien.syt", False),
        ("giamsat.laichau", False),  # supervisors watch, they do not collect
        ("tiepnhan.binhlu", False),  # a receiving officer elsewhere
        ("admin", False),
    ],
)
def test_desk_payment_and_refund_rights(invoice, user, username, allowed):
    inv = invoice()
    who = user(username)
    if not allowed:
        e = _err(services.pay_at_desk, inv, user=who, receipt_number="0001", now=T)
        assert (e.code, e.status) == ("forbidden", 403)
        assert "nơi tiếp nhận hồ sơ" in e.message
    payment = services.pay_at_desk(inv, user=user("tiepnhan.laichau"), receipt_number="0001", now=T)
    if not allowed:
        e = _err(services.refund, payment, user=who, reason="Nhầm", now=T)
        assert (e.code, e.status) == ("forbidden", 403)
        payment.refresh_from_db()
        assert payment.status == "paid"
    else:
        p = services.refund(payment, user=who, reason="Nhầm", now=T)
        assert (p.status, p.refunded_by, p.refunded_at) == ("refunded", who, T)


def test_desk_payment_rules(invoice, user):
    officer = user("tiepnhan.laichau")
    inv = invoice()
    e = _err(services.pay_at_desk, inv, user=officer, receipt_number="  ", now=T)
    assert e.code == "invalid" and "receipt_number" in e.errors
    e = _err(services.pay_at_desk, inv, user=officer, receipt_number="1", amount=5_000_000, now=T)
    assert e.code == "invalid_amount" and "5.700.000 đồng" in e.message
    p = services.pay_at_desk(
        inv, user=officer, receipt_series="AA/26P", receipt_number="0000123", now=T
    )
    assert (p.method, p.status, p.amount, p.paid_at, p.created_by) == (
        "desk",
        "paid",
        5_700_000,
        T,
        officer,
    )
    inv.refresh_from_db()
    assert inv.status == "paid" and inv.paid_at == T
    assert _err(services.pay_at_desk, inv, user=officer, receipt_number="2", now=T).code == (
        "already_paid"
    )
    e = _err(services.start_online_payment, inv, return_url="http://x/", now=T)
    assert e.code == "already_paid"


def test_refund_rules(invoice, user):
    officer = user("tiepnhan.laichau")
    p = services.pay_at_desk(invoice(), user=officer, receipt_number="1", now=T)
    e = _err(services.refund, p, user=officer, reason=" ", now=T)
    assert e.code == "invalid" and "reason" in e.errors
    p = services.refund(p, user=officer, reason="Hồ sơ bị từ chối", now=vn(2026, 3, 3, 8))
    assert p.refund_reason == "Hồ sơ bị từ chối" and p.refunded_at == vn(2026, 3, 3, 8)
    assert p.invoice.status == "refunded"
    assert _err(services.refund, p, user=officer, reason="Lần nữa", now=T).code == "not_refundable"
    assert _err(services.pay_at_desk, p.invoice, user=officer, receipt_number="9", now=T).code == (
        "refunded"
    )


def test_a_pending_online_payment_cannot_be_refunded(online_payment, user):
    p = online_payment()
    e = _err(services.refund, p, user=user("tiepnhan.laichau"), reason="x", now=T)
    assert e.code == "not_refundable"


# --- duplicates and the gateway's refund ---------------------------------------------------


def test_paid_at_desk_then_online_is_a_duplicate_to_refund(online_payment, gateway_result, user):
    officer = user("tiepnhan.laichau")
    online = online_payment()
    services.pay_at_desk(online.invoice, user=officer, receipt_number="77", now=T)
    # the applicant still pays at the gateway: the money is recorded, marked for refund
    result = services.handle_ipn(gateway_result(online), now=vn(2026, 3, 2, 10, 20))
    assert (result.verdict, result.reply["RspCode"]) == ("duplicate_payment", "00")
    online.refresh_from_db()
    assert online.status == "duplicate" and online.refundable
    assert selectors.paid_online(online.invoice.dossier) is False  # settled at the desk
    # the sandbox gateway must know the transaction to refund it: pay it there for real
    txn = SandboxTransaction.objects.create(
        tmn_code=signing.tmn_code(),
        txn_ref=online.txn_ref,
        transaction_no="14000001",
        amount=online.amount,
        order_info="x",
        return_url="http://testserver/payments/return/sandbox",
        created_at=T,
        expires_at=vn(2026, 3, 2, 11),
        status="paid",
        response_code="00",
        paid_at=T,
    )
    p = services.refund(online, user=officer, reason="Thu trùng", now=vn(2026, 3, 2, 11))
    assert p.status == "refunded" and p.refund_no
    assert p.invoice.status == "paid"  # the desk payment still settles the invoice
    txn.refresh_from_db()
    assert txn.status == "refunded"


def test_gateway_refusing_a_refund_changes_nothing(client, online_payment, user):
    officer = user("tiepnhan.laichau")
    payment = online_payment()
    txn = SandboxTransaction.objects.create(
        tmn_code=signing.tmn_code(),
        txn_ref=payment.txn_ref,
        transaction_no="14000002",
        amount=payment.amount,
        order_info="x",
        return_url="http://testserver/payments/return/sandbox",
        created_at=T,
        expires_at=vn(2026, 3, 2, 11),
        status="paid",
        response_code="00",
        paid_at=T,
    )
    params = gateway.result_params(txn)
    assert services.handle_ipn(params, now=T).verdict == "confirmed"
    SandboxTransaction.objects.filter(pk=txn.pk).update(status="cancelled")
    e = _err(services.refund, payment, user=officer, reason="Nhầm", now=T)
    assert (e.code, e.status) == ("refund_failed", 502) and "95" in e.message
    payment.refresh_from_db()
    assert payment.status == "paid" and payment.refund_request_id == ""
    assert payment.invoice.status == "paid"
    log = CallbackLog.objects.filter(kind="refund").latest("id")
    assert not log.accepted and log.response_code == "95"


def test_sandbox_refund_api_checks_signature_and_duplicates(client):
    txn = SandboxTransaction.objects.create(
        tmn_code=signing.tmn_code(),
        txn_ref="REF1",
        transaction_no="14000003",
        amount=150_000,
        order_info="x",
        return_url="http://testserver/r",
        created_at=T,
        expires_at=vn(2026, 3, 2, 11),
        status="paid",
        response_code="00",
        paid_at=T,
    )
    body = {
        "vnp_RequestId": "abc123",
        "vnp_Version": "2.1.0",
        "vnp_Command": "refund",
        "vnp_TmnCode": signing.tmn_code(),
        "vnp_TransactionType": "03",
        "vnp_TxnRef": "REF1",
        "vnp_Amount": "5000000",
        "vnp_TransactionNo": "14000003",
        "vnp_TransactionDate": "20260302100000",
        "vnp_CreateBy": "tiepnhan",
        "vnp_CreateDate": "20260302110000",
        "vnp_IpAddr": "127.0.0.1",
        "vnp_OrderInfo": "Hoan phi",
    }
    url = "/sandbox-thanh-toan/merchant_webapi/api/transaction"
    bad = {**body, "vnp_SecureHash": signing.sign_fields(body, signing.REFUND_REQUEST_FIELDS, "x")}
    r = client.post(url, bad, content_type="application/json").json()
    assert r["vnp_ResponseCode"] == "97"
    assert signing.verify_fields(r, signing.REFUND_RESPONSE_FIELDS)  # answers are signed too
    good = {**body, "vnp_SecureHash": signing.sign_fields(body, signing.REFUND_REQUEST_FIELDS)}
    r = client.post(url, good, content_type="application/json").json()
    assert r["vnp_ResponseCode"] == "00" and signing.verify_fields(
        r, signing.REFUND_RESPONSE_FIELDS
    )
    txn.refresh_from_db()
    assert (txn.refunded_amount, txn.status) == (50_000, "paid")  # partial refund
    r = client.post(url, good, content_type="application/json").json()
    assert r["vnp_ResponseCode"] == "94"  # the same request id twice
    more = {**body, "vnp_RequestId": "abc124", "vnp_Amount": "20000000"}
    more["vnp_SecureHash"] = signing.sign_fields(more, signing.REFUND_REQUEST_FIELDS)
    r = client.post(url, more, content_type="application/json").json()
    assert r["vnp_ResponseCode"] == "03"  # more than what is left


# --- selectors for indicators --------------------------------------------------------------


def test_paid_online_only_for_a_confirmed_online_payment(
    invoice, online_payment, gateway_result, user
):
    officer = user("tiepnhan.laichau")
    desk = invoice()
    services.pay_at_desk(desk, user=officer, receipt_number="1", now=T)
    assert selectors.paid_online(desk.dossier) is False

    pending = online_payment()
    assert selectors.paid_online(pending.invoice.dossier) is False
    services.handle_ipn(gateway_result(pending, code="51"), now=T)
    assert selectors.paid_online(pending.invoice.dossier) is False

    paid = online_payment()
    services.handle_return(gateway_result(paid, txn_no="14000010"), now=T)
    assert selectors.paid_online(paid.invoice.dossier) is True
    ids = [desk.dossier_id, pending.invoice.dossier_id, paid.invoice.dossier_id]
    assert selectors.dossiers_paid_online(ids) == {paid.invoice.dossier_id}

    counts = selectors.payment_counts(vn(2026, 3, 1), vn(2026, 4, 1))
    assert counts["total"] >= 2 and counts["online"] >= 1 and counts["desk"] >= 1
    mine = selectors.payments_in_period(vn(2026, 3, 1), vn(2026, 4, 1)).filter(
        invoice__dossier_id__in=ids
    )
    assert sorted(mine.values_list("method", flat=True)) == ["desk", "online"]
    agency = desk.dossier.receiving_agency_id
    scoped = selectors.payment_counts(vn(2026, 3, 1), vn(2026, 4, 1), agencies=[agency])
    assert scoped["amount"] == scoped["online_amount"] + scoped["desk_amount"]
    assert isinstance(scoped["amount"], int)


def test_money_formatting_and_gateway_amounts():
    assert services.format_vnd(5_700_000) == "5.700.000 đồng"
    assert services.format_vnd(0) == "0 đồng"
    assert services.format_vnd(8_000) == "8.000 đồng"


def test_applicant_phone_matching(clinic_dossier):
    d = clinic_dossier()
    assert services.applicant_matches(d, "0912345678")
    assert services.applicant_matches(d, "+84 912 345 678")
    assert services.applicant_matches(d, "0912.345.678")
    assert not services.applicant_matches(d, "5678")  # the last digits are not enough to pay
    assert not services.applicant_matches(d, "")


@override_settings(MOTCUA_PAYMENT_PROVIDERS=[])
def test_online_payment_needs_an_enabled_provider(invoice):
    e = _err(services.start_online_payment, invoice(), return_url="http://x/", now=T)
    assert e.code == "provider_unavailable"
    assert not Payment.objects.filter(method="online", created_at=T).exists()


def test_the_applicant_is_told_of_payment_and_refund(invoice, user):
    from motcua.core.models import OutboxMessage

    officer = user("tiepnhan.laichau")
    p = services.pay_at_desk(invoice(), user=officer, receipt_number="1", now=T)
    services.refund(p, user=officer, reason="Hồ sơ dừng", now=T)
    msgs = OutboxMessage.objects.filter(dedup_key__startswith=f"notify:payment:{p.pk}:")
    by_action = {m.payload["action"]: m.payload for m in msgs}
    assert set(by_action) == {"payment_paid", "payment_refunded"}
    assert "5.700.000 đồng" in by_action["payment_paid"]["note"]
    assert "Hồ sơ dừng" in by_action["payment_refunded"]["note"]
    assert by_action["payment_paid"]["phone"] == "0912345678"
