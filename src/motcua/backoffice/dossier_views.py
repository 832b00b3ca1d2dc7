"""Staff screens for dossiers: intake at the desk, workqueues, the dossier page with its
actions, printed forms, the receipt book and lookup by code.

Every dossier is read through :func:`motcua.dossiers.selectors.visible_dossiers` (another
agency's dossier is a 404) and changed only through :mod:`motcua.dossiers.services`; their
``DossierError`` messages are shown as they are, next to the field when they name one.
"""

from __future__ import annotations

import importlib.util
from datetime import date, datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from motcua.backoffice.dossier_forms import ACTION_FORMS, ActionForm, IntakeForm
from motcua.catalog.models import Component, Procedure, ProcedureVersion
from motcua.catalog.selectors import expected_due, search_procedures, version_in_force
from motcua.core.selectors import work_calendar
from motcua.directory.models import Agency, Role
from motcua.directory.selectors import (
    Grant,
    grants,
    is_administrator,
    unit_subtree,
    visible_agencies,
)
from motcua.dossiers import selectors, services
from motcua.dossiers.models import Channel, Dossier, DossierEvent
from motcua.dossiers.services import ApplicantData, DossierError
from motcua.dossiers.states import (
    CLOCK_PAUSED,
    DECIDED,
    NATIONAL_LABEL,
    TRANSITIONS,
    State,
)

PAGE_SIZE = 25
BOOK_PAGE_SIZE = 100

#: Labels of log entries that are not transitions of the table.
EVENT_LABELS = {
    "submit": "Nộp hồ sơ",
    **{action: t.label for action, t in TRANSITIONS.items()},
    "consult_done": "Có kết quả liên thông",
}
ACTOR_ROLES = {"system": "Hệ thống", "applicant": "Người nộp hồ sơ", "": ""}
#: Log entries after which the dossier sits at a (new) internal step.
STEP_ACTIONS = {"forward", "hand_over", "send_back"}
#: Actions that refuse, stop or deny: drawn as warnings.
DANGER = {"refuse", "deny", "stop", "supplement_expired", "suspend"}
#: Printed form to offer right after an action.
PRINT_AFTER = {
    "accept": "receipt",
    "guide": "guidance",
    "refuse": "refusal",
    "request_supplement": "guidance",
    "apologise": "apology",
    "stop": "stop",
    "forward": "control",
}


def _printing():
    """The printing module, or None while it does not exist yet."""
    if importlib.util.find_spec("motcua.dossiers.printing") is None:
        return None
    from motcua.dossiers import printing

    return printing


def _visible(request: HttpRequest, pk: int) -> Dossier:
    qs = selectors.visible_dossiers(request.user, timezone.localdate())
    return get_object_or_404(qs, pk=pk)


def _role_label(role: str) -> str:
    if role in Role.values:
        return str(Role(role).label)
    return ACTOR_ROLES.get(role, role)


# --- who may do what now -------------------------------------------------------------------


StepContext = selectors.StepContext
_step_context = selectors.step_context


def allowed_actions(user, d: Dossier, my: list[Grant], sc: StepContext) -> list[str]:
    return selectors.allowed_actions(user, d, my=my, sc=sc)


# --- the dossier page ------------------------------------------------------------------


def _detail(pk: int) -> Dossier:
    return (
        Dossier.objects.select_related(
            *selectors.LIST_RELATED,
            "holder_department",
            "parent",
            "receiving_agency__unit",
            "competent_agency__unit",
        )
        .prefetch_related(
            Prefetch(
                "events",
                queryset=DossierEvent.objects.select_related(
                    "actor_agency", "to_user", "to_agency", "to_department", "step"
                ).order_by("seq"),
            ),
            "components",
            "results",
            "consultations__competent_agency",
        )
        .get(pk=pk)
    )


def _timeline(d: Dossier) -> list[dict]:
    rows = []
    for e in d.events.all():
        data = e.data or {}
        details = []
        if e.to_user_id:
            details.append(f"Chuyển cho: {e.to_user.get_full_name() or e.to_user.username}")
        if e.to_agency_id:
            details.append(f"Đến: {e.to_agency.name}")
        if e.step_id and e.action in STEP_ACTIONS:
            details.append(f"Sang bước {e.step.order}: {e.step.name}")
        if data.get("recipient"):
            details.append(f"Người nhận: {data['recipient']}")
        if data.get("tracking"):
            details.append(f"Số hiệu bưu gửi: {data['tracking']}")
        if data.get("deadline"):
            deadline = _parse_iso(data["deadline"])
            if deadline is not None:
                local = timezone.localtime(deadline)
                details.append(f"Hạn bổ sung: {local:%H:%M %d/%m/%Y}")
        rows.append(
            {
                "event": e,
                "label": EVENT_LABELS.get(e.action, e.action),
                "role": _role_label(e.actor_role),
                "state": State(e.state).label if e.state in State.values else e.state,
                "details": details,
                "items": data.get("items") or [],
                "new_due": _parse_iso(data.get("new_due")),
                "result": data.get("result", ""),
            }
        )
    return rows


def _parse_iso(value) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def _timeliness(d: Dossier, today: date) -> tuple[str, str]:
    """(label, css class) of the dossier's timeliness today."""
    if d.timeliness:
        return d.get_timeliness_display(), d.timeliness
    if d.due_at is None:
        return ("Không có hạn giải quyết", "") if d.received_at else ("Chưa tiếp nhận", "")
    if d.state in CLOCK_PAUSED:
        return "Đang tạm dừng tính thời gian", "paused"
    if d.due_at.astimezone(timezone.get_current_timezone()).date() < today:
        return "Quá hạn", "late"
    return "Trong hạn", "early"


def _action_form(action: str, d: Dossier, sc: StepContext, today: date, data=None) -> ActionForm:
    context = {"today": today, "next_step": sc.next_step, "current_step": sc.current}
    return ACTION_FORMS[action](data, dossier=d, context=context, prefix=action)


def _page_context(
    request: HttpRequest,
    d: Dossier,
    *,
    bound: ActionForm | None = None,
    bound_action: str = "",
    error: DossierError | None = None,
    flash: str = "",
    printed: str = "",
) -> dict:
    today = timezone.localdate()
    my = grants(request.user, today)
    sc = _step_context(d)
    printing = _printing()
    kinds: list[str] = []
    form_names: dict = {}
    if printing is not None:
        kinds = list(printing.available_forms(d))
        form_names = dict(printing.FORM_KINDS)
    actions = []
    for action in allowed_actions(request.user, d, my, sc):
        form = bound if action == bound_action and bound is not None else None
        actions.append(
            {
                "action": action,
                "label": TRANSITIONS[action].label,
                "form": form or _action_form(action, d, sc, today),
                "danger": action in DANGER,
                "open": action == bound_action,
                "error": error if action == bound_action else None,
            }
        )
    if bound_action and bound is not None and bound_action not in {a["action"] for a in actions}:
        # the action is no longer allowed (state changed, role): still show the refusal
        actions.insert(
            0,
            {
                "action": bound_action,
                "label": TRANSITIONS[bound_action].label,
                "form": bound,
                "danger": bound_action in DANGER,
                "open": True,
                "error": error,
            },
        )
    timeliness = _timeliness(d, today)
    return {
        "d": d,
        "procedure": d.version.procedure,
        "national_label": NATIONAL_LABEL[d.national_status],
        "timeline": _timeline(d),
        "actions": actions,
        "step": sc,
        "holder_role": _role_label(d.holder_role) if d.holder_role else "",
        "forms": [{"kind": k, "name": form_names.get(k, k)} for k in kinds],
        "printing": printing is not None,
        "just": printed,
        "printed": printed if printed in kinds else "",
        "printed_name": form_names.get(printed, ""),
        "flash": flash,
        "timeliness": timeliness[0],
        "timeliness_class": timeliness[1],
        "overdue": timeliness[1] == "late" and not d.timeliness,
        "consultations": list(d.consultations.all()),
        "is_desk": any(g.role == Role.RECEIVING_OFFICER for g in my),
    }


@login_required
def dossier_detail(request: HttpRequest, pk: int) -> HttpResponse:
    d = _detail(_visible(request, pk).pk)
    context = _page_context(request, d, printed=request.GET.get("in", ""))
    return render(request, "backoffice/dossiers/detail.html", context)


def _put_errors(form, exc: DossierError, rename: dict[str, str] | None = None) -> None:
    """Put the service's field errors next to the fields (the rest on top of the form).

    A filled field the service still calls "Bắt buộc." was too short or vague: say so.
    """
    for field, message in (exc.errors or {}).items():
        field = (rename or {}).get(field, field)
        if field not in form.fields:
            if message != exc.message:
                form.add_error(None, message)
            continue
        if str(message).startswith("Bắt buộc") and (form.data.get(form.add_prefix(field)) or ""):
            message = "Cần ghi rõ, đầy đủ hơn."
        form.add_error(field, message)


def _run(action: str, d: Dossier, user, now: datetime, form: ActionForm) -> None:
    kw = form.service_kwargs()
    if action == "approve":
        services.decide(d, user=user, now=now, approved=True, **kw)
    elif action == "deny":
        services.decide(d, user=user, now=now, approved=False, **kw)
    else:
        getattr(services, action)(d, user=user, now=now, **kw)


@login_required
@require_POST
def dossier_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in ACTION_FORMS:
        raise Http404("Thao tác không tồn tại.")
    d = _detail(_visible(request, pk).pk)
    today = timezone.localdate()
    sc = _step_context(d)
    form = _action_form(action, d, sc, today, request.POST)
    error: DossierError | None = None
    if form.is_valid():
        try:
            _run(action, d, request.user, timezone.now(), form)
        except DossierError as exc:
            error = exc
            _put_errors(form, exc)
    else:
        error = DossierError("invalid", "Thông tin chưa hợp lệ; xem các ô được đánh dấu.")
    if error is None:
        label = TRANSITIONS[action].label
        kind = PRINT_AFTER.get(action, "")
        if not request.htmx:
            messages.success(request, f"Đã thực hiện: {label}.")
            url = reverse("backoffice:dossier", args=[pk])
            return redirect(f"{url}?in={kind}" if kind else url)
        d = _detail(pk)
        context = _page_context(request, d, flash=f"Đã thực hiện: {label}.", printed=kind)
        response = render(request, "backoffice/dossiers/_dossier.html", context)
        response["HX-Retarget"] = "#ho-so"
        response["HX-Reswap"] = "outerHTML"
        return response
    if request.htmx:
        item = {
            "action": action,
            "label": TRANSITIONS[action].label,
            "form": form,
            "danger": action in DANGER,
            "open": True,
            "error": error,
        }
        return render(request, "backoffice/dossiers/_action.html", {"d": d, "a": item})
    context = _page_context(request, d, bound=form, bound_action=action, error=error)
    return render(request, "backoffice/dossiers/detail.html", context, status=error.status or 400)


@login_required
@xframe_options_sameorigin
def dossier_form_pdf(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    d = _visible(request, pk)
    printing = _printing()
    if printing is None:
        raise Http404("Chức năng in biểu mẫu chưa sẵn sàng.")
    if kind not in printing.FORM_KINDS:
        raise Http404("Biểu mẫu không tồn tại.")
    try:
        pdf = printing.render_form(d, kind, base_url=request.build_absolute_uri("/").rstrip("/"))
    except DossierError as exc:
        return render(
            request,
            "backoffice/dossiers/message.html",
            {"title": "Không in được biểu mẫu", "message": exc.message, "d": d},
            status=exc.status,
        )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{d.code or d.submission_ref}-{kind}.pdf"'
    return response


# --- workqueues --------------------------------------------------------------------------


def _days_left(due: datetime | None, today: date, calendar) -> dict | None:
    """Working days left until the due date (negative when overdue)."""
    if due is None:
        return None
    due_day = due.astimezone(timezone.get_current_timezone()).date()
    if due_day == today:
        return {"n": 0, "text": "Hết hạn hôm nay", "late": False}
    lo, hi = sorted((today, due_day))
    n = 0
    day = lo
    while day < hi:
        day = date.fromordinal(day.toordinal() + 1)
        if calendar.is_working_day(day):
            n += 1
    if due_day < today:
        return {"n": -n, "text": f"Quá hạn {n} ngày làm việc", "late": True}
    return {"n": n, "text": f"Còn {n} ngày làm việc", "late": False}


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _filtered(qs: QuerySet[Dossier], p) -> QuerySet[Dossier]:
    if p.get("thu_tuc"):
        qs = qs.filter(version__procedure__code=p["thu_tuc"])
    if _int(p.get("buoc")):
        qs = qs.filter(current_step_id=int(p["buoc"]))
    if p.get("kenh") in Channel.values:
        qs = qs.filter(channel=p["kenh"])
    return qs


@login_required
def workqueue(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    today = timezone.localdate()
    p = request.GET
    queue = p.get("hang", "mine")
    if queue not in selectors.QUEUES:
        queue = "mine"
    base = selectors.workqueue(request.user, queue, now=now)
    qs = _filtered(base, p)
    total = qs.count()
    before = _int(p.get("truoc"))
    if before is not None:
        qs = qs.filter(id__lt=before)
    rows = list(qs[: PAGE_SIZE + 1])
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    calendar = work_calendar()
    for d in rows:
        d.left = _days_left(d.promised_due_at or d.due_at, today, calendar)
        d.late = (
            bool(d.due_at)
            and d.due_at.astimezone(timezone.get_current_timezone()).date() < today
            and d.state not in DECIDED
            and d.state
            not in (
                State.REFUSED,
                State.STOPPED,
            )
        )
        d.paused = d.state in CLOCK_PAUSED
    my = grants(request.user, timezone.localdate(now))
    tabs = [
        {
            "key": key,
            "label": label,
            "count": selectors.workqueue(request.user, key, now=now, my=my).count(),
        }
        for key, label in selectors.QUEUES.items()
    ]
    procedures = list(
        base.order_by()
        .values_list("version__procedure__code", "version__procedure__name")
        .distinct()[:200]
    )
    steps = list(
        base.filter(current_step__isnull=False)
        .order_by()
        .values_list("current_step_id", "current_step__order", "current_step__name")
        .distinct()[:200]
    )
    keep = p.copy()
    keep.pop("truoc", None)
    filters = keep.copy()
    filters.pop("hang", None)
    context = {
        "queue": queue,
        "queue_label": selectors.QUEUES[queue],
        "tabs": tabs,
        "rows": rows,
        "total": total,
        "next_before": rows[-1].pk if more and rows else None,
        "paged": before is not None,
        "query": keep.urlencode(),
        "filter_query": filters.urlencode(),
        "procedures": sorted(procedures, key=lambda x: x[1]),
        "steps": sorted(steps, key=lambda x: (x[1], x[2])),
        "channels": [
            (Channel.DIRECT, "Trực tiếp"),
            (Channel.POSTAL, "Bưu chính"),
            (Channel.ONLINE, "Trực tuyến"),
        ],
        "selected": {k: p.get(k, "") for k in ("thu_tuc", "buoc", "kenh")},
        "is_desk": bool(_desk_ids(request.user, today)),
    }
    template = (
        "backoffice/dossiers/_queue_rows.html"
        if request.htmx and request.htmx.target == "hang-doi"
        else "backoffice/dossiers/workqueue.html"
    )
    return render(request, template, context)


@login_required
def queue_summary(request: HttpRequest) -> HttpResponse:
    """Links with counts for the home page (loaded by htmx)."""
    now = timezone.now()
    today = timezone.localdate()
    my = grants(request.user, today)
    if not my and not is_administrator(request.user):
        return HttpResponse("")
    desk = any(g.role == Role.RECEIVING_OFFICER for g in my)
    keys = ["mine", "department", "due_soon", "overdue", "apology"]
    if desk:
        keys = ["mine", "reception", "to_forward", "to_return", "overdue", "paused"]
    queues = [
        {
            "key": k,
            "label": selectors.QUEUES[k],
            "count": selectors.workqueue(request.user, k, now=now, my=my).count(),
        }
        for k in keys
    ]
    return render(
        request,
        "backoffice/dossiers/_home_links.html",
        {"queues": queues, "is_desk": desk, "year": today.year},
    )


# --- intake ------------------------------------------------------------------------------


def _desk_ids(user, today: date) -> list[int]:
    return [g.agency_id for g in grants(user, today) if g.role == Role.RECEIVING_OFFICER]


def _components(version: ProcedureVersion, case) -> list[Component]:
    return [
        c
        for c in version.components.all()
        if not c.cases.all() or any(x.pk == case.pk for x in c.cases.all())
    ]


def _competent_choices(version: ProcedureVersion, desk: Agency) -> tuple[QuerySet, Agency | None]:
    """Agencies the desk may receive this procedure for, and the one to preselect."""
    allowed_types = {
        va.agency_type_id for va in version.agencies.all() if va.role in ("competent", "delegated")
    }
    named = {va.agency_id for va in version.agencies.all() if va.agency_id}
    scope = unit_subtree(desk.unit.province) if version.boundary_free else None
    qs = Agency.objects.filter(agency_type_id__in=allowed_types, is_active=True)
    qs = qs.filter(scope) if scope is not None else qs.filter(unit=desk.unit)
    if named:
        qs = qs.filter(pk__in=named)
    try:
        auto = services.competent_agency_for(version, desk, None)
    except DossierError:
        auto = None
    if auto is None and qs.count() == 1:
        auto = qs.get()
    return qs.order_by("name"), auto


def _version_for(code: str, today: date) -> tuple[Procedure | None, ProcedureVersion | None]:
    procedure = Procedure.objects.filter(code=code).first() if code else None
    version = version_in_force(procedure, today) if procedure else None
    if version is not None:
        version = (
            ProcedureVersion.objects.select_related("procedure")
            .prefetch_related("cases__fees", "components__cases", "agencies")
            .get(pk=version.pk)
        )
    return procedure, version


def _case_context(version: ProcedureVersion, case, desk: Agency | None) -> dict:
    calendar = services.calendar_for(desk) if desk is not None else work_calendar()
    return {
        "case": case,
        "fees": list(case.fees.all()),
        "due": expected_due(case, calendar, timezone.localtime()),
    }


@login_required
def intake(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    desk_ids = _desk_ids(request.user, today)
    if not desk_ids:
        raise PermissionDenied("Chỉ công chức tiếp nhận và trả kết quả được tiếp nhận hồ sơ.")
    desks = Agency.objects.filter(pk__in=desk_ids).select_related("unit__parent").order_by("name")
    src = request.POST if request.method == "POST" else request.GET
    code = src.get("thu_tuc", "").strip()
    procedure, version = _version_for(code, today)
    q = request.GET.get("q", "").strip()
    context: dict = {
        "q": q,
        "code": code,
        "procedure": procedure,
        "results": list(search_procedures(q, on=today)[:12]) if q else None,
    }
    if version is None:
        if code:
            context["not_in_force"] = True
        return render(request, "backoffice/dossiers/intake.html", context)
    cases = list(version.cases.all())
    case = next((c for c in cases if c.code == src.get("truong_hop")), cases[0] if cases else None)
    if case is None:
        context["no_case"] = True
        return render(request, "backoffice/dossiers/intake.html", context)
    desk = desks.filter(pk=_int(src.get("receiving_agency"))).first() or desks.first()
    competent, auto = _competent_choices(version, desk)
    form = IntakeForm(
        request.POST if request.method == "POST" else None,
        desks=desks,
        components=_components(version, case),
        competent=competent,
        competent_initial=auto,
    )
    error = None
    if request.method == "POST":
        action = request.POST.get("action", "accept")
        if form.is_valid():
            try:
                d = _intake_action(request, action, form, case)
            except DossierError as exc:
                error = exc.message
                _put_errors(form, exc, {"items": "guide_items", "reason": f"{action}_reason"})
            else:
                if d is not None:
                    kind = {"accept": "receipt", "guide": "guidance", "refuse": "refusal"}
                    url = reverse("backoffice:dossier", args=[d.pk])
                    return redirect(f"{url}?in={kind.get(action, '')}")
        if error is None:
            error = "Thông tin hồ sơ chưa hợp lệ; xem các ô được đánh dấu bên dưới."
    context.update(
        {
            "version": version,
            "cases": cases,
            "form": form,
            "error": error,
            "competent_count": competent.count(),
            "competent_auto": auto,
            "desk": desk,
            "desks_many": len(desk_ids) > 1,
            "posted_action": request.POST.get("action", ""),
            **_case_context(version, case, desk),
        }
    )
    return render(request, "backoffice/dossiers/intake.html", context)


def _intake_action(request: HttpRequest, action: str, form: IntakeForm, case) -> Dossier | None:
    """Run one of the three intake outcomes; None when the form got an error instead."""
    v = form.cleaned_data
    now = timezone.now()
    if v["competent_agency"] is None and form.fields["competent_agency"].queryset.count() > 1:
        form.add_error("competent_agency", "Cần chọn cơ quan có thẩm quyền giải quyết.")
        return None
    kwargs = dict(
        case=case,
        channel=v["channel"],
        receiving_agency=v["receiving_agency"],
        competent_agency=v["competent_agency"],
        applicant=ApplicantData(
            kind=v["kind"],
            name=v["name"],
            id_number=v["id_number"],
            address=v["address"],
            phone=v["phone"],
            email=v["email"],
            submitter_name=v["submitter_name"],
        ),
        components=form.component_rows(),
        delivery=v["delivery"],
        postal_tracking=v["postal_tracking"] if v["channel"] == Channel.POSTAL else "",
        received_at=form.arrival(),
        idempotency_key=f"web:{v['idem']}" if v.get("idem") else None,
        sets=v["sets"],
    )
    arrival = form.arrival()
    if arrival is not None and arrival > now:
        form.add_error("arrived_at", "Thời điểm bưu gửi đến không được ở tương lai.")
        return None
    if action == "accept":
        missing = form.missing_required()
        if missing:
            names = "; ".join(c.name for c in missing)
            form.add_error(
                None,
                f"Còn thiếu giấy tờ bắt buộc: {names}. Hãy đánh dấu đủ giấy tờ đã nộp, "
                "hoặc chọn “Hướng dẫn bổ sung (Mẫu 02)”.",
            )
            return None
        return services.receive_at_desk(user=request.user, now=now, **kwargs)
    if action == "guide":
        items = [c.name for c in form.missing_required()] + [
            line.strip() for line in v["guide_items"].splitlines() if line.strip()
        ]
        if not items:
            form.add_error(
                "guide_items",
                "Cần liệt kê đầy đủ, một lần các giấy tờ phải bổ sung "
                "(bỏ đánh dấu giấy tờ còn thiếu hoặc ghi thêm ở đây).",
            )
            return None
        with transaction.atomic():
            d = services.submit(actor_user=request.user, now=now, **kwargs)
            if d.state == State.SUBMITTED:
                services.guide(d, user=request.user, now=now, items=items, reason=v["guide_reason"])
        return d
    if action == "refuse":
        if len(v["refuse_reason"].strip()) < 10:
            form.add_error("refuse_reason", "Cần ghi rõ lý do từ chối theo quy định pháp luật.")
            return None
        with transaction.atomic():
            d = services.submit(actor_user=request.user, now=now, **kwargs)
            if d.state == State.SUBMITTED:
                services.refuse(d, user=request.user, now=now, reason=v["refuse_reason"])
        return d
    raise Http404("Thao tác không tồn tại.")


@login_required
def intake_procedures(request: HttpRequest) -> HttpResponse:
    """Live search of procedures for the intake screen (htmx fragment)."""
    q = request.GET.get("q", "").strip()
    results = list(search_procedures(q, on=timezone.localdate())[:12]) if q else []
    return render(
        request, "backoffice/dossiers/_procedure_results.html", {"results": results, "q": q}
    )


@login_required
def intake_case(request: HttpRequest) -> HttpResponse:
    """The part of the intake form that depends on the case (htmx fragment)."""
    today = timezone.localdate()
    desk_ids = _desk_ids(request.user, today)
    if not desk_ids:
        raise PermissionDenied("Chỉ công chức tiếp nhận và trả kết quả được tiếp nhận hồ sơ.")
    _procedure, version = _version_for(request.GET.get("thu_tuc", ""), today)
    if version is None:
        raise Http404("Thủ tục không còn hiệu lực.")
    case = version.cases.filter(code=request.GET.get("truong_hop", "")).first()
    if case is None:
        raise Http404("Trường hợp không tồn tại.")
    desks = Agency.objects.filter(pk__in=desk_ids).select_related("unit__parent")
    desk = desks.filter(pk=_int(request.GET.get("receiving_agency"))).first() or desks.first()
    form = IntakeForm(
        desks=desks,
        components=_components(version, case),
        competent=Agency.objects.none(),
    )
    return render(
        request,
        "backoffice/dossiers/_case_section.html",
        {"form": form, "version": version, **_case_context(version, case, desk)},
    )


# --- receipt book and lookup --------------------------------------------------------------


def _book_agencies(user, today: date) -> QuerySet[Agency]:
    desk = _desk_ids(user, today)
    qs = Agency.objects.filter(pk__in=desk)
    if not desk:
        qs = visible_agencies(user, today).filter(agency_type__is_service_centre=True)
    return qs.order_by("unit__code", "name")


def _book_agency(request: HttpRequest, today: date) -> tuple[QuerySet[Agency], Agency]:
    agencies = _book_agencies(request.user, today)
    chosen = request.GET.get("co_quan", "")
    agency = (agencies.filter(code=chosen).first() if chosen else None) or agencies.first()
    if agency is None:
        raise PermissionDenied("Bạn không thuộc nơi tiếp nhận hồ sơ nào.")
    return agencies, agency


@login_required
def receipt_book(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    agencies, agency = _book_agency(request, today)
    year = _int(request.GET.get("nam")) or today.year
    rows_qs = selectors.receipt_book(agency, year)
    total = rows_qs.count()
    after = _int(request.GET.get("tu"))
    if after is not None:
        rows_qs = rows_qs.filter(book_entry__gt=after)
    rows = list(rows_qs[: BOOK_PAGE_SIZE + 1])
    more = len(rows) > BOOK_PAGE_SIZE
    rows = rows[:BOOK_PAGE_SIZE]
    return render(
        request,
        "backoffice/dossiers/receipt_book.html",
        {
            "agency": agency,
            "agencies": agencies if agencies.count() > 1 else None,
            "year": year,
            "years": range(today.year - 3, today.year + 1),
            "rows": rows,
            "total": total,
            "next_after": rows[-1].book_entry if more and rows else None,
            "paged": after is not None,
            "printing": _printing() is not None,
            "is_desk": bool(_desk_ids(request.user, today)),
        },
    )


@login_required
def receipt_book_pdf(request: HttpRequest, year: int) -> HttpResponse:
    today = timezone.localdate()
    _agencies, agency = _book_agency(request, today)
    printing = _printing()
    if printing is None:
        raise Http404("Chức năng in sổ chưa sẵn sàng.")
    response = HttpResponse(
        printing.render_receipt_book(agency, year), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="so-theo-doi-{agency.code}-{year}.pdf"'
    return response


@login_required
def lookup(request: HttpRequest) -> HttpResponse:
    """Tra cứu hồ sơ theo mã (mã hồ sơ hoặc mã nộp) trong phạm vi của người dùng."""
    code = request.GET.get("ma", "").strip()
    if not code:
        return render(
            request,
            "backoffice/dossiers/lookup.html",
            {"code": "", "is_desk": bool(_desk_ids(request.user, timezone.localdate()))},
        )
    qs = selectors.visible_dossiers(request.user, timezone.localdate())
    d = qs.filter(code=code).first() or qs.filter(submission_ref=code).first()
    if d is not None:
        return redirect("backoffice:dossier", pk=d.pk)
    return render(
        request,
        "backoffice/dossiers/lookup.html",
        {
            "code": code,
            "is_desk": bool(_desk_ids(request.user, timezone.localdate())),
            "not_found": f"Không tìm thấy hồ sơ mã “{code}” trong phạm vi cơ quan của bạn. "
            "Hãy kiểm tra lại mã trên Giấy tiếp nhận (Mẫu 01).",
        },
        status=404,
    )
