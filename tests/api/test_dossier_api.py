"""The dossier API: the desk flow, scope, errors, query budgets."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db

INTAKE = {
    "procedure": "1.012289",
    "case": "TH1",
    "channel": "direct",
    "receiving_agency": "ttpvhcc-tinh-12",
    "applicant": {
        "kind": "individual",
        "name": "Nguyễn Thị Mẫu",
        "id_number": "012345678901",
        "phone": "0912345678",
    },
    "components": [{"name": "Đơn đề nghị cấp giấy phép hoạt động", "copy_type": "original"}],
}


def _intake(api, **over):
    r = api("tiepnhan.laichau").post("/api/v1/dossiers", {**INTAKE, **over}, format="json")
    assert r.status_code == 201, r.json()
    return r.json()


def _act(api, user, pk, action, body=None, status=200):
    r = api(user).post(f"/api/v1/dossiers/{pk}/actions/{action}", body or {}, format="json")
    assert r.status_code == status, (action, r.json())
    return r.json()


def test_full_desk_flow_through_the_api(api):
    d = _intake(api)
    assert d["state"] == "received" and d["code"].startswith("000.02.00.H12-")
    assert "forward" in d["allowed_actions"]
    pk = d["id"]
    _act(api, "tiepnhan.laichau", pk, "forward")
    _act(api, "vanthu.syt", pk, "hand_over")
    _act(api, "lanhdaophong.syt", pk, "hand_over", {"to_user": "chuyenvien.syt"})
    d = api("chuyenvien.syt").get(f"/api/v1/dossiers/{pk}").json()
    assert d["assignee"] == "chuyenvien.syt" and "approve" not in d["allowed_actions"]
    _act(api, "chuyenvien.syt", pk, "hand_over")
    _act(api, "lanhdaophong.syt", pk, "hand_over")
    d = _act(api, "lanhdao.syt", pk, "approve", {"note": "Đủ điều kiện"})
    assert d["state"] == "decided_approved" and d["results"][0]["code"] == d["code"] + "-KQ1"
    _act(api, "vanthu.syt", pk, "issue", {"document_number": "15/GPHĐ-SYT"})
    d = _act(
        api,
        "tiepnhan.laichau",
        pk,
        "return_result",
        {"method": "desk", "recipient": "Nguyễn Thị Mẫu"},
    )
    assert d["state"] == "returned" and d["national_status"] == 10
    assert [e["action"] for e in d["events"]][-1] == "return_result"


def test_idempotent_intake(api):
    c = api("tiepnhan.laichau")
    r1 = c.post("/api/v1/dossiers", INTAKE, format="json", HTTP_IDEMPOTENCY_KEY="k-42")
    r2 = c.post("/api/v1/dossiers", INTAKE, format="json", HTTP_IDEMPOTENCY_KEY="k-42")
    assert r1.json()["id"] == r2.json()["id"] and r1.json()["code"] == r2.json()["code"]


def test_online_submission_waits_for_reception(api):
    r = api("chuyenvien.thanhtra").post(
        "/api/v1/dossiers", {**INTAKE, "channel": "online", "delivery": "electronic"}, format="json"
    )
    assert r.status_code == 201
    d = r.json()
    assert d["state"] == "submitted" and d["code"] is None and d["reception_due_at"]
    queue = api("tiepnhan.laichau").get("/api/v1/dossiers", {"queue": "reception"}).json()
    assert any(x["id"] == d["id"] for x in queue["results"])


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"applicant": {**INTAKE["applicant"], "id_number": "123"}}, "id_number"),
        ({"procedure": "0.000"}, "procedure"),
        ({"case": "TH9"}, "case"),
        ({"receiving_agency": "khong-co"}, "receiving_agency"),
        ({"channel": "postal"}, "postal_tracking"),
    ],
)
def test_bad_intake_is_a_precise_400(api, body, field):
    r = api("tiepnhan.laichau").post("/api/v1/dossiers", {**INTAKE, **body}, format="json")
    assert r.status_code == 400, r.json()
    assert field in r.json().get("errors", {}), r.json()
    assert r.json()["message"]


def test_desk_intake_needs_a_desk_officer_of_that_centre(api):
    r = api("tiepnhan.binhlu").post("/api/v1/dossiers", INTAKE, format="json")
    assert r.status_code == 403 and r.json()["code"] == "forbidden"


def test_wrong_state_and_wrong_role(api):
    d = _intake(api)
    r = _act(api, "lanhdao.syt", d["id"], "approve", status=409)
    assert r["code"] == "invalid_state"
    _act(api, "tiepnhan.laichau", d["id"], "forward")
    r = _act(api, "chuyenvien.syt", d["id"], "approve", status=403)
    assert r["code"] == "forbidden" and "Phê duyệt" in r["message"]


OTHER_AGENCY_USERS = [
    "tiepnhan.binhlu",
    "chuyenvien.binhlu",
    "lanhdao.binhlu",
    "chuyenvien.thanhtra",
    "giamsat.langson",
]


@pytest.mark.parametrize("username", OTHER_AGENCY_USERS)
def test_other_agencies_never_see_or_act(api, username):
    d = _intake(api)
    c = api(username)
    r = c.get(f"/api/v1/dossiers/{d['id']}")
    assert r.status_code == 404 and r.json()["code"] == "not_found"
    assert r.json()["message"] == "Không tìm thấy dữ liệu yêu cầu."
    assert c.get(f"/api/v1/dossiers/by-code/{d['code']}").status_code == 404
    assert (
        c.post(f"/api/v1/dossiers/{d['id']}/actions/forward", {}, format="json").status_code == 404
    )
    for queue in ["mine", "department", "reception", "to_forward", "all", "overdue"]:
        ids = [x["id"] for x in c.get("/api/v1/dossiers", {"queue": queue}).json()["results"]]
        assert d["id"] not in ids, (username, queue)
    r = c.get("/api/v1/receipt-book", {"agency": "ttpvhcc-tinh-12", "year": 2026})
    assert r.status_code == 403


@pytest.mark.parametrize(
    "username", ["giamsat.laichau", "admin", "lanhdao.syt", "tiepnhan.laichau"]
)
def test_those_in_scope_see_it(api, username):
    d = _intake(api)
    assert api(username).get(f"/api/v1/dossiers/{d['id']}").status_code == 200


def test_boundary_free_dossier_is_seen_by_both_desk_and_competent_agency(api):
    d = _intake(api, procedure="1.001193", competent_agency="ubnd-xa-03390")
    assert d["boundary_free"] is True
    assert api("lanhdao.binhlu").get(f"/api/v1/dossiers/{d['id']}").status_code == 200
    assert api("tiepnhan.laichau").get(f"/api/v1/dossiers/{d['id']}").status_code == 200
    assert api("tiepnhan.binhlu").get(f"/api/v1/dossiers/{d['id']}").status_code == 404


def test_workqueue_keyset_pagination_and_query_budget(api):
    for _ in range(7):
        _intake(api)
    c = api("tiepnhan.laichau")
    page1 = c.get("/api/v1/dossiers", {"queue": "to_forward", "limit": 3}).json()
    assert page1["count"] >= 7 and len(page1["results"]) == 3 and page1["next_after"]
    page2 = c.get(
        "/api/v1/dossiers", {"queue": "to_forward", "limit": 3, "after": page1["next_after"]}
    ).json()
    assert {x["id"] for x in page1["results"]}.isdisjoint({x["id"] for x in page2["results"]})
    with CaptureQueriesContext(connection) as small:
        c.get("/api/v1/dossiers", {"queue": "to_forward", "limit": 2})
    with CaptureQueriesContext(connection) as large:
        c.get("/api/v1/dossiers", {"queue": "to_forward", "limit": 7})
    assert len(small) == len(large) <= 10, [q["sql"] for q in large.captured_queries]


def test_detail_query_budget(api):
    """The detail costs the same number of queries however long the history is."""
    d = _intake(api)
    c = api("lanhdao.syt")
    _act(api, "tiepnhan.laichau", d["id"], "forward")
    c.get(f"/api/v1/dossiers/{d['id']}")  # warm the calendar cache
    with CaptureQueriesContext(connection) as short:
        c.get(f"/api/v1/dossiers/{d['id']}")
    for i in range(3):
        _act(
            api,
            "lanhdao.syt",
            d["id"],
            "apologise",
            {"reason": "Chờ ý kiến", "new_due": f"2027-0{i + 1}-20T17:00:00+07:00"},
        )
    with CaptureQueriesContext(connection) as long:
        c.get(f"/api/v1/dossiers/{d['id']}")
    assert len(short) == len(long) <= 16, [q["sql"] for q in long.captured_queries]


def test_receipt_book(api):
    d = _intake(api)
    book = (
        api("tiepnhan.laichau")
        .get("/api/v1/receipt-book", {"agency": "ttpvhcc-tinh-12", "year": 2026})
        .json()
    )
    assert any(e["code"] == d["code"] and e["entry"] == d["book_entry"] for e in book["entries"])
