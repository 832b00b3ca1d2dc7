"""Concurrent intake and concurrent actions (PostgreSQL: real row locks across connections)."""

import pytest
from django.core.management import call_command
from django.db import connection

from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import DossierError
from support import CITIZEN, in_threads, vn

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent connections"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def demo(django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_demo", no_dossiers=True, verbosity=0)


def test_fifty_simultaneous_intakes_get_fifty_consecutive_codes(demo, case, agency, user):
    c, desk, officer = case("1.012289"), agency("ttpvhcc-tinh-12"), user("tiepnhan.laichau")

    def intake(i):
        return services.receive_at_desk(
            user=officer,
            now=vn(2026, 3, 2, 9, 30),
            case=c,
            channel="direct",
            receiving_agency=desk,
            applicant=CITIZEN,
        ).code

    codes, errors = in_threads(50, intake)
    assert not errors, errors
    assert len(set(codes)) == 50
    assert sorted(int(x[-4:]) for x in codes) == list(range(1, 51))
    entries = sorted(Dossier.objects.filter(code__in=codes).values_list("book_entry", flat=True))
    assert len(set(entries)) == 50 and entries == list(range(entries[0], entries[0] + 50))


def test_two_officers_acting_at_once_do_not_corrupt_the_dossier(demo, case, agency, user):
    d = services.receive_at_desk(
        user=user("tiepnhan.laichau"),
        now=vn(2026, 3, 2, 9),
        case=case("1.012289"),
        channel="direct",
        receiving_agency=agency("ttpvhcc-tinh-12"),
        applicant=CITIZEN,
    )

    def forward(i):
        return services.forward(d, user=user("tiepnhan.laichau"), now=vn(2026, 3, 2, 10))

    done, errors = in_threads(2, forward)
    assert len(done) == 1 and len(errors) == 1
    assert isinstance(errors[0], DossierError) and errors[0].code == "invalid_state"
    d.refresh_from_db()
    assert list(d.events.values_list("seq", flat=True)) == [1, 2, 3]
    assert d.last_seq == 3 and d.state == "in_process"
