"""Core tables: the legal working-day calendar and the audit log."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarDayKind(models.TextChoices):
    HOLIDAY = "holiday", _("Ngày lễ, Tết")
    DAY_OFF = "day_off", _("Ngày nghỉ bù / hoán đổi")
    WORKDAY = "workday", _("Ngày làm việc bù (thứ Bảy, Chủ nhật)")


class CalendarDay(models.Model):
    """Ngày đặc biệt của lịch làm việc: a day that differs from the Monday–Friday week.

    A weekday that is not worked (public holiday under Bộ luật Lao động 2019 Điều 112, a
    compensatory day under Điều 111 khoản 3, or a day off swapped by a Government letter), or a
    weekend day that is worked (ngày làm bù). Seeded from the ``holidays`` package and the
    official notices, then edited by administrators; deadline arithmetic reads only this table.
    ``province_code`` empty means national; a province code scopes a local exception.
    ``flag`` marks rows that apply only when a setting is on (``culture_day``: 24/11).
    """

    date = models.DateField(_("ngày"), db_index=True)
    kind = models.CharField(_("loại"), max_length=10, choices=CalendarDayKind.choices)
    name = models.CharField(_("tên"), max_length=200)
    legal_ref = models.CharField(_("căn cứ pháp lý"), max_length=300, blank=True)
    province_code = models.CharField(
        _("mã tỉnh (để trống: toàn quốc)"), max_length=2, blank=True, default=""
    )
    flag = models.CharField(_("điều kiện áp dụng"), max_length=30, blank=True, default="")
    source = models.CharField(_("nguồn"), max_length=20, default="admin")
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("ngày trong lịch làm việc")
        verbose_name_plural = _("lịch làm việc (ngày lễ, nghỉ bù, làm bù)")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(
                fields=["date", "province_code"], name="calendar_day_unique_per_scope"
            )
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} — {self.name}"


class AuditEntry(models.Model):
    """Nhật ký kiểm tra: who did what to which record, append-only."""

    at = models.DateTimeField(_("thời điểm"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(_("hành động"), max_length=80)
    object_type = models.CharField(_("loại đối tượng"), max_length=80)
    object_id = models.CharField(_("mã đối tượng"), max_length=80)
    data = models.JSONField(_("dữ liệu"), default=dict, blank=True)

    class Meta:
        verbose_name = _("nhật ký thao tác")
        verbose_name_plural = _("nhật ký thao tác")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.action} {self.object_type}#{self.object_id}"


class OutboxMessage(models.Model):
    """Hộp thư đi: a side effect (portal sync, notification) written in the business transaction.

    Workers deliver messages in ``id`` order per ``key`` after commit and mark them delivered;
    a message is never delivered twice for one (topic, key, event) because ``dedup_key`` is
    unique.
    """

    created_at = models.DateTimeField(_("tạo lúc"), db_index=True)
    topic = models.CharField(_("chủ đề"), max_length=60)
    key = models.CharField(_("khóa thứ tự"), max_length=80, db_index=True)
    dedup_key = models.CharField(_("khóa chống trùng"), max_length=160, unique=True)
    payload = models.JSONField(_("nội dung"), default=dict)
    available_at = models.DateTimeField(_("gửi từ"))
    attempts = models.PositiveIntegerField(_("số lần gửi"), default=0)
    delivered_at = models.DateTimeField(_("đã gửi lúc"), null=True, blank=True)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)

    class Meta:
        verbose_name = _("thư đi (outbox)")
        verbose_name_plural = _("hộp thư đi (outbox)")
        ordering = ["id"]
        indexes = [models.Index(fields=["delivered_at", "available_at"])]

    def __str__(self) -> str:
        return f"{self.topic} {self.key} #{self.pk}"
