"""Supervision pages and API: access by role, filters, drill-down, exports, query counts."""

from __future__ import annotations

import json
import random

import pytest

from motcua.demo.indicators import synthetic_record
from motcua.directory.models import AdminUnit, Agency
from motcua.dossiers.importer import import_dossiers
from motcua.indicators import services
from support import vn

pytestmark = pytest.mark.django_db
NOW = vn(2026, 11, 20, 9)
PERIOD = "start=2026-01-01&end=2026-08-31"


@pytest.fixture
def history():
    rng = random.Random(9)
    lines = [
        json.dumps(synthetic_record(rng, 8000 + i, NOW), ensure_ascii=False) for i in range(60)
    ]
    import_dossiers(lines, now=NOW)
    services.catch_up(now=NOW)
    return AdminUnit.objects.get(code="12", parent__isnull=True, valid_to__isnull=True)


def test_supervisor_sees_the_dashboard(login, history):
    c = login("giamsat.laichau")
    r = c.get(f"/giam-sat/?scope=province:{history.pk}&{PERIOD}")
    assert r.status_code == 200
    html = r.content.decode()
    assert "Điểm Bộ chỉ số 766" in html and "qd766-live-2026-09" in html
    assert "xếp loại tạm tính" in html
    assert "Chỉ tiêu kế hoạch năm 2026" in html and "Tỷ lệ hồ sơ được số hóa" in html
    assert "<svg" in html and "cdn" not in html.lower()


def test_other_province_is_refused(login, history):
    c = login("giamsat.langson")
    r = c.get(f"/giam-sat/?scope=province:{history.pk}")
    assert r.status_code == 403
    assert "không có quyền" in r.content.decode()


def test_leader_sees_own_agency_only(login, history):
    c = login("lanhdao.syt")
    assert c.get("/giam-sat/").status_code == 200
    r = c.get(f"/giam-sat/?scope=province:{history.pk}")
    assert r.status_code == 403


def test_bad_period_is_a_clear_error(login, history):
    r = login("giamsat.laichau").get("/giam-sat/?start=2026-13-01&end=2026-01-01")
    assert r.status_code == 400 and "YYYY-MM-DD" in r.content.decode()


def test_drilldown_page_and_bieu06_page(login, history, django_assert_max_num_queries):
    c = login("giamsat.laichau")
    with django_assert_max_num_queries(30):
        r = c.get(f"/giam-sat/chi-so/2.1/?scope=province:{history.pk}&{PERIOD}&phan=den")
    assert r.status_code == 200 and "mẫu số" in r.content.decode()
    r = c.get(f"/giam-sat/bieu-06/?scope=province:{history.pk}&frequency=quarter&n=2&year=2026")
    assert r.status_code == 200
    assert "Chuyển kỳ khớp" in r.content.decode()
    r = c.post(f"/giam-sat/bao-cao/?scope=province:{history.pk}&frequency=month&n=3&year=2026",
               {"format": "xlsx"})  # fmt: skip
    assert r.status_code == 302
    job = c.get(r["Location"])
    assert "Tải về" in job.content.decode()
    f = c.get(r["Location"] + "tai-ve/")
    assert f.status_code == 200 and f.content[:2] == b"PK"


def test_api_scorecard_and_bieu06_agree(api, history):
    c = api("giamsat.laichau")
    q = f"scope=province:{history.pk}&{PERIOD}"
    card = c.get(f"/api/v1/indicators/scorecard?{q}").json()
    scratch = c.get(f"/api/v1/indicators/scorecard?{q}&source=scratch").json()
    assert card["groups"] == scratch["groups"]
    assert card["profile"]["code"] == "qd766-live-2026-09"
    g2 = next(i for g in card["groups"] for i in g["indicators"] if i["id"] == "2.1")
    b = c.get(f"/api/v1/reports/bieu06?{q}").json()
    t = b["total"]
    assert g2["denominator"] == t["c3"]
    assert t["c3"] == t["c7"] + t["c11"] + t["withdrawn"] and b["balanced"]
    assert b["carry_over_ok"] is True


def test_api_drilldown_query_count_does_not_grow(api, history, django_assert_max_num_queries):
    c = api("giamsat.laichau")
    q = f"scope=province:{history.pk}&{PERIOD}&indicator=2.1&part=den"
    with django_assert_max_num_queries(20):
        small = c.get(f"/api/v1/indicators/drilldown?{q}&limit=5").json()
    with django_assert_max_num_queries(20):
        big = c.get(f"/api/v1/indicators/drilldown?{q}&limit=100").json()
    assert small["count"] == big["count"] == len(big["results"]) > 5
    assert big["kind"] == "dossiers"
    assert c.get(f"/api/v1/indicators/drilldown?{q[:-8]}&part=x").status_code == 400


def test_api_errors_and_other_endpoints(api, history):
    c = api("giamsat.laichau")
    assert c.get("/api/v1/indicators/scorecard?scope=bad").json()["code"] == "invalid_scope"
    other = AdminUnit.objects.get(code="20", parent__isnull=True, valid_to__isnull=True)
    r = c.get(f"/api/v1/indicators/scorecard?scope=province:{other.pk}")
    assert r.status_code == 403 and r.json()["code"] == "forbidden"
    m = c.get(f"/api/v1/indicators/measures?scope=province:{history.pk}&{PERIOD}").json()
    assert {x["key"] for x in m} >= {"digitised", "online", "on_time", "feedback_on_time"}
    fb = next(x for x in m if x["key"] == "feedback_on_time")
    assert fb["value"] is None or 0 <= fb["value"] <= 1
    targets = c.get(f"/api/v1/indicators/targets?scope=province:{history.pk}&year=2026").json()
    assert {t["measure"] for t in targets} >= {"digitised", "online", "paid_online"}
    ranked = c.get(f"/api/v1/indicators/ranking?scope=province:{history.pk}&{PERIOD}").json()
    assert ranked and ranked[0]["rank"] == 1
    health = Agency.objects.get(code="so-y-te-12")
    r = c.post(f"/api/v1/reports/jobs?scope=agency:{health.pk}&{PERIOD}", {"format": "pdf"},
               format="json")  # fmt: skip
    assert r.status_code == 201 and r.json()["download"]
    assert c.get(r.json()["download"]).content.startswith(b"%PDF")
    assert (
        c.post(f"/api/v1/reports/jobs?{PERIOD}", {"format": "odt"}, format="json").json()["code"]
        == "invalid_format"
    )


def test_history_imported_through_the_api_flows_into_the_figures(api):
    """The import endpoint → rollups → scorecard and Biểu 06, equal to the recomputation."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    rng = random.Random(77)
    body = "\n".join(
        json.dumps(synthetic_record(rng, 8800 + i, NOW), ensure_ascii=False) for i in range(30)
    ).encode()
    admin = api("admin")
    r = admin.post(
        "/api/v1/dossiers/import",
        {"file": SimpleUploadedFile("lich-su.jsonl", body)},
        format="multipart",
    )
    assert r.status_code == 201, r.content
    province = AdminUnit.objects.get(code="12", parent__isnull=True, valid_to__isnull=True)
    c = api("giamsat.laichau")
    q = f"scope=province:{province.pk}&start=2025-01-01&end=2026-11-19"
    live = c.get(f"/api/v1/indicators/scorecard?{q}").json()
    scratch = c.get(f"/api/v1/indicators/scorecard?{q}&source=scratch").json()
    assert live["groups"] == scratch["groups"]
    b = c.get(f"/api/v1/reports/bieu06?{q}").json()["total"]
    b2 = c.get(f"/api/v1/reports/bieu06?{q}&source=scratch").json()["total"]
    assert b == b2 and b["c3"] >= 25
