"""Notification preferences of citizens and the log of what was sent on which channel."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationPreference(models.Model):
    """Kênh nhận thông báo mà công dân / tổ chức chọn, theo số định danh hoặc mã số thuế.

    Without a row, every channel for which the dossier has a contact is used.
    """

    id_number = models.CharField(_("số định danh / mã số thuế"), max_length=20, unique=True)
    email = models.BooleanField(_("nhận thư điện tử"), default=True)
    sms = models.BooleanField(_("nhận tin nhắn SMS"), default=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người cập nhật"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("lựa chọn kênh thông báo")
        verbose_name_plural = _("lựa chọn kênh thông báo của công dân")
        ordering = ["id_number"]

    def __str__(self) -> str:
        kinds = [k for k in ("email", "sms") if getattr(self, k)]
        return f"{self.id_number}: {', '.join(kinds) or 'không nhận'}"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Chờ gửi")
    SENDING = "sending", _("Đang gửi (nếu kéo dài: không rõ kết quả, không tự gửi lại)")
    SENT = "sent", _("Đã gửi")
    FAILED = "failed", _("Lỗi, sẽ gửi lại")
    GAVE_UP = "gave_up", _("Lỗi, đã ngừng gửi lại")
    SKIPPED = "skipped", _("Không gửi")


class NotificationDelivery(models.Model):
    """Nhật ký gửi thông báo: one row per outbox message and channel kind.

    The unique (message, channel) pair and the ``sending`` claim, committed before the
    channel is called, make a notification go out at most once per channel: if the worker dies
    between sending and recording, the row stays ``sending`` and is left for a person to check
    (admin action "Gửi lại") instead of being sent twice.
    """

    message_id = models.PositiveBigIntegerField(_("mã thư đi (outbox)"))
    channel = models.CharField(_("loại kênh"), max_length=10)  # "email" / "sms"
    plugin = models.CharField(_("kênh gửi"), max_length=40)
    recipient = models.CharField(_("người nhận"), max_length=255, blank=True)
    dossier = models.CharField(_("hồ sơ"), max_length=60, db_index=True)
    action = models.CharField(_("sự kiện"), max_length=40, blank=True)
    subject = models.CharField(_("tiêu đề"), max_length=255)
    body = models.TextField(_("nội dung"))
    short = models.TextField(_("nội dung SMS"))
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=DeliveryStatus.choices, default="pending"
    )
    attempts = models.PositiveSmallIntegerField(_("số lần gửi"), default=0)
    created_at = models.DateTimeField(_("tạo lúc"))
    next_try_at = models.DateTimeField(_("gửi từ"))
    claimed_at = models.DateTimeField(_("bắt đầu gửi lúc"), null=True, blank=True)
    sent_at = models.DateTimeField(_("đã gửi lúc"), null=True, blank=True)
    last_error = models.TextField(_("lỗi / lý do"), blank=True)

    class Meta:
        verbose_name = _("lần gửi thông báo")
        verbose_name_plural = _("nhật ký gửi thông báo")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["message_id", "channel"], name="notification_once_per_channel"
            )
        ]
        indexes = [models.Index(fields=["status", "next_try_at"])]

    def __str__(self) -> str:
        return f"{self.dossier} {self.action} → {self.channel} ({self.status})"
