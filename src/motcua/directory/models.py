"""Directory: administrative units, agencies, departments, staff roles and delegations."""

from __future__ import annotations

from datetime import date, time

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.core.calendar import OfficeHours


class UnitKind(models.TextChoices):
    PROVINCE = "tinh", _("Tỉnh")
    CITY = "thanh_pho_trung_uong", _("Thành phố trực thuộc trung ương")
    COMMUNE = "xa", _("Xã")
    WARD = "phuong", _("Phường")
    SPECIAL_ZONE = "dac_khu", _("Đặc khu")
    TOWNSHIP = "thi_tran", _("Thị trấn (trước 01/7/2025)")


PROVINCE_KINDS = (UnitKind.PROVINCE, UnitKind.CITY)


class AdminUnit(models.Model):
    """Đơn vị hành chính: a province/city or a commune/ward/special zone.

    Units are versioned data, not code: a unit has a validity interval and successor links, so a
    merger (sáp nhập) ends the old unit and points to the new one while old records keep theirs.
    Codes are the official ones (2 digits for provinces, 5 for communes). Units before the
    2025 reform (63 provinces, old communes) are kept with ``valid_to = 2025-06-30``.
    """

    code = models.CharField(_("mã"), max_length=5, db_index=True)
    name = models.CharField(_("tên"), max_length=120)
    kind = models.CharField(_("loại"), max_length=24, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("thuộc tỉnh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    valid_from = models.DateField(_("hiệu lực từ"), default=date(2025, 7, 1))
    valid_to = models.DateField(_("hết hiệu lực"), null=True, blank=True)
    successors = models.ManyToManyField(
        "self",
        verbose_name=_("đơn vị kế thừa"),
        symmetrical=False,
        blank=True,
        related_name="predecessors",
    )
    name_folded = models.CharField(max_length=120, editable=False, db_index=True)

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        ordering = ["code", "-valid_from"]
        constraints = [
            # Codes are reused: a new commune often keeps the code of one of the merged ones.
            models.UniqueConstraint(fields=["code", "valid_from"], name="admin_unit_code_version")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_province(self) -> bool:
        return self.kind in PROVINCE_KINDS

    @property
    def province(self) -> AdminUnit:
        return self if self.parent_id is None else self.parent  # type: ignore[return-value]

    @property
    def province_code(self) -> str:
        return self.code if self.parent_id is None else self.parent.code  # type: ignore[union-attr]

    def save(self, *args, **kwargs) -> None:
        from motcua.core.text import fold

        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)


class AgencyLevel(models.TextChoices):
    PROVINCE = "province", _("Cấp tỉnh")
    COMMUNE = "commune", _("Cấp xã")


class AgencyType(models.Model):
    """Loại cơ quan: a kind of agency present in every province or commune (e.g. Sở Y tế).

    Procedures name their competent agencies by type, so that one national procedure resolves to
    Sở Y tế Lai Châu in Lai Châu and Sở Y tế Lạng Sơn in Lạng Sơn.
    """

    code = models.SlugField(_("mã loại"), max_length=40, unique=True)
    name = models.CharField(_("tên loại"), max_length=200)
    level = models.CharField(_("cấp"), max_length=10, choices=AgencyLevel.choices)
    is_service_centre = models.BooleanField(
        _("là Trung tâm Phục vụ hành chính công"), default=False
    )
    is_supervising_office = models.BooleanField(
        _("là cơ quan giám sát (Văn phòng UBND)"), default=False
    )

    class Meta:
        verbose_name = _("loại cơ quan")
        verbose_name_plural = _("loại cơ quan")
        ordering = ["level", "code"]

    def __str__(self) -> str:
        return self.name


class Agency(models.Model):
    """Cơ quan: an agency attached to an administrative unit.

    Carries its electronic identification code (mã định danh điện tử, QĐ 20/2020/QĐ-TTg), used in
    dossier codes, and its own office hours (giờ làm việc).
    """

    code = models.SlugField(_("mã cơ quan"), max_length=60, unique=True)
    name = models.CharField(_("tên cơ quan"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=80, blank=True)
    agency_type = models.ForeignKey(
        AgencyType,
        verbose_name=_("loại cơ quan"),
        on_delete=models.PROTECT,
        related_name="agencies",
    )
    unit = models.ForeignKey(
        AdminUnit,
        verbose_name=_("đơn vị hành chính"),
        on_delete=models.PROTECT,
        related_name="agencies",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("cơ quan cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    electronic_id = models.CharField(_("mã định danh điện tử"), max_length=40, unique=True)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=40, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    morning_start = models.TimeField(_("sáng từ"), default=time(7, 30))
    morning_end = models.TimeField(_("sáng đến"), default=time(11, 30))
    afternoon_start = models.TimeField(_("chiều từ"), default=time(13, 30))
    afternoon_end = models.TimeField(_("chiều đến"), default=time(17, 0))
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    name_folded = models.CharField(max_length=255, editable=False, db_index=True)

    class Meta:
        verbose_name = _("cơ quan")
        verbose_name_plural = _("cơ quan")
        ordering = ["unit__code", "name"]
        indexes = [models.Index(fields=["unit", "agency_type"])]

    def __str__(self) -> str:
        return self.name

    @property
    def office_hours(self) -> OfficeHours:
        return OfficeHours(
            sessions=(
                (self.morning_start, self.morning_end),
                (self.afternoon_start, self.afternoon_end),
            )
        )

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        try:
            self.office_hours  # noqa: B018 - validates the sessions
        except ValueError as exc:
            raise ValidationError({"afternoon_end": str(exc)}) from exc

    def save(self, *args, **kwargs) -> None:
        from motcua.core.text import fold

        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)


class Department(models.Model):
    """Phòng, bộ phận: a department inside an agency."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan"), on_delete=models.CASCADE, related_name="departments"
    )
    code = models.SlugField(_("mã phòng"), max_length=40)
    name = models.CharField(_("tên phòng"), max_length=255)

    class Meta:
        verbose_name = _("phòng, bộ phận")
        verbose_name_plural = _("phòng, bộ phận")
        ordering = ["agency", "name"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], name="department_code_per_agency")
        ]

    def __str__(self) -> str:
        return f"{self.name} — {self.agency.short_name or self.agency.name}"


class Role(models.TextChoices):
    """Vai trò của cán bộ trong một cơ quan."""

    RECEIVING_OFFICER = "receiving_officer", _("Công chức tiếp nhận và trả kết quả")
    SPECIALIST = "specialist", _("Chuyên viên thụ lý")
    DEPARTMENT_HEAD = "department_head", _("Lãnh đạo phòng")
    AGENCY_LEADER = "agency_leader", _("Lãnh đạo cơ quan")
    RECORDS_CLERK = "records_clerk", _("Văn thư")
    SUPERVISOR = "supervisor", _("Giám sát")
    ADMINISTRATOR = "administrator", _("Quản trị hệ thống")


class StaffRole(models.Model):
    """Vai trò của một cán bộ tại một cơ quan (a person may hold several)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản"),
        on_delete=models.CASCADE,
        related_name="staff_roles",
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="staff_roles"
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("phòng"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff_roles",
    )
    role = models.CharField(_("vai trò"), max_length=24, choices=Role.choices)
    title = models.CharField(_("chức danh"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("vai trò cán bộ")
        verbose_name_plural = _("vai trò cán bộ")
        constraints = [
            models.UniqueConstraint(fields=["user", "agency", "role"], name="staff_role_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.agency}"


class Delegation(models.Model):
    """Ủy quyền: a leader's authority delegated to another person for a date range.

    Recorded with its decision reference; effective only between ``valid_from`` and
    ``valid_to`` (inclusive) and only if not revoked.
    """

    agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="delegations"
    )
    delegator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ủy quyền"),
        on_delete=models.PROTECT,
        related_name="delegations_given",
    )
    delegate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người được ủy quyền"),
        on_delete=models.PROTECT,
        related_name="delegations_received",
    )
    role = models.CharField(
        _("thẩm quyền được ủy quyền"),
        max_length=24,
        choices=Role.choices,
        default=Role.AGENCY_LEADER,
    )
    valid_from = models.DateField(_("từ ngày"))
    valid_to = models.DateField(_("đến hết ngày"))
    reason = models.CharField(_("lý do"), max_length=255)
    decision_ref = models.CharField(_("văn bản ủy quyền"), max_length=120, blank=True)
    created_at = models.DateTimeField(_("ghi nhận lúc"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi nhận"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("ủy quyền")
        verbose_name_plural = _("ủy quyền")
        ordering = ["-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__gte=models.F("valid_from")), name="delegation_dates_ordered"
            )
        ]

    def __str__(self) -> str:
        period = f"{self.valid_from:%d/%m/%Y}–{self.valid_to:%d/%m/%Y}"
        return f"{self.delegator} → {self.delegate} ({period})"
