"""Concurrent intake and handling of PAKN (PostgreSQL: real row locks across connections)."""

import pytest
from django.core.management import call_command
from django.db import connection
from fbsupport import make_input

from motcua.feedback import services
from motcua.feedback.models import PetitionEvent
from support import in_threads, vn

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent connections"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def demo(django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_demo", no_dossiers=True, verbosity=0)


def test_simultaneous_submissions_get_consecutive_codes_and_one_accept_wins(demo, agency, user):
    vp = agency("vp-ubnd-tinh-12")

    def submit(i):
        return services.receive(make_input(), agency=vp, channel="portal", now=vn(2026, 3, 2, 9))

    petitions, errors = in_threads(20, submit)
    assert not errors, errors
    assert sorted(int(p.code[-4:]) for p in petitions) == list(range(1, 21))

    p = petitions[0]
    officer = user("pakn.laichau")

    def accept(i):
        return services.accept(p, user=officer, now=vn(2026, 3, 3, 9), national_class="staff")

    done, errors = in_threads(2, accept)
    assert len(done) == 1 and len(errors) == 1
    assert errors[0].code == "invalid_state"
    assert list(PetitionEvent.objects.filter(petition=p).values_list("seq", flat=True)) == [1, 2]
