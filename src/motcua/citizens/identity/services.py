"""What a verified identity does to citizen accounts: log in, create, or link.

An account is found by its *verified* personal identification number (số định danh cá nhân);
a number a citizen typed at sign-up is never trusted to open an account. Every change is
audited.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction

from motcua.citizens.identity.base import IdentityError, VerifiedIdentity
from motcua.citizens.models import CitizenProfile
from motcua.citizens.services import PHONE, normalise_phone
from motcua.core import audit


class AccountExists(IdentityError):
    def __init__(self, what: str, name: str):
        super().__init__(
            "identity_account_exists",
            f"Đã có một tài khoản đăng ký bằng {what} này. Vui lòng đăng nhập bằng {what} và "
            f"mật khẩu (quên thì dùng “Quên mật khẩu?”), rồi mở trang “Định danh điện tử” "
            f"(/tai-khoan/dinh-danh/) và bấm “Liên kết với {name}”.",
            409,
        )


class LinkRefused(IdentityError):
    pass


class AccountUnavailable(IdentityError):
    def __init__(self) -> None:
        super().__init__(
            "identity_account_unavailable",
            "Tài khoản gắn với định danh này đã bị khóa hoặc không phải tài khoản công dân. "
            "Vui lòng liên hệ bộ phận hỗ trợ.",
            403,
        )


def _clean_phone(phone: str) -> str:
    phone = normalise_phone(phone)
    return phone if PHONE.match(phone) else ""


def _clean_email(email: str) -> str:
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        return ""
    return email


def _mark_verified(profile: CitizenProfile, identity: VerifiedIdentity, now: datetime) -> None:
    profile.id_number = identity.id_number
    profile.identity_verified = True
    profile.identity_provider = identity.provider
    profile.identity_subject = identity.subject[:255]
    profile.identity_assurance = identity.assurance[:100]
    profile.identity_verified_at = now
    if identity.full_name:
        profile.full_name = identity.full_name[:255]
    if identity.birth_date:
        profile.birth_date = identity.birth_date


def _fill_contacts(profile: CitizenProfile, identity: VerifiedIdentity) -> None:
    """Add the provider's phone and e-mail where the account has none and nobody else uses it."""
    phone, email = _clean_phone(identity.phone), _clean_email(identity.email)
    others = CitizenProfile.objects.exclude(pk=profile.pk)
    if phone and not profile.phone and not others.filter(phone=phone).exists():
        profile.phone = phone
    if email and not profile.email and not others.filter(email=email).exists():
        profile.email = email


def _verified_profile(id_number: str) -> CitizenProfile | None:
    return (
        CitizenProfile.objects.select_for_update()
        .select_related("user")
        .filter(id_number=id_number, identity_verified=True)
        .first()
    )


def sign_in(identity: VerifiedIdentity, *, now: datetime, name: str) -> tuple[CitizenProfile, bool]:
    """Đăng nhập bằng định danh điện tử: the account of this verified person, or a new one.

    Returns ``(profile, created)``. A new account gets the verified name, number, date of birth
    and — when no other account uses them — phone and e-mail; it has no password (login only
    through the provider until the citizen sets one with "Quên mật khẩu?"). If the provider's
    phone or e-mail already belongs to an unverified account, nothing is created: that account's
    owner must log in and link it (:func:`link`), so one person does not end up with two.
    """
    for attempt in range(2):
        try:
            with transaction.atomic():
                return _sign_in(identity, now=now, name=name)
        except (IntegrityError, AccountExists) as exc:
            # A concurrent first login of the same person may have created the account
            # between our look-up and our insert: then log into it.
            verified = CitizenProfile.objects.filter(
                id_number=identity.id_number, identity_verified=True
            ).exists()
            if attempt or not verified:
                if isinstance(exc, AccountExists):
                    raise
                raise IdentityError(
                    "identity_conflict", "Có lỗi khi tạo tài khoản. Vui lòng thử lại."
                ) from exc
    raise AssertionError("unreachable")


def _sign_in(
    identity: VerifiedIdentity, *, now: datetime, name: str
) -> tuple[CitizenProfile, bool]:
    profile = _verified_profile(identity.id_number)
    if profile is not None:
        user = profile.user
        if not user.is_active or user.is_staff or user.is_superuser:
            raise AccountUnavailable()
        _mark_verified(profile, identity, now)
        _fill_contacts(profile, identity)
        profile.save()
        audit.record(
            at=now,
            actor=user,
            action="citizens.identity_login",
            obj=profile,
            data={"provider": identity.provider, "assurance": identity.assurance},
        )
        return profile, False
    phone, email = _clean_phone(identity.phone), _clean_email(identity.email)
    if phone and CitizenProfile.objects.filter(phone=phone).exists():
        raise AccountExists("số điện thoại", name)
    if email and CitizenProfile.objects.filter(email=email).exists():
        raise AccountExists("thư điện tử", name)
    full_name = identity.full_name or "Công dân"
    User = get_user_model()
    user = User(username=f"cd-{uuid.uuid4().hex[:12]}", email=email, first_name=full_name[:150])
    user.set_unusable_password()
    user.save()
    profile = CitizenProfile(
        user=user, full_name=full_name, phone=phone or None, email=email or None, created_at=now
    )
    _mark_verified(profile, identity, now)
    profile.save()
    audit.record(
        at=now,
        actor=user,
        action="citizens.identity_signup",
        obj=profile,
        data={"provider": identity.provider, "assurance": identity.assurance},
    )
    return profile, True


@transaction.atomic
def link(
    user: AbstractBaseUser, identity: VerifiedIdentity, *, now: datetime, name: str
) -> CitizenProfile:
    """Liên kết: mark the logged-in citizen's account as this verified person.

    Refused when another account is already this verified person, or when this account is
    already verified as somebody else. A number typed at sign-up is replaced by the verified one.
    """
    profile = CitizenProfile.objects.select_for_update().filter(user=user).first()
    if profile is None:
        raise LinkRefused(
            "identity_no_citizen_account",
            "Chỉ tài khoản công dân mới liên kết được với định danh điện tử.",
            403,
        )
    other = _verified_profile(identity.id_number)
    if other is not None and other.pk != profile.pk:
        raise LinkRefused(
            "identity_linked_elsewhere",
            f"Định danh {name} này đã gắn với một tài khoản khác. Hãy đăng xuất rồi bấm "
            f"“Đăng nhập bằng {name}” để vào tài khoản đó.",
            409,
        )
    if profile.identity_verified and profile.id_number != identity.id_number:
        raise LinkRefused(
            "identity_other_person",
            "Tài khoản này đã được xác thực với một số định danh cá nhân khác.",
            409,
        )
    previous = profile.id_number
    _mark_verified(profile, identity, now)
    _fill_contacts(profile, identity)
    profile.save()
    audit.record(
        at=now,
        actor=user,
        action="citizens.identity_link",
        obj=profile,
        data={
            "provider": identity.provider,
            "assurance": identity.assurance,
            "declared_number_replaced": bool(previous and previous != identity.id_number),
        },
    )
    return profile
