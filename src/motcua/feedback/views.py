"""Pages of the feedback package: the public form, tracking, published answers (citizens),
and the staff worklist, intake, import, petition page and report."""

from __future__ import annotations

import json
import uuid
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from motcua.core.calendar import VN_TZ
from motcua.directory.models import Agency
from motcua.directory.selectors import grants, is_administrator, visible_agencies
from motcua.documents.errors import DocumentError
from motcua.documents.validation import read_upload
from motcua.feedback import exchange, selectors, services
from motcua.feedback.forms import (
    FIELDS_OF,
    ActionForm,
    DeskForm,
    ImportForm,
    PetitionForm,
    TrackForm,
)
from motcua.feedback.models import Petition
from motcua.feedback.states import (
    CRITERIA,
    REDIRECT_HINT,
    TRANSITIONS,
    Action,
    Ground,
    State,
    Vote,
)

SESSION_KEY = "feedback_access"
VOTER_COOKIE = "pakn_voter"


def _today() -> date:
    return timezone.now().astimezone(VN_TZ).date()


def _files(request: HttpRequest, form) -> tuple[list[tuple[str, bytes]], list[str]]:
    out, errors = [], []
    for upload in request.FILES.getlist("files"):
        try:
            out.append((upload.name, read_upload(upload)))
        except DocumentError as exc:
            errors.append(f"{upload.name}: {exc.message}")
    return out, errors


def _input(cd: dict, files) -> services.PetitionInput:
    return services.PetitionInput(
        title=cd.get("title", ""),
        content=cd.get("content", ""),
        proposal=cd.get("proposal", ""),
        kind=cd.get("kind", "feedback"),
        sender_kind=cd.get("sender_kind", "individual"),
        sender_name=cd.get("sender_name", ""),
        sender_address=cd.get("sender_address", ""),
        sender_phone=cd.get("sender_phone", ""),
        sender_email=cd.get("sender_email", ""),
        procedure_code=cd.get("procedure_code", ""),
        dossier_code=cd.get("dossier_code", ""),
        files=files,
    )


def _nonce(form, scope: str) -> str | None:
    value = form.cleaned_data.get("nonce", "")
    return f"{scope}:{value}" if value else None


def _add_errors(form, exc: services.FeedbackError) -> None:
    """The service's message on top, and each field's error next to the field."""
    form.add_error(None, exc.message)
    for field, msgs in (exc.errors or {}).items():
        name = field if field in form.fields else None
        for m in msgs if isinstance(msgs, list) else [msgs]:
            if name is not None or m != exc.message:
                form.add_error(name, m)


def _grant_access(request: HttpRequest, code: str) -> None:
    codes = list(request.session.get(SESSION_KEY, []))
    if code not in codes:
        codes.append(code)
    request.session[SESSION_KEY] = codes[-20:]


def _has_access(request: HttpRequest, p: Petition) -> bool:
    if p.code in request.session.get(SESSION_KEY, []):
        return True
    return request.user.is_authenticated and p.citizen_id == request.user.pk


# --- public pages -----------------------------------------------------------------------------


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "feedback/public/home.html",
        {"latest": selectors.published()[:5]},
    )


def submit(request: HttpRequest) -> HttpResponse:
    """Gửi phản ánh, kiến nghị (với hoặc không có tài khoản)."""
    user = request.user
    citizen = getattr(user, "citizen", None) if user.is_authenticated else None
    initial = {}
    if citizen is not None:
        initial = {
            "sender_name": citizen.full_name or user.get_full_name(),
            "sender_email": citizen.email or user.email or "",
            "sender_phone": citizen.phone or "",
            "sender_address": citizen.address,
        }
    if request.GET.get("thu_tuc"):
        initial["procedure_code"] = request.GET["thu_tuc"]
    if request.GET.get("ho_so"):
        initial["dossier_code"] = request.GET["ho_so"]
    initial["nonce"] = uuid.uuid4().hex  # one sending per form shown (double click, retry)
    form = PetitionForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        files, file_errors = _files(request, form)
        for e in file_errors:
            form.add_error("files", e)
        if not file_errors:
            try:
                p = services.receive(
                    _input(form.cleaned_data, files),
                    agency=form.cleaned_data["agency"],
                    channel="portal",
                    now=timezone.now(),
                    citizen=user if citizen is not None else None,
                    idempotency_key=_nonce(form, "portal"),
                )
            except services.FeedbackError as exc:
                _add_errors(form, exc)
            else:
                _grant_access(request, p.code)
                return redirect("feedback:receipt", code=p.code)
    return render(request, "feedback/public/form.html", {"form": form})


def _petition_or_404(code: str) -> Petition:
    p = selectors.find(code)
    if p is None:
        raise Http404("Không tìm thấy PAKN.")
    return p


def receipt(request: HttpRequest, code: str) -> HttpResponse:
    """Phiếu tiếp nhận PAKN (printable), for the sender's browser or account."""
    p = _petition_or_404(code)
    if not _has_access(request, p):
        return redirect(f"{reverse('feedback:track')}?ma={p.code}")
    rules = services.local_rules(p.agency)
    cal = services.calendar_for(p.agency)
    from motcua.feedback import ontime

    return render(
        request,
        "feedback/public/receipt.html",
        {
            "p": p,
            "handle_due": ontime.due_after(cal, p.clock_started_at, rules.handle_days),
            "files": p.attachments.select_related("file"),
        },
    )


def _public_events(p: Petition):
    """The history as the sender sees it (no officer names, no internal notes)."""
    shown = {
        Action.RECEIVED,
        Action.IMPORTED,
        Action.ACCEPTED,
        Action.REJECTED,
        Action.SUPPLEMENT_REQUESTED,
        Action.SUPPLEMENTED,
        Action.TRANSFERRED,
        Action.ANSWERED,
        Action.PUBLISHED,
        Action.SENDER_RATED,
        Action.FOLLOWED_UP,
    }
    return [e for e in selectors.events_of(p) if e.action in shown]


def track(request: HttpRequest) -> HttpResponse:
    """Tra cứu PAKN: code + phone or e-mail, no login."""
    form = TrackForm(request.POST or None, initial={"code": request.GET.get("ma", "")})
    p = None
    code = request.GET.get("ma", "")
    if request.method == "POST" and form.is_valid():
        try:
            p = services.own_petition(form.cleaned_data["code"], form.cleaned_data["contact"])
        except services.FeedbackError as exc:
            _add_errors(form, exc)
        else:
            _grant_access(request, p.code)
            return redirect(f"{reverse('feedback:track')}?ma={p.code}")
    elif code:
        candidate = selectors.find(code)
        if candidate is not None and _has_access(request, candidate):
            p = candidate
    return render(request, "feedback/public/track.html", _track_context(form, p))


def _track_context(form, p: Petition | None) -> dict:
    ctx: dict = {"form": form, "p": p}
    if p is not None:
        events = _public_events(p)
        rejected = next((e for e in reversed(events) if e.action == Action.REJECTED), None)
        question = next(
            (e for e in reversed(events) if e.action == Action.SUPPLEMENT_REQUESTED), None
        )
        ctx.update(
            events=events,
            rejected=rejected,
            redirect_hint=REDIRECT_HINT.get(p.rejection_ground, ""),
            question=question if p.state == State.SUPPLEMENT_REQUESTED else None,
            rated=any(e.action == Action.SENDER_RATED for e in events),
        )
    return ctx


def _owned(request: HttpRequest, code: str) -> Petition:
    p = _petition_or_404(code)
    if not _has_access(request, p):
        raise PermissionDenied("Hãy tra cứu bằng mã PAKN và số điện thoại/thư điện tử trước.")
    return p


@require_POST
def sender_action(request: HttpRequest, code: str, what: str) -> HttpResponse:
    """The sender's answers from the tracking page: supplement, satisfaction, follow-up."""
    p = _owned(request, code)
    contact = p.contact
    now = timezone.now()
    try:
        if what == "bo-sung":
            files, errors = _files(request, None)
            if errors:
                raise services.FeedbackError("invalid", " ".join(errors))
            services.supplement(
                p, contact=contact, now=now, text=request.POST.get("text", ""), files=files
            )
            messages.success(request, "Đã gửi thông tin bổ sung. Cơ quan sẽ tiếp tục xử lý.")
        elif what == "hai-long":
            services.rate_answer(
                p,
                contact=contact,
                satisfied=request.POST.get("satisfied") == "1",
                comment=request.POST.get("comment", ""),
                now=now,
            )
            messages.success(request, "Cảm ơn ông/bà đã cho biết mức độ hài lòng.")
        elif what == "phan-anh-tiep":
            new = services.follow_up(
                p,
                contact=contact,
                content=request.POST.get("content", ""),
                now=now,
                citizen=request.user if getattr(request.user, "citizen", None) else None,
            )
            _grant_access(request, new.code)
            messages.success(request, f"Đã gửi phản ánh tiếp, mã {new.code}.")
            return redirect("feedback:receipt", code=new.code)
        else:
            raise Http404
    except services.FeedbackError as exc:
        detail = "; ".join(m for msgs in (exc.errors or {}).values() for m in msgs)
        messages.error(request, f"{exc.message} {detail}".strip())
    return redirect(f"{reverse('feedback:track')}?ma={p.code}")


def answer_file(request: HttpRequest, code: str) -> HttpResponse:
    """The answer letter (PDF): for the sender, or staff who can see the petition."""
    p = _petition_or_404(code)
    allowed = _has_access(request, p) or (
        request.user.is_authenticated
        and selectors.visible_petitions(request.user, _today()).filter(pk=p.pk).exists()
    )
    if not allowed or p.answer_file is None:
        raise Http404("Không có văn bản trả lời.")
    from motcua.documents.views import file_response

    return file_response(p.answer_file, private=True)


def attachment(request: HttpRequest, code: str, file_id) -> HttpResponse:
    """An attachment of a petition: for its sender, or staff who can see the petition."""
    p = _petition_or_404(code)
    allowed = _has_access(request, p) or (
        request.user.is_authenticated
        and selectors.visible_petitions(request.user, _today()).filter(pk=p.pk).exists()
    )
    link = p.attachments.select_related("file").filter(file_id=file_id).first()
    if not allowed or link is None:
        raise Http404("Không có tệp này.")
    from motcua.documents.views import file_response

    return file_response(link.file, private=True)


def published_list(request: HttpRequest) -> HttpResponse:
    """Kết quả trả lời PAKN đã công khai."""
    qs = selectors.published()
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(public_title__icontains=q)
    page = Paginator(qs, 20).get_page(request.GET.get("trang"))
    return render(request, "feedback/public/published.html", {"page": page, "q": q})


def _voter(request: HttpRequest) -> tuple[str, str | None]:
    if request.user.is_authenticated:
        return f"user:{request.user.pk}", None
    token = request.COOKIES.get(VOTER_COOKIE) or uuid.uuid4().hex
    return f"cookie:{token}", token


def published_detail(request: HttpRequest, code: str) -> HttpResponse:
    p = selectors.published().filter(code=code.upper()).first()
    if p is None:
        raise Http404("Câu trả lời chưa được công khai.")
    if request.method == "POST":
        voter, token = _voter(request)
        vote = request.POST.get("vote", "")
        try:
            services.react(p, voter=voter, vote=vote, now=timezone.now())
        except services.FeedbackError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "Cảm ơn bạn đã đánh giá câu trả lời.")
        response = redirect("feedback:published-detail", code=p.code)
        if token:
            response.set_cookie(VOTER_COOKIE, token, max_age=365 * 86400, samesite="Lax")
        return response
    return render(request, "feedback/public/published_detail.html", {"p": p, "Vote": Vote})


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """PAKN của tôi (tài khoản công dân)."""
    rows = selectors.of_citizen(request.user).order_by("-received_at")[:100]
    for p in rows:
        _grant_access(request, p.code)
    return render(request, "feedback/public/mine.html", {"rows": rows})


# --- staff pages ------------------------------------------------------------------------------


def _staff(request: HttpRequest) -> None:
    if not request.user.is_authenticated or getattr(request.user, "citizen", None) is not None:
        raise PermissionDenied("Trang dành cho cán bộ.")


def _my_agencies(user, today: date):
    if is_administrator(user):
        return Agency.objects.filter(agency_type__code="vp-ubnd-tinh").order_by("name")
    ids = {g.agency_id for g in grants(user, today) if g.role in services.ACTING_ROLES}
    return Agency.objects.filter(pk__in=ids).order_by("name")


FILTERS = {
    "": "Tất cả",
    "cho-tiep-nhan": "Chờ tiếp nhận",
    "dang-xu-ly": "Đang xử lý",
    "cho-bo-sung": "Chờ bổ sung",
    "cho-cong-khai": "Chờ công khai",
    "da-cong-khai": "Đã công khai",
    "sap-den-han": "Sắp đến hạn",
    "qua-han": "Quá hạn",
}
STATE_OF = {
    "cho-tiep-nhan": State.PENDING,
    "dang-xu-ly": State.IN_PROCESS,
    "cho-bo-sung": State.SUPPLEMENT_REQUESTED,
    "cho-cong-khai": State.AWAITING_PUBLICATION,
    "da-cong-khai": State.PUBLISHED,
}


@login_required
def worklist(request: HttpRequest) -> HttpResponse:
    """Danh sách PAKN trong phạm vi của cán bộ, with warnings and the overdue list."""
    _staff(request)
    today = _today()
    base = selectors.visible_petitions(request.user, today)
    f = request.GET.get("loc", "")
    qs = base
    if f in STATE_OF:
        qs = qs.filter(state=STATE_OF[f])
    elif f == "qua-han":
        qs = selectors.overdue(base, today)
    elif f == "sap-den-han":
        qs = selectors.due_soon(base, today)
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(code__icontains=q) | qs.filter(title__icontains=q)
    qs = qs.select_related(*selectors.LIST_RELATED).order_by("-received_at", "-id")
    page = Paginator(qs, 25).get_page(request.GET.get("trang"))
    return render(
        request,
        "feedback/staff/worklist.html",
        {
            "page": page,
            "filters": FILTERS,
            "current": f,
            "q": q,
            "today": today,
            "overdue_count": selectors.overdue(base, today).count(),
            "soon_count": selectors.due_soon(base, today).count(),
            "can_receive": _my_agencies(request.user, today).exists(),
        },
    )


@login_required
def desk(request: HttpRequest) -> HttpResponse:
    """Ghi nhận PAKN nhận trực tiếp, qua bưu chính, điện thoại hoặc thư điện tử."""
    _staff(request)
    agencies = _my_agencies(request.user, _today())
    form = DeskForm(
        request.POST or None,
        request.FILES or None,
        agencies=agencies,
        initial={"nonce": uuid.uuid4().hex},
    )
    if request.method == "POST" and form.is_valid():
        files, file_errors = _files(request, form)
        for e in file_errors:
            form.add_error("files", e)
        if not file_errors:
            cd = form.cleaned_data
            received_at = cd.get("received_at")
            if received_at is not None and timezone.is_naive(received_at):
                received_at = received_at.replace(tzinfo=VN_TZ)
            try:
                p = services.receive(
                    _input(cd, files),
                    agency=cd["agency"],
                    channel=cd["channel"],
                    now=timezone.now(),
                    user=request.user,
                    received_at=received_at,
                    note=cd.get("note", ""),
                    idempotency_key=_nonce(form, f"desk:{request.user.pk}"),
                )
            except services.FeedbackError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, f"Đã ghi nhận PAKN {p.code}.")
                return redirect("feedback:staff-detail", code=p.code)
    return render(request, "feedback/staff/desk.html", {"form": form})


@login_required
def import_view(request: HttpRequest) -> HttpResponse:
    """Nhập PAKN do Cổng DVCQG chuyển về (JSON, tất cả hoặc không)."""
    _staff(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = None
    created = []
    if request.method == "POST" and form.is_valid():
        raw = request.FILES["file"].read(5 * 1024 * 1024 + 1)
        try:
            payload = json.loads(raw.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            form.add_error("file", f"Tệp không phải JSON hợp lệ: {exc}")
        else:
            try:
                created = exchange.import_national(payload, user=request.user, now=timezone.now())
            except services.FeedbackError as exc:
                form.add_error(None, exc.message)
                errors = exc.errors
            else:
                messages.success(request, f"Đã nhập {len(created)} PAKN.")
    return render(
        request, "feedback/staff/import.html", {"form": form, "errors": errors, "created": created}
    )


def _visible_or_404(request: HttpRequest, code: str) -> Petition:
    p = selectors.visible_petitions(request.user, _today()).filter(code=code.upper()).first()
    if p is None:
        raise Http404("Không tìm thấy PAKN trong phạm vi của bạn.")
    return selectors.find(p.code)


def _run_action(p: Petition, action: str, cd: dict, user, now):
    if action == Action.ACCEPTED:
        return services.accept(
            p,
            user=user,
            now=now,
            national_class=cd["national_class"],
            category=cd["category"],
            note=cd["note"],
        )
    if action == Action.REJECTED:
        return services.reject(p, user=user, now=now, ground=cd["ground"], note=cd["note"])
    if action == Action.CLASSIFIED:
        return services.classify(
            p,
            user=user,
            now=now,
            national_class=cd["national_class"],
            category=cd["category"],
            procedure_code=cd["procedure_code"],
            dossier_code=cd["dossier_code"],
        )
    if action == Action.SUPPLEMENT_REQUESTED:
        return services.request_supplement(p, user=user, now=now, question=cd["question"])
    if action == Action.TRANSFERRED:
        return services.transfer(
            p,
            user=user,
            now=now,
            letter_number=cd["letter_number"],
            to_agency=cd["to_agency"],
            to_body=cd["to_body"],
            note=cd["note"],
        )
    if action == Action.ASSESSED:
        criteria = {k: cd[f"criteria_{k}"] for k in CRITERIA if cd.get(f"criteria_{k}")}
        return services.assess(
            p, user=user, now=now, basis=cd["basis"], criteria=criteria, note=cd["note"]
        )
    if action == Action.ANSWERED:
        return services.answer(
            p,
            user=user,
            now=now,
            decision=cd["decision"],
            text=cd["text"],
            document_number=cd["letter_number"],
        )
    if action == Action.PUBLISHED:
        return services.publish(
            p, user=user, now=now, title=cd["public_title"], content=cd["public_content"]
        )
    if action == Action.ARCHIVED:
        return services.archive(p, user=user, now=now)
    raise Http404


@login_required
def staff_detail(request: HttpRequest, code: str) -> HttpResponse:
    """Trang xử lý một PAKN: thông tin, lịch sử, thời hạn, các thao tác được phép."""
    _staff(request)
    p = _visible_or_404(request, code)
    now = timezone.now()
    form = None
    failed_action = ""
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in TRANSITIONS:
            raise Http404
        form = ActionForm(request.POST, prefix=action)
        if form.is_valid():
            try:
                p = _run_action(p, action, form.cleaned_data, request.user, now)
            except services.FeedbackError as exc:
                _add_errors(form, exc)
                failed_action = action
            else:
                messages.success(request, f"Đã thực hiện: {Action(action).label}.")
                return redirect("feedback:staff-detail", code=p.code)
        else:
            failed_action = action
    allowed = services.allowed_actions(request.user, p, now)
    initial = {
        "national_class": p.national_class,
        "category": p.category,
        "public_title": services.redact(p, p.title),
        "public_content": services.redact(p, p.content),
    }
    actions = []
    for a in allowed:
        f = (
            form
            if (form is not None and a == failed_action)
            else ActionForm(initial=initial, prefix=a)
        )
        actions.append(
            {
                "action": a,
                "label": Action(a).label,
                "fields": [f[name] for name in FIELDS_OF[a]],
                "errors": f.non_field_errors() if f is form else [],
                "open": a == failed_action,
            }
        )
    from motcua.feedback import ontime

    rules = services.local_rules(p.agency)
    cal = services.calendar_for(p.agency)
    events = list(selectors.events_of(p))
    mine = [s for s in ontime.segments(services.steps_of(events)) if s.agency_id == p.agency_id]
    verdict = ontime.judge(mine[-1].steps, calendar=cal, as_of=now) if mine else None
    return render(
        request,
        "feedback/staff/detail.html",
        {
            "p": p,
            "events": events,
            "actions": actions,
            "rules": rules,
            "verdict": verdict,
            "reject_due": ontime.due_after(cal, p.clock_started_at, rules.reject_days),
            "transfer_due": ontime.due_after(cal, p.clock_started_at, rules.transfer_days),
            "files": p.attachments.select_related("file"),
            "followups": p.followups.all(),
            "Ground": Ground,
            "overdue": p.due_at is not None and p.due_at.astimezone(VN_TZ).date() < _today(),
        },
    )


def _period(request: HttpRequest) -> tuple[date, date]:
    today = _today()
    try:
        start = date.fromisoformat(request.GET.get("tu", ""))
    except ValueError:
        start = today.replace(day=1)
    try:
        end = date.fromisoformat(request.GET.get("den", ""))
    except ValueError:
        end = today
    return start, end


@login_required
def report_view(request: HttpRequest) -> HttpResponse:
    """Báo cáo tiếp nhận, xử lý PAKN theo cơ quan và kỳ (XLSX)."""
    _staff(request)
    start, end = _period(request)
    if end < start:
        messages.error(request, "Ngày kết thúc phải sau ngày bắt đầu.")
        start, end = end, start
    ids = list(visible_agencies(request.user, _today()).values_list("pk", flat=True))
    now = timezone.now()
    if request.GET.get("xlsx"):
        data = exchange.report_xlsx(agency_ids=ids, start=start, end=end, now=now)
        response = HttpResponse(
            data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = (
            f'attachment; filename="bao-cao-pakn-{start:%Y%m%d}-{end:%Y%m%d}.xlsx"'
        )
        return response
    rows = selectors.report(agency_ids=ids, start=start, end=end, now=now)
    facts = selectors.indicator_facts(agency_ids=ids, start=start, end=end, now=now)
    return render(
        request,
        "feedback/staff/report.html",
        {"rows": rows, "facts": facts, "start": start, "end": end},
    )
