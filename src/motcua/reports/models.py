"""Stored reports (báo cáo đã lập): generated in the background for big scopes, kept for
download with the parameters and the figures' source."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang lập")
    DONE = "done", _("Đã xong")
    FAILED = "failed", _("Lỗi")


class ReportFormat(models.TextChoices):
    XLSX = "xlsx", "XLSX"
    PDF = "pdf", "PDF"
    DOCX = "docx", _("DOCX (báo cáo tháng)")


CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


class ReportJob(models.Model):
    """Một báo cáo được lập: Biểu 06 (XLSX/PDF) or the monthly narrative draft (DOCX)."""

    format = models.CharField(_("định dạng"), max_length=5, choices=ReportFormat.choices)
    scope_kind = models.CharField(max_length=10)
    scope_id = models.IntegerField()
    scope_name = models.CharField(_("đơn vị"), max_length=255)
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"))
    period_label = models.CharField(_("kỳ báo cáo"), max_length=80, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=8, choices=ReportStatus.choices, default=ReportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    message = models.CharField(_("ghi chú"), max_length=500, blank=True)
    filename = models.CharField(max_length=200, blank=True)
    content = models.BinaryField(null=True, blank=True, editable=False)
    carry_over_ok = models.BooleanField(null=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(_("yêu cầu lúc"))
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("báo cáo đã lập")

    def __str__(self) -> str:
        return f"{self.get_format_display()} {self.scope_name} {self.start}–{self.end}"
