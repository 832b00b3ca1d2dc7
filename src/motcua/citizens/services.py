"""Sign-up and profile changes of citizen accounts."""

from __future__ import annotations

import re
import uuid
from datetime import datetime

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from motcua.citizens.models import CitizenProfile

PHONE = re.compile(r"^(0|\+84)\d{9,10}$")
#: Django's Vietnamese catalogue lacks some validator messages; these are ours.
PASSWORD_MESSAGES = {
    "password_too_short": "Mật khẩu phải có ít nhất 8 ký tự.",
    "password_too_common": "Mật khẩu này quá phổ biến.",
    "password_entirely_numeric": "Mật khẩu không được chỉ gồm chữ số.",
    "password_too_similar": "Mật khẩu quá giống thông tin cá nhân.",
}


def normalise_phone(phone: str) -> str:
    digits = re.sub(r"[\s.\-]", "", phone or "")
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    return digits


@transaction.atomic
def register(
    *,
    full_name: str,
    password: str,
    now: datetime,
    phone: str = "",
    email: str = "",
    id_number: str = "",
    address: str = "",
) -> CitizenProfile:
    """Đăng ký tài khoản bằng số điện thoại hoặc thư điện tử và mật khẩu.

    Every problem is reported at once as a ValidationError keyed by field, in Vietnamese.
    """
    errors: dict[str, str] = {}
    phone = normalise_phone(phone)
    email = (email or "").strip().lower()
    if not full_name.strip():
        errors["full_name"] = "Cần nhập họ và tên."
    if not phone and not email:
        errors["phone"] = "Cần số điện thoại hoặc thư điện tử để đăng nhập."
    if phone and not PHONE.match(phone):
        errors["phone"] = "Số điện thoại không hợp lệ (10 chữ số, bắt đầu bằng 0)."
    elif phone and CitizenProfile.objects.filter(phone=phone).exists():
        errors["phone"] = "Số điện thoại này đã có tài khoản."
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = "Thư điện tử không hợp lệ."
        else:
            if CitizenProfile.objects.filter(email=email).exists():
                errors["email"] = "Thư điện tử này đã có tài khoản."
    if id_number and not (id_number.isdigit() and len(id_number) == 12):
        errors["id_number"] = "Số định danh cá nhân gồm đúng 12 chữ số."
    try:
        password_validation.validate_password(password)
    except ValidationError as exc:
        errors["password"] = " ".join(
            PASSWORD_MESSAGES.get(e.code, m)
            for e, m in zip(exc.error_list, exc.messages, strict=True)
        )
    if errors:
        raise ValidationError(errors)
    User = get_user_model()
    user = User.objects.create_user(
        username=f"cd-{uuid.uuid4().hex[:12]}",
        password=password,
        email=email,
        first_name=full_name.strip(),
    )
    return CitizenProfile.objects.create(
        user=user,
        full_name=full_name.strip(),
        phone=phone or None,
        email=email or None,
        id_number=id_number,
        address=address.strip(),
        created_at=now,
    )


def find_login(identifier: str) -> str | None:
    """The username behind a phone number or an e-mail address (for the login form)."""
    ident = (identifier or "").strip()
    if "@" in ident:
        p = CitizenProfile.objects.filter(email=ident.lower()).select_related("user").first()
    else:
        p = (
            CitizenProfile.objects.filter(phone=normalise_phone(ident))
            .select_related("user")
            .first()
        )
    return p.user.get_username() if p else None
