"""Fixtures for payments (``user``, ``agency`` and ``case`` come from tests/conftest.py)."""

import pytest

from motcua.dossiers import services
from support import CITIZEN, vn


@pytest.fixture
def clinic_dossier(case, agency, user):
    """A clinic licence dossier (fee 5.700.000 đồng, "thu trước") received at the provincial
    centre on Mon 02/03/2026 09:00."""

    def _make(at=None, procedure="1.012289", case_code="TH1", **kw):
        return services.receive_at_desk(
            user=user("tiepnhan.laichau"),
            now=at or vn(2026, 3, 2, 9),
            case=case(procedure, case_code),
            channel="direct",
            receiving_agency=agency("ttpvhcc-tinh-12"),
            applicant=CITIZEN,
            components=[{"name": "Đơn đề nghị", "copy_type": "original"}],
            **kw,
        )

    return _make


@pytest.fixture
def invoice(clinic_dossier, user):
    """An unpaid invoice of a fresh clinic dossier (5.700.000 đồng)."""
    from motcua.payments import services as pay

    def _make(**kw):
        d = clinic_dossier(**kw)
        return pay.create_invoice(d, user=user("tiepnhan.laichau"), now=vn(2026, 3, 2, 9, 5))

    return _make


@pytest.fixture
def online_payment(invoice):
    """A pending sandbox payment of a fresh invoice."""
    from motcua.payments import services as pay

    def _make(inv=None, now=None):
        inv = inv or invoice()
        pay.start_online_payment(
            inv,
            provider="sandbox",
            return_url="http://testserver/payments/return/sandbox",
            now=now or vn(2026, 3, 2, 9, 10),
            client_ip="203.0.113.7",
        )
        return inv.payments.order_by("-id").first()

    return _make


@pytest.fixture
def gateway_result():
    """Signed result parameters as the gateway sends them to the return URL and the IPN."""
    from motcua.payments.providers.contrib.sandbox import signing

    def _make(payment, code="00", txn_no="14000001", amount=None, key=None, **over):
        ok = code == "00"
        params = {
            "vnp_TmnCode": signing.tmn_code(),
            "vnp_Amount": str((payment.amount if amount is None else amount) * 100),
            "vnp_BankCode": "NCB",
            "vnp_OrderInfo": "Nop phi ho so",
            "vnp_ResponseCode": code,
            "vnp_TransactionNo": txn_no if ok else "0",
            "vnp_TransactionStatus": "00" if ok else "02",
            "vnp_TxnRef": payment.txn_ref,
            **({"vnp_PayDate": "20260302091500"} if ok else {}),
            **over,
        }
        params["vnp_SecureHash"] = signing.sign(params, key)
        return params

    return _make
