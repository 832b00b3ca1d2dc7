"""Files, digitisation records, the applicant's document store and electronic results.

Only :mod:`motcua.documents.services` writes these tables. Every stored file carries its
SHA-256 and size; the bytes live in the configured storage backend (:mod:`.storage`).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import Component
from motcua.directory.models import Agency
from motcua.dossiers.models import DossierComponent, DossierResult


class FileKind(models.TextChoices):
    PDF = "pdf", "PDF"
    JPEG = "jpeg", "JPEG"
    PNG = "png", "PNG"


class FilePurpose(models.TextChoices):
    COMPONENT = "component", _("Thành phần hồ sơ")
    RESULT = "result", _("Kết quả điện tử")
    EVIDENCE = "evidence", _("Minh chứng thực hiện kế hoạch")
    FEEDBACK = "feedback", _("Phản ánh, kiến nghị (tệp đính kèm, văn bản trả lời)")


class StoredFile(models.Model):
    """Tệp lưu trữ: one stored file, checked by content, with its SHA-256 and size.

    The id is a random UUID: it names the file in download addresses (``/tai-lieu/<id>/``),
    which are permission-checked anyway.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    storage = models.CharField(_("nơi lưu"), max_length=40)
    key = models.CharField(_("khóa lưu trữ"), max_length=255)
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    kind = models.CharField(_("định dạng"), max_length=8, choices=FileKind.choices)
    content_type = models.CharField(_("kiểu nội dung"), max_length=100)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255, blank=True)
    pages = models.PositiveIntegerField(_("số trang"), default=1)
    purpose = models.CharField(_("mục đích"), max_length=12, choices=FilePurpose.choices)
    created_at = models.DateTimeField(_("lưu lúc"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người lưu"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("tệp lưu trữ")
        verbose_name_plural = _("tệp lưu trữ")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.original_name or f"{self.sha256[:12]}.{self.kind}"

    @property
    def download_name(self) -> str:
        from motcua.documents.validation import EXTENSIONS

        stem = (self.original_name.rsplit(".", 1)[0] if self.original_name else "") or str(self.id)[
            :8
        ]
        return f"{stem}{EXTENSIONS.get(self.kind, '')}"


class DigitisationState(models.TextChoices):
    """Trạng thái số hóa thành phần hồ sơ (TD ``TrangThaiSoHoaConstant`` 0/1/2/3)."""

    NOT_DIGITISED = "not_digitised", _("Chưa số hóa")
    DIGITISED = "digitised", _("Đã số hóa")
    REUSED_FROM_COMPONENT = "reused_component", _("Tái sử dụng giấy tờ đã số hóa")
    REUSED_FROM_RESULT = "reused_result", _("Tái sử dụng kết quả giải quyết TTHC")


#: National codes of :class:`DigitisationState` (0/1/2/3).
STATE_CODE = {
    DigitisationState.NOT_DIGITISED: 0,
    DigitisationState.DIGITISED: 1,
    DigitisationState.REUSED_FROM_COMPONENT: 2,
    DigitisationState.REUSED_FROM_RESULT: 3,
}


class Source(models.TextChoices):
    """Nguồn bản điện tử của thành phần hồ sơ."""

    UPLOAD = "upload", _("Tải lên")
    SCAN_AT_COUNTER = "scan", _("Quét tại Bộ phận Một cửa")
    KHO_DVCQG = "kho", _("Kho dữ liệu điện tử của tổ chức, cá nhân")
    NATIONAL_DB = "national_db", _("Cơ sở dữ liệu quốc gia, chuyên ngành")
    PREVIOUS_RESULT = "previous_result", _("Kết quả giải quyết TTHC trước")


class NotScanned(models.TextChoices):
    """Lý do không số hóa (TT 01/2023/TT-VPCP; TT 03/2025 Điều 5.2)."""

    SHOWN = "shown", _("Chỉ xuất trình")
    NATIONAL_DB = "national_db", _("Đã có trong CSDL quốc gia, chuyên ngành")
    SECRET = "secret", _("Tài liệu mật")


class ComponentDigitisation(models.Model):
    """Số hóa một thành phần hồ sơ: its state, source, files and the officer's certification.

    Made on first use for a :class:`~motcua.dossiers.models.DossierComponent`. A component is
    settled when it is digitised (scanned and certified), reused from the applicant's store,
    or marked as not to be scanned (only shown, in a national database, secret).
    """

    component = models.OneToOneField(
        DossierComponent,
        verbose_name=_("thành phần hồ sơ"),
        on_delete=models.CASCADE,
        related_name="digitisation",
    )
    state = models.CharField(
        _("trạng thái số hóa"),
        max_length=20,
        choices=DigitisationState.choices,
        default=DigitisationState.NOT_DIGITISED,
    )
    source = models.CharField(_("nguồn"), max_length=16, choices=Source.choices, blank=True)
    not_scanned = models.CharField(
        _("không số hóa vì"), max_length=12, choices=NotScanned.choices, blank=True
    )
    national_doc_code = models.CharField(
        _("mã giấy tờ kho quốc gia / CSDL"), max_length=60, blank=True
    )
    replaced_by_result_code = models.CharField(_("mã kết quả thay thế"), max_length=80, blank=True)
    pages_declared = models.PositiveIntegerField(_("số trang bản giấy"), null=True, blank=True)
    digitised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người số hóa"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    digitised_at = models.DateTimeField(_("số hóa lúc"), null=True, blank=True)
    certified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xác nhận bản số hóa"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    certified_name = models.CharField(_("họ tên người xác nhận"), max_length=255, blank=True)
    certified_at = models.DateTimeField(_("xác nhận lúc"), null=True, blank=True)
    certified_digest = models.CharField(_("mã băm các tệp đã xác nhận"), max_length=64, blank=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"))

    class Meta:
        verbose_name = _("số hóa thành phần hồ sơ")
        verbose_name_plural = _("số hóa thành phần hồ sơ")
        indexes = [models.Index(fields=["state"])]

    def __str__(self) -> str:
        return f"{self.component} — {self.get_state_display()}"

    @property
    def settled(self) -> bool:
        return self.state != DigitisationState.NOT_DIGITISED or bool(self.not_scanned)


class Variant(models.TextChoices):
    """Trang có giấy ghi chú dán kèm: two images (TT 01/2023 Điều 8.2 khoản 4)."""

    PLAIN = "", _("Trang thường")
    WITH_NOTE = "with_note", _("Có giấy ghi chú")
    WITHOUT_NOTE = "without_note", _("Không có giấy ghi chú")


class ComponentFile(models.Model):
    """Một tệp (bản quét) của thành phần hồ sơ, in page order."""

    digitisation = models.ForeignKey(
        ComponentDigitisation, on_delete=models.CASCADE, related_name="files"
    )
    file = models.ForeignKey(StoredFile, on_delete=models.PROTECT, related_name="component_links")
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    variant = models.CharField(
        _("loại trang"), max_length=12, choices=Variant.choices, default="", blank=True
    )
    added_at = models.DateTimeField(_("thêm lúc"))
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("tệp của thành phần hồ sơ")
        verbose_name_plural = _("tệp của thành phần hồ sơ")
        ordering = ["digitisation", "order"]
        constraints = [
            models.UniqueConstraint(fields=["digitisation", "order"], name="component_file_order")
        ]

    def __str__(self) -> str:
        return f"{self.digitisation.component} #{self.order}"


class DocumentKind(models.TextChoices):
    COMPONENT = "component", _("Giấy tờ đã số hóa")
    RESULT = "result", _("Kết quả giải quyết TTHC")


class DigitisedDocument(models.Model):
    """Giấy tờ trong kho dữ liệu điện tử của tổ chức, cá nhân (keyed by số định danh).

    Filled by the desk when it certifies a digitised component, and by e-results; reused in a
    later dossier of the same applicant instead of scanning again.
    """

    owner_id_number = models.CharField(_("số định danh / mã số thuế"), max_length=20)
    owner_name = models.CharField(_("chủ sở hữu"), max_length=255)
    kind = models.CharField(_("loại"), max_length=10, choices=DocumentKind.choices)
    title = models.CharField(_("tên giấy tờ"), max_length=1000)
    code = models.CharField(_("mã giấy tờ / mã kết quả"), max_length=80, blank=True)
    catalog_component = models.ForeignKey(
        Component,
        verbose_name=_("thành phần trong danh mục"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    #: the file of a result; a digitised component's files are those of ``source_component``
    file = models.ForeignKey(
        StoredFile, null=True, blank=True, on_delete=models.PROTECT, related_name="store_entries"
    )
    source_component = models.ForeignKey(
        DossierComponent, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source_result = models.ForeignKey(
        DossierResult, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    issuer = models.CharField(_("cơ quan cấp / nơi số hóa"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("lưu vào kho lúc"))

    class Meta:
        verbose_name = _("giấy tờ trong kho dữ liệu điện tử")
        verbose_name_plural = _("kho dữ liệu điện tử của tổ chức, cá nhân")
        ordering = ["owner_id_number", "-created_at", "-id"]
        indexes = [models.Index(fields=["owner_id_number", "-created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["source_component"],
                condition=Q(source_component__isnull=False),
                name="store_once_per_component",
            ),
            models.UniqueConstraint(
                fields=["source_result"],
                condition=Q(source_result__isnull=False),
                name="store_once_per_result",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.owner_id_number}: {self.title}"


class DocumentReuse(models.Model):
    """Tái sử dụng: a stored document used for a component of a later dossier (indicator 4.3)."""

    component = models.OneToOneField(
        DossierComponent, on_delete=models.CASCADE, related_name="document_reuse"
    )
    document = models.ForeignKey(DigitisedDocument, on_delete=models.PROTECT, related_name="reuses")
    reused_at = models.DateTimeField(_("tái sử dụng lúc"))
    reused_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("tái sử dụng giấy tờ")
        verbose_name_plural = _("tái sử dụng giấy tờ")
        ordering = ["-reused_at"]

    def __str__(self) -> str:
        return f"{self.component} ← {self.document}"


class ElectronicResult(models.Model):
    """Kết quả điện tử: the signed PDF of a result (Nghị định 45/2020 Điều 14).

    Keeps the signature evidence taken at signing and the token that the QR code carries for
    the public download. A revoked result stays here for lookup.
    """

    result = models.OneToOneField(
        DossierResult, on_delete=models.PROTECT, related_name="electronic"
    )
    code = models.CharField(_("mã kết quả"), max_length=80, unique=True)
    file = models.ForeignKey(StoredFile, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan ký"), on_delete=models.PROTECT, related_name="+"
    )
    template = models.CharField(_("mẫu kết quả"), max_length=200)
    issued_at = models.DateTimeField(_("phát hành lúc"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người phát hành"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signer_backend = models.CharField(max_length=40)
    signer_subject = models.CharField(_("chứng thư ký"), max_length=500)
    signer_issuer = models.CharField(_("tổ chức cấp chứng thư"), max_length=500)
    signer_serial = models.CharField(max_length=80)
    signer_fingerprint = models.CharField(max_length=64)
    signed_at = models.DateTimeField(_("thời điểm ký"), null=True)
    signature_digest = models.CharField(max_length=64, db_index=True)
    access_token = models.CharField(max_length=64)
    evidence = models.JSONField(_("kết quả kiểm tra chữ ký khi ký"), default=dict)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    revoked_reason = models.CharField(_("lý do thu hồi"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("kết quả điện tử")
        verbose_name_plural = _("kết quả điện tử")
        ordering = ["-issued_at"]

    def __str__(self) -> str:
        return self.code
