"""The API of a citizen's notification channels (staff only for now)."""

import pytest

from motcua.core.models import AuditEntry
from motcua.sync.models import NotificationPreference
from support import CITIZEN

pytestmark = pytest.mark.django_db

URL = f"/api/v1/notifications/preferences/{CITIZEN.id_number}"


def test_default_then_choice(api, accepted):
    accepted()
    c = api("tiepnhan.laichau")
    r = c.get(URL)
    assert r.status_code == 200
    assert r.json() == {
        "id_number": CITIZEN.id_number,
        "email": True,
        "sms": True,
        "is_default": True,
        "updated_at": None,
    }
    r = c.put(URL, {"email": False, "sms": True}, format="json")
    assert r.status_code == 200, r.content
    assert (r.json()["email"], r.json()["sms"], r.json()["is_default"]) == (False, True, False)
    p = NotificationPreference.objects.get(id_number=CITIZEN.id_number)
    assert p.updated_by.username == "tiepnhan.laichau"
    assert AuditEntry.objects.filter(action="notification.preference").count() == 1


@pytest.mark.parametrize(
    "username, id_number, status, code",
    [
        (None, CITIZEN.id_number, 401, None),
        ("tiepnhan.binhlu", CITIZEN.id_number, 404, "not_found"),  # no dossier in scope
        ("tiepnhan.laichau", "12345", 400, "invalid"),
        ("admin", "098765432109", 200, None),  # administrators see everyone
    ],
)
def test_scope_and_errors(api, accepted, username, id_number, status, code):
    accepted()
    r = api(username).get(f"/api/v1/notifications/preferences/{id_number}")
    assert r.status_code in ((401, 403) if status == 401 else (status,)), r.content
    if code:
        assert r.json()["code"] == code and r.json()["message"]


def test_put_needs_both_flags(api, accepted):
    accepted()
    r = api("tiepnhan.laichau").put(URL, {"email": "maybe"}, format="json")
    assert r.status_code == 400 and r.json()["code"] == "invalid"
    assert set(r.json()["errors"]) == {"email", "sms"}
