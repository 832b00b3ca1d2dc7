"""Staff screens of plans and inspections (kế hoạch, kiểm tra)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from motcua.core.errors import DomainError
from motcua.directory.selectors import visible_agencies
from motcua.plans import exports, selectors, services, tables
from motcua.plans import schedule as sched
from motcua.plans.models import (
    CheckResult,
    Finding,
    FindingStatus,
    Inspection,
    InspectionPlan,
    OccurrenceStatus,
    OwnerKind,
    Plan,
    PlanTask,
    TaskOccurrence,
)

SESSION_KEY = "plans.import"


def _today() -> date:
    return timezone.localdate()


def _plan_for(request: HttpRequest, pk: int, *, edit: bool = False) -> Plan:
    plan = get_object_or_404(Plan.objects.select_related("agency", "unit", "parent"), pk=pk)
    if not selectors.can_see(request.user, plan, _today()):
        raise PermissionDenied("Kế hoạch không thuộc phạm vi của bạn.")
    if edit and not selectors.can_edit(request.user, plan, _today()):
        raise PermissionDenied("Chỉ cán bộ của cơ quan ban hành (hoặc giám sát) được cập nhật.")
    return plan


def _date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    today = _today()
    plans = selectors.visible_plans(request.user, today)
    year = request.GET.get("nam", "")
    if year.isdigit():
        plans = plans.filter(year=int(year))
    tree = selectors.plan_tree(plans, today)
    mine = selectors.editable_plans(request.user, today)
    overdue = selectors.due_list(mine, today, which="overdue").count()
    soon = selectors.due_list(mine, today, which="soon").count()
    return render(
        request,
        "plans/list.html",
        {"tree": tree, "overdue": overdue, "soon": soon, "year": year, "today": today},
    )


@login_required
def due(request: HttpRequest) -> HttpResponse:
    """Nhiệm vụ quá hạn và sắp đến hạn, theo đơn vị (cơ quan ban hành, đơn vị chủ trì)."""
    today = _today()
    plans = selectors.editable_plans(request.user, today)
    agency = request.GET.get("co_quan", "")
    if agency:
        plans = plans.filter(agency__code=agency)
    lead = request.GET.get("chu_tri", "").strip()
    per_unit: dict[str, dict] = {}
    for which in ("overdue", "soon"):
        rows = (
            selectors.due_list(plans, today, which=which, lead=lead)
            .values("task__plan__agency__code", "task__plan__agency__name")
            .annotate(n=Count("id"))
            .order_by()
        )
        for r in rows:
            unit = per_unit.setdefault(
                r["task__plan__agency__code"],
                {"name": r["task__plan__agency__name"], "overdue": 0, "soon": 0},
            )
            unit[which] = r["n"]
    ctx = {
        "per_unit": sorted(per_unit.items(), key=lambda kv: (-kv[1]["overdue"], kv[1]["name"])),
        "overdue": list(selectors.due_list(plans, today, which="overdue", lead=lead)[:300]),
        "soon": list(selectors.due_list(plans, today, which="soon", lead=lead)[:300]),
        "agencies": visible_agencies(request.user, today).filter(plans__isnull=False).distinct(),
        "agency": agency,
        "lead": lead,
        "today": today,
        "days": services.due_soon_days(),
    }
    return render(request, "plans/due.html", ctx)


# --- import with preview -------------------------------------------------------------------


def _owner_context(request: HttpRequest) -> dict:
    today = _today()
    return {
        "agencies": visible_agencies(request.user, today).select_related("unit").order_by("name"),
        "parents": selectors.visible_plans(request.user, today).order_by("-year", "title"),
        "owner_kinds": OwnerKind.choices,
        "kinds": sched.KIND_LABELS.items(),
    }


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    ctx = _owner_context(request)
    if request.method == "POST":
        upload = request.FILES.get("tep")
        pasted = request.POST.get("van_ban", "")
        try:
            if upload is not None:
                data, name = upload.read(10 * 1024 * 1024 + 1), upload.name
                if len(data) > 10 * 1024 * 1024:
                    raise tables.ImportError_("too_large", "Tệp quá lớn (tối đa 10 MB).")
            elif pasted.strip():
                data, name = pasted.encode("utf-8"), "van-ban-dan.txt"
            else:
                raise tables.ImportError_(
                    "no_file", "Hãy chọn tệp DOCX, XLSX, TXT hoặc dán bảng nhiệm vụ."
                )
            draft = tables.read_file(data, name)
        except DomainError as exc:
            ctx.update(error=exc.message, pasted=pasted)
            return render(request, "plans/import.html", ctx)
        request.session[SESSION_KEY] = {
            "draft": services.draft_to_json(draft),
            "source": name,
            "owner_kind": request.POST.get("cap", ""),
            "agency": request.POST.get("co_quan", ""),
            "parent": request.POST.get("ke_hoach_cap_tren", ""),
        }
        return redirect("plans:import-preview")
    return render(request, "plans/import.html", ctx)


def _preview_rows(draft: tables.Draft, year: int, read_as: dict, kinds: dict) -> list[dict]:
    rows = []
    for i, t in enumerate(draft.tasks):
        text = read_as.get(i) or t.deadline
        s = services.understand(text, year=year, kind=kinds.get(i, ""))
        rows.append(
            {
                "i": i,
                "task": t,
                "read_as": text,
                "kind": kinds.get(i, ""),
                "schedule": s,
                "unknown": not s.complete,
            }
        )
    return rows


def _draft_targets(draft: tables.Draft) -> list[dict]:
    from motcua.plans.targets import find_targets, measure_labels

    labels = measure_labels()
    out = []
    for source, text in [
        *((f"Nhiệm vụ {t.number}", t.content) for t in draft.tasks),
        *(("Mục tiêu của kế hoạch", b) for b in draft.targets),
    ]:
        for f in find_targets(text):
            out.append(
                {
                    "source": source,
                    "text": f.text,
                    "value": f.value,
                    "label": labels.get(f.measure_key, ""),
                }
            )
    return out


@login_required
@require_http_methods(["GET", "POST"])
def import_preview(request: HttpRequest) -> HttpResponse:
    state = request.session.get(SESSION_KEY)
    if not state:
        messages.info(request, "Chưa có tệp nào đang chờ xem trước.")
        return redirect("plans:import")
    draft = services.draft_from_json(state["draft"])
    if request.method == "POST" and request.POST.get("action") == "cancel":
        request.session.pop(SESSION_KEY, None)
        messages.info(request, "Đã hủy nhập kế hoạch; không có gì được lưu.")
        return redirect("plans:list")
    data = request.POST if request.method == "POST" else {}
    year_text = data.get("nam") or str(draft.year or _today().year)
    year = int(year_text) if year_text.isdigit() else _today().year
    read_as = {i: data.get(f"read_as-{i}", t.deadline).strip() for i, t in enumerate(draft.tasks)}
    kinds = {i: data.get(f"kind-{i}", "") for i in range(len(draft.tasks))}
    meta = {
        "title": data.get("trich_yeu", draft.title),
        "number": data.get("so", draft.number),
        "owner_kind": data.get("cap", state.get("owner_kind", "")),
        "agency": data.get("co_quan", state.get("agency", "")),
        "parent": data.get("ke_hoach_cap_tren", state.get("parent", "")),
        "year": year,
    }
    if request.method == "GET" and not meta["parent"]:
        upper = services.upper_plan(tables.parent_reference(draft.legal_basis), year=year)
        if (
            upper is not None
            and selectors.visible_plans(request.user, _today()).filter(pk=upper.pk).exists()
        ):
            meta["parent"] = str(upper.pk)
    rows = _preview_rows(draft, year, read_as, kinds)
    ctx = {
        **_owner_context(request),
        "draft": draft,
        "rows": rows,
        "meta": meta,
        "source": state.get("source", ""),
        "unknown": sum(r["unknown"] for r in rows),
        "targets": _draft_targets(draft),
    }
    if request.method == "POST" and request.POST.get("action") == "save":
        errors = []
        agency = (
            visible_agencies(request.user, _today()).filter(code=meta["agency"]).first()
            if meta["agency"]
            else None
        )
        if agency is None:
            errors.append("Hãy chọn cơ quan ban hành kế hoạch (trong phạm vi của bạn).")
        if meta["owner_kind"] not in OwnerKind.values:
            errors.append("Hãy chọn cấp của kế hoạch.")
        if ctx["unknown"]:
            errors.append(
                f"Còn {ctx['unknown']} nhiệm vụ chưa hiểu được thời hạn: hãy sửa cách hiểu "
                "hoặc chọn loại thời hạn."
            )
        parent = None
        if meta["parent"]:
            parent = (
                selectors.visible_plans(request.user, _today())
                .filter(pk=int(meta["parent"]) if meta["parent"].isdigit() else 0)
                .first()
            )
        if errors:
            ctx["errors"] = errors
            return render(request, "plans/preview.html", ctx, status=400)
        try:
            plan = services.create_plan(
                draft,
                owner_kind=meta["owner_kind"],
                agency=agency,
                year=year,
                title=meta["title"],
                number=meta["number"],
                parent=parent,
                read_as={i: v for i, v in read_as.items() if v != draft.tasks[i].deadline},
                kinds={i: k for i, k in kinds.items() if k},
                source_name=state.get("source", ""),
                auto_parent=False,
                actor=request.user,
                now=timezone.now(),
            )
        except DomainError as exc:
            ctx["errors"] = [exc.message]
            return render(request, "plans/preview.html", ctx, status=400)
        request.session.pop(SESSION_KEY, None)
        messages.success(request, f"Đã lưu kế hoạch với {plan.tasks.count()} nhiệm vụ.")
        return redirect("plans:detail", pk=plan.pk)
    return render(request, "plans/preview.html", ctx)


# --- a plan -------------------------------------------------------------------------------


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan_for(request, pk)
    today = _today()
    tasks = list(selectors.tasks_of(plan))
    per_task = selectors.task_progress(plan, today)
    per_section = selectors.section_progress(plan, today)
    sections = []
    for s in plan.sections.all():
        sections.append(
            {
                "section": s,
                "progress": per_section.get(s.pk, selectors.Progress()),
                "tasks": [
                    {
                        "task": t,
                        "schedule": sched.Schedule.from_json(t.schedule),
                        "progress": per_task.get(t.pk, selectors.Progress()),
                    }
                    for t in tasks
                    if t.section_id == s.pk
                ],
            }
        )
    loose = [t for t in tasks if t.section_id is None]
    if loose:
        sections.append(
            {
                "section": None,
                "progress": per_section.get(None, selectors.Progress()),
                "tasks": [
                    {
                        "task": t,
                        "schedule": sched.Schedule.from_json(t.schedule),
                        "progress": per_task.get(t.pk, selectors.Progress()),
                    }
                    for t in loose
                ],
            }
        )
    tree = selectors.plan_tree(Plan.objects.filter(pk__in=[plan.pk, *_descendants(plan)]), today)
    ctx = {
        "plan": plan,
        "sections": sections,
        "progress": selectors.plan_progress(plan, today),
        "tree": tree,
        "targets": selectors.plan_targets(plan, today, timezone.now()),
        "today": today,
        "parents": selectors.visible_plans(request.user, today).exclude(pk=plan.pk),
        "editable": selectors.can_edit(request.user, plan, today),
    }
    return render(request, "plans/detail.html", ctx)


def _descendants(plan: Plan) -> list[int]:
    out, frontier = [], [plan.pk]
    while frontier:
        frontier = list(Plan.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        frontier = [f for f in frontier if f not in out and f != plan.pk]
        out += frontier
    return out


@login_required
@require_http_methods(["POST"])
def plan_parent(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan_for(request, pk, edit=True)
    value = request.POST.get("parent", "")
    parent = (
        selectors.visible_plans(request.user, _today()).filter(pk=int(value)).first()
        if value.isdigit()
        else None
    )
    try:
        services.link_parent(plan, parent, actor=request.user, now=timezone.now())
        messages.success(request, "Đã cập nhật kế hoạch cấp trên.")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("plans:detail", pk=plan.pk)


@login_required
def plan_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in ("docx", "xlsx"):
        raise Http404("Định dạng xuất không hỗ trợ.")
    plan = _plan_for(request, pk)
    report = request.GET.get("bao_cao") == "1"
    today = _today()
    if fmt == "docx":
        data = exports.plan_docx(plan, today=today, report=report)
        ctype = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    else:
        data = exports.plan_xlsx(plan, today=today, report=report)
        ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    name = f"{'bao-cao-' if report else ''}ke-hoach-{plan.pk}.{fmt}"
    resp = HttpResponse(data, content_type=ctype)
    resp["Content-Disposition"] = f'attachment; filename="{name}"'
    return resp


# --- a task ----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def task_detail(request: HttpRequest, pk: int, task_pk: int) -> HttpResponse:
    plan = _plan_for(request, pk, edit=request.method == "POST")
    task = get_object_or_404(PlanTask.objects.select_related("section"), pk=task_pk, plan=plan)
    now = timezone.now()
    form_error, values = "", {}
    if request.method == "POST":
        action = request.POST.get("action")
        values = request.POST
        try:
            if action == "report":
                occ = get_object_or_404(
                    TaskOccurrence, pk=request.POST.get("occurrence") or 0, task=task
                )
                files = [(f.name, f.read()) for f in request.FILES.getlist("minh_chung")]
                services.report_progress(
                    occ,
                    status=request.POST.get("status", ""),
                    note=request.POST.get("note", ""),
                    done_on=_date(request.POST.get("done_on")),
                    files=files,
                    actor=request.user,
                    now=now,
                )
                messages.success(request, f"Đã ghi báo cáo tiến độ: {occ.label}.")
            elif action == "event":
                on = _date(request.POST.get("event_on"))
                if on is None:
                    raise services.PlanError("invalid", "Hãy nhập ngày phát sinh.")
                occ = services.log_event(
                    task,
                    event_on=on,
                    note=request.POST.get("event_note", ""),
                    actor=request.user,
                    now=now,
                )
                messages.success(request, f"Đã ghi nhận lần phát sinh: {occ.label}.")
            elif action == "schedule":
                services.correct_schedule(
                    task,
                    request.POST.get("read_as", "").strip(),
                    kind=request.POST.get("kind", ""),
                    actor=request.user,
                    now=now,
                )
                messages.success(request, "Đã cập nhật cách hiểu thời hạn.")
            elif action == "due":
                occ = get_object_or_404(
                    TaskOccurrence, pk=request.POST.get("occurrence") or 0, task=task
                )
                services.set_due(
                    occ, _date(request.POST.get("due_on")), actor=request.user, now=now
                )
                messages.success(request, "Đã đặt hạn cho kỳ thực hiện.")
            elif action == "depends":
                value = request.POST.get("depends_on", "")
                other = (
                    selectors.visible_plans(request.user, _today()).filter(pk=int(value)).first()
                    if value.isdigit()
                    else None
                )
                services.link_dependency(task, other, actor=request.user, now=now)
                messages.success(request, "Đã liên kết kế hoạch phụ thuộc.")
            return redirect("plans:task", pk=plan.pk, task_pk=task.pk)
        except DomainError as exc:
            form_error = exc.message
    occurrences = list(task.occurrences.prefetch_related("reports__files").order_by("due_on", "id"))
    ctx = {
        "plan": plan,
        "task": task,
        "schedule": sched.Schedule.from_json(task.schedule),
        "occurrences": occurrences,
        "statuses": [c for c in OccurrenceStatus.choices if c[0] != OccurrenceStatus.NOT_STARTED],
        "kinds": sched.KIND_LABELS.items(),
        "today": _today(),
        "error": form_error,
        "values": values,
        "plans": selectors.visible_plans(request.user, _today()).exclude(pk=plan.pk),
        "editable": selectors.can_edit(request.user, plan, _today()),
        "depends_progress": selectors.plan_progress(task.depends_on, _today())
        if task.depends_on_id
        else None,
    }
    return render(request, "plans/task.html", ctx, status=400 if form_error else 200)


@login_required
def evidence(request: HttpRequest, pk: int, file_id: str) -> HttpResponse:
    from motcua.documents.models import StoredFile
    from motcua.documents.selectors import file_bytes
    from motcua.plans.models import ProgressReport

    plan = _plan_for(request, pk)
    if not ProgressReport.objects.filter(occurrence__task__plan=plan, files__pk=file_id).exists():
        raise PermissionDenied("Tệp không thuộc kế hoạch này.")
    f = get_object_or_404(StoredFile, pk=file_id)
    resp = HttpResponse(file_bytes(f), content_type=f.content_type)
    resp["Content-Disposition"] = f'inline; filename="{f.download_name}"'
    return resp


# --- inspections -------------------------------------------------------------------------------


def _inspection_plan_for(request: HttpRequest, pk: int) -> InspectionPlan:
    ip = get_object_or_404(InspectionPlan.objects.select_related("agency", "unit"), pk=pk)
    if not visible_agencies(request.user, _today()).filter(pk=ip.agency_id).exists():
        raise PermissionDenied("Kế hoạch kiểm tra không thuộc phạm vi của bạn.")
    return ip


@login_required
@require_http_methods(["GET", "POST"])
def inspection_plans(request: HttpRequest) -> HttpResponse:
    today = _today()
    mine = visible_agencies(request.user, today)
    error = ""
    if request.method == "POST":
        agency = mine.filter(code=request.POST.get("co_quan", "")).first()
        try:
            share = Decimal(request.POST.get("ty_le", "20").replace(",", "."))
        except InvalidOperation:
            share = Decimal(-1)
        year = request.POST.get("nam", "")
        try:
            if agency is None:
                raise services.PlanError("invalid", "Hãy chọn cơ quan kiểm tra.")
            if not year.isdigit():
                raise services.PlanError("invalid", "Năm không hợp lệ.")
            ip = services.create_inspection_plan(
                agency=agency,
                year=int(year),
                title=request.POST.get("ten", ""),
                number=request.POST.get("so", ""),
                target_share=share,
                actor=request.user,
                now=timezone.now(),
            )
            return redirect("plans:inspection-plan", pk=ip.pk)
        except DomainError as exc:
            error = exc.message
    plans = (
        InspectionPlan.objects.filter(agency__in=mine)
        .select_related("agency")
        .order_by("-year", "title")
    )
    rows = [{"ip": ip, "coverage": selectors.coverage(ip)} for ip in plans]
    open_findings = (
        Finding.objects.filter(inspection__plan__in=plans)
        .exclude(status=FindingStatus.FIXED)
        .select_related("inspection__agency")
        .order_by("due_on", "id")
    )
    return render(
        request,
        "plans/inspection_plans.html",
        {
            "rows": rows,
            "findings": list(open_findings[:200]),
            "today": today,
            "agencies": mine.order_by("name"),
            "error": error,
            "values": request.POST,
            "year": today.year,
        },
        status=400 if error else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def inspection_plan(request: HttpRequest, pk: int) -> HttpResponse:
    ip = _inspection_plan_for(request, pk)
    error = ""
    if request.method == "POST":
        ids = [int(v) for v in request.POST.getlist("don_vi") if v.isdigit()]
        on = _date(request.POST.get("ngay"))
        try:
            if not ids or on is None:
                raise services.PlanError("invalid", "Hãy chọn đơn vị và ngày kiểm tra dự kiến.")
            agencies = list(selectors.inspectable_agencies(ip).filter(pk__in=ids))
            services.schedule_inspections(
                ip, agencies, on=on, actor=request.user, now=timezone.now()
            )
            return redirect("plans:inspection-plan", pk=ip.pk)
        except DomainError as exc:
            error = exc.message
    inspections = list(selectors.inspections_of(ip))
    taken = {i.agency_id for i in inspections}
    candidates = [
        a
        for a in selectors.inspectable_agencies(ip).order_by("unit__code", "name")
        if a.pk not in taken
    ]
    return render(
        request,
        "plans/inspection_plan.html",
        {
            "ip": ip,
            "coverage": selectors.coverage(ip),
            "inspections": inspections,
            "candidates": candidates,
            "error": error,
            "today": _today(),
        },
        status=400 if error else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def inspection(request: HttpRequest, pk: int) -> HttpResponse:
    insp = get_object_or_404(Inspection.objects.select_related("agency", "plan"), pk=pk)
    _inspection_plan_for(request, insp.plan_id)
    error = ""
    now = timezone.now()
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "checks":
                on = _date(request.POST.get("ngay_kiem_tra"))
                if on is None:
                    raise services.PlanError("invalid", "Hãy nhập ngày kiểm tra.")
                results = {
                    c.key: (
                        request.POST.get(f"ket_qua-{c.key}", CheckResult.PENDING),
                        request.POST.get(f"ghi_chu-{c.key}", ""),
                    )
                    for c in insp.checks.all()
                }
                services.record_inspection(
                    insp,
                    inspected_on=on,
                    results=results,
                    conclusion=request.POST.get("ket_luan", ""),
                    actor=request.user,
                    now=now,
                )
            elif action == "finding":
                due_on = _date(request.POST.get("han"))
                if due_on is None:
                    raise services.PlanError("invalid", "Hãy nhập hạn khắc phục.")
                services.add_finding(
                    insp,
                    text=request.POST.get("ton_tai", ""),
                    correction=request.POST.get("yeu_cau", ""),
                    due_on=due_on,
                    check_key=request.POST.get("noi_dung", ""),
                    actor=request.user,
                    now=now,
                )
            elif action == "follow":
                f = get_object_or_404(Finding, pk=request.POST.get("finding") or 0, inspection=insp)
                services.follow_up(
                    f,
                    status=request.POST.get("tinh_trang", ""),
                    note=request.POST.get("ket_qua", ""),
                    actor=request.user,
                    now=now,
                )
            return redirect("plans:inspection", pk=insp.pk)
        except DomainError as exc:
            error = exc.message
    return render(
        request,
        "plans/inspection.html",
        {
            "insp": insp,
            "checks": list(insp.checks.all()),
            "findings": list(insp.findings.all()),
            "results": CheckResult.choices,
            "finding_statuses": FindingStatus.choices,
            "figures": insp.figures
            or selectors.unit_figures(
                insp.agency, start=date(insp.plan.year, 1, 1), end=_today(), now=now
            ),
            "live": not insp.figures,
            "error": error,
            "values": request.POST,
            "today": _today(),
        },
        status=400 if error else 200,
    )
