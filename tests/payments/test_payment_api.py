"""The payments API: invoice, desk payment, refund — scope, rights, error JSON, query budgets —
and the OpenAPI schema."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def test_invoice_desk_payment_and_refund(api, clinic_dossier):
    d = clinic_dossier()
    desk = api("tiepnhan.laichau")
    r = desk.get(f"/api/v1/payments/dossiers/{d.pk}/invoice")
    assert r.status_code == 404 and r.json()["code"] == "no_invoice"
    r = desk.post(f"/api/v1/payments/dossiers/{d.pk}/invoice", {}, format="json")
    assert r.status_code == 201, r.json()
    body = r.json()
    assert (body["status"], body["total"], body["gross"], body["currency"]) == (
        "unpaid",
        5_700_000,
        5_700_000,
        "VND",
    )
    assert body["lines"][0]["mode"] == "before" and body["lines"][0]["payable"] == 5_700_000
    assert body["submission_ref"] == d.submission_ref and body["paid_online"] is False

    r = desk.post(f"/api/v1/payments/dossiers/{d.pk}/desk-payment", {}, format="json")
    assert r.status_code == 400 and r.json()["code"] == "invalid"
    assert "receipt_number" in r.json()["errors"]
    r = desk.post(
        f"/api/v1/payments/dossiers/{d.pk}/desk-payment",
        {"receipt_number": "0000123", "receipt_series": "AA/26P", "amount": 5_700_000},
        format="json",
    )
    assert r.status_code == 201, r.json()
    payment = r.json()
    assert (payment["method"], payment["status"], payment["amount"]) == ("desk", "paid", 5_700_000)
    assert payment["created_by"] == "tiepnhan.laichau"
    r = desk.post(
        f"/api/v1/payments/dossiers/{d.pk}/desk-payment", {"receipt_number": "2"}, format="json"
    )
    assert r.status_code == 409 and r.json()["code"] == "already_paid"
    assert r.json()["message"] == "Phí, lệ phí của hồ sơ đã được nộp."

    r = desk.post(f"/api/v1/payments/{payment['id']}/refund", {"reason": ""}, format="json")
    assert r.status_code == 400 and r.json()["message"] == "Cần ghi lý do hoàn trả."
    r = desk.post(
        f"/api/v1/payments/{payment['id']}/refund", {"reason": "Hồ sơ dừng"}, format="json"
    )
    assert r.status_code == 200, r.json()
    assert (r.json()["status"], r.json()["refunded_by"]) == ("refunded", "tiepnhan.laichau")
    r = desk.get(f"/api/v1/payments/dossiers/{d.pk}/invoice")
    assert r.json()["status"] == "refunded" and r.json()["payments"][0]["refund_reason"] == (
        "Hồ sơ dừng"
    )


def test_rights_and_scope(api, clinic_dossier):
    d = clinic_dossier()
    url = f"/api/v1/payments/dossiers/{d.pk}/invoice"
    assert api().get(url).status_code == 401
    r = api("giamsat.langson").get(url)  # another province: not even visible
    assert r.status_code == 404 and r.json()["code"] == "not_found"
    r = api("lanhdao.syt").post(url, {}, format="json")  # visible, but not the receiving agency
    assert r.status_code == 403 and r.json()["code"] == "forbidden"
    assert "nơi tiếp nhận hồ sơ" in r.json()["message"]
    api("tiepnhan.laichau").post(url, {}, format="json")
    assert api("lanhdao.syt").get(url).status_code == 200  # may read it
    r = api("lanhdao.syt").post(
        f"/api/v1/payments/dossiers/{d.pk}/desk-payment", {"receipt_number": "1"}, format="json"
    )
    assert r.status_code == 403
    pid = (
        api("tiepnhan.laichau")
        .post(
            f"/api/v1/payments/dossiers/{d.pk}/desk-payment",
            {"receipt_number": "1"},
            format="json",
        )
        .json()["id"]
    )
    assert (
        api("giamsat.langson")
        .post(f"/api/v1/payments/{pid}/refund", {"reason": "x"}, format="json")
        .status_code
        == 404
    )
    assert (
        api("lanhdao.syt")
        .post(f"/api/v1/payments/{pid}/refund", {"reason": "x"}, format="json")
        .status_code
        == 403
    )


def test_exemption_through_the_api(api, clinic_dossier):
    d = clinic_dossier()
    fee = d.case.fees.get()
    url = f"/api/v1/payments/dossiers/{d.pk}/invoice"
    c = api("tiepnhan.laichau")
    r = c.post(url, {"exempt_lines": [fee.pk]}, format="json")
    assert r.status_code == 400 and "exemption_reason" in r.json()["errors"]
    r = c.post(
        url, {"exempt_lines": [fee.pk], "exemption_reason": "Người khuyết tật"}, format="json"
    )
    assert r.status_code == 201
    assert (r.json()["status"], r.json()["total"]) == ("free", 0)
    assert r.json()["lines"][0]["exempt"] is True
    r = c.post(
        f"/api/v1/payments/dossiers/{d.pk}/desk-payment", {"receipt_number": "1"}, format="json"
    )
    assert r.status_code == 409 and r.json()["code"] == "nothing_to_pay"


def test_invoice_query_budget(api, clinic_dossier):
    d = clinic_dossier()
    c = api("tiepnhan.laichau")
    c.post(f"/api/v1/payments/dossiers/{d.pk}/invoice", {}, format="json")
    c.post(f"/api/v1/payments/dossiers/{d.pk}/desk-payment", {"receipt_number": "1"}, format="json")
    with CaptureQueriesContext(connection) as ctx:
        assert c.get(f"/api/v1/payments/dossiers/{d.pk}/invoice").status_code == 200
    assert len(ctx.captured_queries) <= 8, [q["sql"] for q in ctx.captured_queries]


def test_schema_lists_the_payment_endpoints(api):
    r = api("admin").get("/api/schema/")
    assert r.status_code == 200
    text = r.content.decode()
    for path in (
        "/api/v1/payments/dossiers/{id}/invoice",
        "/api/v1/payments/dossiers/{id}/desk-payment",
        "/api/v1/payments/{id}/refund",
        "/api/v1/payments/ipn/{provider}",
    ):
        assert path in text
    assert "- payments" in text
