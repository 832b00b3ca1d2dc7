"""Tables of the feedback package: petitions, their append-only history, readers' votes,
attachments and the per-province deadline profiles."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import Procedure
from motcua.directory.models import Agency
from motcua.dossiers.models import Dossier
from motcua.feedback.states import (
    Action,
    Basis,
    Category,
    Channel,
    Decision,
    Ground,
    Kind,
    NationalClass,
    SenderKind,
    State,
    Vote,
)


class Petition(models.Model):
    """Phản ánh, kiến nghị (PAKN) về quy định hành chính (Nghị định 20/2008/NĐ-CP).

    The history is the :class:`PetitionEvent` log; ``state``, ``agency``, the clock and the
    counters below are cached from it by the services (``log.replay`` rebuilds them).
    """

    code = models.CharField(_("mã PAKN"), max_length=30, unique=True)
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices, default=Kind.FEEDBACK)
    channel = models.CharField(_("hình thức tiếp nhận"), max_length=10, choices=Channel.choices)
    sender_kind = models.CharField(
        _("người gửi là"), max_length=12, choices=SenderKind.choices, default=SenderKind.INDIVIDUAL
    )
    sender_name = models.CharField(_("họ và tên / tên tổ chức"), max_length=255, blank=True)
    sender_address = models.CharField(_("địa chỉ"), max_length=500, blank=True)
    sender_phone = models.CharField(_("số điện thoại"), max_length=20, blank=True)
    sender_email = models.EmailField(_("thư điện tử"), blank=True)
    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản người gửi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    title = models.CharField(_("tiêu đề"), max_length=300)
    content = models.TextField(_("nội dung phản ánh"), max_length=10000)
    proposal = models.TextField(_("đề xuất, kiến nghị"), max_length=5000, blank=True)
    receiving_agency = models.ForeignKey(
        Agency, verbose_name=_("nơi tiếp nhận"), on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan đang xử lý"), on_delete=models.PROTECT, related_name="+"
    )
    external_ref = models.CharField(
        _("mã trên Cổng DVCQG"), max_length=60, null=True, blank=True, unique=True
    )
    idempotency_key = models.CharField(
        _("khóa chống gửi trùng"), max_length=80, null=True, blank=True, unique=True
    )
    # classification (phân loại)
    national_class = models.CharField(
        _("phân loại (Cổng DVCQG)"), max_length=12, choices=NationalClass.choices, blank=True
    )
    category = models.CharField(
        _("nội dung (ND 20/2008 Điều 5)"), max_length=2, choices=Category.choices, blank=True
    )
    procedure = models.ForeignKey(
        Procedure,
        verbose_name=_("thủ tục hành chính liên quan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    dossier = models.ForeignKey(
        Dossier,
        verbose_name=_("hồ sơ liên quan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    followup_of = models.ForeignKey(
        "self",
        verbose_name=_("phản ánh tiếp về kết quả của"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="followups",
    )
    # cached from the log
    state = models.CharField(_("trạng thái"), max_length=24, choices=State.choices)
    received_at = models.DateTimeField(_("ngày tiếp nhận lần đầu"), db_index=True)
    clock_started_at = models.DateTimeField(_("bắt đầu tính thời hạn"))
    due_at = models.DateTimeField(_("hạn của bước hiện tại"), null=True, blank=True)
    answered_at = models.DateTimeField(_("ngày trả lời"), null=True, blank=True)
    published_at = models.DateTimeField(_("ngày công khai"), null=True, blank=True)
    rejection_ground = models.CharField(
        _("lý do không tiếp nhận"), max_length=16, choices=Ground.choices, blank=True
    )
    decision = models.CharField(
        _("hình thức xử lý"), max_length=10, choices=Decision.choices, blank=True
    )
    basis = models.CharField(
        _("kết quả nghiên cứu"), max_length=12, choices=Basis.choices, blank=True
    )
    answer = models.TextField(_("nội dung trả lời"), blank=True)
    answer_file = models.ForeignKey(
        "documents.StoredFile",
        verbose_name=_("văn bản trả lời (PDF)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    public_title = models.CharField(_("tiêu đề công khai"), max_length=300, blank=True)
    public_content = models.TextField(_("nội dung công khai (đã ẩn thông tin cá nhân)"), blank=True)
    public_answer = models.TextField(_("trả lời công khai (đã ẩn thông tin cá nhân)"), blank=True)
    likes = models.PositiveIntegerField(_("số lượt thích"), default=0)
    dislikes = models.PositiveIntegerField(_("số lượt không thích"), default=0)
    last_seq = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(_("tạo lúc"))

    class Meta:
        verbose_name = _("phản ánh, kiến nghị")
        verbose_name_plural = _("phản ánh, kiến nghị")
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["agency", "state", "due_at"]),
            models.Index(fields=["state", "published_at"]),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def contact(self) -> str:
        return self.sender_phone or self.sender_email


class PetitionEvent(models.Model):
    """Một sự kiện trong lịch sử PAKN (append-only: never updated or deleted).

    ``agency`` is the agency that held the petition when the event happened; a transfer names
    the destination in ``to_agency`` (in motcua) or ``data["to_body"]`` (outside).
    """

    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="events")
    seq = models.PositiveIntegerField(_("thứ tự"))
    at = models.DateTimeField(_("thời điểm"))
    action = models.CharField(_("hành động"), max_length=24, choices=Action.choices)
    state = models.CharField(_("trạng thái sau"), max_length=24, choices=State.choices)
    agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="+"
    )
    to_agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField(_("tên người thực hiện"), max_length=255, blank=True)
    note = models.TextField(_("nội dung"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("sự kiện PAKN")
        verbose_name_plural = _("lịch sử PAKN")
        ordering = ["petition", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["petition", "seq"], name="petition_event_seq")
        ]
        indexes = [models.Index(fields=["agency", "action", "at"])]

    def __str__(self) -> str:
        return f"{self.petition} #{self.seq} {self.action}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise RuntimeError("Lịch sử PAKN chỉ được ghi thêm, không được sửa.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("Lịch sử PAKN không được xóa.")


class PetitionAttachment(models.Model):
    """Tệp đính kèm PAKN (checked by content by the documents package)."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="attachments")
    file = models.ForeignKey("documents.StoredFile", on_delete=models.PROTECT, related_name="+")
    event_seq = models.PositiveIntegerField(_("gửi kèm sự kiện"), default=1)

    class Meta:
        ordering = ["petition", "id"]

    def __str__(self) -> str:
        return f"{self.petition_id}: {self.file_id}"


class Reaction(models.Model):
    """Lượt thích / không thích của người đọc một câu trả lời đã công khai (one per reader)."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="reactions")
    voter = models.CharField(_("người đánh giá (mã ẩn danh)"), max_length=64)
    vote = models.CharField(_("đánh giá"), max_length=8, choices=Vote.choices)
    at = models.DateTimeField(_("thời điểm"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["petition", "voter"], name="reaction_once")]

    def __str__(self) -> str:
        return f"{self.petition_id}: {self.vote}"


class CodeCounter(models.Model):
    """Counter behind petition codes (per day), locked with SELECT … FOR UPDATE."""

    scope = models.CharField(max_length=12, unique=True)
    value = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.scope} = {self.value}"


def _days(label: str, national: int):
    return models.PositiveSmallIntegerField(
        label,
        default=national,
        validators=[MinValueValidator(1), MaxValueValidator(national)],
        help_text=_("Ngày làm việc; không dài hơn quy định chung (%(n)s).") % {"n": national},
    )


class DeadlineProfile(models.Model):
    """Thời hạn xử lý PAKN của một tỉnh, khi quy định địa phương chặt chẽ hơn (spec §6.3).

    Staff deadlines and warnings use the province's profile; the QĐ 766 indicator always judges
    with the national rules (``ontime.DVCQG``).
    """

    province_code = models.CharField(_("mã tỉnh"), max_length=5, unique=True)
    reject_days = _days(_("từ chối tiếp nhận"), 2)
    supplement_days = _days(_("đề nghị bổ sung"), 5)
    transfer_days = _days(_("chuyển cơ quan có thẩm quyền"), 5)
    handle_days = _days(_("xử lý, trả lời"), 15)
    publish_days = _days(_("công khai kết quả"), 2)
    legal_basis = models.CharField(_("căn cứ"), max_length=300)

    class Meta:
        verbose_name = _("thời hạn PAKN của tỉnh")
        verbose_name_plural = _("thời hạn PAKN của tỉnh")

    def __str__(self) -> str:
        return f"{self.province_code}: {self.legal_basis}"
