"""The merchant side of the sandbox gateway: what motcua sends and how it reads the answers."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Mapping

from django.conf import settings
from django.urls import reverse

from motcua.payments.providers import registry
from motcua.payments.providers.base import (
    Callback,
    InvalidAmount,
    InvalidSignature,
    MalformedCallback,
    Order,
    PaymentProvider,
    ProviderError,
    RefundRequest,
    RefundResult,
)
from motcua.payments.providers.contrib.sandbox import signing, transport

#: vnp_ResponseCode values (a subset of VNPay's table).
RESPONSE_CODES = {
    "00": "Giao dịch thành công",
    "07": "Trừ tiền thành công, giao dịch bị nghi ngờ",
    "09": "Thẻ/Tài khoản chưa đăng ký dịch vụ InternetBanking",
    "11": "Đã hết hạn chờ thanh toán",
    "24": "Khách hàng hủy giao dịch",
    "51": "Tài khoản không đủ số dư",
    "99": "Lỗi khác",
}

#: Our verdicts → the IPN answer VNPay's protocol expects.
IPN_REPLIES = {
    "confirmed": ("00", "Confirm Success"),
    "acknowledged": ("00", "Confirm Success"),
    "duplicate_payment": ("00", "Confirm Success"),
    "failed_recorded": ("00", "Confirm Success"),
    "already_confirmed": ("02", "Order already confirmed"),
    "late_failure_ignored": ("02", "Order already confirmed"),
    "conflict": ("02", "Order already confirmed"),
    "order_not_found": ("01", "Order not found"),
    "invalid_amount": ("04", "Invalid amount"),
    "invalid_signature": ("97", "Invalid signature"),
    "malformed": ("99", "Invalid request"),
}


def _ascii(text: str, limit: int = 255) -> str:
    """vnp_OrderInfo: Vietnamese without diacritics (case kept), no special characters."""
    plain = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    keep = "".join(ch if (ch.isascii() and ch.isalnum()) or ch in " .-" else " " for ch in plain)
    return " ".join(keep.split())[:limit]


def payment_page_url() -> str:
    return getattr(settings, "MOTCUA_PAYMENT_SANDBOX_URL", "") or reverse("payments:sandbox-pay")


def api_url() -> str:
    return getattr(settings, "MOTCUA_PAYMENT_SANDBOX_API_URL", "") or reverse(
        "payments:sandbox-api"
    )


@registry.register
class SandboxProvider(PaymentProvider):
    """Cổng thanh toán thử nghiệm (built in; no real money moves)."""

    code = "sandbox"
    label = "Cổng thanh toán thử nghiệm"

    def payment_url(self, order: Order) -> str:
        params = {
            "vnp_Version": signing.VERSION,
            "vnp_Command": "pay",
            "vnp_TmnCode": signing.tmn_code(),
            "vnp_Amount": order.amount * 100,
            "vnp_CurrCode": "VND",
            "vnp_TxnRef": order.txn_ref,
            "vnp_OrderInfo": _ascii(order.description),
            "vnp_OrderType": "billpayment",
            "vnp_Locale": order.locale,
            "vnp_ReturnUrl": order.return_url,
            "vnp_IpAddr": order.client_ip or "127.0.0.1",
            "vnp_CreateDate": signing.fmt_date(order.created_at),
            "vnp_ExpireDate": signing.fmt_date(order.expires_at),
        }
        return f"{payment_page_url()}?{signing.signed_query(params)}"

    def callback_keys(self, params: Mapping[str, str]) -> tuple[str, str, str]:
        return (
            str(params.get("vnp_TxnRef", ""))[:100],
            str(params.get("vnp_TransactionNo", ""))[:40],
            str(params.get("vnp_ResponseCode", ""))[:10],
        )

    def parse_callback(self, params: Mapping[str, str]) -> Callback:
        if not signing.verify(params):
            raise InvalidSignature()
        txn_ref = str(params.get("vnp_TxnRef", ""))
        if params.get("vnp_TmnCode") != signing.tmn_code():
            raise InvalidSignature()  # signed for another merchant
        raw_amount = str(params.get("vnp_Amount", ""))
        if not raw_amount.isdigit() or int(raw_amount) % 100:
            raise InvalidAmount("vnp_Amount", txn_ref=txn_ref)
        code = str(params.get("vnp_ResponseCode", ""))
        if not txn_ref or not code:
            raise MalformedCallback("vnp_TxnRef/vnp_ResponseCode", txn_ref=txn_ref)
        status = str(params.get("vnp_TransactionStatus", code))
        return Callback(
            txn_ref=txn_ref,
            amount=int(raw_amount) // 100,
            success=code == "00" and status == "00",
            response_code=code,
            transaction_no=str(params.get("vnp_TransactionNo", "")),
            bank_code=str(params.get("vnp_BankCode", "")),
            paid_at=signing.parse_date(str(params.get("vnp_PayDate", ""))),
            raw=dict(params),
        )

    def response_text(self, code: str) -> str:
        return RESPONSE_CODES.get(code, "")

    def ipn_reply(self, verdict: str) -> dict[str, str]:
        code, message = IPN_REPLIES.get(verdict, ("99", "Unknown error"))
        return {"RspCode": code, "Message": message}

    def refund(self, request: RefundRequest) -> RefundResult:
        body: dict[str, str] = {
            "vnp_RequestId": request.request_id,
            "vnp_Version": signing.VERSION,
            "vnp_Command": "refund",
            "vnp_TmnCode": signing.tmn_code(),
            "vnp_TransactionType": "02" if request.full else "03",
            "vnp_TxnRef": request.txn_ref,
            "vnp_Amount": str(request.amount * 100),
            "vnp_TransactionNo": request.transaction_no,
            "vnp_TransactionDate": signing.fmt_date(request.paid_at or request.now),
            "vnp_CreateBy": _ascii(request.created_by, 250),
            "vnp_CreateDate": signing.fmt_date(request.now),
            "vnp_IpAddr": request.client_ip or "127.0.0.1",
            "vnp_OrderInfo": _ascii(f"Hoan phi: {request.reason}"),
        }
        body["vnp_SecureHash"] = signing.sign_fields(body, signing.REFUND_REQUEST_FIELDS)
        status, content = transport.post_json(api_url(), body)
        try:
            answer = json.loads(content)
        except ValueError as exc:
            raise ProviderError(f"HTTP {status}: câu trả lời không đọc được") from exc
        if not isinstance(answer, dict):
            raise ProviderError(f"HTTP {status}: câu trả lời không đọc được")
        if not signing.verify_fields(answer, signing.REFUND_RESPONSE_FIELDS):
            return RefundResult(False, "97", "Chữ ký câu trả lời của cổng không hợp lệ", raw=answer)
        code = str(answer.get("vnp_ResponseCode", ""))
        return RefundResult(
            ok=code == "00",
            code=code,
            message=str(answer.get("vnp_Message", "")),
            refund_no=str(answer.get("vnp_TransactionNo", "")) if code == "00" else "",
            raw=answer,
        )
