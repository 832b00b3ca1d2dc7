"""Callbacks racing each other (PostgreSQL: real row locks across connections)."""

from collections import Counter

import pytest
from django.core.management import call_command
from django.db import connection

from motcua.payments import services
from motcua.payments.models import Payment
from motcua.payments.services import PaymentError
from support import in_threads, vn

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent connections"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def demo(django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_demo", no_dossiers=True, verbosity=0)


def test_simultaneous_ipns_and_returns_confirm_once(demo, online_payment, gateway_result):
    payment = online_payment()
    params = gateway_result(payment)

    def deliver(i):
        handle = services.handle_ipn if i % 2 == 0 else services.handle_return
        return handle(params, now=vn(2026, 3, 2, 9, 15)).verdict

    verdicts, errors = in_threads(12, deliver)
    assert not errors, errors
    counts = Counter(verdicts)
    assert counts["confirmed"] == 1, counts
    assert set(counts) <= {"confirmed", "acknowledged", "already_confirmed"}
    assert counts["acknowledged"] <= 1
    payment.refresh_from_db()
    assert payment.status == "paid" and payment.invoice.status == "paid"


def test_desk_and_online_at_the_same_moment_settle_once(demo, online_payment, gateway_result, user):
    payment = online_payment()
    officer = user("tiepnhan.laichau")

    def act(i):
        if i == 0:
            try:
                services.pay_at_desk(
                    payment.invoice, user=officer, receipt_number="1", now=vn(2026, 3, 2, 9, 15)
                )
                return "desk"
            except PaymentError as exc:
                return exc.code
        return services.handle_ipn(gateway_result(payment), now=vn(2026, 3, 2, 9, 15)).verdict

    out, errors = in_threads(2, act)
    assert not errors, errors
    assert sorted(out) in (["already_paid", "confirmed"], ["desk", "duplicate_payment"])
    assert Payment.objects.filter(invoice=payment.invoice, status="paid").count() == 1
