"""Two first logins of the same person at once (PostgreSQL: real concurrent connections)."""

from datetime import date

import pytest
from django.db import connection

from motcua.citizens.identity import services
from motcua.citizens.identity.base import VerifiedIdentity
from motcua.citizens.models import CitizenProfile
from support import in_threads, vn

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent connections"),
    pytest.mark.django_db(transaction=True),
]


def test_simultaneous_first_logins_make_one_account():
    identity = VerifiedIdentity(
        provider="vneid",
        subject="dong-thoi",
        id_number="001090077777",
        full_name="Đồng Thời",
        phone="0977000111",
        email="dongthoi@example.test",
        birth_date=date(1991, 1, 2),
        assurance="muc-2",
    )

    def first_login(i):
        profile, created = services.sign_in(identity, now=vn(2026, 11, 24, 9), name="VNeID")
        return profile.pk, created

    results, errors = in_threads(6, first_login)
    assert not errors, errors
    assert len({pk for pk, _ in results}) == 1
    assert sum(created for _, created in results) == 1
    assert CitizenProfile.objects.filter(id_number="001090077777").count() == 1
