"""The "bank" of the sandbox gateway: it receives signed payment requests, lets the payer
confirm or cancel, signs the result for the return URL and the IPN, and answers refund
requests — the gateway's half of the protocol, with its own ledger and its own clock (``now``
is passed in)."""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from django.db import IntegrityError, transaction

from motcua.payments.providers.base import ProviderError
from motcua.payments.providers.contrib.sandbox import signing, transport
from motcua.payments.providers.contrib.sandbox.models import (
    SandboxRefund,
    SandboxStatus,
    SandboxTransaction,
)

log = logging.getLogger(__name__)

#: Banks the payer may pick on the sandbox page.
BANKS = {"NCB": "Ngân hàng NCB (thử nghiệm)", "VCB": "Vietcombank (thử nghiệm)"}
TRANSACTION_NO_BASE = 14_000_000


class GatewayError(Exception):
    """The gateway refuses a request (shown on the bank page)."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, message


@dataclass(frozen=True)
class Outcome:
    """What the bank did: the signed parameters for the return URL and the IPN's answer."""

    transaction: SandboxTransaction
    return_url: str
    ipn_reply: dict[str, Any] | None


def _int(value: Any) -> int | None:
    text = str(value or "")
    return int(text) if text.isdigit() else None


def open_order(params: Mapping[str, str], *, now: datetime) -> SandboxTransaction:
    """Check a payment request (signature, command, amount, dates) and record it once."""
    if not signing.verify(params):
        raise GatewayError("97", "Chữ ký không hợp lệ: yêu cầu thanh toán đã bị sửa hoặc giả mạo.")
    if params.get("vnp_TmnCode") != signing.tmn_code():
        raise GatewayError("02", "Mã website (vnp_TmnCode) không đúng.")
    if params.get("vnp_Command") != "pay" or params.get("vnp_CurrCode", "VND") != "VND":
        raise GatewayError("03", "Sai lệnh hoặc loại tiền (chỉ hỗ trợ pay, VND).")
    amount = _int(params.get("vnp_Amount"))
    if amount is None or amount <= 0 or amount % 100:
        raise GatewayError("03", "Số tiền không hợp lệ.")
    txn_ref = str(params.get("vnp_TxnRef", ""))
    return_url = str(params.get("vnp_ReturnUrl", ""))
    created = signing.parse_date(str(params.get("vnp_CreateDate", "")))
    expires = signing.parse_date(str(params.get("vnp_ExpireDate", "")))
    if not txn_ref or not return_url or created is None or expires is None:
        raise GatewayError("03", "Thiếu mã đơn hàng, địa chỉ trả về hoặc thời gian giao dịch.")
    defaults = {
        "amount": amount // 100,
        "order_info": str(params.get("vnp_OrderInfo", ""))[:255],
        "return_url": return_url,
        "ip_addr": str(params.get("vnp_IpAddr", ""))[:45],
        "request": dict(params),
        "created_at": created,
        "expires_at": expires,
    }
    try:
        with transaction.atomic():
            txn, created_now = SandboxTransaction.objects.get_or_create(
                tmn_code=signing.tmn_code(), txn_ref=txn_ref, defaults=defaults
            )
    except IntegrityError:
        txn, created_now = SandboxTransaction.objects.get(txn_ref=txn_ref), False
    if created_now:
        txn.transaction_no = str(TRANSACTION_NO_BASE + txn.pk)
        txn.save(update_fields=["transaction_no"])
    elif txn.amount != amount // 100 or txn.return_url != return_url:
        raise GatewayError("94", "Mã đơn hàng đã được dùng cho một giao dịch khác.")
    return txn


def result_params(txn: SandboxTransaction) -> dict[str, str]:
    """The signed result of a finished transaction, as sent to the return URL and the IPN."""
    ok = txn.status in (SandboxStatus.PAID, SandboxStatus.REFUNDED)
    params = {
        "vnp_TmnCode": txn.tmn_code,
        "vnp_Amount": str(txn.amount * 100),
        "vnp_BankCode": txn.bank_code or "VNPAY",
        "vnp_OrderInfo": txn.order_info,
        "vnp_ResponseCode": txn.response_code,
        "vnp_TransactionNo": txn.transaction_no if ok else "0",
        "vnp_TransactionStatus": "00" if ok else "02",
        "vnp_TxnRef": txn.txn_ref,
    }
    if ok:
        params["vnp_PayDate"] = signing.fmt_date(txn.paid_at)
        params["vnp_BankTranNo"] = f"SBX{txn.transaction_no}"
        params["vnp_CardType"] = "ATM"
    params["vnp_SecureHash"] = signing.sign(params)
    return params


def with_result(url: str, txn: SandboxTransaction) -> str:
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}{urlencode(result_params(txn))}"


@transaction.atomic
def _finish(txn_id: int, *, code: str, bank_code: str, now: datetime) -> SandboxTransaction:
    txn = SandboxTransaction.objects.select_for_update().get(pk=txn_id)
    if txn.status != SandboxStatus.PENDING:
        raise GatewayError("02", "Giao dịch đã kết thúc.")
    if code == "00" and now > txn.expires_at:
        code = "11"
    txn.response_code = code
    if code == "00":
        txn.status, txn.paid_at, txn.bank_code = SandboxStatus.PAID, now, bank_code
    else:
        txn.status = SandboxStatus.CANCELLED if code == "24" else SandboxStatus.FAILED
    txn.save(update_fields=["response_code", "status", "paid_at", "bank_code"])
    return txn


def pay(
    txn: SandboxTransaction,
    *,
    now: datetime,
    ipn_url: str,
    bank_code: str = "NCB",
    code: str = "00",
    send_ipn: bool = True,
) -> Outcome:
    """The payer confirms (``code`` "00") or cancels ("24"); the IPN is sent, then the browser
    goes to the signed return URL."""
    txn = _finish(txn.pk, code=code, bank_code=bank_code if bank_code in BANKS else "NCB", now=now)
    reply = notify(txn, ipn_url=ipn_url, now=now) if send_ipn else None
    if not send_ipn:
        txn.ipn_url = ipn_url
        txn.save(update_fields=["ipn_url"])
    return Outcome(txn, with_result(txn.return_url, txn), reply)


def notify(txn: SandboxTransaction, *, ipn_url: str, now: datetime) -> dict[str, Any]:
    """Send (or send again) the IPN of a finished transaction; record the merchant's answer."""
    try:
        status, body = transport.get(with_result(ipn_url, txn))
        try:
            reply = json.loads(body)
        except ValueError:
            reply = {"RspCode": "99", "Message": f"HTTP {status}: not JSON"}
    except ProviderError as exc:
        reply = {"RspCode": "99", "Message": str(exc)}
    if not isinstance(reply, dict):
        reply = {"RspCode": "99", "Message": "not an object"}
    if reply.get("RspCode") not in ("00", "02"):
        log.warning("sandbox IPN for %s answered %s", txn.txn_ref, reply)
    SandboxTransaction.objects.filter(pk=txn.pk).update(
        ipn_url=ipn_url, ipn_attempts=txn.ipn_attempts + 1, ipn_reply=reply, ipn_at=now
    )
    txn.refresh_from_db()
    return reply


# --- merchant web API (refund) -------------------------------------------------------------


def _answer(request: Mapping[str, Any], code: str, message: str, txn=None, *, now: datetime):
    body = {
        "vnp_ResponseId": str(request.get("vnp_RequestId", ""))[:32],
        "vnp_Command": str(request.get("vnp_Command", "")),
        "vnp_ResponseCode": code,
        "vnp_Message": message,
        "vnp_TmnCode": signing.tmn_code(),
        "vnp_TxnRef": str(request.get("vnp_TxnRef", "")),
        "vnp_Amount": str(request.get("vnp_Amount", "")),
        "vnp_BankCode": txn.bank_code if txn else "",
        "vnp_PayDate": signing.fmt_date(now),
        "vnp_TransactionNo": "",
        "vnp_TransactionType": str(request.get("vnp_TransactionType", "")),
        "vnp_TransactionStatus": "",
        "vnp_OrderInfo": str(request.get("vnp_OrderInfo", "")),
    }
    return body


@transaction.atomic
def merchant_api(request: Mapping[str, Any], *, now: datetime) -> dict[str, Any]:
    """``POST /merchant_webapi/api/transaction`` with ``vnp_Command=refund``: check the signed
    request, refund the paid transaction (fully or in part), answer signed."""
    if not signing.verify_fields(request, signing.REFUND_REQUEST_FIELDS):
        body = _answer(request, "97", "Invalid checksum", now=now)
    elif request.get("vnp_Command") != "refund":
        body = _answer(request, "03", "Invalid command", now=now)
    elif request.get("vnp_TmnCode") != signing.tmn_code():
        body = _answer(request, "02", "Invalid TmnCode", now=now)
    else:
        body = _refund(request, now=now)
    body["vnp_SecureHash"] = signing.sign_fields(body, signing.REFUND_RESPONSE_FIELDS)
    return body


def _refund(request: Mapping[str, Any], *, now: datetime) -> dict[str, Any]:
    txn = (
        SandboxTransaction.objects.select_for_update()
        .filter(tmn_code=signing.tmn_code(), txn_ref=str(request.get("vnp_TxnRef", "")))
        .first()
    )
    amount = _int(request.get("vnp_Amount"))
    if txn is None or (
        request.get("vnp_TransactionNo") and request["vnp_TransactionNo"] != txn.transaction_no
    ):
        return _answer(request, "91", "Transaction not found", now=now)
    request_id = str(request.get("vnp_RequestId", ""))
    if not request_id or SandboxRefund.objects.filter(request_id=request_id).exists():
        return _answer(request, "94", "Duplicate request", txn, now=now)
    if txn.status != SandboxStatus.PAID:
        return _answer(request, "95", "Transaction is not eligible for refund", txn, now=now)
    full = request.get("vnp_TransactionType") == "02"
    left = txn.amount - txn.refunded_amount
    if amount is None or amount % 100 or amount // 100 > left or (full and amount // 100 != left):
        return _answer(request, "03", "Invalid amount", txn, now=now)
    refund = SandboxRefund.objects.create(
        transaction=txn,
        request_id=request_id,
        refund_no="",
        amount=amount // 100,
        created_by=str(request.get("vnp_CreateBy", ""))[:255],
        created_at=now,
        request=dict(request),
    )
    refund.refund_no = str(TRANSACTION_NO_BASE * 10 + refund.pk)
    refund.save(update_fields=["refund_no"])
    txn.refunded_amount += amount // 100
    if txn.refunded_amount == txn.amount:
        txn.status = SandboxStatus.REFUNDED
    txn.save(update_fields=["refunded_amount", "status"])
    body = _answer(request, "00", "Refund success", txn, now=now)
    body["vnp_TransactionNo"] = refund.refund_no
    body["vnp_TransactionStatus"] = "00"
    return body
