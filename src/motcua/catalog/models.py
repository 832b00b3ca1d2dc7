"""Procedure catalog (danh mục thủ tục hành chính): procedures, versions, decisions, processes."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.core.text import fold
from motcua.directory.models import AdminUnit, Agency, AgencyType, Department, Role


class Level(models.TextChoices):
    """Cấp thực hiện."""

    PROVINCE = "province", _("Cấp tỉnh")
    COMMUNE = "commune", _("Cấp xã")
    CENTRAL = "central", _("Cấp trung ương")
    VERTICAL = "vertical", _("Cơ quan ngành dọc")


class OnlineLevel(models.TextChoices):
    """Mức độ dịch vụ công trực tuyến (Nghị định 42/2022/NĐ-CP Điều 11)."""

    FULL = "full", _("Toàn trình")
    PARTIAL = "partial", _("Một phần")
    NONE = "none", _("Không trực tuyến")


class Channel(models.TextChoices):
    """Cách thức thực hiện (Nghị định 118/2025/NĐ-CP Điều 15)."""

    DIRECT = "direct", _("Trực tiếp")
    POSTAL = "postal", _("Qua bưu chính công ích")
    ONLINE = "online", _("Trực tuyến")


class ChangeType(models.TextChoices):
    NEW = "new", _("Mới ban hành")
    AMENDED = "amended", _("Sửa đổi, bổ sung")
    REPLACED = "replaced", _("Thay thế")
    ABOLISHED = "abolished", _("Bãi bỏ")


class TimeUnit(models.TextChoices):
    WORKING_DAYS = "working_days", _("ngày làm việc")
    WORKING_HOURS = "working_hours", _("giờ làm việc")
    CALENDAR_DAYS = "calendar_days", _("ngày")
    SAME_DAY = "same_day", _("trong ngày")
    MONTHS = "months", _("tháng")


class SupplementClock(models.TextChoices):
    PAUSE = "pause", _("Tạm dừng, cộng thời gian bổ sung")
    RESET = "reset", _("Tính lại từ đầu khi nhận đủ hồ sơ")


class CopyType(models.TextChoices):
    ORIGINAL = "original", _("Bản chính")
    COPY = "copy", _("Bản sao")
    CERTIFIED_COPY = "certified_copy", _("Bản sao chứng thực")
    PHOTO = "photo", _("Bản chụp")
    PRESENT = "present", _("Xuất trình")


class FeeMode(models.TextChoices):
    BEFORE = "before", _("Thu trước")
    AFTER = "after", _("Thu khi trả kết quả")
    EXEMPT = "exempt", _("Miễn")


class AgencyRole(models.TextChoices):
    COMPETENT = "competent", _("Cơ quan có thẩm quyền")
    DELEGATED = "delegated", _("Cơ quan được ủy quyền")
    COORDINATING = "coordinating", _("Cơ quan phối hợp")


class Sector(models.Model):
    """Lĩnh vực."""

    code = models.CharField(_("mã lĩnh vực"), max_length=20, unique=True)
    name = models.CharField(_("tên lĩnh vực"), max_length=200)

    class Meta:
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Procedure(models.Model):
    """Thủ tục hành chính (TTHC), identified by its national code (mã TTHC, e.g. 1.001193).

    The content lives in immutable :class:`ProcedureVersion` rows; the columns here are the
    searchable summary of the version in force, refreshed when a version is published.
    """

    code = models.CharField(_("mã TTHC"), max_length=40, unique=True)
    name = models.CharField(_("tên thủ tục"), max_length=500)
    name_folded = models.CharField(max_length=500, editable=False, db_index=True)
    sector = models.ForeignKey(
        Sector, verbose_name=_("lĩnh vực"), on_delete=models.PROTECT, related_name="procedures"
    )
    level = models.CharField(_("cấp thực hiện"), max_length=10, choices=Level.choices)
    online_level = models.CharField(
        _("mức độ DVC trực tuyến"), max_length=10, choices=OnlineLevel.choices, default="none"
    )
    is_internal = models.BooleanField(_("thủ tục nội bộ"), default=False)
    boundary_free = models.BooleanField(_("không phụ thuộc địa giới hành chính"), default=False)
    is_active = models.BooleanField(_("đang áp dụng"), default=False)
    agency_types = models.ManyToManyField(
        AgencyType, verbose_name=_("loại cơ quan thực hiện"), blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("thủ tục hành chính")
        verbose_name_plural = _("thủ tục hành chính")
        ordering = ["name"]
        indexes = [models.Index(fields=["level", "online_level"])]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    def save(self, *args, **kwargs) -> None:
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)


class PublicationDecision(models.Model):
    """Quyết định công bố TTHC (mới ban hành, sửa đổi, thay thế, bãi bỏ)."""

    number = models.CharField(_("số quyết định"), max_length=80, unique=True)
    date = models.DateField(_("ngày ký"))
    title = models.CharField(_("trích yếu"), max_length=500)
    signer = models.CharField(_("người ký"), max_length=120)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=120, blank=True)
    issuer = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan ban hành"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="publication_decisions",
    )
    effective_date = models.DateField(_("ngày hiệu lực"))
    made_public_at = models.DateField(_("ngày công khai trên CSDL quốc gia"), null=True, blank=True)
    is_published = models.BooleanField(_("đã công bố"), default=False)
    published_at = models.DateTimeField(_("ghi nhận công bố lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("quyết định công bố")
        verbose_name_plural = _("quyết định công bố")
        ordering = ["-date", "number"]

    def __str__(self) -> str:
        return f"Quyết định số {self.number} ngày {self.date:%d/%m/%Y}"


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    PUBLISHED = "published", _("Đã công bố")


class ProcedureVersion(models.Model):
    """Phiên bản TTHC: the full content of a procedure as published by one decision.

    Immutable once published: a correction is a new version under a new decision. A dossier
    pins the version it was received under. ``effective_to`` is set when a later decision
    amends, replaces or abolishes it; an abolished version accepts no dossiers from its
    ``effective_from``.
    """

    procedure = models.ForeignKey(
        Procedure, verbose_name=_("thủ tục"), on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField(_("phiên bản số"))
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    change_type = models.CharField(
        _("loại công bố"), max_length=10, choices=ChangeType.choices, default=ChangeType.NEW
    )
    decision = models.ForeignKey(
        PublicationDecision,
        verbose_name=_("quyết định công bố"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="versions",
    )
    replaces = models.ForeignKey(
        "self",
        verbose_name=_("thay cho phiên bản"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    effective_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    effective_to = models.DateField(_("hết hiệu lực từ"), null=True, blank=True)
    name = models.CharField(_("tên thủ tục"), max_length=500)
    sector = models.ForeignKey(Sector, verbose_name=_("lĩnh vực"), on_delete=models.PROTECT)
    level = models.CharField(_("cấp thực hiện"), max_length=10, choices=Level.choices)
    is_internal = models.BooleanField(_("thủ tục nội bộ"), default=False)
    online_level = models.CharField(
        _("mức độ DVC trực tuyến"), max_length=10, choices=OnlineLevel.choices
    )
    boundary_free = models.BooleanField(_("không phụ thuộc địa giới hành chính"), default=False)
    is_inter_agency = models.BooleanField(_("liên thông"), default=False)
    channels = models.JSONField(_("cách thức thực hiện"), default=list)
    applicant_types = models.JSONField(_("đối tượng thực hiện"), default=list)
    steps_text = models.TextField(_("trình tự thực hiện"))
    requirements = models.TextField(_("yêu cầu, điều kiện"), blank=True)
    location = models.TextField(_("địa điểm thực hiện"), blank=True)
    result_name = models.CharField(_("kết quả thực hiện"), max_length=500)
    result_electronic = models.BooleanField(_("có kết quả điện tử"), default=True)
    result_paper_required = models.BooleanField(_("yêu cầu kết quả bản giấy"), default=False)
    legal_basis = models.JSONField(_("căn cứ pháp lý"), default=list)
    form_templates = models.JSONField(_("mẫu đơn, tờ khai"), default=list)
    note = models.TextField(_("ghi chú"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"))

    class Meta:
        verbose_name = _("phiên bản thủ tục")
        verbose_name_plural = _("phiên bản thủ tục")
        ordering = ["procedure", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "number"], name="version_number_unique")
        ]
        indexes = [models.Index(fields=["procedure", "status", "effective_from"])]

    def __str__(self) -> str:
        return f"{self.procedure.code} v{self.number}"

    @property
    def is_published(self) -> bool:
        return self.status == VersionStatus.PUBLISHED

    def save(self, *args, **kwargs) -> None:
        guard_published(self)
        super().save(*args, **kwargs)


def guard_published(obj: models.Model) -> None:
    """Refuse to change a published version or any of its parts (immutability rule)."""
    version = obj if isinstance(obj, ProcedureVersion) else getattr(obj, "version", None)
    if version is None or version.pk is None:
        return
    stored = ProcedureVersion.objects.filter(pk=version.pk).values_list("status", flat=True).first()
    if stored == VersionStatus.PUBLISHED:
        raise ValidationError(
            _("Phiên bản đã công bố không được sửa; hãy tạo phiên bản mới theo quyết định mới.")
        )


class VersionAgency(models.Model):
    """Cơ quan thực hiện của một phiên bản: by agency type, or one named agency."""

    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="agencies")
    role = models.CharField(_("vai trò"), max_length=15, choices=AgencyRole.choices)
    agency_type = models.ForeignKey(
        AgencyType, verbose_name=_("loại cơ quan"), on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan cụ thể"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("cơ quan thực hiện")
        verbose_name_plural = _("cơ quan thực hiện")

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.agency or self.agency_type}"

    def save(self, *args, **kwargs) -> None:
        guard_published(self)
        super().save(*args, **kwargs)


class ProcedureCase(models.Model):
    """Trường hợp của thủ tục: its own components, time limit, fees and clock settings."""

    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="cases")
    code = models.CharField(_("mã trường hợp"), max_length=40)
    name = models.CharField(_("tên trường hợp"), max_length=500)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    time_amount = models.DecimalField(_("thời hạn giải quyết"), max_digits=8, decimal_places=3)
    time_unit = models.CharField(_("đơn vị thời hạn"), max_length=15, choices=TimeUnit.choices)
    online_time_amount = models.DecimalField(
        _("thời hạn khi nộp trực tuyến"), max_digits=8, decimal_places=3, null=True, blank=True
    )
    online_time_unit = models.CharField(
        _("đơn vị thời hạn trực tuyến"), max_length=15, choices=TimeUnit.choices, blank=True
    )
    cutoff_time = models.TimeField(_("giờ chốt tiếp nhận trong ngày"), null=True, blank=True)
    cutoff_reading = models.CharField(
        _("cách hiểu giờ chốt"),
        max_length=1,
        choices=[
            ("a", _("Ngày làm việc tiếp theo là ngày thứ nhất")),
            ("b", _("Coi như tiếp nhận vào ngày làm việc tiếp theo")),
        ],
        default="b",
    )
    supplement_clock = models.CharField(
        _("thời gian khi bổ sung hồ sơ"),
        max_length=5,
        choices=SupplementClock.choices,
        default=SupplementClock.PAUSE,
    )
    calendar_days_skip_holidays = models.BooleanField(_("ngày lịch bỏ qua ngày lễ"), default=False)
    no_due_date = models.BooleanField(_("không có ngày hẹn trả"), default=False)
    supplement_expiry = models.CharField(
        _("khi quá hạn bổ sung"),
        max_length=5,
        choices=[("deny", _("Trả lời không đủ điều kiện")), ("stop", _("Dừng giải quyết"))],
        default="deny",
    )
    excluded_phases = models.JSONField(
        _("giai đoạn không tính vào thời hạn"),
        default=list,
        blank=True,
        help_text=_("fin_obligation (nghĩa vụ tài chính), suspension (tạm dừng)"),
    )

    class Meta:
        verbose_name = _("trường hợp")
        verbose_name_plural = _("trường hợp")
        ordering = ["version", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="case_code_per_version")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def time_limit_text(self) -> str:
        if self.no_due_date:
            return "Không có ngày hẹn trả"
        if self.time_unit == TimeUnit.SAME_DAY:
            text = "Trong ngày"
        else:
            amount = format(self.time_amount.normalize(), "f").replace(".", ",")
            text = f"{amount} {self.get_time_unit_display()}"
        if self.cutoff_time:
            text += f" (tiếp nhận sau {self.cutoff_time:%H:%M} tính từ ngày làm việc tiếp theo)"
        return text

    def save(self, *args, **kwargs) -> None:
        guard_published(self)
        super().save(*args, **kwargs)


class Component(models.Model):
    """Thành phần hồ sơ: a document the applicant provides."""

    version = models.ForeignKey(
        ProcedureVersion, on_delete=models.CASCADE, related_name="components"
    )
    cases = models.ManyToManyField(
        ProcedureCase, verbose_name=_("áp dụng cho trường hợp (trống: mọi trường hợp)"), blank=True
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    name = models.CharField(_("tên giấy tờ"), max_length=1000)
    copy_type = models.CharField(_("loại bản"), max_length=15, choices=CopyType.choices)
    quantity = models.PositiveSmallIntegerField(_("số lượng"), default=1)
    required = models.BooleanField(_("bắt buộc"), default=True)
    form_template = models.CharField(_("mẫu đơn, tờ khai"), max_length=500, blank=True)
    national_doc_code = models.CharField(_("mã giấy tờ kho quốc gia"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("thành phần hồ sơ")
        verbose_name_plural = _("thành phần hồ sơ")
        ordering = ["version", "order", "id"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        guard_published(self)
        super().save(*args, **kwargs)


class Fee(models.Model):
    """Phí, lệ phí of a case."""

    case = models.ForeignKey(ProcedureCase, on_delete=models.CASCADE, related_name="fees")
    name = models.CharField(_("tên phí, lệ phí"), max_length=300)
    amount = models.PositiveBigIntegerField(_("số tiền (đồng)"), default=0)
    mode = models.CharField(_("hình thức thu"), max_length=10, choices=FeeMode.choices)
    description = models.TextField(_("mô tả"), blank=True)

    class Meta:
        verbose_name = _("phí, lệ phí")
        verbose_name_plural = _("phí, lệ phí")
        ordering = ["case", "id"]

    def __str__(self) -> str:
        return f"{self.name}: {self.amount:,} đồng".replace(",", ".")

    @property
    def version(self) -> ProcedureVersion:
        return self.case.version

    def save(self, *args, **kwargs) -> None:
        guard_published(self)
        super().save(*args, **kwargs)


class ProcessStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    APPROVED = "approved", _("Đã phê duyệt")
    RETIRED = "retired", _("Hết hiệu lực")


class InternalProcess(models.Model):
    """Quy trình nội bộ (and the electronic workflow it configures) for one case.

    Applies to one agency, or — when ``agency`` is empty — to every competent agency of the
    province (a commune process approved once by the Chủ tịch UBND tỉnh). Approved by a
    decision; its counted step budgets must add up to the case's legal time limit.
    """

    case = models.ForeignKey(ProcedureCase, on_delete=models.CASCADE, related_name="processes")
    province = models.ForeignKey(
        AdminUnit, verbose_name=_("tỉnh"), on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan (trống: mọi cơ quan có thẩm quyền trong tỉnh)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="processes",
    )
    code = models.CharField(_("ký hiệu quy trình"), max_length=40)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=ProcessStatus.choices, default=ProcessStatus.DRAFT
    )
    approval_ref = models.CharField(_("quyết định phê duyệt"), max_length=200, blank=True)
    approved_at = models.DateTimeField(_("phê duyệt lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("quy trình nội bộ")
        verbose_name_plural = _("quy trình nội bộ")
        ordering = ["case", "code"]

    def __str__(self) -> str:
        return f"{self.code} — {self.case}"


class ProcessStep(models.Model):
    """Bước xử lý of an internal process."""

    process = models.ForeignKey(InternalProcess, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("bước"))
    name = models.CharField(_("nội dung công việc"), max_length=500)
    role = models.CharField(_("vai trò thực hiện"), max_length=24, choices=Role.choices)
    department = models.ForeignKey(
        Department,
        verbose_name=_("phòng thực hiện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    amount = models.DecimalField(_("thời gian"), max_digits=8, decimal_places=3, default=Decimal(0))
    unit = models.CharField(_("đơn vị thời gian"), max_length=15, choices=TimeUnit.choices)
    output_form = models.CharField(_("biểu mẫu, kết quả"), max_length=200, blank=True)
    send_back_allowed = models.BooleanField(_("được chuyển lại bước trước"), default=False)
    counts_toward_limit = models.BooleanField(_("tính vào thời hạn"), default=True)

    class Meta:
        verbose_name = _("bước xử lý")
        verbose_name_plural = _("bước xử lý")
        ordering = ["process", "order"]
        constraints = [
            models.UniqueConstraint(fields=["process", "order"], name="step_order_unique")
        ]

    def __str__(self) -> str:
        return f"Bước {self.order}: {self.name}"
