"""Plans (kế hoạch kiểm soát TTHC) as tracked tasks, and inspections (kiểm tra).

A :class:`Plan` belongs to one unit — a province (UBND tỉnh), an agency (sở, ngành, Thanh tra
tỉnh…) or a commune (UBND xã) — for one year, and implements the plan of the level above
(``parent``). Its tasks (:class:`PlanTask`) sit in roman-numbered sections; each task's
deadline text is kept verbatim and understood as a schedule (``schedule.py``) that creates
occurrences (:class:`TaskOccurrence`) — a fixed deadline, each periodic report, each quarterly
assessment of continuous work, each logged event. Officers report progress on an occurrence
(:class:`ProgressReport`) with evidence files stored by the documents package.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.plans.schedule import KIND_LABELS, Kind


class OwnerKind(models.TextChoices):
    PROVINCE = "province", _("Tỉnh (UBND tỉnh)")
    AGENCY = "agency", _("Cơ quan, đơn vị")
    COMMUNE = "commune", _("Xã, phường, đặc khu (UBND xã)")


class PlanStatus(models.TextChoices):
    ACTIVE = "active", _("Đang thực hiện")
    CLOSED = "closed", _("Đã kết thúc")


class Plan(models.Model):
    """Kế hoạch của một đơn vị cho một năm."""

    owner_kind = models.CharField(_("cấp"), max_length=10, choices=OwnerKind.choices)
    unit = models.ForeignKey(
        "directory.AdminUnit",
        verbose_name=_("đơn vị hành chính"),
        on_delete=models.PROTECT,
        related_name="plans",
    )
    agency = models.ForeignKey(
        "directory.Agency",
        verbose_name=_("cơ quan ban hành"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plans",
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    number = models.CharField(_("số, ký hiệu"), max_length=80, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    place = models.CharField(_("địa danh"), max_length=80, blank=True)
    title = models.CharField(_("trích yếu"), max_length=500)
    issuer_name = models.CharField(_("tên cơ quan ban hành"), max_length=255, blank=True)
    issuer_parent = models.CharField(_("cơ quan chủ quản"), max_length=255, blank=True)
    legal_basis = models.TextField(_("căn cứ"), blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("thực hiện kế hoạch cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    parent_ref = models.CharField(_("văn bản cấp trên (trích)"), max_length=255, blank=True)
    purpose = models.TextField(_("mục đích, yêu cầu"), blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.ACTIVE
    )
    source_name = models.CharField(_("tệp nhập"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("kế hoạch")
        verbose_name_plural = _("kế hoạch kiểm soát TTHC")
        ordering = ["-year", "owner_kind", "title"]
        indexes = [models.Index(fields=["unit", "year"])]

    def __str__(self) -> str:
        return f"{self.number or 'Kế hoạch'} — {self.title}"

    @property
    def owner_label(self) -> str:
        return self.issuer_name or (self.agency.name if self.agency_id else self.unit.name)


class PlanSection(models.Model):
    """Nhóm nhiệm vụ (I, II, III …) của phụ lục kế hoạch."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sections")
    number = models.CharField(_("số La Mã"), max_length=10)
    title = models.CharField(_("tên nhóm"), max_length=500)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("nhóm nhiệm vụ")
        verbose_name_plural = _("nhóm nhiệm vụ")
        ordering = ["plan", "order"]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


SCHEDULE_CHOICES = [(k.value, v) for k, v in KIND_LABELS.items()]


class PlanTask(models.Model):
    """Nhiệm vụ: nội dung, đơn vị chủ trì, phối hợp, sản phẩm, thời gian (giữ nguyên văn)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    section = models.ForeignKey(
        PlanSection, null=True, blank=True, on_delete=models.CASCADE, related_name="tasks"
    )
    number = models.CharField(_("số thứ tự"), max_length=20)
    group = models.CharField(_("thuộc mục"), max_length=500, blank=True)
    content = models.TextField(_("nội dung công việc"))
    lead = models.TextField(_("đơn vị chủ trì"), blank=True)
    cooperating = models.TextField(_("đơn vị phối hợp"), blank=True)
    product = models.TextField(_("sản phẩm, kết quả"), blank=True)
    deadline_text = models.TextField(_("thời gian (nguyên văn)"), blank=True)
    read_as = models.TextField(
        _("thời gian theo cách hiểu đã sửa"),
        blank=True,
        help_text=_("Trống: hiểu theo nguyên văn."),
    )
    schedule_kind = models.CharField(
        _("loại thời hạn"), max_length=12, choices=SCHEDULE_CHOICES, default=Kind.UNKNOWN
    )
    schedule = models.JSONField(_("lịch đã hiểu"), default=dict)
    due_on = models.DateField(_("hạn"), null=True, blank=True)
    start_on = models.DateField(_("bắt đầu"), null=True, blank=True)
    depends_on = models.ForeignKey(
        Plan,
        verbose_name=_("phụ thuộc kế hoạch"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="dependent_tasks",
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ["plan", "order"]

    def __str__(self) -> str:
        return f"{self.number}. {self.content[:80]}"


class OccurrenceStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Chưa thực hiện")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    BLOCKED = "blocked", _("Gặp vướng mắc")
    DONE = "done", _("Hoàn thành")


class TaskOccurrence(models.Model):
    """Một kỳ / một lần thực hiện nhiệm vụ, có hạn riêng."""

    task = models.ForeignKey(PlanTask, on_delete=models.CASCADE, related_name="occurrences")
    key = models.CharField(max_length=40)
    label = models.CharField(_("kỳ / lần"), max_length=255)
    starts_on = models.DateField(_("từ ngày"), null=True, blank=True)
    due_on = models.DateField(_("hạn"), null=True, blank=True, db_index=True)
    event_on = models.DateField(_("ngày phát sinh"), null=True, blank=True)
    event_note = models.CharField(_("sự việc phát sinh"), max_length=500, blank=True)
    status = models.CharField(
        _("tình trạng"),
        max_length=12,
        choices=OccurrenceStatus.choices,
        default=OccurrenceStatus.NOT_STARTED,
    )
    done_on = models.DateField(_("hoàn thành ngày"), null=True, blank=True)
    reminded_on = models.DateField(_("đã nhắc ngày"), null=True, blank=True)

    class Meta:
        verbose_name = _("kỳ thực hiện")
        verbose_name_plural = _("kỳ thực hiện")
        ordering = ["task", "due_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["task", "key"], name="plan_occurrence_key"),
        ]

    def __str__(self) -> str:
        return f"{self.task.number} {self.label}"


class ProgressReport(models.Model):
    """Báo cáo tiến độ một kỳ / một lần thực hiện, kèm tệp minh chứng."""

    occurrence = models.ForeignKey(TaskOccurrence, on_delete=models.CASCADE, related_name="reports")
    status = models.CharField(_("tình trạng"), max_length=12, choices=OccurrenceStatus.choices)
    note = models.TextField(_("kết quả thực hiện"), blank=True)
    done_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người báo cáo"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reporter_name = models.CharField(_("tên người báo cáo"), max_length=255)
    reported_at = models.DateTimeField(_("báo cáo lúc"))
    files = models.ManyToManyField(
        "documents.StoredFile", verbose_name=_("minh chứng"), blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("báo cáo tiến độ")
        verbose_name_plural = _("báo cáo tiến độ")
        ordering = ["-reported_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_status_display()} — {self.reporter_name}"


class PlanTarget(models.Model):
    """Chỉ tiêu của kế hoạch, ví dụ "Tỷ lệ số hóa hồ sơ 90%"; liên kết chỉ số giám sát."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets")
    task = models.ForeignKey(
        PlanTask, null=True, blank=True, on_delete=models.SET_NULL, related_name="targets"
    )
    text = models.CharField(_("chỉ tiêu (nguyên văn)"), max_length=1000)
    measure_key = models.CharField(_("chỉ số giám sát"), max_length=40, blank=True)
    value = models.DecimalField(_("mức chỉ tiêu (%)"), max_digits=5, decimal_places=2)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["plan", "order"]

    def __str__(self) -> str:
        return self.text


# --- inspections (kiểm tra) ------------------------------------------------------------------


class InspectionPlan(models.Model):
    """Kế hoạch kiểm tra công tác kiểm soát TTHC, một cửa của một năm."""

    unit = models.ForeignKey(
        "directory.AdminUnit", on_delete=models.PROTECT, related_name="inspection_plans"
    )
    agency = models.ForeignKey(
        "directory.Agency",
        verbose_name=_("cơ quan kiểm tra"),
        on_delete=models.PROTECT,
        related_name="inspection_plans",
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    title = models.CharField(_("tên kế hoạch"), max_length=500)
    number = models.CharField(_("số, ký hiệu"), max_length=80, blank=True)
    target_share = models.DecimalField(
        _("tỷ lệ đơn vị phải kiểm tra (%)"), max_digits=5, decimal_places=2, default=20
    )
    plan = models.ForeignKey(
        Plan,
        verbose_name=_("thuộc kế hoạch kiểm soát TTHC"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inspection_plans",
    )
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("kế hoạch kiểm tra")
        verbose_name_plural = _("kế hoạch kiểm tra")
        ordering = ["-year", "title"]

    def __str__(self) -> str:
        return self.title


class InspectionStatus(models.TextChoices):
    PLANNED = "planned", _("Dự kiến")
    DONE = "done", _("Đã kiểm tra")
    CLOSED = "closed", _("Đã khắc phục xong")


class Inspection(models.Model):
    """Một cuộc kiểm tra tại một cơ quan, đơn vị."""

    plan = models.ForeignKey(InspectionPlan, on_delete=models.CASCADE, related_name="inspections")
    agency = models.ForeignKey(
        "directory.Agency",
        verbose_name=_("đơn vị được kiểm tra"),
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    scheduled_on = models.DateField(_("ngày kiểm tra dự kiến"))
    inspected_on = models.DateField(_("ngày kiểm tra"), null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=InspectionStatus.choices, default=InspectionStatus.PLANNED
    )
    conclusion = models.TextField(_("kết luận"), blank=True)
    figures = models.JSONField(_("số liệu từ hệ thống lúc kiểm tra"), default=dict, blank=True)

    class Meta:
        verbose_name = _("cuộc kiểm tra")
        verbose_name_plural = _("cuộc kiểm tra")
        ordering = ["plan", "scheduled_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "agency"], name="inspection_once_per_plan")
        ]

    def __str__(self) -> str:
        return f"Kiểm tra {self.agency_id} ({self.scheduled_on:%d/%m/%Y})"


class CheckResult(models.TextChoices):
    PENDING = "pending", _("Chưa kiểm tra")
    PASS = "pass", _("Đạt")
    FAIL = "fail", _("Chưa đạt")
    NA = "na", _("Không áp dụng")


class InspectionCheck(models.Model):
    """Một nội dung của danh mục kiểm tra (check list)."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="checks")
    key = models.CharField(max_length=40)
    label = models.CharField(max_length=255)
    result = models.CharField(
        max_length=10, choices=CheckResult.choices, default=CheckResult.PENDING
    )
    note = models.TextField(_("ghi chú"), blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["inspection", "order"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "key"], name="inspection_check_key")
        ]

    def __str__(self) -> str:
        return self.label


class FindingStatus(models.TextChoices):
    OPEN = "open", _("Chưa khắc phục")
    IN_PROGRESS = "in_progress", _("Đang khắc phục")
    FIXED = "fixed", _("Đã khắc phục")


class Finding(models.Model):
    """Tồn tại, hạn chế phát hiện qua kiểm tra và yêu cầu khắc phục có thời hạn."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    check_key = models.CharField(_("nội dung kiểm tra"), max_length=40, blank=True)
    text = models.TextField(_("tồn tại, hạn chế"))
    correction = models.TextField(_("yêu cầu khắc phục"))
    due_on = models.DateField(_("hạn khắc phục"))
    status = models.CharField(
        max_length=12, choices=FindingStatus.choices, default=FindingStatus.OPEN
    )
    follow_up = models.TextField(_("kết quả khắc phục"), blank=True)
    fixed_on = models.DateField(_("ngày khắc phục xong"), null=True, blank=True)
    reminded_on = models.DateField(_("đã nhắc ngày"), null=True, blank=True)
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["inspection", "due_on", "id"]

    def __str__(self) -> str:
        return self.text[:80]
