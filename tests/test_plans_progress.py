"""Progress of plans: reports with evidence, events with their own deadlines, overdue and
due-soon lists, rollup through nested plans, reminders, exports, targets, API and pages."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from django.core import mail

from motcua.core import outbox
from motcua.plans import selectors, services, tables
from motcua.plans.models import OccurrenceStatus, Plan, TaskOccurrence
from support import vn

DATA = Path(__file__).parent / "data" / "plans"


def _pdf() -> bytes:
    from weasyprint import HTML

    return HTML(string="<p>Kế hoạch số 385/KH-TTr — minh chứng</p>").write_pdf()


PDF = _pdf()


def _plan(
    agency,
    name="thanh-tra-lai-chau-385.txt",
    code="thanh-tra-tinh-12",
    parent=None,
    kind="agency",
    now=None,
):
    draft = tables.read_file((DATA / name).read_bytes(), name)
    return services.create_plan(
        draft,
        owner_kind=kind,
        agency=agency(code),
        year=2026,
        parent=parent,
        actor=None,
        now=now or vn(2026, 2, 14, 9),
    )


@pytest.fixture
def plan(db, agency):
    return _plan(agency)


def _occ(plan: Plan, number: str, section: str, key: str | None = None) -> TaskOccurrence:
    qs = TaskOccurrence.objects.filter(
        task__plan=plan, task__number=number, task__section__number=section
    )
    return qs.get(key=key) if key else qs.get()


@pytest.mark.django_db
def test_progress_report_with_evidence_file(plan, user):
    occ = _occ(plan, "1", "I")
    officer = user("chuyenvien.thanhtra")
    report = services.report_progress(
        occ,
        status=OccurrenceStatus.DONE,
        note="Đã ban hành kế hoạch 385/KH-TTr",
        done_on=date(2026, 2, 13),
        files=[("ke-hoach.pdf", PDF)],
        actor=officer,
        now=vn(2026, 2, 14, 10),
    )
    occ.refresh_from_db()
    assert occ.status == "done" and occ.done_on == date(2026, 2, 13)
    assert report.reporter_name == "Nguyễn Đức Long"
    f = report.files.get()
    assert f.kind == "pdf" and f.purpose == "evidence"
    with pytest.raises(services.PlanError) as exc:
        services.report_progress(
            occ,
            status="done",
            note="x",
            files=[("a.pdf", b"not a pdf at all")],
            actor=officer,
            now=vn(2026, 2, 14, 10),
        )
    assert exc.value.code == "unsupported_type"
    with pytest.raises(services.PlanError) as exc:
        services.report_progress(occ, status="done", note="", actor=officer, now=vn(2026, 2, 14))
    assert exc.value.errors == {"note": ["Không được để trống."]}
    with pytest.raises(services.PlanError):
        services.report_progress(
            occ,
            status="done",
            note="x",
            done_on=date(2026, 3, 1),
            actor=officer,
            now=vn(2026, 2, 14),
        )


@pytest.mark.django_db
def test_events_are_logged_with_their_own_deadline(plan, agency):
    task = plan.tasks.get(section__number="III", number="2")  # "Ngay sau khi có Quyết định …"
    occ = services.log_event(
        task, event_on=date(2026, 3, 10), note="QĐ 250/QĐ-UBND", actor=None, now=vn(2026, 3, 10, 9)
    )
    assert occ.due_on == date(2026, 3, 10) and occ.label.startswith("Lần 1")
    services.correct_schedule(
        task, "Trong 05 ngày làm việc kể từ khi có Quyết định", actor=None, now=vn(2026, 3, 11)
    )
    task.refresh_from_db()
    assert task.deadline_text.startswith("Ngay sau khi")  # the original is kept
    occ.refresh_from_db()  # a logged event stays: it happened, whatever the reading
    assert task.occurrences.count() == 1
    # 30/4 and 1/5 are holidays: five working days from Wed 29/04/2026 end on Fri 08/05
    occ = services.log_event(
        task, event_on=date(2026, 4, 29), note="QĐ 300", actor=None, now=vn(2026, 4, 29)
    )
    assert occ.due_on == date(2026, 5, 8)
    with pytest.raises(services.PlanError) as exc:
        services.log_event(
            plan.tasks.get(section__number="I", number="1"),
            event_on=date(2026, 3, 1),
            note="x",
            actor=None,
            now=vn(2026, 3, 1),
        )
    assert exc.value.code == "not_event"


@pytest.mark.django_db
def test_overdue_and_due_soon_lists_per_unit(plan, user):
    plans = Plan.objects.filter(pk=plan.pk)
    today = date(2026, 3, 12)
    overdue = list(selectors.due_list(plans, today, which="overdue"))
    # 15/02 plan task and the February monthly report (18/02)
    assert {o.task.number + o.key for o in overdue} == {"1once", "12026-M02"}
    soon = list(selectors.due_list(plans, today, which="soon"))
    assert [o.key for o in soon] == ["2026-M03", "2026-Q1"]  # both due 18/03
    assert selectors.due_list(plans, today, which="soon", lead="Phòng không có").count() == 0
    services.report_progress(
        overdue[0],
        status="done",
        note="Xong",
        done_on=date(2026, 3, 1),
        actor=user("chuyenvien.thanhtra"),
        now=vn(2026, 3, 12),
    )
    assert selectors.due_list(plans, today, which="overdue").count() == 1
    p = selectors.plan_progress(plan, today)
    assert (p.done, p.done_late, p.due_so_far, p.overdue) == (1, 1, 2, 1)
    assert p.percent == 50


@pytest.mark.django_db
def test_rollup_through_nested_plans(agency, user):
    province = _plan(agency, kind="province", code="ubnd-tinh-12")
    tt = _plan(agency, parent=province)
    bl = _plan(agency, "xa-binh-lu.txt", "ubnd-xa-03390", parent=province, kind="commune")
    officer = user("chuyenvien.thanhtra")
    for occ in TaskOccurrence.objects.filter(task__plan=tt, due_on__lte=date(2026, 4, 1)):
        services.report_progress(
            occ, status="done", note="Xong", done_on=occ.due_on, actor=officer, now=vn(2026, 4, 1)
        )
    today = date(2026, 4, 2)
    tree = selectors.plan_tree(Plan.objects.filter(pk__in=[province.pk, tt.pk, bl.pk]), today)
    assert len(tree) == 1 and tree[0].plan == province
    kids = {n.plan.pk: n for n in tree[0].children}
    assert kids[tt.pk].own.percent == 100
    assert kids[bl.pk].own.done == 0 and kids[bl.pk].own.overdue > 0
    root = tree[0]
    assert root.tree.done == root.own.done + kids[tt.pk].own.done + kids[bl.pk].own.done
    assert root.tree.due_so_far == sum(
        n.due_so_far for n in (root.own, kids[tt.pk].own, kids[bl.pk].own)
    )
    with pytest.raises(services.PlanError):
        services.link_parent(province, tt, actor=None, now=vn(2026, 4, 2))


def _reminded(plan: Plan, now) -> set[str]:
    services.queue_reminders(now=now)
    return set(
        TaskOccurrence.objects.filter(
            task__plan=plan, reminded_on=now.date(), due_on__lte=now.date()
        ).values_list("key", flat=True)
    )


@pytest.mark.django_db
def test_reminders_go_through_the_notification_log(plan, user):
    from motcua.sync.models import NotificationDelivery

    officer = user("chuyenvien.thanhtra")
    officer.email = "long.thanhtra@example.test"
    officer.save()
    now = vn(2026, 2, 13, 8)
    assert services.queue_reminders(now=now) >= 2
    reminded = TaskOccurrence.objects.filter(task__plan=plan, reminded_on=date(2026, 2, 13))
    assert {o.key for o in reminded} == {"once", "2026-M02"}  # 15/02 task, 18/02 report
    assert services.queue_reminders(now=now) == 0  # once a day
    # on the day it is due, and then weekly while overdue
    assert _reminded(plan, vn(2026, 2, 14, 8)) == set()
    assert _reminded(plan, vn(2026, 2, 15, 8)) == {"once"}
    assert _reminded(plan, vn(2026, 2, 16, 8)) == set()
    assert _reminded(plan, vn(2026, 2, 22, 8)) == {"once", "2026-M02"}  # a week overdue
    outbox.deliver(now=now, topics={services.REMIND_TOPIC})
    rows = NotificationDelivery.objects.filter(action="plan_reminder", dossier=f"KH-{plan.pk}")
    assert rows.count() == 2
    assert {r.recipient for r in rows} == {"long.thanhtra@example.test"}
    from motcua.sync.services import send_due

    send_due(now=now)
    assert any("sắp đến hạn" in m.subject for m in mail.outbox)
    assert any("Trước 15/02" in m.body for m in mail.outbox)


@pytest.mark.django_db
def test_exports_in_the_official_layout(plan):
    import docx
    from openpyxl import load_workbook

    from motcua.plans import exports

    d = docx.Document(io.BytesIO(exports.plan_docx(plan, today=date(2026, 3, 1))))
    head = d.tables[0]
    text = head.cell(0, 1).text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert "Số: 385/KH-TTr" in head.cell(0, 0).text and "THANH TRA" in head.cell(0, 0).text
    assert "Lai Châu, ngày 13 tháng 02 năm 2026" in head.cell(0, 1).text
    body = d.tables[1]
    assert len(body.rows) == 1 + 7 + 17
    assert body.rows[2].cells[-1].text == "Trước 15/02"
    assert "Nơi nhận:" in d.tables[2].cell(0, 0).text
    assert "THỦ TRƯỞNG CƠ QUAN" in d.tables[2].cell(0, 1).text
    report = docx.Document(io.BytesIO(exports.plan_docx(plan, today=date(2026, 3, 1), report=True)))
    assert "BÁO CÁO" in "\n".join(p.text for p in report.paragraphs)
    assert report.tables[1].rows[0].cells[-1].text == "Tiến độ"
    wb = load_workbook(io.BytesIO(exports.plan_xlsx(plan, today=date(2026, 3, 1), report=True)))
    ws = wb.active
    assert ws["A3"].value == "Số: 385/KH-TTr"
    values = [c.value for c in ws[9]]
    assert values[0] == "I" and values[1] == "Công tác chỉ đạo, điều hành"
    assert any(
        "quá hạn" in (c.value or "")
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str)
    )


@pytest.mark.django_db
def test_targets_show_no_data_until_indicators_answer(plan):
    rows = selectors.plan_targets(plan, date(2026, 3, 1), vn(2026, 3, 1))
    by_key = {r["target"].measure_key: r for r in rows}
    assert set(by_key) == {"digitised", "feedback_on_time", "satisfied", ""}
    for r in rows:
        v = r["actual"].value
        assert v is None or 0 <= v <= 1
        assert (r["actual"].percent == "chưa có dữ liệu") == (v is None)


@pytest.mark.django_db
def test_pages_list_detail_task_due_and_exports(login, plan, django_assert_max_num_queries):
    c = login("giamsat.laichau")  # the supervising office sees the province's plans
    with django_assert_max_num_queries(25):
        r = c.get("/ke-hoach/")
    assert r.status_code == 200 and "385/KH-TTr" in r.content.decode()
    # 50: the targets' actuals now come from motcua.indicators (about 8 queries per page)
    with django_assert_max_num_queries(50):
        r = c.get(f"/ke-hoach/{plan.pk}/")
    page = r.content.decode()
    assert "Trước 15/02" in page and "Hoàn thành chậm nhất ngày 15/02/2026" in page
    assert "chưa có dữ liệu" in page or "%" in page
    task = plan.tasks.get(section__number="VII")
    r = c.get(f"/ke-hoach/{plan.pk}/nhiem-vu/{task.pk}/")
    assert "Báo cáo quý I/2026" in r.content.decode()
    with django_assert_max_num_queries(20):
        r = c.get("/ke-hoach/han/")
    assert r.status_code == 200
    assert "Theo đơn vị ban hành kế hoạch" in r.content.decode()
    assert "Thanh tra tỉnh Lai Châu" in r.content.decode()
    r = c.get("/ke-hoach/han/", {"co_quan": "thanh-tra-tinh-12", "chu_tri": "Văn phòng"})
    assert r.status_code == 200 and "Xây kế hoạch thực hiện" in r.content.decode()
    for fmt in ("docx", "xlsx"):
        r = c.get(f"/ke-hoach/{plan.pk}/xuat.{fmt}?bao_cao=1")
        assert r.status_code == 200 and r.content[:2] == b"PK"
    assert c.get(f"/ke-hoach/{plan.pk}/xuat.pdf").status_code == 404
    # another agency of the province reads the plan but cannot report on it
    other = login("chuyenvien.syt")
    page = other.get(f"/ke-hoach/{plan.pk}/nhiem-vu/{task.pk}/")
    assert page.status_code == 200 and "Gửi báo cáo" not in page.content.decode()
    occ = task.occurrences.first()
    r = other.post(
        f"/ke-hoach/{plan.pk}/nhiem-vu/{task.pk}/",
        {"action": "report", "occurrence": occ.pk, "status": "done", "note": "x"},
    )
    assert r.status_code == 403
    assert login("giamsat.langson").get(f"/ke-hoach/{plan.pk}/").status_code == 403


@pytest.mark.django_db
def test_report_progress_page_with_evidence_and_download(login, plan):
    c = login("chuyenvien.thanhtra")
    task = plan.tasks.get(section__number="I", number="1")
    occ = task.occurrences.get()
    url = f"/ke-hoach/{plan.pk}/nhiem-vu/{task.pk}/"
    pdf = io.BytesIO(PDF)
    pdf.name = "minh-chung.pdf"
    bad = c.post(url, {"action": "report", "occurrence": occ.pk, "status": "done", "note": ""})
    assert bad.status_code == 400 and "Hãy ghi kết quả thực hiện" in bad.content.decode()
    r = c.post(
        url,
        {
            "action": "report",
            "occurrence": occ.pk,
            "status": "done",
            "note": "Đã ban hành",
            "done_on": "2026-02-13",
            "minh_chung": pdf,
        },
    )
    assert r.status_code == 302
    occ.refresh_from_db()
    assert occ.status == "done"
    f = occ.reports.get().files.get()
    r = c.get(f"/ke-hoach/{plan.pk}/minh-chung/{f.pk}/")
    assert r.status_code == 200 and r.content == PDF


@pytest.mark.django_db
def test_api_lists_plans_and_due_with_bounded_queries(api, plan, django_assert_max_num_queries):
    c = api("giamsat.laichau")
    with django_assert_max_num_queries(12):
        r = c.get("/api/v1/plans", {"year": 2026})
    assert r.status_code == 200
    mine = next(p for p in r.json()["results"] if p["id"] == plan.pk)
    assert mine["progress"]["total"] > 0
    with django_assert_max_num_queries(12):
        r = c.get("/api/v1/plans/due", {"which": "soon"})
    assert r.status_code == 200
    assert c.get("/api/v1/plans/due", {"which": "late"}).json()["code"] == "invalid_query"
    r = c.get(f"/api/v1/plans/{plan.pk}")
    assert r.status_code == 200 and len(r.json()["tasks"]) == 17
    task = plan.tasks.get(section__number="I", number="2")
    r = c.post(f"/api/v1/plan-tasks/{task.pk}/schedule", {"read_as": "Quý III"}, format="json")
    assert r.status_code == 200 and r.json()["schedule"]["due"] == "2026-09-30"
    assert r.json()["deadline_text"] == "Theo kế hoạch UBND tỉnh"
    r = c.post(f"/api/v1/plan-tasks/{task.pk}/schedule", {"read_as": "sớm"}, format="json")
    assert r.status_code == 400 and r.json()["code"] == "schedule_unknown"
    occ = task.occurrences.get()
    r = c.post(
        f"/api/v1/plan-occurrences/{occ.pk}/reports",
        {"status": "in_progress", "note": "Đang xây dựng"},
        format="multipart",
    )
    assert r.status_code == 201 and r.json()["status"] == "in_progress"
    event_task = plan.tasks.get(section__number="II", number="1")
    r = c.post(
        f"/api/v1/plan-tasks/{event_task.pk}/events",
        {"event_on": "2026-03-10", "note": "Dự thảo Nghị quyết về phí"},
        format="json",
    )
    assert r.status_code == 201 and r.json()["due_on"] is None  # the text gives no deadline
    r = c.post(f"/api/v1/plan-tasks/{task.pk}/events", {"event_on": "2026-03-10", "note": "x"})
    assert r.status_code == 400 and r.json()["code"] == "not_event"
    assert api("giamsat.langson").get(f"/api/v1/plans/{plan.pk}").status_code == 403
    r = api("chuyenvien.syt").post(
        f"/api/v1/plan-occurrences/{occ.pk}/reports",
        {"status": "done", "note": "x"},
        format="multipart",
    )
    assert r.status_code == 403


def test_openapi_schema_of_plans_validates(tmp_path):
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yaml"))
    text = (tmp_path / "s.yaml").read_text()
    for p in (
        "/api/v1/plans:",
        "/api/v1/plans/due:",
        "/api/v1/plans/import-preview:",
        "/api/v1/plan-occurrences/{id}/reports:",
        "/api/v1/inspection-plans:",
        "/api/v1/plan-tasks/{id}/events:",
    ):
        assert p in text, p


@pytest.mark.django_db
def test_commune_export_header_has_no_upper_body(agency):
    import docx

    from motcua.plans import exports

    plan = _plan(agency, "xa-binh-lu.txt", "ubnd-xa-03390", kind="commune")
    d = docx.Document(io.BytesIO(exports.plan_docx(plan, today=date(2026, 3, 1))))
    left = d.tables[0].cell(0, 0).text
    assert left.startswith("ỦY BAN NHÂN DÂN XÃ BÌNH LƯ") and "TỈNH" not in left.split("\n")[0]
    assert len(d.tables[1].rows) == 1 + 5 + 26


@pytest.mark.django_db
def test_dependent_task_links_the_plan_it_follows_and_gets_a_deadline(login, plan, agency):
    upper = Plan.objects.get(number="191/QĐ-UBND")  # the demo province plan
    task = plan.tasks.get(section__number="IV", number="2")  # "Theo Kế hoạch của UBND tỉnh"
    assert task.schedule_kind == "dependent"
    c = login("chuyenvien.thanhtra")
    url = f"/ke-hoach/{plan.pk}/nhiem-vu/{task.pk}/"
    assert c.post(url, {"action": "depends", "depends_on": upper.pk}).status_code == 302
    task.refresh_from_db()
    assert task.depends_on == upper
    page = c.get(url).content.decode()
    assert "tiến độ của kế hoạch đó" in page and "191/QĐ-UBND" in page
    occ = task.occurrences.get()
    assert occ.due_on is None
    assert (
        c.post(url, {"action": "due", "occurrence": occ.pk, "due_on": "2026-08-31"}).status_code
        == 302
    )
    occ.refresh_from_db()
    assert occ.due_on == date(2026, 8, 31)


@pytest.mark.django_db
def test_targets_show_actual_from_the_indicators_contract(monkeypatch, login, plan):
    """The indicators package is built in parallel: its contract (CONTRACTS.md) is faked here to
    check the wiring — scope of the plan's unit, the plan's year, reached or not."""
    import sys
    import types
    from dataclasses import dataclass

    import motcua.indicators

    calls = []

    @dataclass(frozen=True)
    class Scope:
        kind: str
        id: int

    @dataclass(frozen=True)
    class Measure:
        key: str
        label: str
        value: float | None
        numerator: int | None
        denominator: int | None

    def measure(key, *, scope, start, end, now):
        calls.append((key, scope, start, end))
        value = {"digitised": 0.95, "satisfied": 0.8}.get(key)
        return Measure(key, key, value, None if value is None else int(value * 100), 100)

    fake = types.ModuleType("motcua.indicators.selectors")
    fake.Scope, fake.measure = Scope, measure
    fake.TARGETABLE = {"digitised": "Số hóa (chỉ số 766)", "satisfied": "Hài lòng"}
    monkeypatch.setitem(sys.modules, "motcua.indicators.selectors", fake)
    monkeypatch.setattr(motcua.indicators, "selectors", fake, raising=False)

    rows = {
        r["target"].measure_key: r
        for r in selectors.plan_targets(plan, date(2026, 5, 1), vn(2026, 5, 1))
    }
    assert (
        rows["digitised"]["reached"] is True and rows["digitised"]["label"] == "Số hóa (chỉ số 766)"
    )
    assert rows["satisfied"]["reached"] is False  # 80% against 90%
    assert rows["feedback_on_time"]["actual"].value is None  # not targetable there: no data
    _key, scope, start, end = calls[0]
    assert scope == Scope("agency", plan.agency_id)
    assert (start, end) == (date(2026, 1, 1), date(2026, 5, 1))
    page = login("chuyenvien.thanhtra").get(f"/ke-hoach/{plan.pk}/").content.decode()
    assert "95,0%" in page and "chưa đạt" in page
