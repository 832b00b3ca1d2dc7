"""Signing of sandbox gateway messages, as in VNPay's public protocol (version 2.1.0).

Payment request, return and IPN: HMAC-SHA512 (hex) over ``key=value`` pairs of the non-empty
``vnp_*`` parameters except ``vnp_SecureHash``/``vnp_SecureHashType``, sorted by key, values
URL-encoded with ``quote_plus`` and joined with ``&``; the hash travels in ``vnp_SecureHash``.
Refund API: HMAC-SHA512 over the listed fields joined with ``|``.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Mapping
from datetime import datetime
from urllib.parse import quote_plus

from django.conf import settings

from motcua.core.calendar import VN_TZ

VERSION = "2.1.0"
HASH_KEYS = {"vnp_SecureHash", "vnp_SecureHashType"}
DATE_FORMAT = "%Y%m%d%H%M%S"  # yyyyMMddHHmmss, Vietnam time (GMT+7)

REFUND_REQUEST_FIELDS = (
    "vnp_RequestId",
    "vnp_Version",
    "vnp_Command",
    "vnp_TmnCode",
    "vnp_TransactionType",
    "vnp_TxnRef",
    "vnp_Amount",
    "vnp_TransactionNo",
    "vnp_TransactionDate",
    "vnp_CreateBy",
    "vnp_CreateDate",
    "vnp_IpAddr",
    "vnp_OrderInfo",
)
REFUND_RESPONSE_FIELDS = (
    "vnp_ResponseId",
    "vnp_Command",
    "vnp_ResponseCode",
    "vnp_Message",
    "vnp_TmnCode",
    "vnp_TxnRef",
    "vnp_Amount",
    "vnp_BankCode",
    "vnp_PayDate",
    "vnp_TransactionNo",
    "vnp_TransactionType",
    "vnp_TransactionStatus",
    "vnp_OrderInfo",
)


def tmn_code() -> str:
    """The merchant's terminal code at the sandbox gateway."""
    return getattr(settings, "MOTCUA_PAYMENT_SANDBOX_TMN_CODE", "MOTCUA01")


def secret() -> str:
    """The shared secret; by default derived from SECRET_KEY, so every installation has its own."""
    configured = getattr(settings, "MOTCUA_PAYMENT_SANDBOX_SECRET", "")
    if configured:
        return configured
    return hmac.new(
        settings.SECRET_KEY.encode(), b"motcua.payments.sandbox", hashlib.sha256
    ).hexdigest()


def hash_data(params: Mapping[str, object]) -> str:
    """The canonical string that is signed."""
    pairs = sorted(
        (k, str(v))
        for k, v in params.items()
        if k.startswith("vnp_") and k not in HASH_KEYS and v is not None and str(v) != ""
    )
    return "&".join(f"{k}={quote_plus(v)}" for k, v in pairs)


def hmac512(key: str, data: str) -> str:
    return hmac.new(key.encode(), data.encode(), hashlib.sha512).hexdigest()


def sign(params: Mapping[str, object], key: str | None = None) -> str:
    return hmac512(secret() if key is None else key, hash_data(params))


def signed_query(params: Mapping[str, object], key: str | None = None) -> str:
    """``params`` as a query string with ``vnp_SecureHash`` appended."""
    return f"{hash_data(params)}&vnp_SecureHash={sign(params, key)}"


def verify(params: Mapping[str, str], key: str | None = None) -> bool:
    given = str(params.get("vnp_SecureHash", "")).lower()
    return bool(given) and hmac.compare_digest(given, sign(params, key))


def sign_fields(values: Mapping[str, object], fields: Iterable[str], key: str | None = None) -> str:
    """Pipe-joined signature of the refund API (missing fields count as empty)."""
    data = "|".join(str(values.get(f, "") or "") for f in fields)
    return hmac512(secret() if key is None else key, data)


def verify_fields(values: Mapping[str, object], fields: Iterable[str]) -> bool:
    given = str(values.get("vnp_SecureHash", "")).lower()
    return bool(given) and hmac.compare_digest(given, sign_fields(values, fields))


def fmt_date(t: datetime) -> str:
    return t.astimezone(VN_TZ).strftime(DATE_FORMAT)


def parse_date(value: str) -> datetime | None:
    try:
        return datetime.strptime(value, DATE_FORMAT).replace(tzinfo=VN_TZ)
    except (TypeError, ValueError):
        return None
