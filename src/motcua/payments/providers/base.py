"""The contract between motcua and an online payment gateway (cổng thanh toán).

A provider turns an :class:`Order` into the URL the payer's browser is sent to, checks and
reads the gateway's callbacks (the browser's return and the server-to-server notification,
IPN), words the answer the gateway expects to an IPN, and asks the gateway for a refund.

Everything here speaks motcua's language — amounts in whole đồng, aware datetimes, plain
verdicts — so that :mod:`motcua.payments.services` never sees a gateway's parameter names.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar


class ProviderError(Exception):
    """The gateway could not be reached or answered something unreadable."""


class InvalidSignature(Exception):
    """A callback whose signature does not verify (tampered, forged or wrong secret)."""


class MalformedCallback(Exception):
    """A signed callback that cannot be read (missing or non-numeric fields)."""

    def __init__(self, message: str, *, txn_ref: str = ""):
        super().__init__(message)
        self.txn_ref = txn_ref


class InvalidAmount(MalformedCallback):
    """A signed callback whose amount cannot be read as whole đồng."""


@dataclass(frozen=True)
class Order:
    """What motcua asks the payer to pay (one online :class:`~motcua.payments.models.Payment`)."""

    txn_ref: str
    amount: int  # đồng
    description: str
    return_url: str
    client_ip: str
    created_at: datetime
    expires_at: datetime
    locale: str = "vn"


@dataclass(frozen=True)
class Callback:
    """A verified callback from the gateway, in motcua's words."""

    txn_ref: str
    amount: int  # đồng
    success: bool
    response_code: str
    transaction_no: str
    bank_code: str = ""
    paid_at: datetime | None = None
    raw: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class RefundRequest:
    request_id: str
    txn_ref: str
    transaction_no: str
    amount: int  # đồng
    full: bool
    paid_at: datetime | None
    created_by: str
    reason: str
    client_ip: str
    now: datetime


@dataclass(frozen=True)
class RefundResult:
    ok: bool
    code: str
    message: str
    refund_no: str = ""
    raw: Mapping[str, Any] = field(default_factory=dict)


#: Verdicts of :func:`motcua.payments.services.handle_ipn` / ``handle_return``.
VERDICTS = {
    "confirmed": "Xác nhận thanh toán thành công",
    "acknowledged": "IPN xác nhận giao dịch đã ghi nhận trước đó (qua trang trả về)",
    "duplicate_payment": "Đã thu nhưng hóa đơn đã được nộp — cần hoàn tiền",
    "failed_recorded": "Ghi nhận giao dịch không thành công",
    "already_confirmed": "Thông báo lặp lại — đã xử lý trước đó, không thay đổi",
    "late_failure_ignored": "Báo không thành công đến sau khi đã thanh toán — bỏ qua",
    "conflict": "Mã giao dịch khác cho đơn hàng đã thanh toán — bỏ qua",
    "invalid_signature": "Sai chữ ký",
    "order_not_found": "Không tìm thấy đơn hàng",
    "invalid_amount": "Số tiền không khớp",
    "malformed": "Thiếu hoặc sai định dạng tham số",
    "refunded": "Cổng thanh toán đồng ý hoàn tiền",
    "refund_refused": "Cổng thanh toán từ chối hoàn tiền",
}
#: Verdicts that reject the callback (nothing changes; logged as warnings).
REJECTED = {"invalid_signature", "order_not_found", "invalid_amount", "malformed", "conflict"}


class PaymentProvider:
    """Base class of payment provider plug-ins; register subclasses in ``registry``."""

    #: Short code used in URLs and stored on payments (``sandbox``, ``vnpay``…).
    code: ClassVar[str] = ""
    #: Name shown to people.
    label: ClassVar[str] = ""

    def payment_url(self, order: Order) -> str:
        """The signed URL of the gateway's payment page for ``order``."""
        raise NotImplementedError

    def parse_callback(self, params: Mapping[str, str]) -> Callback:
        """Verify and read a return or IPN; raise :class:`InvalidSignature` or
        :class:`MalformedCallback`."""
        raise NotImplementedError

    def ipn_reply(self, verdict: str) -> dict[str, str]:
        """The body the gateway expects in answer to an IPN with this verdict."""
        raise NotImplementedError

    def refund(self, request: RefundRequest) -> RefundResult:
        """Ask the gateway to give the money back; raise :class:`ProviderError` if unreachable."""
        raise NotImplementedError

    def response_text(self, code: str) -> str:
        """A Vietnamese explanation of the gateway's response code (for the payer)."""
        return ""

    def callback_keys(self, params: Mapping[str, str]) -> tuple[str, str, str]:
        """(txn_ref, transaction_no, response_code) of raw params, for the log, unverified."""
        return ("", "", "")
