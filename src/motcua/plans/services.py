"""Every change to plans and inspections. Each function opens its transaction, writes an audit
entry and raises :class:`PlanError` (Vietnamese message, machine code) on bad input."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction

from motcua.core import audit, outbox
from motcua.core.errors import DomainError
from motcua.core.selectors import work_calendar
from motcua.directory.models import AdminUnit, Agency
from motcua.dossiers.clock import local_date
from motcua.plans import schedule as sched
from motcua.plans import tables
from motcua.plans.models import (
    CheckResult,
    Finding,
    FindingStatus,
    Inspection,
    InspectionCheck,
    InspectionPlan,
    InspectionStatus,
    OccurrenceStatus,
    OwnerKind,
    Plan,
    PlanSection,
    PlanTarget,
    PlanTask,
    ProgressReport,
    TaskOccurrence,
)
from motcua.plans.targets import find_targets

REMIND_TOPIC = "plans.remind"

#: Default due day of periodic reports in the last month of the period, by plan level. Data are
#: closed on the 14th (Nghị định 09/2019/NĐ-CP Điều 12); communes report first, then agencies,
#: then the province [recalled from TT 01/2020/TT-VPCP; settable: MOTCUA_PLAN_REPORT_DAYS].
REPORT_DAYS = {OwnerKind.COMMUNE: 16, OwnerKind.AGENCY: 18, OwnerKind.PROVINCE: 20}

#: Check list of an inspection (danh mục kiểm tra).
CHECKLIST = [
    ("publication", "Công bố, công khai TTHC (quyết định công bố, niêm yết, CSDL quốc gia)"),
    ("one_stop", "Thực hiện cơ chế một cửa, một cửa liên thông (tiếp nhận, sổ theo dõi, phiếu)"),
    ("on_time", "Tỷ lệ hồ sơ giải quyết đúng hạn; xin lỗi khi quá hạn"),
    ("digitised", "Số hóa hồ sơ, kết quả giải quyết TTHC"),
    ("online", "Tiếp nhận, giải quyết hồ sơ trực tuyến"),
    ("feedback", "Tiếp nhận, xử lý phản ánh, kiến nghị"),
]


class PlanError(DomainError):
    """A refused change to a plan, a task or an inspection."""


def report_day(kind: str) -> int:
    days = getattr(settings, "MOTCUA_PLAN_REPORT_DAYS", None) or REPORT_DAYS
    return int(days.get(kind, 18))


def due_soon_days() -> int:
    return int(getattr(settings, "MOTCUA_PLAN_DUE_SOON_DAYS", 7))


# --- schedule of a task ---------------------------------------------------------------------


def _apply_schedule(task: PlanTask, s: sched.Schedule, plan: Plan) -> None:
    task.schedule_kind = s.kind
    task.schedule = s.to_json()
    task.due_on = s.due
    task.start_on = s.start
    task.save()
    keep = set(
        task.occurrences.filter(reports__isnull=False).values_list("key", flat=True).distinct()
    )
    task.occurrences.exclude(key__in=keep).exclude(key__startswith="event-").delete()
    if s.kind != sched.Kind.EVENT:
        task.occurrences.filter(key__startswith="event-", reports__isnull=True).delete()
    not_before = plan.issued_on or date(plan.year, 1, 1)
    rows = [
        TaskOccurrence(task=task, key=p.key, label=p.label, starts_on=p.start, due_on=p.due)
        for p in sched.periods(
            s, year=plan.year, report_day=report_day(plan.owner_kind), not_before=not_before
        )
        if p.key not in keep
    ]
    TaskOccurrence.objects.bulk_create(rows)


def understand(text: str, *, year: int, kind: str = "") -> sched.Schedule:
    """Parse ``text``; a kind forced by the officer replaces the guessed one."""
    s = sched.parse(text, year=year)
    if kind and kind != s.kind:
        forced = sched.Kind(kind)
        s.notes.append(f"Cán bộ chọn loại: {sched.KIND_LABELS[forced]}.")
        s.kind = forced
        if forced == sched.Kind.DEPENDENT and not s.reference:
            s.reference = text
        if forced == sched.Kind.EVENT and not s.event:
            s.event = text
        if forced == sched.Kind.RECURRING and not s.periods:
            s.periods = ["quarter"]
    return s


# --- import ---------------------------------------------------------------------------------


def draft_to_json(draft: tables.Draft) -> dict:
    d = asdict(draft)
    d["issued_on"] = draft.issued_on.isoformat() if draft.issued_on else None
    return d


def draft_from_json(d: dict) -> tables.Draft:
    d = dict(d)
    draft = tables.Draft(
        sections=[tables.DraftSection(**s) for s in d.pop("sections", [])],
        tasks=[tables.DraftTask(**t) for t in d.pop("tasks", [])],
    )
    for k, v in d.items():
        if k == "issued_on":
            v = date.fromisoformat(v) if v else None
        if hasattr(draft, k):
            setattr(draft, k, v)
    return draft


def upper_plan(reference: str, *, year: int) -> Plan | None:
    """The saved plan cited as the basis ("Quyết định số 191/QĐ-UBND ngày …"), matched on its
    number (số, ký hiệu) for the same or the previous year."""
    import re

    m = re.search(r"số\s*:?\s*([\w./-]+)", reference)
    if not m:
        return None
    number = m.group(1).rstrip(".,")
    return (
        Plan.objects.filter(number__iexact=number, year__in=[year, year - 1])
        .order_by("-year", "-id")
        .first()
    )


@transaction.atomic
def create_plan(
    draft: tables.Draft,
    *,
    owner_kind: str,
    agency: Agency,
    year: int,
    title: str = "",
    number: str = "",
    parent: Plan | None = None,
    read_as: dict[int, str] | None = None,
    kinds: dict[int, str] | None = None,
    source_name: str = "",
    auto_parent: bool = True,
    actor: AbstractBaseUser | None,
    now: datetime,
) -> Plan:
    """Save a checked draft: the plan, its sections, tasks, occurrences and targets.

    ``read_as`` and ``kinds`` hold the officer's corrections by task index; the original
    deadline text is stored unchanged in every case. Without ``parent``, the saved plan cited
    first in the legal basis becomes the upper plan (``auto_parent``).
    """
    if owner_kind not in OwnerKind.values:
        raise PlanError("invalid_owner", "Cấp của kế hoạch không hợp lệ.")
    if not (2000 <= int(year) <= 2100):
        raise PlanError("invalid_year", "Năm của kế hoạch không hợp lệ.", errors={"year": ["Sai."]})
    if not draft.tasks:
        raise PlanError("no_tasks", "Kế hoạch chưa có nhiệm vụ nào.")
    read_as, kinds = read_as or {}, kinds or {}
    unit: AdminUnit = agency.unit
    if owner_kind == OwnerKind.PROVINCE and unit.parent_id is not None:
        unit = unit.parent
    parent_ref = tables.parent_reference(draft.legal_basis)[:255]
    if parent is None and parent_ref and auto_parent:
        parent = upper_plan(parent_ref, year=int(year))
    plan = Plan.objects.create(
        owner_kind=owner_kind,
        unit=unit,
        agency=agency,
        year=year,
        number=(number or draft.number)[:80],
        issued_on=draft.issued_on,
        place=draft.place[:80],
        title=(title or draft.title or "Kế hoạch kiểm soát thủ tục hành chính")[:500],
        issuer_name=(draft.issuer_name or agency.name)[:255],
        issuer_parent=draft.issuer_parent[:255],
        legal_basis=draft.legal_basis,
        parent=parent,
        parent_ref=parent_ref,
        purpose=draft.purpose,
        source_name=source_name[:255],
        created_at=now,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    sections = {}
    for i, s in enumerate(draft.sections):
        sections[s.number] = PlanSection.objects.create(
            plan=plan, number=s.number, title=s.title[:500], order=i
        )
    order = 0
    for i, t in enumerate(draft.tasks):
        corrected = (read_as.get(i) or "").strip()
        s = understand(corrected or t.deadline, year=year, kind=kinds.get(i, ""))
        s.text = t.deadline
        if corrected and corrected != t.deadline:
            s.notes.append(f"Cán bộ sửa cách hiểu: “{corrected}”.")
        if t.inherited:
            s.notes.append("Thời gian lấy theo dòng trên (ô gộp).")
        task = PlanTask(
            plan=plan,
            section=sections.get(t.section),
            number=t.number,
            group=t.group[:500],
            content=t.content,
            lead=t.lead,
            cooperating=t.cooperating,
            product=t.product,
            deadline_text=t.deadline,
            read_as=corrected if corrected != t.deadline else "",
            order=i,
        )
        _apply_schedule(task, s, plan)
        for found in find_targets(t.content):
            PlanTarget.objects.create(
                plan=plan,
                task=task,
                text=found.text[:1000],
                measure_key=found.measure_key,
                value=found.value,
                order=order,
            )
            order += 1
    # targets stated in the plan's text ("II. MỤC TIÊU"), unless a task already carries them
    seen = set(PlanTarget.objects.filter(plan=plan).values_list("measure_key", "value"))
    for bullet in draft.targets:
        for found in find_targets(bullet):
            if found.measure_key and (found.measure_key, found.value) in seen:
                continue
            seen.add((found.measure_key, found.value))
            PlanTarget.objects.create(
                plan=plan,
                text=found.text[:1000],
                measure_key=found.measure_key,
                value=found.value,
                order=order,
            )
            order += 1
    audit.record(
        at=now,
        actor=actor,
        action="plans.create",
        obj=plan,
        data={"tasks": len(draft.tasks), "source": source_name},
    )
    return plan


@transaction.atomic
def correct_schedule(
    task: PlanTask, read_as: str, *, kind: str = "", actor: AbstractBaseUser | None, now: datetime
) -> PlanTask:
    """Change how a saved task's deadline is understood (the original text stays)."""
    task = PlanTask.objects.select_for_update().select_related("plan").get(pk=task.pk)
    s = understand(read_as or task.deadline_text, year=task.plan.year, kind=kind)
    s.text = task.deadline_text
    if not s.complete:
        raise PlanError(
            "schedule_unknown",
            "Chưa hiểu được thời hạn này; hãy ghi rõ, ví dụ “Trước 15/02/2026”, “Hằng quý”, "
            "“Thường xuyên”, “Từ ngày 01/4/2026”, “Khi …” hoặc chọn loại thời hạn.",
            errors={"read_as": ["Không hiểu được."]},
        )
    task.read_as = read_as if read_as != task.deadline_text else ""
    _apply_schedule(task, s, task.plan)
    audit.record(at=now, actor=actor, action="plans.schedule", obj=task, data={"read_as": read_as})
    return task


@transaction.atomic
def link_parent(
    plan: Plan, parent: Plan | None, *, actor: AbstractBaseUser | None, now: datetime
) -> Plan:
    """Say which upper plan this plan implements (nesting)."""
    node = parent
    while node is not None:
        if node.pk == plan.pk:
            raise PlanError("cycle", "Kế hoạch không thể thực hiện chính nó (vòng lặp).")
        node = node.parent
    plan.parent = parent
    plan.save(update_fields=["parent"])
    audit.record(
        at=now, actor=actor, action="plans.parent", obj=plan, data={"parent": parent and parent.pk}
    )
    return plan


@transaction.atomic
def link_dependency(
    task: PlanTask, other: Plan | None, *, actor: AbstractBaseUser | None, now: datetime
) -> PlanTask:
    task.depends_on = other
    task.save(update_fields=["depends_on"])
    audit.record(
        at=now, actor=actor, action="plans.depends", obj=task, data={"plan": other and other.pk}
    )
    return task


# --- occurrences and progress --------------------------------------------------------------


@transaction.atomic
def log_event(
    task: PlanTask,
    *,
    event_on: date,
    note: str,
    actor: AbstractBaseUser | None,
    now: datetime,
) -> TaskOccurrence:
    """Ghi nhận một lần phát sinh của nhiệm vụ "khi …", with its own deadline when the text
    gives one (working days through the legal calendar)."""
    task = PlanTask.objects.select_for_update().select_related("plan__unit").get(pk=task.pk)
    if task.schedule_kind != sched.Kind.EVENT:
        raise PlanError(
            "not_event", "Chỉ nhiệm vụ thực hiện “khi phát sinh” mới ghi nhận từng lần phát sinh."
        )
    if not (note or "").strip():
        raise PlanError(
            "invalid", "Hãy ghi sự việc phát sinh (ví dụ số văn bản).", errors={"note": ["Trống."]}
        )
    s = sched.Schedule.from_json(task.schedule)
    due: date | None = None
    if s.immediate:
        due = event_on
    elif s.offset_days is not None:
        if s.working_days and s.offset_days > 0:
            cal = work_calendar(task.plan.unit.province_code)
            due = cal.nth_working_day_after(event_on, s.offset_days)
        else:
            due = event_on + timedelta(days=s.offset_days)
    n = task.occurrences.filter(key__startswith="event-").count() + 1
    occ = TaskOccurrence.objects.create(
        task=task,
        key=f"event-{n}",
        label=f"Lần {n}: {note.strip()}"[:255],
        starts_on=event_on,
        due_on=due,
        event_on=event_on,
        event_note=note.strip()[:500],
    )
    audit.record(at=now, actor=actor, action="plans.event", obj=occ, data={"due": str(due)})
    return occ


@transaction.atomic
def set_due(
    occ: TaskOccurrence, due_on: date | None, *, actor: AbstractBaseUser | None, now: datetime
) -> TaskOccurrence:
    """Give an occurrence its deadline (a task that follows another plan, an event)."""
    occ.due_on = due_on
    occ.save(update_fields=["due_on"])
    audit.record(at=now, actor=actor, action="plans.due", obj=occ, data={"due": str(due_on)})
    return occ


def report_progress(
    occ: TaskOccurrence,
    *,
    status: str,
    note: str,
    done_on: date | None = None,
    files: Sequence[tuple[str, bytes]] = (),
    actor: AbstractBaseUser,
    now: datetime,
) -> ProgressReport:
    """Báo cáo tiến độ một kỳ: status, result, evidence files (checked by content)."""
    from motcua.documents import services as documents
    from motcua.documents import validation
    from motcua.documents.errors import DocumentError
    from motcua.documents.models import FilePurpose

    if status not in OccurrenceStatus.values or status == OccurrenceStatus.NOT_STARTED:
        raise PlanError(
            "invalid_status",
            "Tình trạng phải là đang thực hiện, gặp vướng mắc hoặc hoàn thành.",
            errors={"status": ["Sai."]},
        )
    note = (note or "").strip()
    if not note:
        raise PlanError(
            "invalid", "Hãy ghi kết quả thực hiện.", errors={"note": ["Không được để trống."]}
        )
    today = local_date(now)
    if status == OccurrenceStatus.DONE:
        done_on = done_on or today
        if done_on > today:
            raise PlanError(
                "invalid",
                "Ngày hoàn thành không được sau hôm nay.",
                errors={"done_on": ["Sau hôm nay."]},
            )
    else:
        done_on = None
    checked = []
    for name, data in files:
        try:
            checked.append((name, data, validation.inspect(data, name)))
        except DocumentError as exc:
            raise PlanError(exc.code, f"Tệp “{name}”: {exc.message}", status=exc.status) from exc
    with transaction.atomic():
        occ = TaskOccurrence.objects.select_for_update().get(pk=occ.pk)
        stored = [
            documents.store_bytes(
                data,
                name=name,
                purpose=FilePurpose.EVIDENCE,
                user=actor,
                now=now,
                inspected=inspected,
            )
            for name, data, inspected in checked
        ]
        report = ProgressReport.objects.create(
            occurrence=occ,
            status=status,
            note=note,
            done_on=done_on,
            reporter=actor,
            reporter_name=actor.get_full_name() or actor.get_username(),
            reported_at=now,
        )
        if stored:
            report.files.set(stored)
        occ.status, occ.done_on = status, done_on
        occ.save(update_fields=["status", "done_on"])
        audit.record(
            at=now,
            actor=actor,
            action="plans.report",
            obj=report,
            data={"status": status, "files": len(stored)},
        )
    return report


# --- reminders (nhắc hạn) --------------------------------------------------------------------


def agency_emails(agency_id: int) -> list[str]:
    from django.contrib.auth import get_user_model

    return sorted(
        set(
            get_user_model()
            .objects.filter(staff_roles__agency_id=agency_id, is_active=True)
            .exclude(email="")
            .values_list("email", flat=True)
        )
    )


def recipients(plan: Plan) -> list[str]:
    """E-mail addresses of the staff of the plan's agency (and of its author)."""
    emails = set(agency_emails(plan.agency_id))
    if plan.created_by_id and plan.created_by.email:
        emails.add(plan.created_by.email)
    return sorted(emails)


def _remind_now(due_on: date, reminded_on: date | None, today: date) -> bool:
    """Once when the deadline comes near, again on the day, then weekly while overdue."""
    if reminded_on is None:
        return True
    if reminded_on >= today:
        return False
    if due_on == today:
        return True
    return due_on < today and (today - reminded_on).days >= 7


def queue_reminders(*, now: datetime, days: int | None = None) -> int:
    """Queue reminders of occurrences and inspection corrections that are overdue or due within
    ``days``: once when they come near, on the day, then weekly while overdue.

    The message goes to the outbox topic ``plans.remind``; its handler (``plans.handlers``)
    writes one row per officer in the notification log of the sync package, which sends it
    through the configured e-mail channel (same retries as citizen notifications).
    """
    today = local_date(now)
    horizon = today + timedelta(days=due_soon_days() if days is None else days)
    due = (
        TaskOccurrence.objects.filter(due_on__isnull=False, due_on__lte=horizon)
        .exclude(status=OccurrenceStatus.DONE)
        .select_related("task__plan__created_by")
    )
    findings = (
        Finding.objects.filter(due_on__lte=horizon)
        .exclude(status=FindingStatus.FIXED)
        .select_related("inspection__plan", "inspection__agency")
    )
    n = 0
    with transaction.atomic():
        for occ in due:
            if not _remind_now(occ.due_on, occ.reminded_on, today):
                continue
            for email in recipients(occ.task.plan) or [""]:
                outbox.enqueue(
                    topic=REMIND_TOPIC,
                    key=f"plan:{occ.task.plan_id}",
                    dedup_key=f"plans.remind:{occ.pk}:{today.isoformat()}:{email}",
                    payload={"occurrence": occ.pk, "overdue": occ.due_on < today, "email": email},
                    now=now,
                )
            occ.reminded_on = today
            occ.save(update_fields=["reminded_on"])
            n += 1
        for f in findings:
            if not _remind_now(f.due_on, f.reminded_on, today):
                continue
            for email in agency_emails(f.inspection.agency_id) or [""]:
                outbox.enqueue(
                    topic=REMIND_TOPIC,
                    key=f"inspection:{f.inspection_id}",
                    dedup_key=f"plans.remind:finding:{f.pk}:{today.isoformat()}:{email}",
                    payload={"finding": f.pk, "overdue": f.due_on < today, "email": email},
                    now=now,
                )
            f.reminded_on = today
            f.save(update_fields=["reminded_on"])
            n += 1
    return n


# --- inspections -------------------------------------------------------------------------------


@transaction.atomic
def create_inspection_plan(
    *,
    agency: Agency,
    year: int,
    title: str,
    target_share: Decimal,
    number: str = "",
    plan: Plan | None = None,
    actor: AbstractBaseUser | None,
    now: datetime,
) -> InspectionPlan:
    if not title.strip():
        raise PlanError("invalid", "Hãy nhập tên kế hoạch kiểm tra.", errors={"title": ["Trống."]})
    if not (Decimal(0) < Decimal(target_share) <= Decimal(100)):
        raise PlanError(
            "invalid",
            "Tỷ lệ đơn vị phải kiểm tra phải trong khoảng 0–100%.",
            errors={"target_share": ["Sai."]},
        )
    unit = agency.unit
    ip = InspectionPlan.objects.create(
        unit=unit,
        agency=agency,
        year=year,
        title=title.strip()[:500],
        number=number[:80],
        target_share=target_share,
        plan=plan,
        created_at=now,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    audit.record(at=now, actor=actor, action="plans.inspection_plan", obj=ip)
    return ip


@transaction.atomic
def schedule_inspections(
    ip: InspectionPlan,
    agencies: Iterable[Agency],
    *,
    on: date,
    actor: AbstractBaseUser | None,
    now: datetime,
) -> list[Inspection]:
    """Add the units to inspect (each once per plan), each with the standard check list."""
    from motcua.plans.selectors import inspectable_agencies

    allowed = set(inspectable_agencies(ip).values_list("pk", flat=True))
    out = []
    for a in agencies:
        if a.pk not in allowed:
            raise PlanError(
                "out_of_scope", f"{a.name} không thuộc phạm vi của kế hoạch kiểm tra này."
            )
        if on.year != ip.year:
            raise PlanError(
                "invalid", "Ngày kiểm tra phải trong năm của kế hoạch.", errors={"on": ["Sai năm."]}
            )
        insp, created = Inspection.objects.get_or_create(
            plan=ip, agency=a, defaults={"scheduled_on": on}
        )
        if created:
            InspectionCheck.objects.bulk_create(
                InspectionCheck(inspection=insp, key=k, label=lbl, order=i)
                for i, (k, lbl) in enumerate(CHECKLIST)
            )
        out.append(insp)
    audit.record(at=now, actor=actor, action="plans.inspections", obj=ip, data={"n": len(out)})
    return out


@transaction.atomic
def record_inspection(
    insp: Inspection,
    *,
    inspected_on: date,
    results: dict[str, tuple[str, str]],
    conclusion: str,
    actor: AbstractBaseUser | None,
    now: datetime,
) -> Inspection:
    """Record the check list results and the unit's figures taken from motcua at that moment."""
    from motcua.plans.selectors import unit_figures

    insp = Inspection.objects.select_for_update().select_related("agency", "plan").get(pk=insp.pk)
    if inspected_on > local_date(now):
        raise PlanError("invalid", "Ngày kiểm tra không được sau hôm nay.")
    for key, (result, note) in results.items():
        if result not in CheckResult.values:
            raise PlanError("invalid", "Kết quả kiểm tra không hợp lệ.", errors={key: ["Sai."]})
        InspectionCheck.objects.filter(inspection=insp, key=key).update(result=result, note=note)
    start = date(insp.plan.year, 1, 1)
    insp.figures = unit_figures(insp.agency, start=start, end=inspected_on, now=now)
    insp.inspected_on = inspected_on
    insp.conclusion = conclusion.strip()
    if insp.status == InspectionStatus.PLANNED:
        insp.status = InspectionStatus.DONE
    insp.save()
    audit.record(at=now, actor=actor, action="plans.inspected", obj=insp)
    return insp


@transaction.atomic
def add_finding(
    insp: Inspection,
    *,
    text: str,
    correction: str,
    due_on: date,
    check_key: str = "",
    actor: AbstractBaseUser | None,
    now: datetime,
) -> Finding:
    if not text.strip() or not correction.strip():
        raise PlanError(
            "invalid",
            "Hãy ghi tồn tại, hạn chế và yêu cầu khắc phục.",
            errors={"text": ["Bắt buộc."], "correction": ["Bắt buộc."]},
        )
    if insp.inspected_on and due_on < insp.inspected_on:
        raise PlanError(
            "invalid", "Hạn khắc phục phải sau ngày kiểm tra.", errors={"due_on": ["Quá sớm."]}
        )
    f = Finding.objects.create(
        inspection=insp,
        check_key=check_key,
        text=text.strip(),
        correction=correction.strip(),
        due_on=due_on,
        updated_at=now,
    )
    audit.record(at=now, actor=actor, action="plans.finding", obj=f)
    return f


@transaction.atomic
def follow_up(
    finding: Finding,
    *,
    status: str,
    note: str,
    actor: AbstractBaseUser | None,
    now: datetime,
) -> Finding:
    if status not in FindingStatus.values:
        raise PlanError("invalid", "Tình trạng khắc phục không hợp lệ.")
    finding = Finding.objects.select_for_update().get(pk=finding.pk)
    finding.status = status
    finding.follow_up = note.strip()
    finding.fixed_on = local_date(now) if status == FindingStatus.FIXED else None
    finding.updated_at = now
    finding.save()
    insp = finding.inspection
    if not insp.findings.exclude(status=FindingStatus.FIXED).exists():
        insp.status = InspectionStatus.CLOSED
        insp.save(update_fields=["status"])
    elif insp.status == InspectionStatus.CLOSED:
        insp.status = InspectionStatus.DONE
        insp.save(update_fields=["status"])
    audit.record(
        at=now, actor=actor, action="plans.follow_up", obj=finding, data={"status": status}
    )
    return finding
