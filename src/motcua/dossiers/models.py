"""Dossiers (hồ sơ TTHC), their append-only event log, and the counters behind their codes."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import Component, CopyType, ProcedureCase, ProcedureVersion, ProcessStep
from motcua.directory.models import Agency, Department
from motcua.dossiers.states import State


class Channel(models.TextChoices):
    """Kênh nộp hồ sơ (Nghị định 118/2025 Điều 15)."""

    DIRECT = "direct", _("Trực tiếp")
    POSTAL = "postal", _("Bưu chính công ích")
    ONLINE = "online", _("Trực tuyến")


class ApplicantKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Cá nhân")
    ORGANISATION = "organisation", _("Tổ chức")


class Delivery(models.TextChoices):
    """Hình thức nhận kết quả."""

    DESK = "desk", _("Tại Bộ phận Một cửa")
    POST = "post", _("Qua bưu chính công ích")
    ELECTRONIC = "electronic", _("Bản điện tử")


class Timeliness(models.TextChoices):
    EARLY = "early", _("Trước hạn")
    ON_TIME = "on_time", _("Đúng hạn")
    LATE = "late", _("Quá hạn")


class Dossier(models.Model):
    """Hồ sơ thủ tục hành chính.

    Pins the procedure version and case it was received under. Every column below the
    "derived" marker is a cache of the event log (:class:`DossierEvent`), rebuilt by
    :func:`motcua.dossiers.log.replay`; only services write them.
    """

    code = models.CharField(_("mã hồ sơ"), max_length=60, null=True, blank=True, unique=True)
    submission_ref = models.CharField(_("mã nộp hồ sơ"), max_length=60, unique=True)
    idempotency_key = models.CharField(max_length=120, null=True, blank=True, unique=True)
    version = models.ForeignKey(
        ProcedureVersion,
        verbose_name=_("phiên bản thủ tục"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    case = models.ForeignKey(
        ProcedureCase, verbose_name=_("trường hợp"), on_delete=models.PROTECT, related_name="+"
    )
    channel = models.CharField(_("kênh nộp"), max_length=10, choices=Channel.choices)
    receiving_agency = models.ForeignKey(
        Agency, verbose_name=_("nơi tiếp nhận"), on_delete=models.PROTECT, related_name="+"
    )
    competent_agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan giải quyết"), on_delete=models.PROTECT, related_name="+"
    )
    boundary_free = models.BooleanField(_("tiếp nhận không phụ thuộc địa giới"), default=False)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("hồ sơ gốc (liên thông)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    applicant_kind = models.CharField(
        _("loại đối tượng"), max_length=12, choices=ApplicantKind.choices
    )
    applicant_name = models.CharField(_("chủ hồ sơ"), max_length=255)
    applicant_id_number = models.CharField(_("số định danh / mã số thuế"), max_length=20)
    applicant_address = models.CharField(_("địa chỉ"), max_length=500, blank=True)
    applicant_phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    applicant_email = models.EmailField(_("thư điện tử"), blank=True)
    submitter_name = models.CharField(_("người nộp thay"), max_length=255, blank=True)
    sets = models.PositiveSmallIntegerField(_("số bộ hồ sơ"), default=1)
    delivery = models.CharField(
        _("nhận kết quả"), max_length=12, choices=Delivery.choices, default=Delivery.DESK
    )
    postal_tracking = models.CharField(_("mã bưu gửi (nộp)"), max_length=60, blank=True)
    submitted_at = models.DateTimeField(_("thời điểm nộp"))
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản nộp trực tuyến"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="submitted_dossiers",
    )

    # --- derived from the event log ---------------------------------------------------------
    state = models.CharField(_("trạng thái"), max_length=24, choices=State.choices, db_index=True)
    national_status = models.PositiveSmallIntegerField(_("trạng thái quốc gia"))
    reception_due_at = models.DateTimeField(_("hạn tiếp nhận"), null=True, blank=True)
    received_at = models.DateTimeField(_("thời điểm tiếp nhận"), null=True, blank=True)
    original_due_at = models.DateTimeField(_("hẹn trả ban đầu"), null=True, blank=True)
    due_at = models.DateTimeField(_("hạn giải quyết"), null=True, blank=True, db_index=True)
    promised_due_at = models.DateTimeField(_("hẹn trả lại (xin lỗi)"), null=True, blank=True)
    paused_since = models.DateTimeField(_("tạm dừng tính thời gian từ"), null=True, blank=True)
    paused_seconds = models.PositiveBigIntegerField(
        _("thời gian tạm dừng (giây làm việc)"), default=0
    )
    supplement_count = models.PositiveSmallIntegerField(_("số lần yêu cầu bổ sung"), default=0)
    apology_count = models.PositiveSmallIntegerField(_("số lần xin lỗi"), default=0)
    decided_at = models.DateTimeField(_("thời điểm có kết quả"), null=True, blank=True)
    returned_at = models.DateTimeField(_("thời điểm trả kết quả"), null=True, blank=True)
    timeliness = models.CharField(
        _("kết quả đúng hạn"), max_length=8, choices=Timeliness.choices, blank=True
    )
    current_step = models.ForeignKey(
        ProcessStep,
        verbose_name=_("bước hiện tại"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    step_started_at = models.DateTimeField(null=True, blank=True)
    step_due_at = models.DateTimeField(_("hạn bước hiện tại"), null=True, blank=True)
    holder_agency = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan đang giữ"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
    )
    holder_department = models.ForeignKey(
        Department,
        verbose_name=_("phòng đang xử lý"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người đang xử lý"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    holder_role = models.CharField(_("vai trò đang xử lý"), max_length=24, blank=True)
    book_year = models.PositiveSmallIntegerField(_("năm sổ"), null=True, blank=True)
    book_entry = models.PositiveIntegerField(_("số thứ tự trong sổ"), null=True, blank=True)
    result_count = models.PositiveSmallIntegerField(_("số kết quả"), default=0)
    last_seq = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("hồ sơ")
        verbose_name_plural = _("hồ sơ")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["holder_agency", "state", "id"]),
            models.Index(fields=["assignee", "state", "id"]),
            models.Index(fields=["receiving_agency", "state", "id"]),
            models.Index(fields=["competent_agency", "state", "due_at"]),
        ]

    def __str__(self) -> str:
        return self.code or self.submission_ref

    @property
    def national_label(self) -> str:
        from motcua.dossiers.states import NATIONAL_LABEL

        return NATIONAL_LABEL[self.national_status]


class DossierEvent(models.Model):
    """Một sự kiện trong lịch sử hồ sơ (append-only: never updated or deleted)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="events")
    seq = models.PositiveIntegerField(_("thứ tự"))
    at = models.DateTimeField(_("thời điểm"))
    action = models.CharField(_("hành động"), max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField(_("tên người thực hiện"), max_length=255, blank=True)
    actor_role = models.CharField(_("vai trò"), max_length=24, blank=True)
    actor_agency = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    state = models.CharField(_("trạng thái sau"), max_length=24, choices=State.choices)
    national_status = models.PositiveSmallIntegerField(_("trạng thái quốc gia"))
    step = models.ForeignKey(
        ProcessStep, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    step_due_at = models.DateTimeField(null=True, blank=True)
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    to_department = models.ForeignKey(
        Department, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("nội dung"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("sự kiện hồ sơ")
        verbose_name_plural = _("lịch sử hồ sơ")
        ordering = ["dossier", "seq"]
        constraints = [models.UniqueConstraint(fields=["dossier", "seq"], name="dossier_event_seq")]

    def __str__(self) -> str:
        return f"{self.dossier} #{self.seq} {self.action}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise RuntimeError("Lịch sử hồ sơ chỉ được ghi thêm, không được sửa.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("Lịch sử hồ sơ không được xóa.")


class DossierComponent(models.Model):
    """Thành phần hồ sơ đã nộp: what was presented and in what form."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="components")
    component = models.ForeignKey(
        Component, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("tên giấy tờ"), max_length=1000)
    copy_type = models.CharField(_("hình thức"), max_length=15, choices=CopyType.choices)
    quantity = models.PositiveSmallIntegerField(_("số lượng"), default=1)
    presented = models.BooleanField(_("đã nộp / xuất trình"), default=True)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("giấy tờ đã nộp")
        verbose_name_plural = _("giấy tờ đã nộp")
        ordering = ["dossier", "id"]

    def __str__(self) -> str:
        return self.name


class DossierResult(models.Model):
    """Kết quả giải quyết: code ``<mã hồ sơ>-KQ<n>`` (Nghị định 45/2020 Điều 14)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="results")
    code = models.CharField(_("mã kết quả"), max_length=80, unique=True)
    approved = models.BooleanField(_("đồng ý"), default=True)
    title = models.CharField(_("tên kết quả"), max_length=500)
    document_number = models.CharField(_("số văn bản"), max_length=80, blank=True)
    signer_name = models.CharField(_("người ký"), max_length=255, blank=True)
    decided_at = models.DateTimeField(_("ngày ký"))
    note = models.TextField(_("nội dung / lý do"), blank=True)

    class Meta:
        verbose_name = _("kết quả giải quyết")
        verbose_name_plural = _("kết quả giải quyết")
        ordering = ["dossier", "id"]

    def __str__(self) -> str:
        return self.code


class CodeCounter(models.Model):
    """Counters behind dossier codes (per agency and day) and receipt-book entries (per year).

    Locked with ``SELECT … FOR UPDATE`` inside the intake transaction, so codes are unique and
    gap-free per agency and day even under concurrent intake.
    """

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    scope = models.CharField(max_length=10)  # "day:YYMMDD" or "book:YYYY"
    value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "scope"], name="code_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.scope} = {self.value}"
