"""Pages of the sandbox "bank" (``/sandbox-thanh-toan/…``) and its merchant web API.

Only served while ``sandbox`` is an enabled provider (``MOTCUA_PAYMENT_PROVIDERS``).
"""

from __future__ import annotations

import json

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from motcua.payments.providers import registry
from motcua.payments.providers.contrib.sandbox import gateway, signing
from motcua.payments.providers.contrib.sandbox.models import SandboxStatus, SandboxTransaction


def _enabled() -> None:
    if "sandbox" not in registry.enabled_codes():
        raise Http404("Cổng thanh toán thử nghiệm không được bật")


def ipn_url(request: HttpRequest) -> str:
    """The merchant's IPN address, as configured at the gateway (default: this site's)."""
    return getattr(settings, "MOTCUA_PAYMENT_SANDBOX_IPN_URL", "") or request.build_absolute_uri(
        reverse("payments_api:ipn", args=["sandbox"])
    )


def order_page(request: HttpRequest) -> HttpResponse:
    """The payer arrives with the merchant's signed request and sees the order."""
    _enabled()
    try:
        txn = gateway.open_order(request.GET.dict(), now=timezone.now())
    except gateway.GatewayError as exc:
        return render(
            request,
            "payments/sandbox/error.html",
            {"code": exc.code, "message": exc.message},
            status=400,
        )
    if txn.status != SandboxStatus.PENDING:
        return redirect("payments:sandbox-txn", txn.pk)
    return render(
        request,
        "payments/sandbox/order.html",
        {"txn": txn, "banks": gateway.BANKS, "expired": timezone.now() > txn.expires_at},
    )


@require_http_methods(["GET", "POST"])
def transaction_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm or cancel a pending transaction; see a finished one and send its IPN again."""
    _enabled()
    txn = get_object_or_404(SandboxTransaction, pk=pk)
    if request.method == "POST":
        action = request.POST.get("action")
        now = timezone.now()
        if action in ("confirm", "cancel") and txn.status == SandboxStatus.PENDING:
            try:
                outcome = gateway.pay(
                    txn,
                    now=now,
                    ipn_url=ipn_url(request),
                    bank_code=request.POST.get("bank", "NCB"),
                    code="00" if action == "confirm" else "24",
                    send_ipn=not request.POST.get("delay_ipn"),
                )
            except gateway.GatewayError as exc:
                return render(
                    request,
                    "payments/sandbox/error.html",
                    {"code": exc.code, "message": exc.message},
                    status=409,
                )
            return redirect(outcome.return_url)
        if action == "ipn" and txn.status != SandboxStatus.PENDING:
            gateway.notify(txn, ipn_url=txn.ipn_url or ipn_url(request), now=now)
        return redirect("payments:sandbox-txn", txn.pk)
    return render(
        request,
        "payments/sandbox/transaction.html",
        {
            "txn": txn,
            "return_url": gateway.with_result(txn.return_url, txn)
            if txn.status != SandboxStatus.PENDING
            else "",
            "tmn_code": signing.tmn_code(),
        },
    )


@csrf_exempt
@require_POST
def merchant_api(request: HttpRequest) -> HttpResponse:
    """``POST /merchant_webapi/api/transaction`` (JSON): refund of a paid transaction."""
    _enabled()
    try:
        body = json.loads(request.body or b"{}")
    except ValueError:
        body = None
    if not isinstance(body, dict):
        return JsonResponse({"vnp_ResponseCode": "03", "vnp_Message": "Invalid JSON"}, status=400)
    return JsonResponse(gateway.merchant_api(body, now=timezone.now()))
