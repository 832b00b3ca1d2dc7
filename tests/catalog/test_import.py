"""Importing a catalog document: everything or nothing, with the place and reason of each error."""

from datetime import date, datetime

import pytest
from django.utils import timezone

from motcua.catalog import exchange, selectors, services
from motcua.catalog.models import (
    InternalProcess,
    Procedure,
    ProcedureVersion,
    ProcessStatus,
    PublicationDecision,
)
from motcua.catalog.services import CatalogError, import_catalog

pytestmark = pytest.mark.django_db


def _import(doc, lai_chau, **kw):
    return import_catalog(doc, province=lai_chau, actor=None, now=timezone.now(), **kw)


def test_import_creates_published_version_with_approved_process(doc, lai_chau):
    result = _import(doc, lai_chau)
    assert result.procedures == 1 and result.decisions == 1 and result.processes == 1
    p = Procedure.objects.get(code="9.999001")
    assert p.is_active and p.boundary_free
    assert selectors.version_in_force(p, date(2026, 3, 9)) is None  # before the effective date
    v = selectors.version_in_force(p, date(2026, 3, 10))
    assert v.decision.number == "999/QĐ-UBND-THU"
    case = v.cases.get(code="TH1")
    process = case.processes.get()
    assert process.status == ProcessStatus.APPROVED and process.province == lai_chau
    assert next(s.role for s in process.steps.all()) == "receiving_officer"
    assert v.components.get(name="Bản sao giấy tờ").cases.get().code == "TH2"


def _mutate(doc, path, value):
    target = doc
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value


@pytest.mark.parametrize(
    ("path", "value", "where"),
    [
        (("procedures", 0, "level"), "district", "procedures[0].level"),
        (("procedures", 0, "sector"), "KHONG", "procedures[0].sector"),
        (
            ("procedures", 0, "cases", 0, "time_limit", "unit"),
            "weeks",
            "procedures[0].cases[0].time_limit.unit",
        ),
        (
            ("procedures", 0, "cases", 0, "time_limit", "amount"),
            "mười",
            "procedures[0].cases[0].time_limit.amount",
        ),
        (
            ("procedures", 0, "cases", 0, "process", "steps", 2, "amount"),
            "6",
            "procedures[0].cases[0].process.steps",
        ),
        (
            ("procedures", 0, "cases", 0, "fees", 0, "amount"),
            -5,
            "procedures[0].cases[0].fees[0].amount",
        ),
        (("procedures", 0, "cases", 1, "cutoff"), "3h chiều", "procedures[0].cases[1].cutoff"),
        (("procedures", 0, "components", 1, "cases"), ["TH9"], "procedures[0].components[1].cases"),
        (
            ("procedures", 0, "agencies"),
            [{"role": "coordinating", "agency_type": "so-y-te"}],
            "procedures[0].agencies",
        ),
        (
            ("procedures", 0, "agencies", 0, "agency_type"),
            "so-khong-co",
            "procedures[0].agencies[0].agency_type",
        ),
        (("procedures", 0, "legal_basis"), [], "procedures[0].legal_basis"),
        (("procedures", 0, "name"), "", "procedures[0].name"),
        (("decisions", 0, "items", 0, "procedure"), "8.888888", "decisions"),
    ],
)
def test_bad_document_rejected_whole_with_place_and_reason(doc, lai_chau, path, value, where):
    procedures, versions = Procedure.objects.count(), ProcedureVersion.objects.count()
    _mutate(doc, path, value)
    with pytest.raises(CatalogError) as exc:
        _import(doc, lai_chau)
    places = [w for w, _m in exc.value.errors]
    assert any(w.startswith(where) for w in places), exc.value.errors
    assert all(m for _w, m in exc.value.errors)
    assert Procedure.objects.count() == procedures
    assert ProcedureVersion.objects.count() == versions
    assert not PublicationDecision.objects.filter(number="999/QĐ-UBND-THU").exists()


def test_budget_error_message_is_in_vietnamese(doc, lai_chau):
    doc["procedures"][0]["cases"][0]["process"]["steps"][2]["amount"] = "6"
    with pytest.raises(CatalogError) as exc:
        _import(doc, lai_chau)
    assert "khác thời hạn giải quyết" in str(exc.value)


def test_not_a_catalog_document(lai_chau):
    with pytest.raises(CatalogError):
        _import({"procedures": []}, lai_chau)
    with pytest.raises(CatalogError):
        _import([1, 2], lai_chau)


def test_duplicate_decision_number_rejected(doc, lai_chau):
    _import(doc, lai_chau)
    with pytest.raises(CatalogError) as exc:
        _import(doc, lai_chau)
    assert "đã có trong hệ thống" in str(exc.value)
    assert Procedure.objects.get(code="9.999001").versions.count() == 1


def test_published_version_is_immutable(doc, lai_chau):
    from django.core.exceptions import ValidationError

    _import(doc, lai_chau)
    v = Procedure.objects.get(code="9.999001").versions.get()
    v.name = "Sửa trộm"
    with pytest.raises(ValidationError):
        v.save()
    case = v.cases.first()
    case.time_amount = 1
    with pytest.raises(ValidationError):
        case.save()


def test_amendment_and_abolition_answer_which_version_was_in_force(doc, lai_chau):
    _import(doc, lai_chau)
    p = Procedure.objects.get(code="9.999001")
    now = timezone.now()
    amend = PublicationDecision.objects.create(
        number="1000/QĐ-UBND-THU",
        date=date(2026, 5, 1),
        title="Sửa đổi",
        signer="X",
        effective_date=date(2026, 6, 1),
    )
    v2 = services.new_draft_version(
        p,
        decision=amend,
        change_type="amended",
        now=now,
        changes={"name": "Cấp giấy phép thử nghiệm (sửa đổi)"},
    )
    assert v2.cases.count() == 2 and v2.components.count() == 2
    assert InternalProcess.objects.filter(case__version=v2, status=ProcessStatus.DRAFT).count() == 1
    services.publish_decision(amend, actor=None, now=now)
    assert selectors.version_in_force(p, date(2026, 5, 31)).number == 1
    assert selectors.version_in_force(p, date(2026, 6, 1)).number == 2
    p.refresh_from_db()
    assert p.name == "Cấp giấy phép thử nghiệm (sửa đổi)"

    abolish = PublicationDecision.objects.create(
        number="1001/QĐ-UBND-THU",
        date=date(2026, 8, 1),
        title="Bãi bỏ",
        signer="X",
        effective_date=date(2026, 9, 1),
    )
    services.new_draft_version(p, decision=abolish, change_type="abolished", now=now)
    services.publish_decision(abolish, actor=None, now=now)
    assert selectors.accepts_dossiers(p, date(2026, 8, 31))
    assert not selectors.accepts_dossiers(p, date(2026, 9, 1))
    assert not selectors.procedures_in_force(date(2026, 9, 1)).filter(pk=p.pk).exists()
    assert selectors.procedures_in_force(date(2026, 8, 31)).filter(pk=p.pk).exists()


def test_process_approval_checks_budget(doc, lai_chau):
    doc["procedures"][0]["cases"][0]["process"]["approval"] = ""
    doc["decisions"] = []
    _import(doc, lai_chau, publish=False)
    process = InternalProcess.objects.get(code="QT.TST.01")
    assert process.status == ProcessStatus.DRAFT
    step = process.steps.get(order=3)
    step.amount = 5
    step.save()
    with pytest.raises(CatalogError) as exc:
        services.approve_process(
            process, approval_ref="QĐ 1/QĐ-UBND", actor=None, now=timezone.now()
        )
    assert "khác thời hạn" in str(exc.value)
    step.amount = 7
    step.save()
    services.approve_process(process, approval_ref="QĐ 1/QĐ-UBND", actor=None, now=timezone.now())
    process.refresh_from_db()
    assert process.status == ProcessStatus.APPROVED


@pytest.mark.parametrize(
    ("limit", "unit", "steps", "ok"),
    [
        (
            "30",
            "working_days",
            [
                ("0.5", "working_days"),
                ("0.5", "working_days"),
                ("1", "working_days"),
                ("1", "working_days"),
                ("16", "working_days"),
                ("1", "working_days"),
                ("1", "working_days"),
                ("7", "working_days"),
                ("2", "working_days"),
            ],
            True,
        ),
        ("1", "working_days", [("4", "working_hours"), ("4", "working_hours")], True),
        ("1", "working_days", [("4", "working_hours"), ("3", "working_hours")], False),
        ("8", "working_hours", [("1", "working_days")], True),
        ("0", "same_day", [("4", "working_hours"), ("2", "working_hours")], True),
        ("0", "same_day", [("1", "working_days"), ("1", "working_hours")], False),
        ("30", "calendar_days", [("10", "calendar_days"), ("20", "calendar_days")], True),
        ("30", "calendar_days", [("10", "calendar_days")], False),
    ],
)
def test_budget_rule(limit, unit, steps, ok):
    from decimal import Decimal

    problem = services.budget_problem(
        Decimal(limit), unit, [(Decimal(a), u, True) for a, u in steps]
    )
    assert (problem is None) == ok, problem


def test_xlsx_round_trip(doc, lai_chau):
    data = exchange.document_to_xlsx(doc)
    back = exchange.xlsx_to_document(data)
    back.pop("_locations")
    assert back["procedures"][0]["cases"][0]["process"]["steps"][2]["amount"] == "7"
    _import(back, lai_chau)
    v = Procedure.objects.get(code="9.999001").versions.get()
    assert v.cases.get(code="TH2").cutoff_time.hour == 15
    assert v.components.get(name="Bản sao giấy tờ").cases.get().code == "TH2"


def test_xlsx_errors_name_sheet_and_row(doc, lai_chau):
    doc["procedures"][0]["cases"][0]["time_limit"]["unit"] = "tuần"
    back = exchange.xlsx_to_document(exchange.document_to_xlsx(doc))
    with pytest.raises(CatalogError) as exc:
        _import(back, lai_chau)
    assert any(w.startswith("Trường hợp, dòng 2") for w, _m in exc.value.errors), exc.value.errors
    assert not Procedure.objects.filter(code="9.999001").exists()


def test_xlsx_structural_errors(doc):
    import io

    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(exchange.document_to_xlsx(doc)))
    del wb["Bước xử lý"]
    wb["Trường hợp"]["D2"] = "mười"
    buf = io.BytesIO()
    wb.save(buf)
    with pytest.raises(CatalogError) as exc:
        exchange.xlsx_to_document(buf.getvalue())
    assert any("Bước xử lý" in m for _w, m in exc.value.errors)
    with pytest.raises(CatalogError):
        exchange.xlsx_to_document(b"not a workbook")


def test_export_then_import_reproduces_the_demo_catalog(lai_chau):
    today = timezone.localdate()
    doc = exchange.export_document(on=today, province_code="12")
    assert len(doc["procedures"]) >= 30
    # re-importing the export as drafts validates every procedure without error
    doc["decisions"] = []
    result = import_catalog(
        doc,
        province=lai_chau,
        actor=None,
        now=datetime.now(tz=timezone.get_current_timezone()),
        publish=False,
    )
    assert result.versions == len(doc["procedures"])
