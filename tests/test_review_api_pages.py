"""Review plans end to end through the API and the staff pages: plan, procedures, review form,
proposal, compliance cost before/after (the Đồng Nai worked example), totals against targets,
measured figures, DOCX export, adoption through the catalog's publication decision."""

from __future__ import annotations

import io
from datetime import date

import pytest
from docx import Document

from motcua.catalog.models import Procedure, VersionStatus
from motcua.catalog.selectors import version_in_force
from motcua.review.models import ReviewPlan

pytestmark = pytest.mark.django_db

DONG_NAI_BEFORE = {
    "rows": [{"label": "Thời gian giải quyết 10 ngày làm việc", "hours": "80"}],
    "n_per_year": "10",
    "frequency": "1",
    "hourly_income": "40000",
    "hourly_income_source": "Tổng cục Thống kê, thu nhập bình quân năm 2024",
}
DONG_NAI_AFTER = {**DONG_NAI_BEFORE, "rows": [{"label": "09 ngày làm việc", "hours": "72"}]}


@pytest.fixture
def plan(api):
    c = api("chuyenvien.syt")
    r = c.post(
        "/api/v1/review/plans",
        {"agency": "so-y-te-12", "year": 2027, "title": "Kế hoạch rà soát thử nghiệm"},
        format="json",
    )
    assert r.status_code == 201, r.content
    return c, r.json()


def add(c, plan_id: int, code: str) -> dict:
    r = c.post(f"/api/v1/review/plans/{plan_id}/items", {"procedure": code}, format="json")
    assert r.status_code == 201, r.content
    return r.json()


def test_dong_nai_example_through_the_api(plan):
    c, p = plan
    assert p["cost_target"] == "30.00" and p["internal_cost_target"] == "20.00"
    item = add(c, p["id"], "1.012290")  # 10 ngày làm việc, no fee
    before = item["costs"][0]
    assert before["scenario"] == "before"
    assert before["rows"][0]["hours"] == "80.00"  # prefilled: 10 working days × 8 h
    assert before["time_amount"] == "10.000" and before["time_unit"] == "working_days"
    r = c.put(f"/api/v1/review/items/{item['id']}/costs/before", DONG_NAI_BEFORE, format="json")
    assert r.status_code == 200, r.content
    assert r.json()["cost_before"] == 32_000_000
    r = c.put(
        f"/api/v1/review/items/{item['id']}/proposal",
        {
            "proposal": "Giảm 01 ngày làm việc thời hạn giải quyết.",
            "changes": {"time_limit": {"amount": "9", "unit": "working_days"}},
        },
        format="json",
    )
    assert r.status_code == 200, r.content
    after = next(x for x in r.json()["costs"] if x["scenario"] == "after")
    assert after["time_amount"] == "9.000"
    r = c.put(f"/api/v1/review/items/{item['id']}/costs/after", DONG_NAI_AFTER, format="json")
    body = r.json()
    assert (body["cost_before"], body["cost_after"]) == (32_000_000, 28_800_000)
    assert body["cost"] == {
        "before": "32000000",
        "after": "28800000",
        "saving": "3200000",
        "rate": "10.00",
        "target": "30.00",
        "met": False,
    }
    assert body["time"]["rate"] == "10.00"
    detail = c.get(f"/api/v1/review/plans/{p['id']}").json()
    (group,) = detail["groups"]
    assert group["cost"]["saving"] == "3200000" and group["cost"]["met"] is False


def test_totals_on_sums_and_internal_target(plan):
    c, p = plan
    a = add(c, p["id"], "1.012290")
    b = add(c, p["id"], "1.001710")
    internal = add(c, p["id"], "NB.KSTT.01")
    assert internal["internal"] is True
    figures = {
        a["id"]: ("1000000", "0"),
        b["id"]: ("9000000", "9000000"),
        internal["id"]: ("100", "75"),
    }
    for item_id, (before, after) in figures.items():
        for scenario, value in (("before", before), ("after", after)):
            r = c.put(
                f"/api/v1/review/items/{item_id}/costs/{scenario}",
                {"rows": [{"label": "Chi phí", "hours": "0", "other": value}], "n_per_year": "1"},
                format="json",
            )
            assert r.status_code == 200, r.content
    detail = c.get(f"/api/v1/review/plans/{p['id']}").json()
    groups = {g["label"]: g for g in detail["groups"]}
    tthc = groups["Thủ tục hành chính"]
    assert tthc["cost"]["rate"] == "10.00"  # on sums: 1.000.000 / 10.000.000
    assert tthc["cost_mean_rate"] == "50.00"  # the mean of 100 % and 0 %, labelled
    assert tthc["cost"]["met"] is False
    nb = groups["Thủ tục hành chính nội bộ"]
    assert nb["cost"]["rate"] == "25.00" and nb["cost"]["target"] == "20.00"
    assert nb["cost"]["met"] is True


def test_bad_input_is_refused_with_precise_errors(plan):
    c, p = plan
    item = add(c, p["id"], "1.012290")
    r = c.put(
        f"/api/v1/review/items/{item['id']}/proposal",
        {"proposal": "x", "changes": {"components_removed": [999999999]}},
        format="json",
    )
    assert r.status_code == 400
    assert r.json()["code"] == "invalid" and "components_removed" in r.json()["errors"]
    r = c.put(
        f"/api/v1/review/items/{item['id']}/costs/before",
        {"rows": [{"label": "", "hours": "3"}], "n_per_year": "5"},
        format="json",
    )
    assert r.status_code == 400 and r.json()["errors"]["rows"]["0"]["label"]
    r = c.put(
        f"/api/v1/review/items/{item['id']}/assessment",
        {"assessment": {"components": {"ok": False, "note": ""}}},
        format="json",
    )
    assert r.status_code == 400 and "assessment.components.note" in r.json()["errors"]
    r = c.post(f"/api/v1/review/plans/{p['id']}/items", {"procedure": "1.012290"}, format="json")
    assert r.status_code == 409 and r.json()["code"] == "duplicate"
    r = c.get(f"/api/v1/review/items/{item['id']}/what-if?amount=abc")
    assert r.status_code == 400 and r.json()["code"] == "invalid_query"


def test_visibility_by_agency_scope(plan, api):
    _c, p = plan
    assert api("giamsat.laichau").get(f"/api/v1/review/plans/{p['id']}").status_code == 200
    assert api("giamsat.langson").get(f"/api/v1/review/plans/{p['id']}").status_code == 404
    assert api("chuyenvien.binhlu").get(f"/api/v1/review/plans/{p['id']}").status_code == 404
    assert api().get("/api/v1/review/plans").status_code == 401


def test_plan_list_query_count(plan, api, django_assert_max_num_queries):
    c, p = plan
    for code in ("1.012290", "1.001710", "1.012273"):
        add(c, p["id"], code)
    sup = api("giamsat.laichau")
    with django_assert_max_num_queries(12):
        r = sup.get("/api/v1/review/plans")
    assert r.status_code == 200 and r.json()["count"] >= 1
    with django_assert_max_num_queries(16):
        r = sup.get(f"/api/v1/review/plans/{p['id']}")
    assert len(r.json()["items"]) == 3


def test_hourly_income_is_an_admin_setting(api):
    body = {"year": 2025, "income": "7040000", "working_days": "22", "source": "GSO 2025 (thử)"}
    assert (
        api("chuyenvien.syt").post("/api/v1/review/hourly-incomes", body, format="json").status_code
        == 403
    )
    r = api("admin").post("/api/v1/review/hourly-incomes", body, format="json")
    assert r.status_code == 200 and r.json()["amount"] == "40000.00"
    rows = api("chuyenvien.syt").get("/api/v1/review/hourly-incomes").json()
    assert {row["year"] for row in rows} >= {2024, 2025}


def test_adoption_makes_a_new_version_through_the_catalog(plan, api):
    c, p = plan
    item = add(c, p["id"], "1.012290")
    procedure = Procedure.objects.get(code="1.012290")
    old = version_in_force(procedure, date(2026, 12, 1))
    component = old.components.first()
    r = c.put(
        f"/api/v1/review/items/{item['id']}/proposal",
        {
            "proposal": "Rút ngắn thời hạn; bỏ một thành phần hồ sơ.",
            "changes": {
                "time_limit": {"amount": "7", "unit": "working_days"},
                "components_removed": [component.pk],
                "channels": ["online", "postal"],
            },
        },
        format="json",
    )
    assert r.status_code == 200, r.content
    r = c.post(
        f"/api/v1/review/items/{item['id']}/adopt",
        {
            "number": "999/QĐ-UBND-THU",
            "decision_date": "2026-12-20",
            "effective_date": "2027-01-01",
            "title": "Công bố TTHC được sửa đổi, bổ sung lĩnh vực y tế",
            "signer": "Nguyễn Văn Ký",
        },
        format="json",
    )
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["status"] == "adopted" and body["decision"] and body["new_version"]
    new = procedure.versions.get(pk=body["new_version"])
    assert new.status == VersionStatus.DRAFT and new.replaces_id == old.pk
    case = new.cases.get(code="TH1")
    assert (case.time_amount, case.time_unit) == (7, "working_days")
    assert new.components.count() == old.components.count() - 1
    assert new.channels == ["online", "postal"]
    for process in case.processes.all():  # step budgets were fitted to the new limit
        total = sum(
            s.amount
            for s in process.steps.all()
            if s.counts_toward_limit and s.unit == "working_days"
        )
        hours = sum(
            s.amount
            for s in process.steps.all()
            if s.counts_toward_limit and s.unit == "working_hours"
        )
        assert total * 8 + hours == 56
    # the catalog's own flow publishes it
    r = api("admin").post(f"/api/v1/decisions/{body['decision']}/publish")
    assert r.status_code == 200, r.content
    assert version_in_force(procedure, date(2027, 1, 2)).pk == new.pk
    # adopted proposals are frozen
    r = c.put(f"/api/v1/review/items/{item['id']}/proposal", {"proposal": "x"}, format="json")
    assert r.status_code == 409


def test_docx_export_has_the_official_layout_and_the_figures(plan, login):
    c, p = plan
    item = add(c, p["id"], "1.012290")
    c.put(f"/api/v1/review/items/{item['id']}/costs/before", DONG_NAI_BEFORE, format="json")
    c.put(
        f"/api/v1/review/items/{item['id']}/proposal",
        {"proposal": "Giảm 01 ngày làm việc.", "changes": {"time_limit": {"amount": "9"}}},
        format="json",
    )
    c.put(f"/api/v1/review/items/{item['id']}/costs/after", DONG_NAI_AFTER, format="json")
    r = login("chuyenvien.syt").get(f"/can-bo/ra-soat/ke-hoach/{p['id']}/phuong-an.docx")
    assert r.status_code == 200
    doc = Document(io.BytesIO(r.content))
    header = " ".join(cell.text for cell in doc.tables[0]._cells)
    assert (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header and "Độc lập - Tự do - Hạnh phúc" in header
    )
    assert "SỞ Y TẾ" in header and "Lai Châu, ngày" in header
    text = "\n".join(par.text for par in doc.paragraphs)
    assert "PHƯƠNG ÁN" in text
    assert "Chi phí tuân thủ TTHC trước khi đơn giản hóa: 32.000.000 đồng/năm." in text
    assert "Chi phí tuân thủ TTHC sau khi đơn giản hóa: 28.800.000 đồng/năm." in text
    assert "Chi phí tiết kiệm: 3.200.000 đồng/năm." in text
    assert "Tỷ lệ cắt giảm chi phí: 10%." in text
    assert "Thời hạn giải quyết: từ 10 ngày làm việc xuống 9 ngày làm việc." in text
    assert "III. BIỂU TÍNH CHI PHÍ TUÂN THỦ" in text
    annex = doc.tables[-2]  # the "after" table, before the signature block
    assert [c.text for c in annex.rows[1].cells][2:] == [
        "72", "40.000", "0", "0", "0", "2.880.000"
    ]  # fmt: skip
    assert "chi phí tuân thủ/năm: 28.800.000 đồng." in text
    section = doc.sections[0]
    assert round(section.left_margin.mm) == 30 and round(section.page_width.mm) == 210
    api_docx = c.get(f"/api/v1/review/plans/{p['id']}/proposal.docx")
    assert api_docx.status_code == 200 and api_docx.content[:2] == b"PK"


def test_pages_render_and_keep_typed_values_on_error(login, django_assert_max_num_queries):
    c = login("chuyenvien.syt")
    assert c.get("/can-bo/ra-soat/").status_code == 200
    demo = ReviewPlan.objects.get(agency__code="so-y-te-12")
    with django_assert_max_num_queries(30):
        r = c.get(f"/can-bo/ra-soat/ke-hoach/{demo.pk}/")
    assert r.status_code == 200 and "Tổng hợp so với mục tiêu" in r.content.decode()
    item = demo.items.first()
    r = c.get(f"/can-bo/ra-soat/thu-tuc/{item.pk}/")
    html = r.content.decode()
    assert r.status_code == 200
    for text in ("Biểu mẫu rà soát", "Phương án đơn giản hóa", "Chi phí tuân thủ", "Giả định"):
        assert text in html
    r = c.post(
        f"/can-bo/ra-soat/thu-tuc/{item.pk}/",
        {
            "action": "cost-before",
            "before-0-label": "Chuẩn bị hồ sơ",
            "before-0-hours": "ba giờ",
            "before-n_per_year": "12",
            "before-frequency": "1",
        },
    )
    assert r.status_code == 400
    html = r.content.decode()
    assert "không phải là số" in html and 'value="ba giờ"' in html and 'value="12"' in html
    r = c.get(f"/can-bo/ra-soat/thu-tuc/{item.pk}/?tl=5&dv=working_days#gia-dinh")
    assert r.status_code == 200 and "hồ sơ sẽ trễ hạn" in r.content.decode()
    assert c.get("/can-bo/ra-soat/thu-nhap-binh-quan/").status_code == 200
    r = c.post("/can-bo/ra-soat/thu-nhap-binh-quan/", {"year": "2025", "amount": "1"})
    assert r.status_code == 403


def test_measured_evidence_from_dossiers(plan):
    c, p = plan
    item = add(c, p["id"], "1.012289")
    r = c.get(f"/api/v1/review/items/{item['id']}/evidence?from=2026-01-01&to=2026-12-31")
    assert r.status_code == 200
    body = r.json()
    assert body["source"] == "measured" and body["received"] == 0 and body["late_rate"] is None


def test_openapi_lists_the_review_endpoints(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    for path in (
        "/api/v1/review/plans",
        "/api/v1/review/items/{id}/what-if",
        "/api/v1/review/procedures/{code}/what-if",
        "/api/v1/review/items/{id}/costs/{scenario}",
    ):
        assert path in schema["paths"], path


def test_the_after_cost_follows_a_changed_proposal(plan):
    c, p = plan
    item = add(c, p["id"], "1.012290")  # 10 ngày làm việc → waiting row 80 h
    url = f"/api/v1/review/items/{item['id']}/proposal"
    for amount, hours in (("8", "64.00"), ("6", "48.00")):
        r = c.put(
            url,
            {"proposal": "Rút ngắn", "changes": {"time_limit": {"amount": amount}}},
            format="json",
        )
        assert r.status_code == 200, r.content
        after = next(x for x in r.json()["costs"] if x["scenario"] == "after")
        assert after["rows"][0]["hours"] == hours and after["time_amount"] == f"{amount}.000"
        assert r.json()["time"]["after"] == f"{amount}.00"
    r = c.put(url, {"proposal": "x", "changes": {"fees": {"abc": 1}}}, format="json")
    assert r.status_code == 400


def test_candidates_api(plan, django_assert_max_num_queries):
    c, p = plan
    add(c, p["id"], "1.012290")
    with django_assert_max_num_queries(12):
        r = c.get(f"/api/v1/review/plans/{p['id']}/candidates?from=2026-01-01&to=2026-12-31")
    assert r.status_code == 200
    rows = r.json()
    codes = {row["code"] for row in rows}
    assert {"1.012289", "1.001710", "1.012290"} <= codes  # Sở Y tế's procedures
    assert rows[-1]["code"] == "1.012290" and rows[-1]["in_plan"] is True


def test_adopt_from_the_page_links_to_the_catalog_decision(login):
    c = login("chuyenvien.syt")
    demo = ReviewPlan.objects.get(agency__code="so-y-te-12")
    item = demo.items.get(procedure__code="1.012290")  # the demo has a proposal for it
    url = f"/can-bo/ra-soat/thu-tuc/{item.pk}/"
    # with a proposed time limit the what-if has already run on last year's dossiers
    assert "hồ sơ sẽ trễ hạn với thời hạn 6 ngày làm việc" in c.get(url).content.decode()
    form = {
        "action": "adopt",
        "number": "1234/QĐ-UBND-RS",
        "decision_date": "2026-12-20",
        "effective_date": "2026-12-01",  # before the signing date: refused, input kept
        "title": "Công bố TTHC sửa đổi lĩnh vực y tế",
        "signer": "Nguyễn Văn Ký",
    }
    r = c.post(url, form)
    assert r.status_code == 400
    html = r.content.decode()
    assert 'value="1234/QĐ-UBND-RS"' in html and "Ngày hiệu lực không được trước ngày ký" in html
    r = c.post(url, {**form, "effective_date": "2027-01-01"})
    assert r.status_code == 302
    item.refresh_from_db()
    assert item.status == "adopted" and item.decision.number == "1234/QĐ-UBND-RS"
    html = c.get(url).content.decode()
    assert f"/quan-tri/catalog/publicationdecision/{item.decision_id}/change/" in html
    assert f"POST /api/v1/decisions/{item.decision_id}/publish" in html
