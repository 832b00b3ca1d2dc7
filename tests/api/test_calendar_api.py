"""The public due-date API, table-driven on the official 2025–2026 calendars."""

import pytest

from motcua.core.models import CalendarDay

pytestmark = pytest.mark.django_db
URL = "/api/v1/calendar/due"


@pytest.mark.parametrize(
    ("start", "amount", "unit", "extra", "due"),
    [
        # Tết 2026: off 16–20/02 (Mon–Fri) plus weekends
        ("2026-02-12T10:00:00+07:00", "5", "working_days", {}, "2026-02-26T17:00:00+07:00"),
        # New Year 2026 swap: Fri 02/01 off, Sat 10/01 worked
        ("2025-12-31T09:00:00+07:00", "1", "working_days", {}, "2026-01-05T17:00:00+07:00"),
        ("2026-01-09T09:00:00+07:00", "1", "working_days", {}, "2026-01-10T17:00:00+07:00"),
        # 2025 swap: Sat 26/04 worked, Fri 02/05 off
        ("2025-04-25T09:00:00+07:00", "1", "working_days", {}, "2025-04-26T17:00:00+07:00"),
        ("2025-04-29T09:00:00+07:00", "1", "working_days", {}, "2025-05-05T17:00:00+07:00"),
        # received in the evening: deemed received next working day
        ("2026-03-02T18:00:00+07:00", "3", "working_days", {}, "2026-03-06T17:00:00+07:00"),
        # UTC input is converted to Vietnam time (02:00Z = 09:00+07)
        ("2026-03-02T02:00:00Z", "3", "working_days", {}, "2026-03-05T17:00:00+07:00"),
        # working hours over lunch
        ("2026-03-02T11:00:00+07:00", "1", "working_hours", {}, "2026-03-02T14:00:00+07:00"),
        # calendar days rolling past Quốc khánh 2026 (31/08 – 02/09 off)
        ("2026-08-21T10:00:00+07:00", "10", "calendar_days", {}, "2026-09-03T17:00:00+07:00"),
        # same day with a 15:00 cut-off
        (
            "2026-03-02T14:59:00+07:00",
            "0",
            "same_day",
            {"cutoff": "15:00"},
            "2026-03-02T17:00:00+07:00",
        ),
        (
            "2026-03-02T15:00:00+07:00",
            "0",
            "same_day",
            {"cutoff": "15:00"},
            "2026-03-03T17:00:00+07:00",
        ),
    ],
)
def test_due(api, start, amount, unit, extra, due):
    r = api().get(URL, {"start": start, "amount": amount, "unit": unit, **extra})
    assert r.status_code == 200, r.json()
    body = r.json()
    assert body["due"] == due
    assert body["unit"] == unit and body["start"] == start and body["amount"] == amount


def test_skipped_days_named(api):
    r = api().get(
        URL, {"start": "2026-02-12T10:00:00+07:00", "amount": "5", "unit": "working_days"}
    )
    skipped = {d["date"]: d["name"] for d in r.json()["skipped"]}
    assert "2026-02-17" in skipped and "Tết" in skipped["2026-02-17"]
    assert skipped["2026-02-14"] == "Thứ Bảy"


def test_agency_office_hours_apply(api):
    from motcua.directory.models import Agency

    agency = Agency.objects.get(code="so-y-te-12")
    Agency.objects.filter(pk=agency.pk).update(afternoon_end="17:30")
    r = api().get(
        URL,
        {
            "start": "2026-03-02T09:00:00+07:00",
            "amount": "1",
            "unit": "working_days",
            "agency": agency.pk,
        },
    )
    assert r.json()["due"] == "2026-03-03T17:30:00+07:00"


def test_calendar_edit_is_seen_at_once(api):
    """An administrator's new day off changes the next computation."""
    start = {"start": "2026-03-02T09:00:00+07:00", "amount": "1", "unit": "working_days"}
    assert api().get(URL, start).json()["due"] == "2026-03-03T17:00:00+07:00"
    admin = api("admin")
    r = admin.post(
        "/api/v1/calendar/days",
        {
            "date": "2026-03-03",
            "kind": "day_off",
            "name": "Nghỉ đột xuất (thử)",
            "legal_ref": "CV thử",
        },
        format="json",
    )
    assert r.status_code == 201, r.json()
    body = api().get(URL, start).json()
    assert body["due"] == "2026-03-04T17:00:00+07:00"
    assert {"date": "2026-03-03", "name": "Nghỉ đột xuất (thử)"} in body["skipped"]


def test_only_administrators_edit_the_calendar(api):
    r = api("chuyenvien.syt").post(
        "/api/v1/calendar/days",
        {"date": "2026-03-03", "kind": "day_off", "name": "x"},
        format="json",
    )
    assert r.status_code == 403
    assert r.json()["code"] == "permission_denied"
    assert not CalendarDay.objects.filter(date="2026-03-03").exists()


def test_culture_day_is_a_setting(api, settings):
    start = {"start": "2026-11-23T09:00:00+07:00", "amount": "1", "unit": "working_days"}
    settings.MOTCUA_CULTURE_DAY_OFF = False
    assert api().get(URL, start).json()["due"] == "2026-11-24T17:00:00+07:00"
    settings.MOTCUA_CULTURE_DAY_OFF = True
    assert api().get(URL, start).json()["due"] == "2026-11-25T17:00:00+07:00"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"amount": "1", "unit": "working_days"}, "start"),
        ({"start": "2026-03-02T09:00:00", "amount": "1", "unit": "working_days"}, "start"),
        ({"start": "hôm nay", "amount": "1", "unit": "working_days"}, "start"),
        ({"start": "2026-03-02T09:00:00+07:00", "amount": "-1", "unit": "working_days"}, "amount"),
        ({"start": "2026-03-02T09:00:00+07:00", "amount": "abc", "unit": "working_days"}, "amount"),
        ({"start": "2026-03-02T09:00:00+07:00", "amount": "1", "unit": "weeks"}, "unit"),
        (
            {
                "start": "2026-03-02T09:00:00+07:00",
                "amount": "1",
                "unit": "same_day",
                "cutoff": "25:00",
            },
            "cutoff",
        ),
        (
            {
                "start": "2026-03-02T09:00:00+07:00",
                "amount": "1",
                "unit": "working_days",
                "agency": "999999",
            },
            "agency",
        ),
    ],
)
def test_bad_input_is_a_clear_400(api, params, field):
    r = api().get(URL, params)
    assert r.status_code == 400
    body = r.json()
    assert body["code"] == "invalid_query"
    assert field in body["message"] or field in body.get("errors", {})
