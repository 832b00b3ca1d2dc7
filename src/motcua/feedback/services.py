"""Receiving and handling petitions: the only writer of the feedback tables.

Every function is one business action (ND 20/2008 Điều 9, 14, 15, 19): it checks the state
table and the actor's role, appends the event, refreshes the cached columns and returns the
petition. ``now`` is always passed in.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction

from motcua.catalog.models import Procedure
from motcua.core.calendar import VN_TZ
from motcua.core.errors import DomainError
from motcua.core.selectors import work_calendar
from motcua.directory.models import Agency, Role
from motcua.directory.selectors import grants, is_administrator
from motcua.documents import validation
from motcua.documents.errors import DocumentError
from motcua.documents.models import FilePurpose
from motcua.dossiers.models import Dossier
from motcua.feedback import ontime
from motcua.feedback.models import (
    CodeCounter,
    DeadlineProfile,
    Petition,
    PetitionAttachment,
    PetitionEvent,
    Reaction,
)
from motcua.feedback.states import (
    CRITERIA,
    REDIRECT_HINT,
    TRANSITIONS,
    Action,
    Basis,
    Category,
    Channel,
    Decision,
    Ground,
    Kind,
    NationalClass,
    SenderKind,
    State,
    Vote,
)

MAX_FILES = 5
ACTING_ROLES = frozenset(
    {
        Role.RECEIVING_OFFICER,
        Role.SPECIALIST,
        Role.DEPARTMENT_HEAD,
        Role.AGENCY_LEADER,
        Role.RECORDS_CLERK,
    }
)
SIGNING_ROLES = frozenset({Role.DEPARTMENT_HEAD, Role.AGENCY_LEADER})
PHONE_RE = re.compile(r"^\+?[0-9 .\-]{9,15}$")


class FeedbackError(DomainError):
    """A refused action on a petition."""


# --- rules and calendars ----------------------------------------------------------------------


def calendar_for(agency: Agency):
    return work_calendar(agency.unit.province_code, agency.office_hours)


def local_rules(agency: Agency) -> ontime.Rules:
    """The deadlines staff work to: the province's stricter profile, else the national rule."""
    p = DeadlineProfile.objects.filter(province_code=agency.unit.province_code).first()
    if p is None:
        return ontime.DVCQG
    return ontime.Rules(
        reject_days=p.reject_days,
        supplement_days=p.supplement_days,
        transfer_days=p.transfer_days,
        handle_days=p.handle_days,
        publish_days=p.publish_days,
        basis=p.legal_basis,
    )


def steps_of(events) -> list[ontime.Step]:
    return [ontime.Step(e.action, e.at, e.agency_id, e.to_agency_id) for e in events]


def _refresh_due(p: Petition) -> None:
    """Cache the deadline of the step the agency owes now (local rules)."""
    if p.state not in (State.PENDING, State.IN_PROCESS, State.AWAITING_PUBLICATION):
        p.due_at = None
        return
    rules, cal = local_rules(p.agency), calendar_for(p.agency)
    if p.state == State.AWAITING_PUBLICATION and p.answered_at:
        p.due_at = ontime.due_after(cal, p.answered_at, rules.publish_days)
    else:
        p.due_at = ontime.due_after(cal, p.clock_started_at, rules.handle_days)


# --- actors -----------------------------------------------------------------------------------


def _name(user: AbstractBaseUser | None) -> str:
    if user is None or not user.is_authenticated:
        return ""
    return user.get_full_name() or user.get_username()


def can_act(user: AbstractBaseUser, p: Petition, action: str, now: datetime) -> bool:
    """Whether ``user`` may take ``action`` on ``p`` (a role at the agency holding it)."""
    if not user.is_authenticated:
        return False
    if is_administrator(user):
        return True
    roles = {
        g.role for g in grants(user, now.astimezone(VN_TZ).date()) if g.agency_id == p.agency_id
    }
    t = TRANSITIONS.get(action)
    if t is not None and t.leader_only:
        return bool(roles & SIGNING_ROLES)
    return bool(roles & ACTING_ROLES)


def can_receive_for(user: AbstractBaseUser, agency: Agency, now: datetime) -> bool:
    if is_administrator(user):
        return True
    day = now.astimezone(VN_TZ).date()
    return any(g.agency_id == agency.pk and g.role in ACTING_ROLES for g in grants(user, day))


def allowed_actions(user: AbstractBaseUser, p: Petition, now: datetime) -> list[str]:
    return [a for a, t in TRANSITIONS.items() if p.state in t.sources and can_act(user, p, a, now)]


def _locked(p: Petition | int) -> Petition:
    pk = p.pk if isinstance(p, Petition) else p
    return Petition.objects.select_for_update().select_related("agency__unit").get(pk=pk)


def _check(p: Petition, action: str, user: AbstractBaseUser | None, now: datetime) -> None:
    t = TRANSITIONS[action]
    if p.state not in t.sources:
        raise FeedbackError(
            "invalid_state",
            f"Không thể “{Action(action).label}” khi PAKN đang ở trạng thái "
            f"“{State(p.state).label}”.",
            status=409,
        )
    if user is not None and not can_act(user, p, action, now):
        need = "lãnh đạo cơ quan hoặc lãnh đạo phòng" if t.leader_only else "cán bộ"
        raise FeedbackError(
            "forbidden",
            f"Chỉ {need} của {p.agency.name} được thực hiện thao tác này.",
            status=403,
        )


def _append(
    p: Petition,
    action: str,
    *,
    now: datetime,
    user: AbstractBaseUser | None,
    state: str | None = None,
    note: str = "",
    data: dict[str, Any] | None = None,
    to_agency: Agency | None = None,
    actor_name: str = "",
) -> PetitionEvent:
    last = p.events.order_by("-seq").values_list("at", flat=True).first()
    if last is not None and now < last:
        raise FeedbackError(
            "time_order", "Thời điểm thao tác không được trước sự kiện trước đó.", status=409
        )
    p.last_seq += 1
    event = PetitionEvent.objects.create(
        petition=p,
        seq=p.last_seq,
        at=now,
        action=action,
        state=state or p.state,
        agency_id=p.agency_id,
        to_agency=to_agency,
        actor=user if user is not None and user.is_authenticated else None,
        actor_name=actor_name or _name(user),
        note=note,
        data=data or {},
    )
    from motcua.feedback import notify

    notify.queue(p, event, now=now)
    return event


def _save(p: Petition) -> Petition:
    _refresh_due(p)
    p.save()
    return p


# --- intake -----------------------------------------------------------------------------------


@dataclass
class PetitionInput:
    """What a sender gives (ND 20/2008 Điều 7: tiếng Việt; nội dung rõ ràng; họ tên, địa chỉ,
    số điện thoại hoặc địa chỉ thư)."""

    title: str
    content: str
    sender_name: str = ""
    sender_address: str = ""
    sender_phone: str = ""
    sender_email: str = ""
    sender_kind: str = SenderKind.INDIVIDUAL
    kind: str = Kind.FEEDBACK
    proposal: str = ""
    procedure_code: str = ""
    dossier_code: str = ""
    files: list[tuple[str, bytes]] = field(default_factory=list)


def validate_input(data: PetitionInput, *, identity_required: bool) -> dict[str, list[str]]:
    """Field errors (Vietnamese). The portal requires the sender's identity; a desk officer may
    record an anonymous letter, which is then refused with the reason."""
    errors: dict[str, list[str]] = {}
    if not data.title.strip():
        errors["title"] = ["Cần nhập tiêu đề."]
    elif len(data.title) > 300:
        errors["title"] = ["Tiêu đề tối đa 300 ký tự."]
    if len(data.content.strip()) < 20:
        errors["content"] = ["Nội dung cần nêu rõ vướng mắc (ít nhất 20 ký tự)."]
    elif len(data.content) > 10000:
        errors["content"] = ["Nội dung tối đa 10.000 ký tự."]
    if data.kind not in Kind.values:
        errors["kind"] = ["Chọn Phản ánh hoặc Kiến nghị."]
    if data.sender_kind not in SenderKind.values:
        errors["sender_kind"] = ["Chọn cá nhân hoặc tổ chức."]
    if data.sender_phone.strip() and not PHONE_RE.match(data.sender_phone.strip()):
        errors["sender_phone"] = ["Số điện thoại không hợp lệ."]
    if data.sender_email.strip():
        try:
            validate_email(data.sender_email.strip())
        except ValidationError:
            errors["sender_email"] = ["Địa chỉ thư điện tử không hợp lệ."]
    if identity_required:
        if not data.sender_name.strip():
            errors["sender_name"] = ["Cần nhập họ và tên (Nghị định 20/2008 Điều 7)."]
        if not data.sender_address.strip():
            errors["sender_address"] = ["Cần nhập địa chỉ liên hệ."]
        if not data.sender_phone.strip() and not data.sender_email.strip():
            errors.setdefault("sender_phone", []).append(
                "Cần nhập số điện thoại hoặc thư điện tử để cơ quan liên hệ, trả lời."
            )
    if len(data.files) > MAX_FILES:
        errors["files"] = [f"Tối đa {MAX_FILES} tệp đính kèm."]
    else:
        for name, blob in data.files:
            try:
                validation.inspect(blob, name)
            except DocumentError as exc:
                errors.setdefault("files", []).append(f"{name}: {exc.message}")
    return errors


def _links(data: PetitionInput) -> tuple[Procedure | None, Dossier | None, dict[str, list[str]]]:
    errors: dict[str, list[str]] = {}
    procedure = dossier = None
    if data.procedure_code.strip():
        procedure = Procedure.objects.filter(code=data.procedure_code.strip()).first()
        if procedure is None:
            errors["procedure_code"] = ["Không có thủ tục có mã này trong danh mục."]
    if data.dossier_code.strip():
        dossier = Dossier.objects.filter(code=data.dossier_code.strip().upper()).first()
        if dossier is None:
            errors["dossier_code"] = ["Không tìm thấy hồ sơ có mã này."]
    return procedure, dossier, errors


def next_code(now: datetime) -> str:
    """``PA-YYMMDD-NNNN`` from a locked daily counter (gap-free under concurrent intake)."""
    day = now.astimezone(VN_TZ).strftime("%y%m%d")
    counter, _ = CodeCounter.objects.select_for_update().get_or_create(scope=day)
    counter.value += 1
    counter.save(update_fields=["value"])
    return f"PA-{day}-{counter.value:04d}"


def _store_files(p: Petition, files, *, user, now: datetime, seq: int) -> None:
    from motcua.documents.services import store_bytes

    for name, blob in files:
        stored = store_bytes(blob, name=name, purpose=FilePurpose.FEEDBACK, user=user, now=now)
        PetitionAttachment.objects.create(petition=p, file=stored, event_seq=seq)


@transaction.atomic
def receive(
    data: PetitionInput,
    *,
    agency: Agency,
    channel: str,
    now: datetime,
    user: AbstractBaseUser | None = None,
    citizen: AbstractBaseUser | None = None,
    received_at: datetime | None = None,
    external_ref: str | None = None,
    followup_of: Petition | None = None,
    note: str = "",
    idempotency_key: str | None = None,
) -> Petition:
    """Tiếp nhận PAKN on any channel; the officer (``user``) records desk, phone and e-mail
    ones, the portal form has no officer. ``received_at`` is the sender's sending (a letter's
    arrival, a call's time, a national-portal transfer), default ``now``."""
    key = (idempotency_key or "").strip()[:80] or None
    if key is not None:
        existing = Petition.objects.filter(idempotency_key=key).first()
        if existing is not None:  # the same sending again (double click, network retry)
            return existing
    if channel not in Channel.values:
        raise FeedbackError(
            "invalid",
            "Hình thức tiếp nhận không hợp lệ.",
            errors={"channel": [f"Một trong: {', '.join(Channel.values)}."]},
        )
    desk_channel = channel in (Channel.LETTER, Channel.VISIT, Channel.PHONE, Channel.EMAIL)
    officer_channel = desk_channel or channel == Channel.NATIONAL
    if officer_channel and (user is None or not can_receive_for(user, agency, now)):
        raise FeedbackError(
            "forbidden", f"Chỉ cán bộ của {agency.name} được ghi nhận PAKN cho cơ quan.", 403
        )
    errors = validate_input(data, identity_required=not desk_channel)
    if received_at is not None and not officer_channel and received_at != now:
        errors["received_at"] = ["Chỉ cán bộ ghi nhận mới được khai thời điểm nhận."]
    procedure, dossier, link_errors = _links(data)
    errors.update(link_errors)
    if errors:
        raise FeedbackError("invalid", "Thông tin phản ánh, kiến nghị chưa hợp lệ.", errors=errors)
    at = received_at or now
    if at > now:
        raise FeedbackError(
            "invalid", "Thời điểm tiếp nhận không được sau hiện tại.", errors={"received_at": ["?"]}
        )
    p = Petition(
        code=next_code(at),
        kind=data.kind,
        channel=channel,
        sender_kind=data.sender_kind,
        sender_name=data.sender_name.strip(),
        sender_address=data.sender_address.strip(),
        sender_phone=data.sender_phone.strip(),
        sender_email=data.sender_email.strip().lower(),
        citizen=citizen if citizen is not None and citizen.is_authenticated else None,
        title=data.title.strip(),
        content=data.content.strip(),
        proposal=data.proposal.strip(),
        receiving_agency=agency,
        agency=agency,
        external_ref=external_ref or None,
        procedure=procedure,
        dossier=dossier,
        followup_of=followup_of,
        state=State.PENDING,
        received_at=at,
        clock_started_at=at,
        created_at=now,
        idempotency_key=key,
    )
    try:
        with transaction.atomic():
            p.save()
    except IntegrityError:
        existing = Petition.objects.filter(idempotency_key=key).first() if key else None
        if existing is None:
            raise
        return existing
    action = Action.IMPORTED if channel == Channel.NATIONAL else Action.RECEIVED
    _append(
        p,
        action,
        now=at,
        user=user,
        state=State.PENDING,
        note=note,
        data={"channel": channel, "recorded_at": now.isoformat()},
        actor_name=_name(user) or data.sender_name.strip() or "Người gửi",
    )
    _store_files(p, data.files, user=user, now=now, seq=1)
    if followup_of is not None:
        original = _locked(followup_of)
        _append(
            original,
            Action.FOLLOWED_UP,
            now=max(at, original.events.order_by("-seq").first().at),
            user=None,
            note=f"Phản ánh tiếp {p.code}",
            data={"code": p.code},
            actor_name=data.sender_name.strip() or "Người gửi",
        )
        original.save()
    return _save(p)


# --- admissibility and classification ---------------------------------------------------------


@transaction.atomic
def accept(
    p: Petition,
    *,
    user: AbstractBaseUser,
    now: datetime,
    national_class: str = "",
    category: str = "",
    note: str = "",
) -> Petition:
    """Tiếp nhận xử lý: the petition meets Điều 7 and is within the agency's competence."""
    p = _locked(p)
    _check(p, Action.ACCEPTED, user, now)
    if not (p.sender_name and p.sender_address and (p.sender_phone or p.sender_email)):
        raise FeedbackError(
            "anonymous",
            "PAKN thiếu họ tên, địa chỉ hoặc số điện thoại/thư điện tử của người gửi: không đủ "
            "điều kiện tiếp nhận (Nghị định 20/2008 Điều 7); hãy từ chối với lý do này.",
            status=409,
        )
    _classify_fields(p, national_class, category)
    p.state = State.IN_PROCESS
    _append(
        p,
        Action.ACCEPTED,
        now=now,
        user=user,
        note=note,
        data={"national_class": p.national_class, "category": p.category},
    )
    return _save(p)


def _classify_fields(p: Petition, national_class: str, category: str) -> None:
    errors = {}
    if national_class and national_class not in NationalClass.values:
        errors["national_class"] = ["Phân loại không hợp lệ."]
    if category and category not in Category.values:
        errors["category"] = ["Nội dung phải là một trong các khoản 1–8 Điều 5."]
    if errors:
        raise FeedbackError("invalid", "Phân loại chưa hợp lệ.", errors=errors)
    if national_class:
        p.national_class = national_class
    if category:
        p.category = category


@transaction.atomic
def reject(
    p: Petition, *, user: AbstractBaseUser, now: datetime, ground: str, note: str = ""
) -> Petition:
    """Không tiếp nhận, with the ground; a complaint or denunciation is told where it belongs."""
    p = _locked(p)
    _check(p, Action.REJECTED, user, now)
    if ground not in Ground.values:
        raise FeedbackError(
            "invalid", "Cần chọn lý do không tiếp nhận.", errors={"ground": ["Bắt buộc."]}
        )
    p.state = State.REJECTED
    p.rejection_ground = ground
    hint = REDIRECT_HINT.get(ground, "")
    _append(
        p,
        Action.REJECTED,
        now=now,
        user=user,
        note=note,
        data={"ground": ground, "ground_label": str(Ground(ground).label), "redirect": hint},
    )
    return _save(p)


@transaction.atomic
def classify(
    p: Petition,
    *,
    user: AbstractBaseUser,
    now: datetime,
    national_class: str = "",
    category: str = "",
    procedure_code: str = "",
    dossier_code: str = "",
) -> Petition:
    """Phân loại: the portal's class, the Điều 5 category, the procedure and dossier concerned."""
    p = _locked(p)
    _check(p, Action.CLASSIFIED, user, now)
    _classify_fields(p, national_class, category)
    procedure, dossier, errors = _links(
        PetitionInput("", "", procedure_code=procedure_code, dossier_code=dossier_code)
    )
    if errors:
        raise FeedbackError("invalid", "Liên kết chưa hợp lệ.", errors=errors)
    p.procedure = procedure or p.procedure
    p.dossier = dossier or p.dossier
    _append(
        p,
        Action.CLASSIFIED,
        now=now,
        user=user,
        data={
            "national_class": p.national_class,
            "category": p.category,
            "procedure": p.procedure.code if p.procedure else "",
            "dossier": p.dossier.code if p.dossier else "",
        },
    )
    return _save(p)


# --- handling ---------------------------------------------------------------------------------


@transaction.atomic
def request_supplement(p: Petition, *, user: AbstractBaseUser, now: datetime, question: str):
    """Đề nghị người gửi làm rõ, bổ sung thông tin (ND 20/2008 Điều 14 khoản 1)."""
    p = _locked(p)
    _check(p, Action.SUPPLEMENT_REQUESTED, user, now)
    if len(question.strip()) < 10:
        raise FeedbackError(
            "invalid", "Cần nêu rõ nội dung đề nghị bổ sung.", errors={"question": ["Bắt buộc."]}
        )
    p.state = State.SUPPLEMENT_REQUESTED
    _append(p, Action.SUPPLEMENT_REQUESTED, now=now, user=user, note=question.strip())
    return _save(p)


@transaction.atomic
def supplement(
    p: Petition, *, contact: str, now: datetime, text: str, files: list | None = None
) -> Petition:
    """The sender answers a clarification request (proves ownership with phone or e-mail)."""
    p = _locked(p)
    own_petition(p.code, contact)
    _check(p, Action.SUPPLEMENTED, None, now)
    files = files or []
    errors = {}
    if len(text.strip()) < 5:
        errors["text"] = ["Cần nhập nội dung bổ sung."]
    for name, blob in files:
        try:
            validation.inspect(blob, name)
        except DocumentError as exc:
            errors.setdefault("files", []).append(f"{name}: {exc.message}")
    if errors:
        raise FeedbackError("invalid", "Nội dung bổ sung chưa hợp lệ.", errors=errors)
    p.state = State.PENDING
    p.clock_started_at = now
    ev = _append(
        p, Action.SUPPLEMENTED, now=now, user=None, note=text.strip(), actor_name=p.sender_name
    )
    _store_files(p, files, user=None, now=now, seq=ev.seq)
    return _save(p)


@transaction.atomic
def transfer(
    p: Petition,
    *,
    user: AbstractBaseUser,
    now: datetime,
    letter_number: str,
    to_agency: Agency | None = None,
    to_body: str = "",
    note: str = "",
) -> Petition:
    """Chuyển PAKN không thuộc thẩm quyền (ND 20/2008 Điều 9: trong 05 ngày làm việc), with the
    transfer letter's number. To an agency of motcua the petition waits there (its clock starts
    now); to another body it is closed here."""
    p = _locked(p)
    _check(p, Action.TRANSFERRED, user, now)
    errors = {}
    if not letter_number.strip():
        errors["letter_number"] = ["Cần nhập số văn bản chuyển."]
    if to_agency is None and not to_body.strip():
        errors["to_agency"] = ["Chọn cơ quan nhận hoặc ghi tên cơ quan có thẩm quyền."]
    if to_agency is not None and to_agency.pk == p.agency_id:
        errors["to_agency"] = ["Không thể chuyển cho chính cơ quan đang xử lý."]
    if errors:
        raise FeedbackError("invalid", "Thông tin chuyển PAKN chưa đủ.", errors=errors)
    rules, cal = local_rules(p.agency), calendar_for(p.agency)
    due = ontime.due_after(cal, p.clock_started_at, rules.transfer_days)
    data = {
        "letter_number": letter_number.strip(),
        "to_body": to_agency.name if to_agency else to_body.strip(),
        "on_time": ontime.within(now, due),
        "due": due.isoformat(),
    }
    _append(
        p,
        Action.TRANSFERRED,
        now=now,
        user=user,
        state=State.PENDING if to_agency else State.TRANSFERRED,
        note=note,
        data=data,
        to_agency=to_agency,
    )
    if to_agency is not None:
        p.agency = to_agency
        p.state = State.PENDING
        p.clock_started_at = now
    else:
        p.state = State.TRANSFERRED
    return _save(p)


@transaction.atomic
def assess(
    p: Petition,
    *,
    user: AbstractBaseUser,
    now: datetime,
    basis: str,
    criteria: dict[str, str],
    note: str = "",
) -> Petition:
    """Nghiên cứu, đánh giá against the six criteria of ND 20/2008 Điều 14."""
    p = _locked(p)
    _check(p, Action.ASSESSED, user, now)
    errors: dict[str, list[str]] = {}
    if basis not in Basis.values:
        errors["basis"] = ["Chọn đủ cơ sở hoặc chưa đủ cơ sở."]
    unknown = set(criteria) - set(CRITERIA)
    if unknown:
        errors["criteria"] = [f"Tiêu chí không có: {', '.join(sorted(unknown))}."]
    if errors:
        raise FeedbackError("invalid", "Kết quả đánh giá chưa hợp lệ.", errors=errors)
    p.basis = basis
    _append(
        p,
        Action.ASSESSED,
        now=now,
        user=user,
        note=note,
        data={
            "basis": basis,
            "criteria": {k: str(v)[:500] for k, v in criteria.items()},
            "findings": [[CRITERIA[k], str(v)[:500]] for k, v in criteria.items()],
        },
    )
    return _save(p)


@transaction.atomic
def answer(
    p: Petition,
    *,
    user: AbstractBaseUser,
    now: datetime,
    decision: str,
    text: str,
    document_number: str = "",
) -> Petition:
    """Quyết định xử lý (ND 20/2008 Điều 15) and the signed answer letter; the petition then
    waits for publication (chờ công khai)."""
    p = _locked(p)
    _check(p, Action.ANSWERED, user, now)
    errors = {}
    if decision not in Decision.values:
        errors["decision"] = ["Chọn hình thức xử lý."]
    if len(text.strip()) < 20:
        errors["text"] = ["Nội dung trả lời cần đầy đủ (ít nhất 20 ký tự)."]
    if not p.national_class:
        errors["national_class"] = ["Cần phân loại PAKN trước khi trả lời."]
    if errors:
        raise FeedbackError("invalid", "Văn bản trả lời chưa hợp lệ.", errors=errors)
    p.decision, p.answer = decision, text.strip()
    p.answered_at = now
    p.state = State.AWAITING_PUBLICATION
    from motcua.feedback import letters

    pdf, signed = letters.answer_pdf(p, signer=user, at=now, number=document_number)
    from motcua.documents.services import store_bytes

    p.answer_file = store_bytes(
        pdf, name=f"{p.code}-tra-loi.pdf", purpose=FilePurpose.FEEDBACK, user=user, now=now
    )
    _append(
        p,
        Action.ANSWERED,
        now=now,
        user=user,
        note=p.answer,
        data={
            "decision": decision,
            "document_number": document_number,
            "signed": signed,
            "file": str(p.answer_file.pk),
        },
    )
    return _save(p)


def personal_data_in(p: Petition, *texts: str) -> list[str]:
    """Which of the sender's personal data appear in ``texts`` (publication must hide them)."""
    found = []
    blob = "\n".join(texts).lower()
    digits = re.sub(r"\D", "", blob)
    if p.sender_name and p.sender_name.lower() in blob:
        found.append("họ tên người gửi")
    if p.sender_address and p.sender_address.lower() in blob:
        found.append("địa chỉ")
    phone = re.sub(r"\D", "", p.sender_phone)
    if len(phone) >= 9 and phone in digits:
        found.append("số điện thoại")
    if p.sender_email and p.sender_email.lower() in blob:
        found.append("thư điện tử")
    return found


def redact(p: Petition, text: str) -> str:
    """The text with the sender's name, address, phone and e-mail replaced by ``***``."""
    out = text
    for value in (p.sender_name, p.sender_address, p.sender_email):
        if value:
            out = re.sub(re.escape(value), "***", out, flags=re.IGNORECASE)
    phone = re.sub(r"\D", "", p.sender_phone)
    if len(phone) >= 9:
        pattern = r"[\s.\-]?".join(re.escape(ch) for ch in phone)
        out = re.sub(pattern, "***", out)
        if phone.startswith("0"):
            out = re.sub(r"\+?84[\s.\-]?" + r"[\s.\-]?".join(phone[1:]), "***", out)
    return out


@transaction.atomic
def publish(
    p: Petition, *, user: AbstractBaseUser, now: datetime, title: str = "", content: str = ""
) -> Petition:
    """Công khai kết quả on the portal (ND 20/2008 Điều 19) with the personal data hidden."""
    p = _locked(p)
    _check(p, Action.PUBLISHED, user, now)
    title = (title or redact(p, p.title)).strip()
    content = (content or redact(p, p.content)).strip()
    public_answer = redact(p, p.answer)
    leaked = personal_data_in(p, title, content, public_answer)
    if leaked:
        raise FeedbackError(
            "personal_data",
            "Nội dung công khai còn thông tin cá nhân của người gửi: " + ", ".join(leaked) + ".",
            status=409,
            errors={"content": leaked},
        )
    p.public_title, p.public_content, p.public_answer = title[:300], content, public_answer
    p.state = State.PUBLISHED
    p.published_at = now
    _append(p, Action.PUBLISHED, now=now, user=user)
    return _save(p)


@transaction.atomic
def archive(p: Petition, *, user: AbstractBaseUser, now: datetime) -> Petition:
    p = _locked(p)
    _check(p, Action.ARCHIVED, user, now)
    p.state = State.ARCHIVED
    _append(p, Action.ARCHIVED, now=now, user=user)
    return _save(p)


# --- the public side --------------------------------------------------------------------------


def _normal_phone(phone: str) -> str:
    digits = re.sub(r"\D", "", phone)
    if digits.startswith("84") and len(digits) >= 11:
        digits = "0" + digits[2:]
    return digits


def contact_matches(p: Petition, contact: str) -> bool:
    """The sender proves ownership with the whole phone number or e-mail address given."""
    contact = contact.strip()
    if not contact:
        return False
    if "@" in contact:
        return bool(p.sender_email) and contact.lower() == p.sender_email.lower()
    phone = _normal_phone(p.sender_phone)
    return len(phone) >= 9 and _normal_phone(contact) == phone


def own_petition(code: str, contact: str) -> Petition:
    p = (
        Petition.objects.select_related("agency", "receiving_agency")
        .filter(code=code.strip().upper())
        .first()
    )
    if p is None:
        raise FeedbackError(
            "not_found", "Không tìm thấy PAKN có mã này.", 404, errors={"code": ["Không tồn tại."]}
        )
    if not contact_matches(p, contact):
        raise FeedbackError(
            "contact_mismatch",
            "Số điện thoại hoặc thư điện tử không khớp với thông tin đã gửi (cần nhập đầy đủ).",
            403,
            errors={"contact": ["Không khớp."]},
        )
    return p


def voter_key(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()[:64]


@transaction.atomic
def react(p: Petition, *, voter: str, vote: str, now: datetime) -> Petition:
    """A reader's like or dislike of a published answer (one per reader, may be changed)."""
    if vote not in Vote.values:
        raise FeedbackError("invalid", "Chọn Thích hoặc Không thích.", errors={"vote": ["?"]})
    p = _locked(p)
    if p.state not in (State.PUBLISHED, State.ARCHIVED) or not p.published_at:
        raise FeedbackError("not_published", "Câu trả lời chưa được công khai.", 409)
    Reaction.objects.update_or_create(
        petition=p, voter=voter_key(voter), defaults={"vote": vote, "at": now}
    )
    _recount(p)
    return p


def _recount(p: Petition) -> None:
    votes = list(Reaction.objects.filter(petition=p).values_list("vote", flat=True))
    p.likes, p.dislikes = votes.count(Vote.LIKE), votes.count(Vote.DISLIKE)
    p.save(update_fields=["likes", "dislikes"])


@transaction.atomic
def rate_answer(p: Petition, *, contact: str, satisfied: bool, now: datetime, comment: str = ""):
    """The sender's satisfaction with the answer: counted as their own like or dislike, and
    recorded in the history."""
    p = _locked(p)
    own_petition(p.code, contact)
    if p.answered_at is None:
        raise FeedbackError("no_answer", "PAKN chưa có văn bản trả lời.", 409)
    Reaction.objects.update_or_create(
        petition=p,
        voter=voter_key(f"sender:{p.pk}"),
        defaults={"vote": Vote.LIKE if satisfied else Vote.DISLIKE, "at": now},
    )
    _recount(p)
    last = p.events.order_by("-seq").first().at
    _append(
        p,
        Action.SENDER_RATED,
        now=max(now, last),
        user=None,
        note=comment.strip()[:1000],
        data={"satisfied": satisfied},
        actor_name=p.sender_name,
    )
    p.save()
    return p


def follow_up(
    original: Petition, *, contact: str, content: str, now: datetime, citizen=None
) -> Petition:
    """A further phản ánh about the same answer (counts the original as not satisfied)."""
    original = own_petition(original.code, contact)
    if original.answered_at is None:
        raise FeedbackError("no_answer", "PAKN chưa có văn bản trả lời để phản ánh tiếp.", 409)
    data = PetitionInput(
        title=f"Phản ánh tiếp về kết quả trả lời {original.code}"[:300],
        content=content,
        sender_name=original.sender_name,
        sender_address=original.sender_address,
        sender_phone=original.sender_phone,
        sender_email=original.sender_email,
        sender_kind=original.sender_kind,
        kind=original.kind,
    )
    return receive(
        data,
        agency=original.agency,
        channel=Channel.PORTAL,
        now=now,
        citizen=citizen,
        followup_of=original,
    )
