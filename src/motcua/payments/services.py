"""Every change to fees and payments: invoice, desk payment, online payment and its callbacks,
refund. Each service opens its own transaction, locks rows in one order (payment, then
invoice), checks who acts, and records what happened; time is passed in.

Who may act:

- creating an invoice, recording a desk payment and refunding: staff of the dossier's
  receiving agency (any role there except supervisor — :data:`STAFF_ROLES`);
- starting an online payment: the applicant. Until citizen accounts exist, the applicant is
  whoever knows the dossier's ``submission_ref`` (or code) *and* the applicant's full phone
  number — checked by the page, see :func:`applicant_matches`;
- callbacks: the gateway, proven by the signature of its parameters.
"""

from __future__ import annotations

import logging
import secrets
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction

from motcua.core import audit, outbox
from motcua.core.calendar import VN_TZ
from motcua.core.errors import DomainError
from motcua.directory.models import Role
from motcua.directory.selectors import grants
from motcua.dossiers.clock import local_date
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import State
from motcua.payments import selectors
from motcua.payments.models import (
    CallbackKind,
    CallbackLog,
    Invoice,
    InvoiceLine,
    InvoiceStatus,
    Method,
    Payment,
    PaymentStatus,
)
from motcua.payments.providers import registry
from motcua.payments.providers.base import (
    REJECTED,
    VERDICTS,
    Callback,
    InvalidAmount,
    InvalidSignature,
    MalformedCallback,
    Order,
    ProviderError,
    RefundRequest,
)

log = logging.getLogger(__name__)

#: Roles at the receiving agency that may handle fees (supervisors only watch).
STAFF_ROLES = {
    Role.RECEIVING_OFFICER,
    Role.SPECIALIST,
    Role.DEPARTMENT_HEAD,
    Role.AGENCY_LEADER,
    Role.RECORDS_CLERK,
}
#: Dossier states in which no fee is charged any more.
CLOSED_STATES = {State.REFUSED, State.STOPPED}


class PaymentError(DomainError):
    """A refused payment action: a machine ``code`` and a Vietnamese ``message``."""


def expire_minutes() -> int:
    return int(getattr(settings, "MOTCUA_PAYMENT_EXPIRE_MINUTES", 15))


def format_vnd(amount: int) -> str:
    """5700000 → "5.700.000 đồng" (Vietnamese thousands separator)."""
    return f"{amount:,} đồng".replace(",", ".")


# --- who may act ---------------------------------------------------------------------------


def is_fee_staff(user: AbstractBaseUser | None, dossier: Dossier, on) -> bool:
    """Staff of the dossier's receiving agency (own or delegated role)."""
    if user is None or not user.is_authenticated:
        return False
    return any(
        g.agency_id == dossier.receiving_agency_id and g.role in STAFF_ROLES
        for g in grants(user, on)
    )


def _require_staff(user: AbstractBaseUser, dossier: Dossier, now: datetime, what: str) -> None:
    if not is_fee_staff(user, dossier, local_date(now)):
        raise PaymentError(
            "forbidden",
            f"Chỉ cán bộ của nơi tiếp nhận hồ sơ ({dossier.receiving_agency.name}) được {what}.",
            status=403,
        )


def _digits(phone: str) -> str:
    digits = "".join(ch for ch in phone if ch.isdigit())
    if digits.startswith("84") and len(digits) >= 11:
        digits = "0" + digits[2:]
    return digits


def applicant_matches(dossier: Dossier, phone: str) -> bool:
    """The applicant proves who they are with the full phone number given when submitting
    (``+84 912 345 678`` and ``0912345678`` are the same number)."""
    stored = _digits(dossier.applicant_phone)
    return len(stored) >= 9 and _digits(phone) == stored


# --- invoice -------------------------------------------------------------------------------


def _locked_invoice(invoice: Invoice | int) -> Invoice:
    pk = invoice.pk if isinstance(invoice, Invoice) else invoice
    return (
        Invoice.objects.select_for_update(of=("self",))
        .select_related("dossier__receiving_agency", "dossier__case")
        .get(pk=pk)
    )


@transaction.atomic
def create_invoice(
    dossier: Dossier,
    *,
    user: AbstractBaseUser | None,
    now: datetime,
    exempt_lines: Iterable[int] = (),
    exemption_reason: str = "",
) -> Invoice:
    """Lập thông báo phí, lệ phí from the case's fees.

    ``exempt_lines`` are ids of the case's fees waived for this applicant (miễn, giảm theo
    đối tượng), with ``exemption_reason``. Staff may redo an invoice while nothing has been
    paid and no online payment is under way. Without ``user`` (the system, e.g. when the
    applicant opens the payment page) an existing invoice is returned unchanged.
    """
    d = (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("receiving_agency", "case")
        .get(pk=dossier.pk)
    )
    existing = Invoice.objects.select_for_update().filter(dossier=d).first()
    if user is None:
        if existing is not None:
            return existing
    else:
        _require_staff(user, d, now, "lập thông báo phí, lệ phí")
    if d.parent_id is not None:
        raise PaymentError(
            "not_payable", "Hồ sơ liên thông (lấy ý kiến) không thu phí riêng.", status=409
        )
    if d.state in CLOSED_STATES:
        raise PaymentError(
            "dossier_closed",
            f"Hồ sơ đang ở trạng thái “{State(d.state).label}”, không thu phí.",
            status=409,
        )
    chosen = {int(x) for x in exempt_lines}
    reason = exemption_reason.strip()
    known = set(d.case.fees.values_list("pk", flat=True))
    if chosen - known:
        raise PaymentError(
            "invalid",
            "Khoản miễn không thuộc biểu phí của trường hợp này.",
            errors={"exempt_lines": [f"Không có khoản {x}." for x in sorted(chosen - known)]},
        )
    if chosen and not reason:
        raise PaymentError(
            "invalid",
            "Cần ghi căn cứ miễn, giảm phí, lệ phí.",
            errors={"exemption_reason": ["Bắt buộc khi có khoản được miễn."]},
        )
    if existing is not None:
        _check_redo(existing, now)
        existing.lines.all().delete()
        invoice = existing
    else:
        invoice = Invoice(dossier=d, created_at=now, created_by=user)
    lines = selectors.fee_lines(d.case, chosen, reason)
    invoice.gross = sum(line.amount for line in lines)
    invoice.total = sum(line.payable for line in lines)
    invoice.status = InvoiceStatus.FREE if invoice.total == 0 else InvoiceStatus.UNPAID
    invoice.exemption_reason = reason if chosen else ""
    invoice.updated_at = now
    invoice.save()
    InvoiceLine.objects.bulk_create(
        InvoiceLine(
            invoice=invoice,
            position=i,
            fee_id=line.fee_id,
            name=line.name,
            mode=line.mode,
            amount=line.amount,
            exempt=line.exempt,
            exemption_note=line.exemption_note,
            payable=line.payable,
        )
        for i, line in enumerate(lines, start=1)
    )
    audit.record(
        at=now,
        actor=user,
        action="invoice.redo" if existing else "invoice.create",
        obj=invoice,
        data={"total": invoice.total, "gross": invoice.gross, "exempt_fees": sorted(chosen)},
    )
    return invoice


def _check_redo(invoice: Invoice, now: datetime) -> None:
    if invoice.status not in (InvoiceStatus.UNPAID, InvoiceStatus.FREE):
        raise PaymentError(
            "invoice_settled",
            f"Thông báo phí đã ở trạng thái “{invoice.get_status_display()}”, không lập lại.",
            status=409,
        )
    if invoice.payments.filter(status=PaymentStatus.PENDING, expires_at__gt=now).exists():
        raise PaymentError(
            "payment_in_progress",
            "Người nộp đang thanh toán trực tuyến; chờ giao dịch kết thúc rồi lập lại.",
            status=409,
        )


def _check_payable(invoice: Invoice) -> None:
    if invoice.status == InvoiceStatus.FREE:
        raise PaymentError("nothing_to_pay", "Hồ sơ không phải nộp phí, lệ phí.", status=409)
    if invoice.status == InvoiceStatus.PAID:
        raise PaymentError("already_paid", "Phí, lệ phí của hồ sơ đã được nộp.", status=409)
    if invoice.status == InvoiceStatus.REFUNDED:
        raise PaymentError("refunded", "Phí, lệ phí của hồ sơ đã được hoàn trả.", status=409)
    if invoice.dossier.state in CLOSED_STATES:
        raise PaymentError(
            "dossier_closed",
            f"Hồ sơ đang ở trạng thái “{State(invoice.dossier.state).label}”, không thu phí.",
            status=409,
        )


def _settle(invoice: Invoice, payment: Payment, now: datetime) -> None:
    invoice.status = InvoiceStatus.PAID
    invoice.paid_at = payment.paid_at
    invoice.updated_at = now
    invoice.save(update_fields=["status", "paid_at", "updated_at"])
    _notify(invoice.dossier, payment, "paid", now)
    if invoice.dossier.state == State.FIN_OBLIGATION_PENDING:
        # The agency was waiting for this payment (T12): processing resumes by itself.
        from motcua.dossiers import services as dossier_services

        dossier_services.payment_done(
            invoice.dossier,
            user=None,
            now=now,
            note=f"Đã nộp {format_vnd(payment.amount)} ({payment.get_method_display().lower()})",
        )


def _notify(dossier: Dossier, payment: Payment, what: str, now: datetime) -> None:
    """Queue a message to the applicant (topic ``citizen.notify``, delivered by ``sync``)."""
    how = payment.get_method_display().lower()
    subject, note = {
        "paid": (
            "Đã nhận phí, lệ phí hồ sơ",
            f"đã nộp {format_vnd(payment.amount)} phí, lệ phí ({how})",
        ),
        "refunded": (
            "Đã hoàn trả phí, lệ phí hồ sơ",
            f"được hoàn trả {format_vnd(payment.amount)} phí, lệ phí đã nộp ({how}); "
            f"lý do: {payment.refund_reason}",
        ),
    }[what]
    outbox.enqueue(
        topic="citizen.notify",
        key=dossier.submission_ref,
        dedup_key=f"notify:payment:{payment.pk}:{what}",
        payload={
            "dossier": dossier.submission_ref,
            "code": dossier.code,
            "action": f"payment_{what}",
            "id_number": dossier.applicant_id_number,
            "subject": subject,
            "phone": dossier.applicant_phone,
            "email": dossier.applicant_email,
            "note": note,
        },
        now=now,
    )


# --- desk ----------------------------------------------------------------------------------


@transaction.atomic
def pay_at_desk(
    invoice: Invoice,
    *,
    user: AbstractBaseUser,
    receipt_number: str,
    now: datetime,
    receipt_series: str = "",
    amount: int | None = None,
) -> Payment:
    """Thu phí tại quầy: the whole amount, recorded with the receipt (biên lai) number."""
    inv = _locked_invoice(invoice)
    _require_staff(user, inv.dossier, now, "thu phí, lệ phí")
    _check_payable(inv)
    number = receipt_number.strip()
    if not number:
        raise PaymentError(
            "invalid", "Cần ghi số biên lai.", errors={"receipt_number": ["Bắt buộc."]}
        )
    if amount is not None and amount != inv.total:
        raise PaymentError(
            "invalid_amount",
            f"Số tiền phải nộp là {format_vnd(inv.total)}, không phải {format_vnd(amount)}.",
            errors={"amount": ["Không khớp với thông báo phí."]},
        )
    payment = Payment.objects.create(
        invoice=inv,
        method=Method.DESK,
        amount=inv.total,
        status=PaymentStatus.PAID,
        receipt_series=receipt_series.strip()[:40],
        receipt_number=number[:40],
        created_at=now,
        created_by=user,
        paid_at=now,
        confirmed_via="desk",
    )
    _settle(inv, payment, now)
    audit.record(
        at=now,
        actor=user,
        action="payment.desk",
        obj=payment,
        data={"amount": payment.amount, "receipt": f"{payment.receipt_series} {number}".strip()},
    )
    return payment


# --- online --------------------------------------------------------------------------------


def _txn_ref(now: datetime) -> str:
    return f"{now.astimezone(VN_TZ):%y%m%d}{secrets.token_hex(5).upper()}"


@transaction.atomic
def start_online_payment(
    invoice: Invoice,
    *,
    provider: str | None = None,
    return_url: str,
    now: datetime,
    client_ip: str = "",
) -> str:
    """Open an online payment of the whole amount; returns the URL to send the payer to.

    Each call opens a new payment with a new order reference; an earlier one left pending
    stays pending (if its gateway later reports it paid, it becomes a duplicate to refund).
    The IPN address is the merchant's setting at the gateway, not a parameter of the order.
    """
    code = provider or registry.default_code()
    try:
        gateway = registry.get(code or "")
    except registry.UnknownProvider as exc:
        raise PaymentError(
            "provider_unavailable", "Cổng thanh toán này không được hỗ trợ.", status=400
        ) from exc
    inv = _locked_invoice(invoice)
    _check_payable(inv)
    d = inv.dossier
    payment = Payment.objects.create(
        invoice=inv,
        method=Method.ONLINE,
        provider=gateway.code,
        amount=inv.total,
        status=PaymentStatus.PENDING,
        txn_ref=_txn_ref(now),
        client_ip=client_ip or None,
        created_at=now,
        expires_at=now + timedelta(minutes=expire_minutes()),
    )
    return gateway.payment_url(
        Order(
            txn_ref=payment.txn_ref,
            amount=payment.amount,
            description=f"Nop phi ho so {d.code or d.submission_ref}",
            return_url=return_url,
            client_ip=client_ip,
            created_at=now,
            expires_at=payment.expires_at,
        )
    )


@dataclass(frozen=True)
class CallbackResult:
    """What a callback did: the verdict (see ``providers.base.VERDICTS``), the payment it
    concerns (if found) and the answer owed to the gateway (IPN)."""

    verdict: str
    payment: Payment | None
    reply: dict[str, str]

    @property
    def accepted(self) -> bool:
        return self.verdict not in REJECTED

    @property
    def label(self) -> str:
        return VERDICTS.get(self.verdict, self.verdict)


def handle_ipn(
    params: Mapping[str, str], *, now: datetime, provider: str = "sandbox", client_ip: str = ""
) -> CallbackResult:
    """The gateway's server-to-server notification (IPN)."""
    return _callback(CallbackKind.IPN, provider, params, now=now, client_ip=client_ip)


def handle_return(
    params: Mapping[str, str], *, now: datetime, provider: str = "sandbox", client_ip: str = ""
) -> CallbackResult:
    """The payer's browser back from the gateway with the signed result.

    A valid signed success confirms the payment at once (the IPN may come later, or be lost);
    the IPN that follows finds it confirmed and changes nothing.
    """
    return _callback(CallbackKind.RETURN, provider, params, now=now, client_ip=client_ip)


@transaction.atomic
def _callback(
    kind: str, provider: str, params: Mapping[str, str], *, now: datetime, client_ip: str
) -> CallbackResult:
    gateway = registry.get(provider)
    raw = {str(k): str(v) for k, v in params.items()}
    txn_ref, txn_no, response_code = gateway.callback_keys(raw)
    payment: Payment | None = None
    try:
        cb = gateway.parse_callback(raw)
    except InvalidSignature:
        verdict = "invalid_signature"
    except InvalidAmount:
        verdict = "invalid_amount"
    except MalformedCallback:
        verdict = "malformed"
    else:
        payment = (
            Payment.objects.select_for_update()
            .filter(provider=provider, txn_ref=cb.txn_ref, method=Method.ONLINE)
            .first()
        )
        if payment is None:
            verdict = "order_not_found"
        elif cb.amount != payment.amount:
            verdict = "invalid_amount"
        else:
            verdict = _apply(payment, cb, kind, now)
    reply = gateway.ipn_reply(verdict)
    CallbackLog.objects.create(
        provider=provider,
        kind=kind,
        received_at=now,
        params=raw,
        txn_ref=txn_ref,
        transaction_no=txn_no,
        response_code=response_code,
        verdict=verdict,
        reply=reply.get("RspCode", "") if kind == CallbackKind.IPN else "",
        accepted=verdict not in REJECTED,
        payment=payment,
        client_ip=client_ip or None,
    )
    if verdict in REJECTED or verdict == "duplicate_payment":
        log.warning(
            "payment %s callback rejected or odd: %s (txn_ref=%s, ip=%s)",
            kind,
            verdict,
            txn_ref,
            client_ip,
        )
    return CallbackResult(verdict, payment, reply)


def _apply(payment: Payment, cb: Callback, kind: str, now: datetime) -> str:
    """The state machine of an online payment under callbacks that may come twice, late or in
    any order: pending/failed → paid on success; pending → failed on failure; a settled
    payment never changes again (a late failure or a replay is ignored)."""
    settled = payment.status in (
        PaymentStatus.PAID,
        PaymentStatus.DUPLICATE,
        PaymentStatus.REFUNDED,
    )
    if settled:
        if cb.success and cb.transaction_no == payment.provider_txn_no:
            if kind == CallbackKind.IPN and payment.ipn_at is None:
                payment.ipn_at = now  # first IPN after the return had confirmed it
                payment.save(update_fields=["ipn_at"])
                return "acknowledged"
            return "already_confirmed"
        return "conflict" if cb.success else "late_failure_ignored"
    if not cb.success:
        if payment.status == PaymentStatus.FAILED:
            return "already_confirmed"
        payment.status = PaymentStatus.FAILED
        payment.response_code = cb.response_code[:10]
        if kind == CallbackKind.IPN:
            payment.ipn_at = now
        payment.save(update_fields=["status", "response_code", "ipn_at"])
        return "failed_recorded"
    inv = _locked_invoice(payment.invoice_id)
    payment.invoice = inv
    payment.provider_txn_no = cb.transaction_no[:40]
    payment.bank_code = cb.bank_code[:20]
    payment.response_code = cb.response_code[:10]
    payment.paid_at = cb.paid_at or now
    payment.confirmed_via = kind
    if kind == CallbackKind.IPN:
        payment.ipn_at = now
    fits = inv.status == InvoiceStatus.UNPAID and payment.amount == inv.total
    payment.status = PaymentStatus.PAID if fits else PaymentStatus.DUPLICATE
    payment.save(
        update_fields=[
            "provider_txn_no",
            "bank_code",
            "response_code",
            "paid_at",
            "confirmed_via",
            "ipn_at",
            "status",
        ]
    )
    if not fits:
        return "duplicate_payment"
    _settle(inv, payment, now)
    return "confirmed"


# --- refund --------------------------------------------------------------------------------


def refund(
    payment: Payment,
    *,
    user: AbstractBaseUser,
    reason: str,
    now: datetime,
    client_ip: str = "",
) -> Payment:
    """Hoàn trả phí, lệ phí (reason required), by staff of the receiving agency.

    An online payment is refunded through its gateway first (a signed request); the refund is
    recorded only when the gateway agrees. The gateway is called outside the row lock: the
    payment is marked "refund under way" first so that a second officer cannot start another.
    """
    text = reason.strip()
    with transaction.atomic():
        p = _locked_payment(payment)
        _require_staff(user, p.invoice.dossier, now, "hoàn trả phí, lệ phí")
        if not text:
            raise PaymentError(
                "invalid", "Cần ghi lý do hoàn trả.", errors={"reason": ["Bắt buộc."]}
            )
        if not p.refundable:
            raise PaymentError(
                "not_refundable",
                f"Khoản nộp đang ở trạng thái “{p.get_status_display()}”, không hoàn trả được.",
                status=409,
            )
        if p.refund_request_id:
            raise PaymentError(
                "refund_in_progress", "Đang chờ cổng thanh toán trả lời yêu cầu hoàn.", status=409
            )
        if p.method == Method.ONLINE:
            p.refund_request_id = uuid.uuid4().hex
            p.save(update_fields=["refund_request_id"])
    refund_no = ""
    if p.method == Method.ONLINE:
        refund_no = _refund_online(p, user=user, reason=text, now=now, client_ip=client_ip)
    with transaction.atomic():
        p = _locked_payment(p)
        was_settling = p.status == PaymentStatus.PAID
        p.status = PaymentStatus.REFUNDED
        p.refunded_at, p.refunded_by, p.refund_reason = now, user, text
        p.refund_no, p.refund_request_id = refund_no[:40], ""
        p.save(
            update_fields=[
                "status",
                "refunded_at",
                "refunded_by",
                "refund_reason",
                "refund_no",
                "refund_request_id",
            ]
        )
        inv = _locked_invoice(p.invoice_id)
        if was_settling and inv.status == InvoiceStatus.PAID:
            inv.status, inv.updated_at = InvoiceStatus.REFUNDED, now
            inv.save(update_fields=["status", "updated_at"])
        p.invoice = inv
        _notify(inv.dossier, p, "refunded", now)
        audit.record(
            at=now,
            actor=user,
            action="payment.refund",
            obj=p,
            data={"amount": p.amount, "reason": text, "refund_no": refund_no},
        )
    return p


def _locked_payment(payment: Payment) -> Payment:
    return (
        Payment.objects.select_for_update(of=("self",))
        .select_related("invoice__dossier__receiving_agency")
        .get(pk=payment.pk)
    )


def _refund_online(
    p: Payment, *, user: AbstractBaseUser, reason: str, now: datetime, client_ip: str
) -> str:
    def give_up(code: str, message: str) -> PaymentError:
        Payment.objects.filter(pk=p.pk).update(refund_request_id="")
        return PaymentError(code, message, status=502)

    try:
        gateway = registry.get(p.provider)
        result = gateway.refund(
            RefundRequest(
                request_id=p.refund_request_id,
                txn_ref=p.txn_ref or "",
                transaction_no=p.provider_txn_no,
                amount=p.amount,
                full=True,
                paid_at=p.paid_at,
                created_by=user.get_full_name() or user.get_username(),
                reason=reason,
                client_ip=client_ip,
                now=now,
            )
        )
    except registry.UnknownProvider as exc:
        raise give_up("provider_unavailable", "Cổng thanh toán không còn được hỗ trợ.") from exc
    except ProviderError as exc:
        raise give_up("refund_failed", f"Không gửi được yêu cầu hoàn tiền: {exc}") from exc
    CallbackLog.objects.create(
        provider=p.provider,
        kind=CallbackKind.REFUND,
        received_at=now,
        params=dict(result.raw),
        txn_ref=p.txn_ref or "",
        transaction_no=result.refund_no,
        response_code=result.code,
        verdict="refunded" if result.ok else "refund_refused",
        reply=result.code,
        accepted=result.ok,
        payment=p,
    )
    if not result.ok:
        raise give_up(
            "refund_failed",
            f"Cổng thanh toán từ chối hoàn tiền (mã {result.code}: {result.message}).",
        )
    return result.refund_no
