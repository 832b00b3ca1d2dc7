"""Satisfaction ratings (đánh giá mức độ hài lòng) per dossier, linked to its officers."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.directory.models import Agency
from motcua.dossiers.models import Dossier


class Level(models.TextChoices):
    """Mức độ hài lòng (the three levels of the one-stop rating form)."""

    VERY_SATISFIED = "very_satisfied", _("Rất hài lòng")
    SATISFIED = "satisfied", _("Hài lòng")
    DISSATISFIED = "dissatisfied", _("Không hài lòng")


#: Levels counted as satisfied in the headline rate (spec satisfaction.md §1).
SATISFIED_LEVELS = (Level.VERY_SATISFIED, Level.SATISFIED)


class RatingChannel(models.TextChoices):
    """Where the rating was given."""

    COUNTER_DEVICE = "counter_device", _("Thiết bị đánh giá tại quầy")
    ONLINE = "online", _("Trực tuyến (trang tra cứu hồ sơ)")
    QR = "qr", _("Mã QR trên phiếu")
    ACCOUNT = "account", _("Tài khoản công dân")


class Rating(models.Model):
    """Phiếu đánh giá mức độ hài lòng về việc giải quyết một hồ sơ.

    One per dossier (the applicant may change it within ``MOTCUA_RATING_CHANGE_DAYS`` days of
    the first rating). The agencies and officers are copied from the dossier and its event log
    when the rating is given or changed, so that counts per agency and per officer need no
    join through the dossier's history.
    """

    dossier = models.OneToOneField(
        Dossier, verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="+"
    )
    receiving_agency = models.ForeignKey(
        Agency, verbose_name=_("nơi tiếp nhận"), on_delete=models.PROTECT, related_name="+"
    )
    competent_agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan giải quyết"), on_delete=models.PROTECT, related_name="+"
    )
    level = models.CharField(_("mức độ hài lòng"), max_length=16, choices=Level.choices)
    comment = models.TextField(_("ý kiến"), max_length=1000, blank=True)
    channel = models.CharField(_("kênh đánh giá"), max_length=16, choices=RatingChannel.choices)
    created_at = models.DateTimeField(_("đánh giá lúc"), db_index=True)
    updated_at = models.DateTimeField(_("sửa lần cuối lúc"))
    changes = models.PositiveSmallIntegerField(_("số lần thay đổi"), default=0)
    officers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="RatingOfficer",
        verbose_name=_("cán bộ đã xử lý"),
        related_name="+",
    )

    class Meta:
        verbose_name = _("phiếu đánh giá")
        verbose_name_plural = _("đánh giá mức độ hài lòng")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["competent_agency", "created_at"]),
            models.Index(fields=["receiving_agency", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.dossier} — {self.get_level_display()}"


class RatingOfficer(models.Model):
    """A person who acted on the rated dossier (a distinct actor of its events)."""

    rating = models.ForeignKey(Rating, on_delete=models.CASCADE, related_name="officer_links")
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    role = models.CharField(_("vai trò"), max_length=24, blank=True)

    class Meta:
        verbose_name = _("cán bộ được đánh giá")
        verbose_name_plural = _("cán bộ được đánh giá")
        ordering = ["rating", "id"]
        constraints = [
            models.UniqueConstraint(fields=["rating", "officer"], name="rating_officer_once")
        ]
        indexes = [models.Index(fields=["officer", "rating"])]

    def __str__(self) -> str:
        return f"{self.rating_id}: {self.officer_id}"
