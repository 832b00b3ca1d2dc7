"""The sandbox gateway's own ledger (the "bank" side). motcua's payment code never reads it:
it only learns about transactions through signed callbacks, as with a real gateway."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SandboxStatus(models.TextChoices):
    PENDING = "pending", _("Chờ thanh toán")
    PAID = "paid", _("Đã thanh toán")
    CANCELLED = "cancelled", _("Đã hủy")
    FAILED = "failed", _("Không thành công")
    REFUNDED = "refunded", _("Đã hoàn tiền")


class SandboxTransaction(models.Model):
    """Giao dịch tại cổng thanh toán thử nghiệm."""

    tmn_code = models.CharField(_("mã website (TmnCode)"), max_length=20)
    txn_ref = models.CharField(_("mã đơn hàng (TxnRef)"), max_length=100)
    transaction_no = models.CharField(_("mã giao dịch tại cổng"), max_length=20, blank=True)
    amount = models.PositiveBigIntegerField(_("số tiền (đồng)"))
    order_info = models.CharField(_("nội dung thanh toán"), max_length=255)
    return_url = models.URLField(_("địa chỉ trả về"), max_length=1000)
    ip_addr = models.CharField(_("IP người thanh toán"), max_length=45, blank=True)
    request = models.JSONField(_("yêu cầu thanh toán (đã ký)"), default=dict)
    created_at = models.DateTimeField(_("tạo lúc"))
    expires_at = models.DateTimeField(_("hết hạn lúc"))
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=SandboxStatus.choices, default="pending"
    )
    response_code = models.CharField(_("mã phản hồi"), max_length=4, blank=True)
    bank_code = models.CharField(_("ngân hàng"), max_length=20, blank=True)
    paid_at = models.DateTimeField(_("thanh toán lúc"), null=True, blank=True)
    refunded_amount = models.PositiveBigIntegerField(_("đã hoàn (đồng)"), default=0)
    ipn_url = models.CharField(_("địa chỉ IPN"), max_length=1000, blank=True)
    ipn_attempts = models.PositiveIntegerField(_("số lần gửi IPN"), default=0)
    ipn_reply = models.JSONField(_("trả lời IPN gần nhất"), null=True, blank=True)
    ipn_at = models.DateTimeField(_("gửi IPN lúc"), null=True, blank=True)

    class Meta:
        app_label = "payments"
        verbose_name = _("giao dịch cổng thử nghiệm")
        verbose_name_plural = _("giao dịch cổng thử nghiệm")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["tmn_code", "txn_ref"], name="sandbox_txn_ref_unique")
        ]

    def __str__(self) -> str:
        return f"{self.tmn_code}/{self.txn_ref}"


class SandboxRefund(models.Model):
    """Yêu cầu hoàn tiền nhận tại cổng thử nghiệm (vnp_RequestId is unique per merchant)."""

    transaction = models.ForeignKey(
        SandboxTransaction, on_delete=models.CASCADE, related_name="refunds"
    )
    request_id = models.CharField(max_length=32, unique=True)
    refund_no = models.CharField(max_length=20)
    amount = models.PositiveBigIntegerField()
    created_by = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField()
    request = models.JSONField(default=dict)

    class Meta:
        app_label = "payments"
        verbose_name = _("hoàn tiền tại cổng thử nghiệm")
        verbose_name_plural = _("hoàn tiền tại cổng thử nghiệm")

    def __str__(self) -> str:
        return f"{self.request_id}: {self.amount} đồng"
