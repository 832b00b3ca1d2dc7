"""Fees and payment (phí, lệ phí và thanh toán): one invoice per dossier, its payments at the
desk or online, and the log of every callback a gateway sent.

Money is always a whole number of đồng (``PositiveBigIntegerField``), never a float. Only
:mod:`motcua.payments.services` writes these tables.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import Fee, FeeMode
from motcua.dossiers.models import Dossier

# The sandbox gateway keeps its own ledger in this app's tables.
from motcua.payments.providers.contrib.sandbox.models import (  # noqa: F401
    SandboxRefund,
    SandboxTransaction,
)


class InvoiceStatus(models.TextChoices):
    UNPAID = "unpaid", _("Chưa nộp")
    PAID = "paid", _("Đã nộp")
    FREE = "free", _("Không phải nộp")
    REFUNDED = "refunded", _("Đã hoàn phí")


class Invoice(models.Model):
    """Thông báo phí, lệ phí của một hồ sơ: the lines of the case's fees, with exemptions."""

    dossier = models.OneToOneField(
        Dossier, verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="invoice"
    )
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=InvoiceStatus.choices, default="unpaid"
    )
    gross = models.PositiveBigIntegerField(_("tổng theo biểu phí (đồng)"), default=0)
    total = models.PositiveBigIntegerField(_("số phải nộp (đồng)"), default=0)
    exemption_reason = models.CharField(_("căn cứ miễn, giảm"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("lập lúc"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người lập"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"))
    paid_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo phí, lệ phí")
        verbose_name_plural = _("thông báo phí, lệ phí")
        ordering = ["-id"]
        indexes = [models.Index(fields=["status", "paid_at"])]

    def __str__(self) -> str:
        return f"{self.dossier}: {self.total} đồng"

    @property
    def exempted(self) -> int:
        return self.gross - self.total


class InvoiceLine(models.Model):
    """Một khoản phí, lệ phí trên thông báo (copied from the catalog when the invoice is made)."""

    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    fee = models.ForeignKey(
        Fee,
        verbose_name=_("khoản trong danh mục"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    name = models.CharField(_("tên phí, lệ phí"), max_length=300)
    mode = models.CharField(_("hình thức thu"), max_length=10, choices=FeeMode.choices)
    amount = models.PositiveBigIntegerField(_("mức thu (đồng)"))
    exempt = models.BooleanField(_("được miễn"), default=False)
    exemption_note = models.CharField(_("lý do miễn"), max_length=500, blank=True)
    payable = models.PositiveBigIntegerField(_("phải nộp (đồng)"))

    class Meta:
        verbose_name = _("khoản phí, lệ phí")
        verbose_name_plural = _("khoản phí, lệ phí")
        ordering = ["invoice", "position"]
        constraints = [
            models.UniqueConstraint(fields=["invoice", "position"], name="invoice_line_position"),
            models.CheckConstraint(
                condition=Q(payable__lte=models.F("amount")), name="invoice_line_payable_le_amount"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Method(models.TextChoices):
    DESK = "desk", _("Tại quầy")
    ONLINE = "online", _("Trực tuyến")


class PaymentStatus(models.TextChoices):
    PENDING = "pending", _("Đang chờ thanh toán")
    PAID = "paid", _("Đã thanh toán")
    FAILED = "failed", _("Không thành công")
    DUPLICATE = "duplicate", _("Thu trùng — cần hoàn tiền")
    REFUNDED = "refunded", _("Đã hoàn tiền")


class Payment(models.Model):
    """Một lần nộp phí: at the desk (with a receipt number) or online through a provider."""

    invoice = models.ForeignKey(
        Invoice, verbose_name=_("thông báo phí"), on_delete=models.PROTECT, related_name="payments"
    )
    method = models.CharField(_("hình thức"), max_length=10, choices=Method.choices)
    provider = models.CharField(_("cổng thanh toán"), max_length=30, blank=True)
    amount = models.PositiveBigIntegerField(_("số tiền (đồng)"))
    status = models.CharField(_("trạng thái"), max_length=10, choices=PaymentStatus.choices)
    # desk
    receipt_series = models.CharField(_("ký hiệu biên lai"), max_length=40, blank=True)
    receipt_number = models.CharField(_("số biên lai"), max_length=40, blank=True)
    # online
    txn_ref = models.CharField(
        _("mã đơn hàng gửi cổng"), max_length=40, null=True, blank=True, unique=True
    )
    provider_txn_no = models.CharField(_("mã giao dịch tại cổng"), max_length=40, blank=True)
    bank_code = models.CharField(_("ngân hàng"), max_length=20, blank=True)
    response_code = models.CharField(_("mã phản hồi của cổng"), max_length=10, blank=True)
    client_ip = models.GenericIPAddressField(_("IP người nộp"), null=True, blank=True)
    expires_at = models.DateTimeField(_("hết hạn thanh toán"), null=True, blank=True)
    confirmed_via = models.CharField(_("xác nhận qua"), max_length=10, blank=True)
    ipn_at = models.DateTimeField(_("nhận IPN lúc"), null=True, blank=True)
    # life
    created_at = models.DateTimeField(_("tạo lúc"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ thu"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    paid_at = models.DateTimeField(_("thanh toán lúc"), null=True, blank=True)
    refund_request_id = models.CharField(max_length=32, blank=True)
    refunded_at = models.DateTimeField(_("hoàn tiền lúc"), null=True, blank=True)
    refunded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người hoàn tiền"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    refund_reason = models.TextField(_("lý do hoàn tiền"), blank=True)
    refund_no = models.CharField(_("mã giao dịch hoàn tiền"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("khoản nộp")
        verbose_name_plural = _("khoản nộp")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["status", "paid_at"]),
            models.Index(fields=["invoice", "status"]),
        ]
        constraints = [
            # At most one payment settles an invoice (a second one is a duplicate to refund).
            models.UniqueConstraint(
                fields=["invoice"], condition=Q(status="paid"), name="payment_one_paid_per_invoice"
            ),
            # A gateway transaction settles one payment only.
            models.UniqueConstraint(
                fields=["provider", "provider_txn_no"],
                condition=~Q(provider_txn_no=""),
                name="payment_provider_txn_unique",
            ),
            models.CheckConstraint(
                condition=Q(method="online") | ~Q(receipt_number=""),
                name="payment_desk_has_receipt",
            ),
            models.CheckConstraint(
                condition=Q(method="desk") | Q(txn_ref__isnull=False),
                name="payment_online_has_txn_ref",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_method_display()} {self.amount} đồng ({self.get_status_display()})"

    @property
    def refundable(self) -> bool:
        return self.status in (PaymentStatus.PAID, PaymentStatus.DUPLICATE)


class CallbackKind(models.TextChoices):
    IPN = "ipn", _("Thông báo IPN (máy chủ – máy chủ)")
    RETURN = "return", _("Trả về qua trình duyệt")
    REFUND = "refund", _("Trả lời yêu cầu hoàn tiền")


class CallbackLog(models.Model):
    """Nhật ký mọi thông báo từ cổng thanh toán: raw parameters, verdict, time (append-only)."""

    provider = models.CharField(_("cổng thanh toán"), max_length=30)
    kind = models.CharField(_("loại"), max_length=10, choices=CallbackKind.choices)
    received_at = models.DateTimeField(_("nhận lúc"), db_index=True)
    params = models.JSONField(_("tham số nhận được"), default=dict)
    txn_ref = models.CharField(_("mã đơn hàng"), max_length=100, blank=True, db_index=True)
    transaction_no = models.CharField(_("mã giao dịch tại cổng"), max_length=40, blank=True)
    response_code = models.CharField(_("mã phản hồi"), max_length=10, blank=True)
    verdict = models.CharField(_("kết luận"), max_length=30)
    reply = models.CharField(_("mã trả lời"), max_length=10, blank=True)
    accepted = models.BooleanField(_("hợp lệ"))
    payment = models.ForeignKey(
        Payment, null=True, blank=True, on_delete=models.SET_NULL, related_name="callbacks"
    )
    client_ip = models.GenericIPAddressField(_("IP gửi"), null=True, blank=True)

    class Meta:
        verbose_name = _("nhật ký thông báo thanh toán")
        verbose_name_plural = _("nhật ký thông báo thanh toán")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.provider} {self.kind} {self.txn_ref}: {self.verdict}"
