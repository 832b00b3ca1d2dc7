"""A demo citizen account (synthetic person) so the citizen's side can be tried by hand."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.base_user import AbstractBaseUser

from motcua.citizens.models import CitizenProfile
from motcua.citizens.services import register

#: The demo citizen: log in at /tai-khoan/dang-nhap/ with the phone number or the e-mail.
CITIZEN_NAME = "Phạm Thị Hằng"
CITIZEN_PHONE = "0912000006"
CITIZEN_EMAIL = "pham.thi.hang@example.com"
CITIZEN_ID = "011234567807"


def load_citizen(now: datetime, password: str) -> AbstractBaseUser:
    """Create the demo citizen once (idempotent) and return the account."""
    profile = CitizenProfile.objects.filter(phone=CITIZEN_PHONE).first()
    if profile is None:
        profile = register(
            full_name=CITIZEN_NAME,
            password=password,
            now=now,
            phone=CITIZEN_PHONE,
            email=CITIZEN_EMAIL,
            id_number=CITIZEN_ID,
            address="Bản Bình Lư, xã Bình Lư, tỉnh Lai Châu",
        )
    return profile.user
