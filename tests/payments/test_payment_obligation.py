"""A financial-obligation notice (T12) is settled by the payment itself: when the fee is paid,
online or at the desk, processing resumes without anyone clicking "payment done"."""

from __future__ import annotations

from datetime import timedelta

import pytest

from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from motcua.payments import services as pay
from support import vn

pytestmark = pytest.mark.django_db


def _awaiting_payment(invoice, user):
    inv = invoice()
    d = inv.dossier
    t = vn(2026, 3, 2, 10)
    services.forward(d, user=user("tiepnhan.laichau"), now=t)
    services.hand_over(d, user=user("vanthu.syt"), now=t + timedelta(hours=1))
    services.hand_over(
        d, user=user("lanhdaophong.syt"), now=t + timedelta(hours=2), to_user=user("chuyenvien.syt")
    )
    services.request_payment(
        d, user=user("chuyenvien.syt"), now=vn(2026, 3, 3, 9), note="Nộp lệ phí cấp giấy phép"
    )
    assert Dossier.objects.get(pk=d.pk).state == "fin_obligation"
    return inv


@pytest.mark.parametrize("how", ["online", "desk"])
def test_paying_ends_the_financial_obligation(invoice, online_payment, gateway_result, user, how):
    inv = _awaiting_payment(invoice, user)
    if how == "online":
        payment = online_payment(inv, now=vn(2026, 3, 4, 9))
        result = pay.handle_ipn(gateway_result(payment), now=vn(2026, 3, 4, 9, 5))
        assert result.accepted and result.verdict == "confirmed"
    else:
        pay.pay_at_desk(
            inv, user=user("tiepnhan.laichau"), receipt_number="0000123", now=vn(2026, 3, 4, 9)
        )
    d = Dossier.objects.get(pk=inv.dossier_id)
    assert d.state == "in_process" and d.paused_since is None
    last = d.events.order_by("-seq").first()
    assert last.action == "payment_done" and last.actor_role == "system"
    assert "5.700.000" in last.note


def test_paying_outside_an_obligation_changes_no_state(invoice, user):
    inv = invoice()
    pay.pay_at_desk(
        inv, user=user("tiepnhan.laichau"), receipt_number="0000124", now=vn(2026, 3, 2, 9, 30)
    )
    d = Dossier.objects.get(pk=inv.dossier_id)
    assert d.state == "received"
    assert not d.events.filter(action="payment_done").exists()
