"""The rating rules, table-driven: who may rate which dossier, when, and what gets linked."""

from dataclasses import replace
from datetime import timedelta

import pytest

from motcua.core.models import AuditEntry
from motcua.ratings import selectors
from motcua.ratings.models import Rating, RatingOfficer
from motcua.ratings.services import RatingError, rate
from support import CITIZEN, vn

pytestmark = pytest.mark.django_db

T0 = vn(2026, 3, 26, 10)
PHONE = CITIZEN.phone


@pytest.mark.parametrize(
    "state, phone, expected",
    [
        ("received", PHONE, "no_result"),  # before the result → refused
        ("decided_approved", PHONE, "ok"),
        ("ready_for_return", PHONE, "ok"),
        ("returned", PHONE, "ok"),
        ("returned", "0912345679", "phone_mismatch"),  # wrong phone → refused
        ("returned", PHONE[-4:], "phone_mismatch"),  # the last digits are not enough
        ("returned", "+84 912 345 678", "ok"),  # the same number, written internationally
        ("returned", "", "invalid"),
    ],
)
def test_who_may_rate(resulted_dossier, state, phone, expected):
    d = resulted_dossier(state)
    if expected == "ok":
        out = rate(code=d.code, phone=phone, level="satisfied", now=T0)
        assert out.created and out.rating.dossier_id == d.pk
    else:
        with pytest.raises(RatingError) as exc:
            rate(code=d.code, phone=phone, level="satisfied", now=T0)
        assert exc.value.code == expected
        assert not Rating.objects.filter(dossier=d).exists()


@pytest.mark.parametrize(
    "days_later, expected",
    [
        (timedelta(minutes=5), "changed"),
        (timedelta(days=7), "changed"),  # the last moment of the window
        (timedelta(days=7, seconds=1), "change_window_closed"),  # after the window → refused
        (timedelta(days=30), "change_window_closed"),
    ],
)
def test_second_rating_changes_the_first_within_the_window(resulted_dossier, days_later, expected):
    d = resulted_dossier()
    first = rate(code=d.code, phone=PHONE, level="dissatisfied", comment="Chờ lâu", now=T0)
    if expected == "changed":
        out = rate(code=d.code, phone=PHONE, level="very_satisfied", now=T0 + days_later)
        assert not out.created and out.rating.pk == first.rating.pk
        r = Rating.objects.get(dossier=d)
        assert (r.level, r.comment, r.changes) == ("very_satisfied", "", 1)
        assert r.created_at == T0 and r.updated_at == T0 + days_later  # window never extends
        assert AuditEntry.objects.filter(action="rating.change", object_id=str(r.pk)).exists()
    else:
        with pytest.raises(RatingError) as exc:
            rate(code=d.code, phone=PHONE, level="very_satisfied", now=T0 + days_later)
        assert exc.value.code == expected and exc.value.status == 409
        assert Rating.objects.get(dossier=d).level == "dissatisfied"
    assert Rating.objects.filter(dossier=d).count() == 1  # one rating per dossier


def test_the_window_is_a_setting(resulted_dossier, settings):
    settings.MOTCUA_RATING_CHANGE_DAYS = 1
    d = resulted_dossier()
    rate(code=d.code, phone=PHONE, level="satisfied", now=T0)
    with pytest.raises(RatingError):
        rate(code=d.code, phone=PHONE, level="dissatisfied", now=T0 + timedelta(days=2))


def test_officers_are_the_distinct_actors_of_the_events(resulted_dossier, agency):
    d = resulted_dossier("returned")
    r = rate(code=d.code, phone=PHONE, level="very_satisfied", now=T0).rating
    links = {(o.officer.username, o.agency.code, o.role) for o in r.officer_links.all()}
    assert links == {
        ("tiepnhan.laichau", "ttpvhcc-tinh-12", "receiving_officer"),
        ("vanthu.syt", "so-y-te-12", "records_clerk"),
        ("lanhdaophong.syt", "so-y-te-12", "department_head"),
        ("chuyenvien.syt", "so-y-te-12", "specialist"),
        ("lanhdao.syt", "so-y-te-12", "agency_leader"),
    }
    assert r.receiving_agency == agency("ttpvhcc-tinh-12")
    assert r.competent_agency == agency("so-y-te-12")


def test_a_change_links_the_officer_who_returned_the_result_since(resulted_dossier, user):
    from motcua.dossiers import services as dossier_services

    d = resulted_dossier("ready_for_return")
    rate(code=d.code, phone=PHONE, level="satisfied", now=T0)
    r = Rating.objects.get(dossier=d)
    before = RatingOfficer.objects.filter(rating=r).count()
    dossier_services.return_result(
        d, user=user("tiepnhan.laichau"), now=T0 + timedelta(hours=1), method="post", tracking="X1"
    )
    rate(code=d.code, phone=PHONE, level="very_satisfied", now=T0 + timedelta(hours=2))
    assert RatingOfficer.objects.filter(rating=r).count() == before  # same people, no doubles
    assert set(r.officers.values_list("username", flat=True)) >= {"tiepnhan.laichau"}


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"level": "so-so"}, "level"),
        ({"channel": "fax"}, "channel"),
        ({"comment": "x" * 1001}, "comment"),
    ],
)
def test_bad_input(resulted_dossier, kwargs, field):
    d = resulted_dossier()
    with pytest.raises(RatingError) as exc:
        rate(**{"code": d.code, "phone": PHONE, "level": "satisfied", "now": T0, **kwargs})
    assert exc.value.code == "invalid" and field in exc.value.errors


def test_unknown_code_and_a_dossier_without_phone(resulted_dossier):
    with pytest.raises(RatingError) as exc:
        rate(code="000.00.00.X99-260101-0001", phone=PHONE, level="satisfied", now=T0)
    assert exc.value.code == "not_found" and exc.value.status == 404
    d = resulted_dossier(applicant=replace(CITIZEN, phone=""))
    with pytest.raises(RatingError) as exc:
        rate(code=d.code, phone=PHONE, level="satisfied", now=T0)
    assert exc.value.code == "no_phone"


def test_code_by_submission_reference_or_scanned_link(resulted_dossier):
    d = resulted_dossier()
    assert selectors.find_dossier(d.submission_ref.lower()) == d
    assert selectors.find_dossier(f"http://127.0.0.1:8000/tra-cuu-ho-so/?ma={d.code}") == d


def test_kiosk_agency_only_rates_its_own_dossiers(resulted_dossier, agency):
    d = resulted_dossier()
    with pytest.raises(RatingError) as exc:
        rate(
            code=d.code,
            phone=PHONE,
            level="satisfied",
            now=T0,
            channel="counter_device",
            agency=agency("ttpvhcc-xa-03390"),
        )
    assert exc.value.code == "other_agency"
    r = rate(
        code=d.code,
        phone=PHONE,
        level="satisfied",
        now=T0,
        channel="counter_device",
        agency=agency("ttpvhcc-tinh-12"),
    ).rating
    assert r.channel == "counter_device"


def test_counts_per_agency_officer_and_period(resulted_dossier, agency, user):
    levels = ["very_satisfied", "satisfied", "dissatisfied", "very_satisfied"]
    days = [vn(2026, 3, 26, 10), vn(2026, 3, 31, 23), vn(2026, 4, 1, 0, 30), vn(2026, 4, 2, 9)]
    for level, day in zip(levels, days, strict=True):
        d = resulted_dossier()
        rate(code=d.code, phone=PHONE, level=level, now=day)
    qs = Rating.objects.all()
    t = selectors.tally(qs)
    assert (t.total, t.satisfied, t.rate) == (4, 3, 75.0)
    assert t.percent("dissatisfied") == 25.0
    by_agency = selectors.tally_by_agency(qs)
    assert by_agency[agency("so-y-te-12").pk].total == 4
    assert selectors.tally_by_agency(qs, "receiving")[agency("ttpvhcc-tinh-12").pk].rate == 75.0
    by_officer = selectors.tally_by_officer(qs)
    assert by_officer[user("chuyenvien.syt").pk].total == 4  # once per dossier, not per event
    months = selectors.tally_by_period(qs, "month")  # Vietnam time: 00:30 on 1/4 is April
    assert [(m.month, x.total) for m, x in months.items()] == [(3, 2), (4, 2)]
    april = selectors.ratings_between(qs, start=vn(2026, 4, 1).date(), end=vn(2026, 4, 30).date())
    assert april.count() == 2
    assert len(selectors.dissatisfied_dossier_ids(qs)) == 1
    assert selectors.tally(Rating.objects.none()).rate is None
