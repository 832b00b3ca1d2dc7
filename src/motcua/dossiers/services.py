"""Every change to a dossier: intake (T1–T6), processing (T7–T14), return, stop, archive.

Each service locks the dossier row, checks the transition table and the actor's role and
agency, appends one event to the log (with the derived values it sets), refreshes the cached
columns, and queues the side effects in the outbox — all in one transaction.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import F

from motcua.catalog.models import (
    ProcedureCase,
    ProcedureVersion,
    ProcessStep,
)
from motcua.catalog.selectors import version_in_force
from motcua.core import outbox
from motcua.core.calendar import Unit, WorkCalendar
from motcua.core.errors import DomainError
from motcua.core.selectors import work_calendar
from motcua.directory.models import Agency, Department, Role
from motcua.directory.selectors import grants
from motcua.dossiers import clock
from motcua.dossiers.models import (
    ApplicantKind,
    Channel,
    CodeCounter,
    Delivery,
    Dossier,
    DossierComponent,
    DossierEvent,
    DossierResult,
)
from motcua.dossiers.selectors import acting_agencies, holds_step, processing_steps
from motcua.dossiers.states import (
    CLOCK_PAUSED,
    DECIDED,
    NATIONAL_CODE,
    TRANSITIONS,
    State,
)

#: Fields of :class:`Dossier` that events may set; replaying the log rebuilds them.
DERIVED = (
    "state",
    "national_status",
    "code",
    "reception_due_at",
    "received_at",
    "original_due_at",
    "due_at",
    "promised_due_at",
    "paused_since",
    "paused_seconds",
    "supplement_count",
    "apology_count",
    "decided_at",
    "returned_at",
    "timeliness",
    "current_step_id",
    "step_started_at",
    "step_due_at",
    "holder_agency_id",
    "holder_department_id",
    "assignee_id",
    "holder_role",
    "book_year",
    "book_entry",
    "result_count",
)
NOTIFY_ACTIONS = {
    "accept": "Hồ sơ đã được tiếp nhận",
    "guide": "Hồ sơ cần bổ sung, hoàn thiện",
    "refuse": "Hồ sơ không được tiếp nhận",
    "request_supplement": "Yêu cầu bổ sung hồ sơ",
    "request_payment": "Thông báo thực hiện nghĩa vụ tài chính",
    "apologise": "Thư xin lỗi và hẹn lại ngày trả kết quả",
    "issue": "Kết quả đã sẵn sàng",
    "stop": "Thông báo dừng giải quyết hồ sơ",
    "return_result": "Đã trả kết quả",
}


class DossierError(DomainError):
    """A refused dossier action: a machine ``code`` and a Vietnamese ``message``."""


@dataclass(frozen=True)
class Actor:
    user: AbstractBaseUser | None
    agency: Agency | None
    role: str
    name: str


def calendar_for(agency: Agency) -> WorkCalendar:
    """The working calendar of an agency: its province's days and its own office hours."""
    return work_calendar(agency.unit.province_code, agency.office_hours)


def _iso(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _actor(user: AbstractBaseUser | None, dossier: Dossier, action: str, on: date) -> Actor:
    """Find the role under which ``user`` may do ``action`` on ``dossier`` today."""
    t = TRANSITIONS[action]
    if user is None:  # the system itself (imports, sweeps)
        return Actor(None, None, "system", "Hệ thống")
    agencies = acting_agencies(dossier, t.side)
    for g in grants(user, on):
        if g.role in t.roles and g.agency_id in agencies:
            return Actor(
                user,
                Agency.objects.get(pk=g.agency_id),
                g.role,
                user.get_full_name() or user.get_username(),
            )
    raise DossierError(
        "forbidden",
        f"Bạn không có quyền “{t.label}” đối với hồ sơ này.",
        status=403,
    )


def _check_state(dossier: Dossier, action: str) -> None:
    t = TRANSITIONS[action]
    if dossier.state not in t.sources:
        raise DossierError(
            "invalid_state",
            f"Không thể “{t.label}” khi hồ sơ đang ở trạng thái “{State(dossier.state).label}”.",
            status=409,
        )


def _locked(dossier: Dossier | int) -> Dossier:
    pk = dossier.pk if isinstance(dossier, Dossier) else dossier
    return (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("case", "version", "competent_agency__unit__parent", "receiving_agency")
        .get(pk=pk)
    )


def _append(
    dossier: Dossier,
    action: str,
    actor: Actor,
    now: datetime,
    *,
    note: str = "",
    data: dict[str, Any] | None = None,
    to_user: AbstractBaseUser | None = None,
    to_department: Department | None = None,
    to_agency: Agency | None = None,
    **changes: Any,
) -> DossierEvent:
    """Apply ``changes`` to the dossier, append the event that records them, queue effects."""
    target = TRANSITIONS[action].target if action in TRANSITIONS else None
    if target is not None:
        changes.setdefault("state", target)
    if "state" in changes:
        changes["national_status"] = NATIONAL_CODE[changes["state"]]
    for field, value in changes.items():
        if field not in DERIVED:
            raise ValueError(f"{field} is not a derived field")
        setattr(dossier, field, value)
    dossier.last_seq += 1
    dossier.save(update_fields=[*changes.keys(), "last_seq"])
    event = DossierEvent.objects.create(
        dossier=dossier,
        seq=dossier.last_seq,
        at=now,
        action=action,
        actor=actor.user,
        actor_name=actor.name,
        actor_role=actor.role,
        actor_agency=actor.agency,
        state=dossier.state,
        national_status=dossier.national_status,
        step_id=dossier.current_step_id,
        step_due_at=dossier.step_due_at,
        to_user=to_user,
        to_department=to_department,
        to_agency=to_agency,
        note=note,
        data={**(data or {}), "set": {k: _iso(v) for k, v in changes.items()}},
    )
    if dossier.parent_id is None:  # consultations are never reported as separate dossiers
        outbox.enqueue(
            topic="portal.sync",
            key=dossier.submission_ref,
            dedup_key=f"portal:{dossier.pk}:{event.seq}",
            payload={
                "dossier": dossier.submission_ref,
                "code": dossier.code,
                "seq": event.seq,
                "action": action,
                "national_status": dossier.national_status,
                "at": now.isoformat(),
                "actor": actor.name,
                "note": note,
                "due_at": _iso(dossier.due_at),
            },
            now=now,
        )
        if action in NOTIFY_ACTIONS:
            outbox.enqueue(
                topic="citizen.notify",
                key=dossier.submission_ref,
                dedup_key=f"notify:{dossier.pk}:{event.seq}",
                payload={
                    "dossier": dossier.submission_ref,
                    "code": dossier.code,
                    "action": action,
                    "seq": event.seq,
                    "id_number": dossier.applicant_id_number,
                    "subject": NOTIFY_ACTIONS[action],
                    "phone": dossier.applicant_phone,
                    "email": dossier.applicant_email,
                    "note": note,
                },
                now=now,
            )
    return event


# --- intake -----------------------------------------------------------------------------


@dataclass
class ApplicantData:
    kind: str
    name: str
    id_number: str
    address: str = ""
    phone: str = ""
    email: str = ""
    submitter_name: str = ""


def validate_applicant(a: ApplicantData) -> dict[str, str]:
    errors: dict[str, str] = {}
    if a.kind not in ApplicantKind.values:
        errors["kind"] = "Loại đối tượng phải là cá nhân (individual) hoặc tổ chức (organisation)."
    if not a.name.strip():
        errors["name"] = "Cần ghi họ tên chủ hồ sơ (hoặc tên tổ chức)."
    digits = a.id_number.strip().replace("-", "")
    if a.kind == ApplicantKind.INDIVIDUAL and not (digits.isdigit() and len(digits) == 12):
        errors["id_number"] = "Số định danh cá nhân phải gồm đúng 12 chữ số."
    if a.kind == ApplicantKind.ORGANISATION and not (digits.isdigit() and len(digits) in (10, 13)):
        errors["id_number"] = "Mã số thuế của tổ chức phải gồm 10 hoặc 13 chữ số."
    if a.phone and not a.phone.replace(" ", "").lstrip("+").isdigit():
        errors["phone"] = "Số điện thoại chỉ gồm chữ số."
    return errors


def competent_agency_for(
    version: ProcedureVersion, receiving: Agency, competent: Agency | None
) -> Agency:
    """The agency that will decide: the one given (checked), or the single match near the desk."""
    agencies = list(version.agencies.all())  # one query for both sets
    allowed_types = {va.agency_type_id for va in agencies if va.role in ("competent", "delegated")}
    named = {va.agency_id for va in agencies if va.agency_id}
    if competent is not None:
        if competent.agency_type_id not in allowed_types or (named and competent.pk not in named):
            raise DossierError(
                "wrong_agency",
                f"{competent.name} không có thẩm quyền giải quyết thủ tục này.",
                errors={"competent_agency": "Không có thẩm quyền."},
            )
        return competent
    unit = receiving.unit
    # the desk's own unit first (commune centre → its UBND), then its province
    for scope in ({"unit": unit}, {"unit": unit.province}):
        candidates = Agency.objects.filter(
            agency_type_id__in=allowed_types, is_active=True, **scope
        )
        if named:
            candidates = candidates.filter(pk__in=named)
        if candidates.count() == 1:
            return candidates.get()
    raise DossierError(
        "competent_agency_required",
        "Cần chọn cơ quan có thẩm quyền giải quyết (competent_agency).",
        errors={"competent_agency": "Bắt buộc với thủ tục và nơi tiếp nhận này."},
    )


@transaction.atomic
def submit(
    *,
    case: ProcedureCase,
    channel: str,
    receiving_agency: Agency,
    applicant: ApplicantData,
    now: datetime,
    actor_user: AbstractBaseUser | None = None,
    competent_agency: Agency | None = None,
    components: list[dict[str, Any]] | None = None,
    delivery: str = Delivery.DESK,
    postal_tracking: str = "",
    received_at: datetime | None = None,
    idempotency_key: str | None = None,
    sets: int = 1,
    account: AbstractBaseUser | None = None,
) -> Dossier:
    """Register a dossier waiting for reception (T1 online, T2 desk, T3 post).

    Checks the procedure is in force and not abolished, the receiving scope (the desk's own
    agencies, or any centre of the province for a boundary-free procedure), and the applicant.
    ``idempotency_key`` makes a retried request return the first dossier.
    """
    if idempotency_key:
        existing = Dossier.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing
    errors: dict[str, str] = validate_applicant(applicant)
    if channel not in Channel.values:
        errors["channel"] = "Kênh nộp phải là direct, postal hoặc online."
    if delivery not in Delivery.values:
        errors["delivery"] = "Hình thức nhận kết quả phải là desk, post hoặc electronic."
    if channel == Channel.POSTAL and not postal_tracking.strip():
        errors["postal_tracking"] = "Hồ sơ qua bưu chính cần số hiệu bưu gửi."
    if errors:
        raise DossierError("invalid", "Thông tin hồ sơ chưa hợp lệ.", errors=errors)
    version = ProcedureVersion.objects.select_related("procedure").get(pk=case.version_id)
    arrival = received_at or now
    in_force = version_in_force(version.procedure, clock.local_date(arrival))
    if in_force is None or in_force.pk != version.pk:
        raise DossierError(
            "procedure_not_in_force",
            "Thủ tục không còn hiệu lực (đã bãi bỏ hoặc thay thế) vào ngày nộp hồ sơ.",
            status=409,
        )
    competent = competent_agency_for(version, receiving_agency, competent_agency)
    same_province = receiving_agency.unit.province_code == competent.unit.province_code
    own_desk = receiving_agency.unit_id == competent.unit_id or (
        receiving_agency.unit.parent_id is None and competent.unit.parent_id is None
    )
    if not own_desk:
        if not (version.boundary_free and same_province):
            raise DossierError(
                "out_of_scope",
                "Nơi tiếp nhận này không được tiếp nhận thủ tục của cơ quan khác "
                "(thủ tục không thuộc danh mục không phụ thuộc địa giới hành chính).",
                status=409,
            )
    calendar = calendar_for(receiving_agency)
    dossier = Dossier(
        submission_ref=f"N{now:%y%m%d}-{uuid.uuid4().hex[:10].upper()}",
        idempotency_key=idempotency_key or None,
        version=version,
        case=case,
        channel=channel,
        receiving_agency=receiving_agency,
        competent_agency=competent,
        boundary_free=not own_desk,
        applicant_kind=applicant.kind,
        applicant_name=applicant.name.strip(),
        applicant_id_number=applicant.id_number.strip(),
        applicant_address=applicant.address.strip(),
        applicant_phone=applicant.phone.strip(),
        applicant_email=applicant.email.strip(),
        submitter_name=applicant.submitter_name.strip(),
        delivery=delivery,
        postal_tracking=postal_tracking.strip(),
        submitted_at=arrival,
        sets=sets,
        account=account,
        state=State.SUBMITTED,
        national_status=NATIONAL_CODE[State.SUBMITTED],
        holder_agency=receiving_agency,
    )
    try:
        with transaction.atomic():
            dossier.save()
    except IntegrityError:  # a concurrent retry with the same key won
        if idempotency_key:
            return Dossier.objects.get(idempotency_key=idempotency_key)
        raise
    DossierComponent.objects.bulk_create(
        DossierComponent(
            dossier=dossier,
            component_id=c.get("component"),
            name=c["name"],
            copy_type=c.get("copy_type", "original"),
            quantity=c.get("quantity", 1),
            presented=c.get("presented", True),
            note=c.get("note", ""),
        )
        for c in (components or [])
    )
    actor = (
        Actor(actor_user, receiving_agency, Role.RECEIVING_OFFICER, actor_user.get_full_name())
        if actor_user is not None
        else Actor(None, None, "applicant", applicant.name)
    )
    reception_due = None
    if channel == Channel.ONLINE:  # configurable reception deadline: 1 working day (8 h)
        reception_due = calendar.due(arrival, 1, Unit.WORKING_DAYS).due
    _append(
        dossier,
        "submit",
        actor,
        arrival,
        note=f"Nộp hồ sơ ({Channel(channel).label})",
        data={"postal_tracking": postal_tracking} if postal_tracking else None,
        state=State.SUBMITTED,
        reception_due_at=reception_due,
        holder_agency_id=receiving_agency.pk,
        holder_role=Role.RECEIVING_OFFICER,
    )
    return dossier


def _next_counter(agency: Agency, scope: str) -> int:
    CodeCounter.objects.bulk_create(
        [CodeCounter(agency=agency, scope=scope, value=0)], ignore_conflicts=True
    )
    counter = CodeCounter.objects.select_for_update().get(agency=agency, scope=scope)
    CodeCounter.objects.filter(pk=counter.pk).update(value=F("value") + 1)
    return counter.value + 1


@transaction.atomic
def accept(
    dossier: Dossier,
    *,
    user: AbstractBaseUser | None,
    now: datetime,
    due_at: datetime | None = None,
    code: str | None = None,
) -> Dossier:
    """Tiếp nhận hồ sơ hợp lệ (T6): code, receipt-book entry, due date; form 01.

    ``due_at`` and ``code`` override the computed values (only for imports of historical
    dossiers that carry what their previous system printed).
    """
    d = _locked(dossier)
    _check_state(d, "accept")
    actor = _actor(user, d, "accept", clock.local_date(now))
    calendar = calendar_for(d.competent_agency)
    start = max(d.submitted_at, now) if d.channel != Channel.POSTAL else d.submitted_at
    received = calendar.deemed_receipt(start)
    day = received.astimezone(calendar.tz).date()
    seq = 0 if code else _next_counter(d.receiving_agency, f"day:{day:%y%m%d}")
    entry = _next_counter(d.receiving_agency, f"book:{day.year}")
    if code and Dossier.objects.filter(code=code).exists():
        raise DossierError("duplicate_code", f"Mã hồ sơ {code} đã tồn tại.", status=409)
    due = due_at or clock.legal_due(d.case, calendar, start, online=d.channel == Channel.ONLINE)
    _append(
        d,
        "accept",
        actor,
        now,
        note="Tiếp nhận hồ sơ, hẹn trả kết quả",
        code=code or f"{d.receiving_agency.electronic_id}-{day:%y%m%d}-{seq:04d}",
        received_at=received,
        original_due_at=due,
        due_at=due,
        book_year=day.year,
        book_entry=entry,
    )
    return d


@transaction.atomic
def guide(
    dossier: Dossier, *, user: AbstractBaseUser | None, now: datetime, items: list[str], reason: str
) -> Dossier:
    """Hướng dẫn bổ sung tại nơi tiếp nhận (T4, form 02): every missing item at once, no clock."""
    d = _locked(dossier)
    _check_state(d, "guide")
    items = [i.strip() for i in items if i and i.strip()]
    if not items:
        raise DossierError(
            "invalid",
            "Cần liệt kê đầy đủ, một lần các giấy tờ phải bổ sung.",
            errors={"items": "Bắt buộc."},
        )
    actor = _actor(user, d, "guide", clock.local_date(now))
    _append(d, "guide", actor, now, note=reason.strip(), data={"items": items})
    return d


@transaction.atomic
def resubmit(dossier: Dossier, *, user: AbstractBaseUser | None, now: datetime) -> Dossier:
    d = _locked(dossier)
    _check_state(d, "resubmit")
    _append(
        d, "resubmit", _actor(user, d, "resubmit", clock.local_date(now)), now, note="Nộp lại hồ sơ"
    )
    return d


@transaction.atomic
def refuse(
    dossier: Dossier, *, user: AbstractBaseUser | None, now: datetime, reason: str
) -> Dossier:
    """Từ chối tiếp nhận (T5, form 03) with the legal reason."""
    d = _locked(dossier)
    _check_state(d, "refuse")
    if len(reason.strip()) < 10:
        raise DossierError(
            "invalid",
            "Cần ghi rõ lý do từ chối theo quy định pháp luật.",
            errors={"reason": "Bắt buộc, nêu căn cứ."},
        )
    _append(d, "refuse", _actor(user, d, "refuse", clock.local_date(now)), now, note=reason.strip())
    return d


# --- processing -------------------------------------------------------------------------


def _enter_step(
    d: Dossier, step: ProcessStep | None, now: datetime, assignee=None
) -> dict[str, Any]:
    calendar = calendar_for(d.competent_agency)
    if step is None:
        return {
            "current_step_id": None,
            "step_started_at": None,
            "step_due_at": None,
            "holder_role": Role.AGENCY_LEADER,
            "holder_department_id": None,
            "assignee_id": getattr(assignee, "pk", None),
        }
    return {
        "current_step_id": step.pk,
        "step_started_at": now,
        "step_due_at": clock.step_due(step, calendar, now),
        "holder_role": step.role,
        "holder_department_id": step.department_id,
        "assignee_id": getattr(assignee, "pk", None),
    }


@transaction.atomic
def forward(dossier: Dossier, *, user: AbstractBaseUser | None, now: datetime) -> Dossier:
    """Chuyển hồ sơ đến cơ quan giải quyết (T7): the first processing step begins."""
    d = _locked(dossier)
    _check_state(d, "forward")
    actor = _actor(user, d, "forward", clock.local_date(now))
    steps = processing_steps(d)
    _append(
        d,
        "forward",
        actor,
        now,
        note=f"Chuyển {d.competent_agency.name}",
        to_agency=d.competent_agency,
        holder_agency_id=d.competent_agency_id,
        **_enter_step(d, steps[0] if steps else None, now),
    )
    return d


def _check_holder(d: Dossier, actor: Actor) -> None:
    """Only the holder of the current step (its role, or the assignee) may move it on."""
    if actor.user is None or holds_step(d, actor.user, actor.role):
        return
    if d.assignee_id:
        raise DossierError("not_assignee", "Hồ sơ đang được giao cho người khác xử lý.", 403)
    raise DossierError(
        "not_your_step", f"Bước hiện tại do {Role(d.holder_role).label} thực hiện.", status=403
    )


@transaction.atomic
def hand_over(
    dossier: Dossier,
    *,
    user: AbstractBaseUser | None,
    now: datetime,
    to_user: AbstractBaseUser | None = None,
    note: str = "",
) -> Dossier:
    """Hoàn thành bước hiện tại và chuyển bước tiếp theo (T8), optionally to a named person."""
    d = _locked(dossier)
    _check_state(d, "hand_over")
    actor = _actor(user, d, "hand_over", clock.local_date(now))
    _check_holder(d, actor)
    steps = processing_steps(d)
    ids = [s.pk for s in steps]
    if d.current_step_id not in ids:
        raise DossierError("no_next_step", "Hồ sơ đang ở bước cuối; hãy phê duyệt kết quả.", 409)
    i = ids.index(d.current_step_id)
    if i + 1 >= len(steps):
        raise DossierError("no_next_step", "Đây là bước cuối; hãy phê duyệt hoặc trả lời.", 409)
    nxt = steps[i + 1]
    if to_user is not None and not grants_role(
        to_user, nxt.role, d.holder_agency_id, clock.local_date(now)
    ):
        raise DossierError(
            "invalid",
            f"{to_user.get_full_name()} không giữ vai trò {Role(nxt.role).label} tại cơ quan.",
            errors={"to_user": "Không phù hợp với bước tiếp theo."},
        )
    step_result = clock.classify(now, d.step_due_at) if d.step_due_at else ""
    _append(
        d,
        "hand_over",
        actor,
        now,
        note=note,
        to_user=to_user,
        data={"step_result": step_result, "from_step": d.current_step_id},
        **_enter_step(d, nxt, now, to_user),
    )
    return d


def grants_role(user: AbstractBaseUser, role: str, agency_id: int | None, on: date) -> bool:
    return any(g.role == role and g.agency_id == agency_id for g in grants(user, on))


@transaction.atomic
def assign(
    dossier: Dossier, *, user: AbstractBaseUser | None, now: datetime, to_user: AbstractBaseUser
) -> Dossier:
    """Phân công: name the person who handles the current step."""
    d = _locked(dossier)
    _check_state(d, "assign")
    actor = _actor(user, d, "assign", clock.local_date(now))
    if not grants_role(to_user, d.holder_role, d.holder_agency_id, clock.local_date(now)):
        raise DossierError(
            "invalid",
            "Người được phân công không giữ vai trò của bước hiện tại tại cơ quan.",
            errors={"to_user": "Không phù hợp."},
        )
    _append(
        d,
        "assign",
        actor,
        now,
        to_user=to_user,
        note=f"Phân công {to_user.get_full_name()}",
        assignee_id=to_user.pk,
    )
    return d


@transaction.atomic
def send_back(
    dossier: Dossier, *, user: AbstractBaseUser | None, now: datetime, reason: str
) -> Dossier:
    """Chuyển lại bước trước, where the process allows it."""
    d = _locked(dossier)
    _check_state(d, "send_back")
    actor = _actor(user, d, "send_back", clock.local_date(now))
    _check_holder(d, actor)
    steps = processing_steps(d)
    ids = [s.pk for s in steps]
    if d.current_step_id not in ids or ids.index(d.current_step_id) == 0:
        raise DossierError("no_previous_step", "Không có bước trước để chuyển lại.", 409)
    current = steps[ids.index(d.current_step_id)]
    if not current.send_back_allowed:
        raise DossierError(
            "send_back_not_allowed", "Quy trình không cho phép chuyển lại ở bước này.", 409
        )
    if not reason.strip():
        raise DossierError("invalid", "Cần ghi lý do chuyển lại.", errors={"reason": "Bắt buộc."})
    prev = steps[ids.index(d.current_step_id) - 1]
    last_holder = d.events.filter(step_id=prev.pk, to_user__isnull=False).order_by("-seq").first()
    _append(
        d,
        "send_back",
        actor,
        now,
        note=reason.strip(),
        **_enter_step(d, prev, now, last_holder.to_user if last_holder else None),
    )
    return d


def _pause(d: Dossier, now: datetime) -> dict[str, Any]:
    return {"paused_since": now}


def _resume(d: Dossier, now: datetime, *, excluded: bool, reset: bool = False) -> dict[str, Any]:
    """Close the pause: move the due date by the working time lost, or recompute it afresh."""
    calendar = calendar_for(d.competent_agency)
    changes: dict[str, Any] = {"paused_since": None}
    if d.paused_since is None or d.due_at is None:
        return changes
    lost = calendar.working_time_between(d.paused_since, now)
    if reset:
        changes["due_at"] = clock.legal_due(d.case, calendar, now, online=d.channel == "online")
    elif excluded:
        changes["due_at"] = clock.extend_by(calendar, d.due_at, lost)
    if excluded or reset:  # only time that does not count is recorded as paused
        changes["paused_seconds"] = d.paused_seconds + int(lost.total_seconds())
    if d.step_due_at is not None and excluded:
        changes["step_due_at"] = clock.extend_by(calendar, d.step_due_at, lost)
    return changes


@transaction.atomic
def request_supplement(
    dossier: Dossier,
    *,
    user: AbstractBaseUser | None,
    now: datetime,
    items: list[str],
    reason: str,
    deadline_days: int | None = None,
) -> Dossier:
    """Yêu cầu bổ sung trong quá trình giải quyết (T10, form 02 signed by the leader)."""
    d = _locked(dossier)
    _check_state(d, "request_supplement")
    actor = _actor(user, d, "request_supplement", clock.local_date(now))
    items = [i.strip() for i in items if i and i.strip()]
    if not items or not reason.strip():
        raise DossierError(
            "invalid",
            "Cần liệt kê giấy tờ phải bổ sung và lý do.",
            errors={"items": "Bắt buộc.", "reason": "Bắt buộc."},
        )
    deadline = None
    if deadline_days:
        deadline = calendar_for(d.competent_agency).due(now, deadline_days, Unit.WORKING_DAYS).due
    _append(
        d,
        "request_supplement",
        actor,
        now,
        note=reason.strip(),
        data={"items": items, "deadline": _iso(deadline), "resume_state": d.state},
        supplement_count=d.supplement_count + 1,
        **_pause(d, now),
    )
    return d


@transaction.atomic
def receive_supplement(
    dossier: Dossier, *, user: AbstractBaseUser | None, now: datetime, note: str = ""
) -> Dossier:
    """Tiếp nhận hồ sơ bổ sung (T11): the clock resumes (pause) or restarts (reset)."""
    d = _locked(dossier)
    _check_state(d, "receive_supplement")
    actor = _actor(user, d, "receive_supplement", clock.local_date(now))
    reset = d.case.supplement_clock == "reset"
    _append(
        d,
        "receive_supplement",
        actor,
        now,
        note=note or "Đã nhận đủ hồ sơ bổ sung",
        **_resume(d, now, excluded=True, reset=reset),
    )
    return d


ONLINE_ANSWER_STATES = (State.SUPPLEMENT_REQUESTED, State.RECEPTION_GUIDANCE)


@transaction.atomic
def add_online_component(
    dossier: Dossier, *, account: AbstractBaseUser, name: str, now: datetime
) -> DossierComponent:
    """A component the applicant adds online while answering a request to supplement (its
    name is the requested item); the desk digitises and certifies it like the others."""
    d = _locked(dossier)
    if d.account_id is None or d.account_id != account.pk:
        raise DossierError("forbidden", "Chỉ người nộp hồ sơ được bổ sung trực tuyến.", status=403)
    if d.state not in ONLINE_ANSWER_STATES:
        raise DossierError(
            "invalid_state",
            f"Hồ sơ đang ở trạng thái “{State(d.state).label}”, không có yêu cầu bổ sung.",
            status=409,
        )
    name = " ".join(name.split())[:900]
    if not name:
        raise DossierError("invalid", "Cần ghi tên giấy tờ bổ sung.", errors={"name": "Bắt buộc."})
    return DossierComponent.objects.create(
        dossier=d,
        name=f"Bổ sung: {name}",
        copy_type="copy",
        quantity=1,
        presented=True,
        note=f"Bổ sung trực tuyến lúc {clock.local_date(now):%d/%m/%Y}",
    )


@transaction.atomic
def answer_online(
    dossier: Dossier,
    *,
    account: AbstractBaseUser,
    now: datetime,
    note: str = "",
    files_added: int = 0,
) -> Dossier:
    """Người nộp bổ sung, hoàn thiện hồ sơ trực tuyến from their account.

    In "yêu cầu bổ sung" (T11 done online: the supplement is received when it arrives, so the
    clock resumes — or restarts, per the case — at ``now``); in "hướng dẫn bổ sung trước khi
    tiếp nhận" the completed dossier goes back to the desk's queue (resubmit), where the desk
    checks it again. The files are attached first, in the same transaction, by
    :func:`motcua.documents.services.answer_online` (``files_added`` says how many); without a
    file the applicant must explain in ``note``.
    """
    d = _locked(dossier)
    if d.account_id is None or d.account_id != account.pk:
        raise DossierError("forbidden", "Chỉ người nộp hồ sơ được bổ sung trực tuyến.", status=403)
    if d.state == State.SUPPLEMENT_REQUESTED:
        action = "receive_supplement"  # T11, received online
    elif d.state == State.RECEPTION_GUIDANCE:
        action = "resubmit"
    else:
        raise DossierError(
            "invalid_state",
            f"Hồ sơ đang ở trạng thái “{State(d.state).label}”, không có yêu cầu bổ sung.",
            status=409,
        )
    if not files_added and not note.strip():
        raise DossierError(
            "invalid",
            "Cần đính kèm giấy tờ bổ sung hoặc ghi rõ nội dung bổ sung.",
            errors={"note": "Bắt buộc khi không đính kèm tệp mới."},
        )
    actor = Actor(account, None, "applicant", d.applicant_name)
    text = note.strip() or f"Người nộp đã bổ sung trực tuyến {files_added} tệp"
    if action == "receive_supplement":
        reset = d.case.supplement_clock == "reset"
        _append(
            d,
            action,
            actor,
            now,
            note=text,
            data={"online": True, "files": files_added},
            **_resume(d, now, excluded=True, reset=reset),
        )
    else:
        _append(d, action, actor, now, note=text, data={"online": True, "files": files_added})
    return d


@transaction.atomic
def supplement_expired(
    dossier: Dossier, *, user: AbstractBaseUser | None, now: datetime, note: str = ""
) -> Dossier:
    """Quá hạn bổ sung (T18): the outcome the case defines (deny, or stop)."""
    d = _locked(dossier)
    _check_state(d, "supplement_expired")
    actor = _actor(user, d, "supplement_expired", clock.local_date(now))
    last = d.events.filter(action="request_supplement").order_by("-seq").first()
    deadline = last.data.get("deadline") if last else None
    if deadline and datetime.fromisoformat(deadline) > now:
        raise DossierError("not_expired", "Chưa hết thời hạn bổ sung hồ sơ.", 409)
    resumed = _resume(d, now, excluded=True)
    if d.case.supplement_expiry == "stop":
        _append(
            d,
            "supplement_expired",
            actor,
            now,
            note=note or "Quá hạn bổ sung: dừng giải quyết",
            state=State.STOPPED,
            **resumed,
        )
        return d
    return _decide(
        d,
        actor,
        now,
        approved=False,
        title="Văn bản trả lời hồ sơ không đủ điều kiện",
        note=note or "Quá thời hạn bổ sung hồ sơ",
        action="supplement_expired",
        extra=resumed,
    )


def _phase(action: str, excluded_key: str):
    @transaction.atomic
    def start(
        dossier: Dossier, *, user: AbstractBaseUser | None, now: datetime, note: str
    ) -> Dossier:
        d = _locked(dossier)
        _check_state(d, action)
        actor = _actor(user, d, action, clock.local_date(now))
        if not note.strip():
            raise DossierError("invalid", "Cần ghi nội dung, lý do.", errors={"note": "Bắt buộc."})
        _append(d, action, actor, now, note=note.strip(), **_pause(d, now))
        return d

    return start


def _phase_end(action: str, excluded_key: str):
    @transaction.atomic
    def end(
        dossier: Dossier, *, user: AbstractBaseUser | None, now: datetime, note: str = ""
    ) -> Dossier:
        d = _locked(dossier)
        _check_state(d, action)
        actor = _actor(user, d, action, clock.local_date(now))
        excluded = excluded_key in (d.case.excluded_phases or [])
        _append(d, action, actor, now, note=note, **_resume(d, now, excluded=excluded))
        return d

    return end


request_payment = _phase("request_payment", "fin_obligation")
payment_done = _phase_end("payment_done", "fin_obligation")
suspend = _phase("suspend", "suspension")
resume = _phase_end("resume", "suspension")


@transaction.atomic
def consult(
    dossier: Dossier,
    *,
    user: AbstractBaseUser | None,
    now: datetime,
    to_agency: Agency,
    amount: int,
    note: str,
) -> Dossier:
    """Liên thông (T9): a linked sub-dossier at another agency with its own budget.

    The sub-dossier carries no code of its own and is never synced or counted separately.
    """
    d = _locked(dossier)
    _check_state(d, "consult")
    actor = _actor(user, d, "consult", clock.local_date(now))
    if to_agency.pk == d.competent_agency_id:
        raise DossierError(
            "invalid",
            "Chọn cơ quan phối hợp khác cơ quan đang giải quyết.",
            errors={"to_agency": "Không hợp lệ."},
        )
    if amount < 1:
        raise DossierError(
            "invalid",
            "Thời hạn liên thông ít nhất 1 ngày làm việc.",
            errors={"amount": "Không hợp lệ."},
        )
    n = d.consultations.count() + 1
    calendar = calendar_for(to_agency)
    sub = Dossier.objects.create(
        submission_ref=f"{d.submission_ref}-LT{n}",
        version=d.version,
        case=d.case,
        channel=d.channel,
        receiving_agency=d.competent_agency,
        competent_agency=to_agency,
        parent=d,
        applicant_kind=d.applicant_kind,
        applicant_name=d.applicant_name,
        applicant_id_number=d.applicant_id_number,
        applicant_address=d.applicant_address,
        submitted_at=now,
        state=State.IN_PROCESS,
        national_status=4,
        holder_agency=to_agency,
    )
    sub_due = calendar.due(now, amount, Unit.WORKING_DAYS).due
    _append(
        sub,
        "consult",
        actor,
        now,
        note=note,
        to_agency=to_agency,
        data={"origin": d.code},
        state=State.IN_PROCESS,
        received_at=now,
        original_due_at=sub_due,
        due_at=sub_due,
        holder_agency_id=to_agency.pk,
        holder_role=Role.SPECIALIST,
    )
    _append(
        d,
        "consult",
        actor,
        now,
        note=note,
        to_agency=to_agency,
        data={"consultation": sub.submission_ref, "due": _iso(sub_due)},
    )
    return d


@transaction.atomic
def consult_done(
    consultation: Dossier, *, user: AbstractBaseUser | None, now: datetime, note: str
) -> Dossier:
    """The other agency answers; the origin dossier resumes processing."""
    sub = _locked(consultation)
    if sub.parent_id is None:
        raise DossierError("invalid", "Đây không phải hồ sơ liên thông.", 409)
    origin = _locked(sub.parent_id)
    _check_state(origin, "consult_done")
    if sub.state in DECIDED or sub.state == State.STOPPED:
        raise DossierError("invalid_state", "Hồ sơ liên thông đã có kết quả.", 409)
    actor = _actor(user, sub, "consult_done", clock.local_date(now))
    if not note.strip():
        raise DossierError(
            "invalid", "Cần ghi ý kiến, kết quả phối hợp.", errors={"note": "Bắt buộc."}
        )
    _append(
        sub,
        "consult_done",
        actor,
        now,
        note=note.strip(),
        state=State.RETURNED,
        decided_at=now,
        returned_at=now,
        timeliness=clock.classify(now, sub.due_at),
    )
    others_open = origin.consultations.exclude(pk=sub.pk).exclude(
        state__in=[State.RETURNED, State.STOPPED]
    )
    _append(
        origin,
        "consult_done",
        actor,
        now,
        note=note.strip(),
        data={"consultation": sub.submission_ref},
        state=State.INTER_AGENCY if others_open.exists() else State.IN_PROCESS,
    )
    return origin


@transaction.atomic
def apologise(
    dossier: Dossier,
    *,
    user: AbstractBaseUser | None,
    now: datetime,
    reason: str,
    new_due: datetime,
) -> Dossier:
    """Xin lỗi và hẹn lại ngày trả (T13, form 04): the promised date changes, nothing else."""
    d = _locked(dossier)
    _check_state(d, "apologise")
    actor = _actor(user, d, "apologise", clock.local_date(now))
    errors = {}
    if not reason.strip():
        errors["reason"] = "Cần nêu lý do chậm trễ."
    floor = max(filter(None, [d.due_at, d.promised_due_at, now]))
    if new_due <= floor:
        errors["new_due"] = "Ngày hẹn trả mới phải sau hạn hiện tại."
    if errors:
        raise DossierError("invalid", "Phiếu xin lỗi chưa hợp lệ.", errors=errors)
    _append(
        d,
        "apologise",
        actor,
        now,
        note=reason.strip(),
        data={"previous": _iso(d.promised_due_at or d.due_at), "new_due": _iso(new_due)},
        promised_due_at=new_due,
        apology_count=d.apology_count + 1,
    )
    return d


@transaction.atomic
def correct_due(
    dossier: Dossier,
    *,
    user: AbstractBaseUser | None,
    now: datetime,
    new_due: datetime,
    reason: str,
) -> Dossier:
    """Điều chỉnh hạn giải quyết: only a leader, with a reason; the old value stays in the log."""
    d = _locked(dossier)
    _check_state(d, "correct_due")
    actor = _actor(user, d, "correct_due", clock.local_date(now))
    if len(reason.strip()) < 10:
        raise DossierError(
            "invalid", "Cần ghi rõ lý do điều chỉnh hạn (căn cứ).", errors={"reason": "Bắt buộc."}
        )
    _append(
        d,
        "correct_due",
        actor,
        now,
        note=reason.strip(),
        data={"previous": _iso(d.due_at)},
        due_at=new_due,
    )
    return d


def _decide(
    d: Dossier,
    actor: Actor,
    now: datetime,
    *,
    approved: bool,
    title: str,
    note: str,
    action: str,
    extra: dict[str, Any] | None = None,
) -> Dossier:
    n = d.result_count + 1
    code = f"{d.code}-KQ{n}"
    DossierResult.objects.create(
        dossier=d,
        code=code,
        approved=approved,
        title=title,
        signer_name=actor.name,
        decided_at=now,
        note=note,
    )
    changes = {
        **(extra or {}),
        "state": State.DECIDED_APPROVED if approved else State.DECIDED_DENIED,
        "decided_at": now,
        "result_count": n,
        "timeliness": clock.classify(now, (extra or {}).get("due_at", d.due_at)),
        "current_step_id": None,
        "step_due_at": None,
        "holder_role": Role.RECORDS_CLERK,
        "assignee_id": None,
    }
    _append(d, action, actor, now, note=note, data={"result": code, "title": title}, **changes)
    return d


@transaction.atomic
def decide(
    dossier: Dossier,
    *,
    user: AbstractBaseUser | None,
    now: datetime,
    approved: bool,
    title: str = "",
    note: str = "",
) -> Dossier:
    """Phê duyệt kết quả, or a reasoned letter that the dossier does not qualify (T14)."""
    d = _locked(dossier)
    action = "approve" if approved else "deny"
    _check_state(d, action)
    actor = _actor(user, d, action, clock.local_date(now))
    if d.consultations.exclude(state__in=[State.RETURNED, State.STOPPED]).exists():
        raise DossierError("consultation_open", "Còn hồ sơ liên thông chưa có kết quả.", 409)
    if not approved and len(note.strip()) < 10:
        raise DossierError(
            "invalid",
            "Văn bản trả lời phải nêu rõ lý do không đủ điều kiện.",
            errors={"note": "Bắt buộc."},
        )
    title = title.strip() or (
        d.version.result_name
        if approved
        else "Văn bản thông báo hồ sơ không đủ điều kiện giải quyết"
    )
    return _decide(d, actor, now, approved=approved, title=title, note=note.strip(), action=action)


@transaction.atomic
def issue(
    dossier: Dossier, *, user: AbstractBaseUser | None, now: datetime, document_number: str = ""
) -> Dossier:
    """Vào sổ, đóng dấu, phát hành kết quả; it goes back to the desk that received the dossier."""
    d = _locked(dossier)
    _check_state(d, "issue")
    actor = _actor(user, d, "issue", clock.local_date(now))
    result = d.results.order_by("-id").first()
    if document_number.strip() and result is not None:
        DossierResult.objects.filter(pk=result.pk).update(document_number=document_number.strip())
    _append(
        d,
        "issue",
        actor,
        now,
        note=f"Phát hành {document_number}".strip(),
        to_agency=d.receiving_agency,
        holder_agency_id=d.receiving_agency_id,
        holder_role=Role.RECEIVING_OFFICER,
        holder_department_id=None,
    )
    return d


@transaction.atomic
def return_result(
    dossier: Dossier,
    *,
    user: AbstractBaseUser | None,
    now: datetime,
    method: str,
    recipient: str = "",
    tracking: str = "",
) -> Dossier:
    """Trả kết quả (T16) at the desk (who received it), by post (tracking), or electronically."""
    d = _locked(dossier)
    _check_state(d, "return_result")
    actor = _actor(user, d, "return_result", clock.local_date(now))
    errors = {}
    if method not in Delivery.values:
        errors["method"] = "Hình thức trả phải là desk, post hoặc electronic."
    if method == Delivery.DESK and not recipient.strip():
        errors["recipient"] = "Cần ghi họ tên người nhận kết quả."
    if method == Delivery.POST and not tracking.strip():
        errors["tracking"] = "Cần số hiệu bưu gửi."
    if errors:
        raise DossierError("invalid", "Thông tin trả kết quả chưa đủ.", errors=errors)
    _append(
        d,
        "return_result",
        actor,
        now,
        note=str(Delivery(method).label),
        data={"method": method, "recipient": recipient.strip(), "tracking": tracking.strip()},
        returned_at=now,
        holder_role="",
    )
    return d


@transaction.atomic
def stop(
    dossier: Dossier,
    *,
    user: AbstractBaseUser | None,
    now: datetime,
    reason: str,
    request_channel: str = "direct",
) -> Dossier:
    """Dừng giải quyết theo yêu cầu (T17): only before any decision; "Thông báo dừng"."""
    d = _locked(dossier)
    if d.state in DECIDED:
        raise DossierError(
            "already_decided",
            "Hồ sơ đã có kết quả giải quyết nên không thể dừng; hãy nhận kết quả.",
            status=409,
        )
    _check_state(d, "stop")
    actor = _actor(user, d, "stop", clock.local_date(now))
    if not reason.strip():
        raise DossierError(
            "invalid", "Cần ghi nội dung yêu cầu dừng.", errors={"reason": "Bắt buộc."}
        )
    extra = _resume(d, now, excluded=False) if d.state in CLOCK_PAUSED else {}
    _append(
        d,
        "stop",
        actor,
        now,
        note=reason.strip(),
        data={"request_channel": request_channel},
        decided_at=now if d.received_at else None,
        **extra,
    )
    return d


@transaction.atomic
def archive(dossier: Dossier, *, user: AbstractBaseUser | None, now: datetime) -> Dossier:
    d = _locked(dossier)
    _check_state(d, "archive")
    _append(d, "archive", _actor(user, d, "archive", clock.local_date(now)), now, note="Lưu trữ")
    return d


# --- desk shortcut ----------------------------------------------------------------------


@transaction.atomic
def receive_at_desk(*, user: AbstractBaseUser, now: datetime, **kwargs: Any) -> Dossier:
    """Tiếp nhận trực tiếp hoặc qua bưu chính và chấp nhận ngay (T2/T3 + T6) in one step."""
    dossier = submit(actor_user=user, now=now, **kwargs)
    if dossier.state == State.SUBMITTED:  # a retried request returns the accepted dossier
        accept(dossier, user=user, now=now)
        dossier.refresh_from_db()
    return dossier


def pending_timedelta(d: Dossier, now: datetime) -> timedelta:
    """Office time the dossier has been paused so far (closed pauses plus an open one)."""
    total = timedelta(seconds=d.paused_seconds)
    if d.paused_since is not None:
        total += calendar_for(d.competent_agency).working_time_between(d.paused_since, now)
    return total
