"""Citizen and business accounts of the portal (tài khoản người dân, doanh nghiệp)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CitizenProfile(models.Model):
    """Hồ sơ tài khoản công dân: who the portal user is, and how they want to be told.

    ``identity_verified`` is set only by an identity provider plug-in (VNeID through OpenID
    Connect); a self-declared ID number is never treated as verified.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="citizen"
    )
    full_name = models.CharField(_("họ và tên"), max_length=255)
    phone = models.CharField(_("số điện thoại"), max_length=20, unique=True, null=True, blank=True)
    email = models.EmailField(_("thư điện tử"), unique=True, null=True, blank=True)
    id_number = models.CharField(_("số định danh cá nhân"), max_length=12, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=500, blank=True)
    identity_verified = models.BooleanField(_("đã xác thực định danh"), default=False)
    identity_provider = models.CharField(_("nhà cung cấp định danh"), max_length=40, blank=True)
    #: The provider's stable subject (``sub``) for this person, kept for audit and support.
    identity_subject = models.CharField(
        _("mã chủ thể tại nhà cung cấp"), max_length=255, blank=True
    )
    #: Mức độ xác thực as the provider stated it (e.g. the OpenID Connect ``acr`` claim).
    identity_assurance = models.CharField(_("mức độ xác thực"), max_length=100, blank=True)
    identity_verified_at = models.DateTimeField(_("xác thực định danh lúc"), null=True, blank=True)
    birth_date = models.DateField(_("ngày sinh"), null=True, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"))

    class Meta:
        verbose_name = _("tài khoản công dân")
        verbose_name_plural = _("tài khoản công dân")
        constraints = [
            # One account per verified person; self-declared numbers may repeat.
            models.UniqueConstraint(
                fields=["id_number"],
                condition=models.Q(identity_verified=True),
                name="citizen_verified_id_number_unique",
            )
        ]

    def __str__(self) -> str:
        return self.full_name
