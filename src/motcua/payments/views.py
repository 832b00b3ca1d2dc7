"""Pages of fees and payment: the staff page of a dossier's invoice, the applicant's payment
page, and the page the gateway sends the payer back to.

Views are thin: they read through :mod:`.selectors`, change through :mod:`.services` and show
a :class:`~.services.PaymentError`'s Vietnamese message as it is.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from motcua.dossiers import selectors as dossier_selectors
from motcua.dossiers.models import Dossier
from motcua.payments import selectors, services
from motcua.payments.models import CallbackLog, InvoiceStatus, Payment, PaymentStatus
from motcua.payments.providers import registry
from motcua.payments.services import PaymentError

SESSION_KEY = "payments.verified"


def client_ip(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "") or ""


# --- staff ---------------------------------------------------------------------------------


def _staff_dossier(request: HttpRequest, pk: int) -> Dossier:
    qs = dossier_selectors.visible_dossiers(request.user, timezone.localdate()).select_related(
        "case", "version__procedure", "receiving_agency"
    )
    return get_object_or_404(qs, pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def staff_invoice(request: HttpRequest, pk: int) -> HttpResponse:
    """Phí, lệ phí của hồ sơ: lập thông báo phí, thu tại quầy, hoàn trả."""
    d = _staff_dossier(request, pk)
    now = timezone.now()
    if request.method == "POST":
        return _staff_action(request, d, now)
    invoice = selectors.invoice_for(d)
    preview = None if invoice else selectors.fee_lines(d.case)
    return render(
        request,
        "payments/staff_invoice.html",
        {
            "d": d,
            "invoice": invoice,
            "preview": preview,
            "preview_total": sum(line.payable for line in preview or []),
            "can_act": services.is_fee_staff(request.user, d, timezone.localdate()),
            "pay_url": request.build_absolute_uri(reverse("payments:pay", args=[d.submission_ref])),
            "callbacks": CallbackLog.objects.filter(payment__invoice=invoice).order_by("-id")[:20]
            if invoice
            else [],
            "errors": {},
        },
    )


def _staff_action(request: HttpRequest, d: Dossier, now) -> HttpResponse:
    action = request.POST.get("action", "")
    back = redirect("payments:staff-invoice", d.pk)
    try:
        if action == "invoice":
            exempt = [int(x) for x in request.POST.getlist("exempt") if x.isdigit()]
            services.create_invoice(
                d,
                user=request.user,
                now=now,
                exempt_lines=exempt,
                exemption_reason=request.POST.get("exemption_reason", ""),
            )
            messages.success(request, "Đã lập thông báo phí, lệ phí.")
        elif action == "desk":
            invoice = selectors.invoice_for(d)
            if invoice is None:
                raise PaymentError("no_invoice", "Chưa lập thông báo phí, lệ phí.", status=409)
            p = services.pay_at_desk(
                invoice,
                user=request.user,
                now=now,
                receipt_number=request.POST.get("receipt_number", ""),
                receipt_series=request.POST.get("receipt_series", ""),
            )
            messages.success(
                request,
                f"Đã thu {services.format_vnd(p.amount)} — biên lai số {p.receipt_number}.",
            )
        elif action == "refund":
            payment = get_object_or_404(
                Payment, pk=request.POST.get("payment", "0") or 0, invoice__dossier=d
            )
            p = services.refund(
                payment,
                user=request.user,
                reason=request.POST.get("reason", ""),
                now=now,
                client_ip=client_ip(request),
            )
            messages.success(request, f"Đã hoàn trả {services.format_vnd(p.amount)}.")
        else:
            messages.error(request, "Thao tác không hợp lệ.")
    except PaymentError as exc:
        detail = ""
        if isinstance(exc.errors, dict):
            detail = " ".join(" ".join(map(str, v)) for v in exc.errors.values())
        messages.error(request, f"{exc.message} {detail}".strip())
    return back


# --- applicant -----------------------------------------------------------------------------


def _public_dossier(ref: str) -> Dossier:
    qs = Dossier.objects.filter(parent__isnull=True).select_related(
        "case", "version__procedure", "receiving_agency"
    )
    d = qs.filter(submission_ref=ref).first() or qs.filter(code=ref).first()
    if d is None:
        raise Http404("Không tìm thấy hồ sơ")
    return d


def _verified(request: HttpRequest, d: Dossier) -> bool:
    """The applicant proved the phone number in this session, or is logged in as the account
    that filed the dossier online."""
    if request.user.is_authenticated and d.account_id == request.user.pk:
        return True
    return d.pk in request.session.get(SESSION_KEY, [])


@require_http_methods(["GET", "POST"])
def pay(request: HttpRequest, ref: str) -> HttpResponse:
    """Nộp phí, lệ phí trực tuyến: the applicant proves who they are with the phone number
    given at submission, then sees the invoice and pays through the gateway."""
    d = _public_dossier(ref)
    error = ""
    if request.method == "POST":
        if services.applicant_matches(d, request.POST.get("dien_thoai", "")):
            request.session[SESSION_KEY] = [*request.session.get(SESSION_KEY, [])[-19:], d.pk]
            return redirect("payments:pay", ref)
        error = "Số điện thoại không khớp với số đã đăng ký khi nộp hồ sơ."
    context: dict = {"d": d, "error": error, "verified": _verified(request, d)}
    if context["verified"]:
        invoice = selectors.invoice_for(d)
        lines = list(invoice.lines.all()) if invoice else selectors.fee_lines(d.case)
        total = invoice.total if invoice else sum(line.payable for line in lines)
        context.update(
            invoice=invoice,
            lines=lines,
            total=total,
            payable=total > 0
            and (invoice is None or invoice.status == InvoiceStatus.UNPAID)
            and d.state not in services.CLOSED_STATES,
            providers=[(c, registry.label(c)) for c in registry.enabled_codes()],
            paid=[p for p in invoice.payments.all() if p.status == PaymentStatus.PAID]
            if invoice
            else [],
        )
    return render(request, "payments/pay.html", context)


@require_POST
def pay_online(request: HttpRequest, ref: str) -> HttpResponse:
    d = _public_dossier(ref)
    if not _verified(request, d):
        return redirect("payments:pay", ref)
    now = timezone.now()
    provider = request.POST.get("provider") or registry.default_code() or ""
    try:
        invoice = selectors.invoice_for(d) or services.create_invoice(d, user=None, now=now)
        url = services.start_online_payment(
            invoice,
            provider=provider,
            return_url=request.build_absolute_uri(reverse("payments:return", args=[provider])),
            now=now,
            client_ip=client_ip(request),
        )
    except PaymentError as exc:
        messages.error(request, exc.message)
        return redirect("payments:pay", ref)
    return redirect(url)


def payment_return(request: HttpRequest, provider: str) -> HttpResponse:
    """Kết quả thanh toán: the gateway sends the payer back here with the signed result."""
    try:
        result = services.handle_return(
            request.GET.dict(), now=timezone.now(), provider=provider, client_ip=client_ip(request)
        )
    except registry.UnknownProvider as exc:
        raise Http404("Cổng thanh toán không được hỗ trợ") from exc
    p = result.payment
    if not result.accepted or p is None:
        outcome, title = "error", "Không xác thực được kết quả thanh toán"
    elif p.status in (PaymentStatus.PAID, PaymentStatus.REFUNDED):
        outcome, title = "ok", "Thanh toán thành công"
    elif p.status == PaymentStatus.DUPLICATE:
        outcome, title = "warn", "Đã nhận tiền — khoản này sẽ được hoàn trả"
    else:
        outcome, title = "error", "Giao dịch không thành công"
    return render(
        request,
        "payments/result.html",
        {
            "result": result,
            "payment": p if result.accepted else None,
            "dossier": p.invoice.dossier if p is not None and result.accepted else None,
            "outcome": outcome,
            "title": title,
            "reason": registry.get(provider).response_text(p.response_code) if p else "",
        },
        status=200 if result.accepted else 400,
    )
