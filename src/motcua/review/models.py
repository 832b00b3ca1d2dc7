"""Review plans (kế hoạch rà soát, đánh giá TTHC), review forms, simplification proposals
(phương án đơn giản hóa) and compliance costs (chi phí tuân thủ) before and after."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import (
    Procedure,
    ProcedureCase,
    ProcedureVersion,
    PublicationDecision,
    TimeUnit,
)
from motcua.directory.models import Agency

#: Elements of a procedure judged for reasonableness (tính hợp lý), in the order of the review
#: form (TT 02/2017/TT-VPCP, biểu mẫu rà soát, đánh giá TTHC; ND 63/2010 Điều 8).
ELEMENTS = {
    "name": "Tên thủ tục hành chính",
    "steps": "Trình tự thực hiện (các bước, thứ tự)",
    "manner": "Cách thức thực hiện",
    "components": "Thành phần, số lượng hồ sơ",
    "forms": "Mẫu đơn, mẫu tờ khai",
    "time_limit": "Thời hạn giải quyết",
    "subjects": "Đối tượng thực hiện",
    "agencies": "Cơ quan thực hiện",
    "requirements": "Yêu cầu, điều kiện",
    "fees": "Phí, lệ phí",
    "result": "Kết quả thực hiện",
}


class HourlyIncome(models.Model):
    """Thu nhập bình quân 1 giờ làm việc: the value of an hour in the cost form, with its source
    (e.g. "Tổng cục Thống kê, thu nhập bình quân năm 2024") and the year of the data."""

    year = models.PositiveSmallIntegerField(_("năm số liệu"), unique=True)
    amount = models.DecimalField(_("đồng/giờ"), max_digits=12, decimal_places=2)
    source = models.CharField(_("nguồn số liệu"), max_length=300)
    income = models.DecimalField(
        _("thu nhập bình quân dùng để tính (đồng)"),
        max_digits=14,
        decimal_places=0,
        null=True,
        blank=True,
    )
    working_days = models.DecimalField(
        _("số ngày làm việc của kỳ thu nhập"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("thu nhập bình quân 1 giờ")
        verbose_name_plural = _("thu nhập bình quân 1 giờ")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.amount:,.0f} đồng/giờ ({self.year})".replace(",", ".")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Đang thực hiện")
    DONE = "done", _("Đã hoàn thành")


class ReviewPlan(models.Model):
    """Kế hoạch rà soát, đánh giá TTHC of a unit for a year, with its reduction targets."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan chủ trì"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    number = models.CharField(_("số, ký hiệu kế hoạch"), max_length=80, blank=True)
    title = models.CharField(_("tên kế hoạch"), max_length=500)
    legal_basis = models.TextField(_("căn cứ"), blank=True)
    cost_target = models.DecimalField(
        _("mục tiêu cắt giảm chi phí (%)"), max_digits=5, decimal_places=2, default=Decimal(30)
    )
    time_target = models.DecimalField(
        _("mục tiêu cắt giảm thời gian (%)"), max_digits=5, decimal_places=2, default=Decimal(30)
    )
    internal_cost_target = models.DecimalField(
        _("mục tiêu cắt giảm chi phí TTHC nội bộ (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(20),
    )
    internal_time_target = models.DecimalField(
        _("mục tiêu cắt giảm thời gian TTHC nội bộ (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(20),
    )
    hourly_income = models.ForeignKey(
        HourlyIncome,
        verbose_name=_("thu nhập bình quân 1 giờ áp dụng"),
        on_delete=models.PROTECT,
        related_name="plans",
    )
    status = models.CharField(
        _("trạng thái"), max_length=8, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    created_at = models.DateTimeField(_("tạo lúc"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("kế hoạch rà soát TTHC")
        verbose_name_plural = _("kế hoạch rà soát TTHC")
        ordering = ["-year", "agency__name", "id"]

    def __str__(self) -> str:
        return self.title


class ItemStatus(models.TextChoices):
    PENDING = "pending", _("Chưa rà soát")
    REVIEWED = "reviewed", _("Đã rà soát")
    PROPOSED = "proposed", _("Có phương án đơn giản hóa")
    KEPT = "kept", _("Giữ nguyên")
    ADOPTED = "adopted", _("Đã chuyển công bố")


class ReviewItem(models.Model):
    """One procedure of a plan: its review form (biểu mẫu rà soát) and simplification proposal.

    ``assessment`` holds, per element of :data:`ELEMENTS`, ``{"ok": true|false|null,
    "note": "…", "proposal": "…"}``. ``changes`` holds the proposal's structured changes to the
    reviewed version: ``time_limit`` ``{"amount", "unit"}``, ``components_removed`` [component
    ids], ``fees`` {fee id: new amount}, ``channels`` [channel values], ``steps`` {step id: new
    amount} — applied to a copy of the version when the proposal is adopted.
    """

    plan = models.ForeignKey(ReviewPlan, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    procedure = models.ForeignKey(
        Procedure, verbose_name=_("thủ tục"), on_delete=models.PROTECT, related_name="+"
    )
    version = models.ForeignKey(
        ProcedureVersion,
        verbose_name=_("phiên bản được rà soát"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    case = models.ForeignKey(
        ProcedureCase,
        verbose_name=_("trường hợp được rà soát"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=ItemStatus.choices, default=ItemStatus.PENDING
    )
    # --- review form ---------------------------------------------------------------------
    necessity_ok = models.BooleanField(_("cần thiết"), null=True, blank=True)
    necessity = models.TextField(_("sự cần thiết"), blank=True)
    assessment = models.JSONField(_("tính hợp lý từng bộ phận"), default=dict, blank=True)
    legality_ok = models.BooleanField(_("hợp pháp"), null=True, blank=True)
    legality = models.TextField(_("tính hợp pháp"), blank=True)
    # --- proposal ------------------------------------------------------------------------
    proposal = models.TextField(_("nội dung phương án đơn giản hóa"), blank=True)
    reasons = models.TextField(_("lý do"), blank=True)
    recommendation = models.TextField(_("kiến nghị thực thi"), blank=True)
    changes = models.JSONField(_("thay đổi đề xuất"), default=dict, blank=True)
    # --- adoption (the catalog's publication-decision flow) ------------------------------
    decision = models.ForeignKey(
        PublicationDecision,
        verbose_name=_("quyết định công bố"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    new_version = models.ForeignKey(
        ProcedureVersion,
        verbose_name=_("phiên bản mới (dự thảo)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"))

    class Meta:
        verbose_name = _("thủ tục được rà soát")
        verbose_name_plural = _("thủ tục được rà soát")
        ordering = ["plan", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "procedure"], name="review_item_unique")
        ]

    def __str__(self) -> str:
        return f"{self.procedure.code} — {self.plan}"

    @property
    def is_internal(self) -> bool:
        return self.version.is_internal


class Scenario(models.TextChoices):
    BEFORE = "before", _("Trước khi đơn giản hóa")
    AFTER = "after", _("Sau khi đơn giản hóa")


class NSource(models.TextChoices):
    MANUAL = "manual", _("Nhập tay / ước tính")
    MEASURED = "measured", _("Đo từ hệ thống")


class ComplianceCost(models.Model):
    """Chi phí tuân thủ of one procedure in one scenario: activity rows (:class:`CostRow`),
    the hourly income used, N (số lượng đối tượng / hồ sơ một năm), F (tần suất / năm), and the
    time limit T of the scenario (for the time-reduction rate)."""

    item = models.ForeignKey(ReviewItem, on_delete=models.CASCADE, related_name="costs")
    scenario = models.CharField(_("phương án"), max_length=6, choices=Scenario.choices)
    hourly_income = models.DecimalField(_("thu nhập 1 giờ (đồng)"), max_digits=12, decimal_places=2)
    hourly_income_source = models.CharField(_("nguồn thu nhập 1 giờ"), max_length=300)
    n_per_year = models.DecimalField(
        _("số lượng đối tượng (hồ sơ) / năm"), max_digits=12, decimal_places=2, default=Decimal(0)
    )
    n_source = models.CharField(
        _("nguồn số lượng"), max_length=8, choices=NSource.choices, default=NSource.MANUAL
    )
    n_period = models.CharField(_("kỳ đo"), max_length=200, blank=True)
    actual_days = models.DecimalField(
        _("thời gian giải quyết thực tế bình quân (ngày làm việc, đo từ hệ thống)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
    )
    frequency = models.DecimalField(
        _("tần suất / năm"), max_digits=8, decimal_places=3, default=Decimal(1)
    )
    time_amount = models.DecimalField(
        _("thời hạn giải quyết"), max_digits=8, decimal_places=3, null=True, blank=True
    )
    time_unit = models.CharField(
        _("đơn vị thời hạn"), max_length=15, choices=TimeUnit.choices, blank=True
    )

    class Meta:
        verbose_name = _("chi phí tuân thủ")
        verbose_name_plural = _("chi phí tuân thủ")
        constraints = [
            models.UniqueConstraint(fields=["item", "scenario"], name="review_cost_unique")
        ]

    def __str__(self) -> str:
        return f"{self.item} — {self.get_scenario_display()}"


class CostRow(models.Model):
    """Một công việc (hoạt động) of the cost form."""

    cost = models.ForeignKey(ComplianceCost, on_delete=models.CASCADE, related_name="rows")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    label = models.CharField(_("công việc"), max_length=500)
    hours = models.DecimalField(_("số giờ"), max_digits=10, decimal_places=2, default=Decimal(0))
    fee = models.DecimalField(
        _("phí, lệ phí (đồng)"), max_digits=14, decimal_places=0, default=Decimal(0)
    )
    service = models.DecimalField(
        _("thuê dịch vụ (đồng)"), max_digits=14, decimal_places=0, default=Decimal(0)
    )
    other = models.DecimalField(
        _("chi phí khác (đồng)"), max_digits=14, decimal_places=0, default=Decimal(0)
    )

    class Meta:
        verbose_name = _("công việc")
        verbose_name_plural = _("công việc")
        ordering = ["cost", "order", "id"]

    def __str__(self) -> str:
        return self.label
