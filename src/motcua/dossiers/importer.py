"""Import of historical dossiers from a previous system (JSON Lines, one dossier per line).

Two passes, all or nothing (docs/dossier-import.md):

1. **Validate** every line without writing: JSON shape, keys and types, offsets on every
   timestamp, the procedure version in force on the submission date and its case, agencies,
   applicant, unique ``external_id`` and ``code``, events in time order and not in the future,
   and the sequence of actions dry-run through the transition table of :mod:`states`. Any
   error → :class:`DossierImportError` with every ``(line, JSON path, message)``; nothing is
   written.
2. **Write** each dossier by replaying its events through :mod:`services` as the system
   (``user=None``: no permission or step-holder check), in one transaction. The due date is
   motcua's own (competent agency's calendar, the case's limit, cut-off, online limit,
   pauses and resets), unless the record carries the ``due_at`` its old system printed. A rule
   only the services know (an apology date not after the due date, a scope rule, an imported
   code that one of motcua's own generated codes already took) is reported the same way, and
   the whole transaction is rolled back.

Side effects: the outbox messages the services queue for imported dossiers (portal sync,
citizen notifications) are removed in the same transaction; history is not re-sent to the
national portal nor to applicants.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import pairwise
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction

from motcua.catalog.models import Procedure, ProcedureCase, ProcedureVersion
from motcua.catalog.selectors import version_in_force
from motcua.core.calendar import VN_TZ, CalendarError
from motcua.core.models import OutboxMessage
from motcua.directory.models import Agency
from motcua.dossiers import services
from motcua.dossiers.models import Channel, Delivery, Dossier
from motcua.dossiers.services import ApplicantData, DossierError
from motcua.dossiers.states import TRANSITIONS, State

__all__ = ["DossierImportError", "ImportReport", "import_dossiers"]

#: Prefix of ``Dossier.idempotency_key`` for imported dossiers: ``import:<external_id>``.
IDEMPOTENCY_PREFIX = "import:"
MAX_EXTERNAL_ID = 100
OUTBOX_TOPICS = ("portal.sync", "citizen.notify")

Error = tuple[int, str, str]


@dataclass
class ImportReport:
    """What an import wrote: dossiers, events (rows of the log, implied submits included), and
    the codes of the imported dossiers that have one (every accepted dossier), in file order."""

    dossiers: int
    events: int
    codes: list[str]


class DossierImportError(Exception):
    """The file was rejected; ``errors`` lists ``(line number, JSON path, message)``."""

    def __init__(self, errors: list[Error]):
        self.errors = errors
        super().__init__(f"Tệp nhập hồ sơ có {len(errors)} lỗi; không hồ sơ nào được lưu.")

    def lines(self) -> list[str]:
        """One line per error: ``dòng N: path: message``."""
        return [f"dòng {n}: {path}: {message}" for n, path, message in self.errors]


# --- the line format ----------------------------------------------------------------------

TOP_KEYS = {
    "external_id",
    "procedure",
    "case",
    "channel",
    "receiving_agency",
    "competent_agency",
    "applicant",
    "code",
    "due_at",
    "delivery",
    "postal_tracking",
    "events",
}
APPLICANT_KEYS = {"kind", "name", "id_number", "address", "phone", "email", "submitter_name"}
APPLICANT_MAX = {
    "name": 255,
    "id_number": 20,
    "address": 500,
    "phone": 20,
    "email": 254,
    "submitter_name": 255,
}

# Per action: its own keys, required or optional, besides "action", "at" and "note".
REQ, OPT = "required", "optional"
EVENT_FIELDS: dict[str, dict[str, str]] = {
    "submit": {},
    "accept": {},
    "guide": {"items": REQ, "reason": OPT},
    "resubmit": {},
    "refuse": {"reason": REQ},
    "forward": {},
    "request_supplement": {"items": REQ, "reason": REQ, "deadline_days": OPT},
    "receive_supplement": {},
    "request_payment": {"reason": REQ},
    "payment_done": {},
    "suspend": {"reason": REQ},
    "resume": {},
    "apologise": {"reason": REQ, "new_due": REQ},
    "correct_due": {"reason": REQ, "new_due": REQ},
    "approve": {"title": OPT},
    "deny": {"reason": REQ, "title": OPT},
    "issue": {"document_number": OPT},
    "return_result": {"method": REQ, "recipient": OPT, "tracking": OPT},
    "stop": {"reason": REQ, "request_channel": OPT},
    "archive": {},
}
#: Minimum length of ``reason`` where the service asks for a stated legal ground.
REASON_MIN = {"refuse": 10, "deny": 10, "correct_due": 10}
#: Length limits of the event fields stored in columns (others go to the log's JSON).
FIELD_MAX = {"title": 500, "document_number": 80, "recipient": 255, "tracking": 60}


@dataclass
class Event:
    index: int
    action: str
    at: datetime
    fields: dict[str, Any]


@dataclass
class Plan:
    """A validated line, ready to write."""

    line: int
    external_id: str
    case: ProcedureCase
    channel: str
    receiving: Agency
    competent: Agency | None
    applicant: ApplicantData
    delivery: str
    postal_tracking: str
    code: str | None
    due_at: datetime | date | None
    events: list[Event] = field(default_factory=list)


class _Line:
    """Collects the errors of one line."""

    def __init__(self, n: int, errors: list[Error]):
        self.n, self.errors, self.count = n, errors, 0

    def err(self, path: str, message: str) -> None:
        self.errors.append((self.n, path, message))
        self.count += 1


def _timestamp(value: Any, path: str, line: _Line, *, date_ok: bool = False):
    """An ISO 8601 date-time with an offset (or, where allowed, a bare date)."""
    if not isinstance(value, str) or not value.strip():
        line.err(path, "Cần ngày giờ dạng ISO 8601 có múi giờ, ví dụ 2025-10-01T09:15:00+07:00.")
        return None
    text = value.strip()
    if date_ok and len(text) == 10:
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        line.err(path, f"Ngày giờ không hợp lệ: “{value}”.")
        return None
    if "T" not in text.upper() and " " not in text:
        line.err(path, f"Cần cả ngày và giờ, có múi giờ: “{value}”.")
        return None
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        line.err(path, f"Ngày giờ phải ghi múi giờ (ví dụ +07:00): “{value}”.")
        return None
    return parsed.astimezone(VN_TZ)


def _text(obj: dict, key: str, path: str, line: _Line, *, required: bool, max_len: int = 0):
    value = obj.get(key)
    if value is None:
        if required:
            line.err(path, "Bắt buộc.")
        return ""
    if not isinstance(value, str):
        line.err(path, "Phải là chuỗi ký tự.")
        return ""
    if required and not value.strip():
        line.err(path, "Không được để trống.")
    if max_len and len(value.strip()) > max_len:
        line.err(path, f"Dài quá {max_len} ký tự.")
    return value.strip()


def _unknown_keys(obj: dict, allowed: set[str], prefix: str, line: _Line) -> None:
    for key in obj:
        if key not in allowed:
            line.err(f"{prefix}{key}", "Trường không được hỗ trợ (kiểm tra chính tả).")


class _Lookups:
    """Reference data cached for the whole file."""

    def __init__(self) -> None:
        self.procedures: dict[str, Procedure | None] = {}
        self.agencies: dict[str, Agency | None] = {}
        self.versions: dict[tuple[int, date], ProcedureVersion | None] = {}

    def procedure(self, code: str) -> Procedure | None:
        if code not in self.procedures:
            self.procedures[code] = Procedure.objects.filter(code=code).first()
        return self.procedures[code]

    def agency(self, code: str) -> Agency | None:
        if code not in self.agencies:
            self.agencies[code] = (
                Agency.objects.select_related("unit__parent", "agency_type")
                .filter(code=code)
                .first()
            )
        return self.agencies[code]

    def version(self, procedure: Procedure, on: date) -> ProcedureVersion | None:
        key = (procedure.pk, on)
        if key not in self.versions:
            self.versions[key] = version_in_force(procedure, on)
        return self.versions[key]


# --- pass 1: validation -------------------------------------------------------------------


def _decode(raw: str | bytes, n: int, line: _Line) -> str | None:
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line.err("$", f"Không phải UTF-8 (byte {exc.start + 1}).")
            return None
    if n == 1:
        raw = raw.removeprefix("\ufeff")
    return raw


def _validate_events(record: dict, line: _Line, channel: str, now: datetime) -> list[Event] | None:
    raw_events = record.get("events")
    if not isinstance(raw_events, list) or not raw_events:
        line.err("events", "Cần danh sách sự kiện (ít nhất một sự kiện).")
        return None
    events: list[Event] = []
    before = line.count
    for i, raw in enumerate(raw_events):
        p = f"events[{i}]"
        if not isinstance(raw, dict):
            line.err(p, "Mỗi sự kiện phải là một đối tượng JSON.")
            continue
        action = raw.get("action")
        if action not in EVENT_FIELDS:
            line.err(
                f"{p}.action",
                f"Hành động không hợp lệ: {json.dumps(action, ensure_ascii=False)}; "
                f"chọn một trong: {', '.join(EVENT_FIELDS)}.",
            )
            continue
        spec = EVENT_FIELDS[action]
        _unknown_keys(raw, {"action", "at", "note", *spec}, f"{p}.", line)
        at = _timestamp(raw.get("at"), f"{p}.at", line)
        if at is not None and at > now:
            line.err(f"{p}.at", "Thời điểm ở tương lai; chỉ nhập lịch sử đã diễn ra.")
        fields: dict[str, Any] = {}
        note = raw.get("note")
        if note is not None and not isinstance(note, str):
            line.err(f"{p}.note", "Phải là chuỗi ký tự.")
        fields["note"] = (note or "").strip() if isinstance(note, str) else ""
        for key, need in spec.items():
            fp = f"{p}.{key}"
            if key == "items":
                items = raw.get("items")
                if not isinstance(items, list) or not all(isinstance(x, str) for x in items):
                    line.err(fp, "Cần danh sách giấy tờ (chuỗi ký tự).")
                elif not [x for x in items if x.strip()]:
                    line.err(fp, "Cần liệt kê ít nhất một giấy tờ.")
                else:
                    fields["items"] = [x.strip() for x in items if x.strip()]
            elif key == "new_due":
                due = _timestamp(raw.get(key), fp, line)
                if due is not None and at is not None and due <= at:
                    line.err(fp, "Ngày hẹn mới phải sau thời điểm của sự kiện.")
                fields[key] = due
            elif key == "deadline_days":
                days = raw.get(key)
                if days is not None and (
                    isinstance(days, bool) or not isinstance(days, int) or days < 1
                ):
                    line.err(fp, "Phải là số nguyên dương (ngày làm việc).")
                fields[key] = days
            else:
                fields[key] = _text(
                    raw, key, fp, line, required=need == REQ, max_len=FIELD_MAX.get(key, 0)
                )
        if action in REASON_MIN and len(fields.get("reason", "")) < REASON_MIN[action]:
            line.err(f"{p}.reason", "Cần ghi rõ lý do, căn cứ (ít nhất 10 ký tự).")
        if action == "return_result":
            method = fields.get("method")
            if method and method not in Delivery.values:
                line.err(f"{p}.method", "Hình thức trả phải là desk, post hoặc electronic.")
            if method == Delivery.DESK and not fields.get("recipient"):
                line.err(f"{p}.recipient", "Cần họ tên người nhận kết quả.")
            if method == Delivery.POST and not fields.get("tracking"):
                line.err(f"{p}.tracking", "Cần số hiệu bưu gửi.")
        if action == "stop" and fields.get("request_channel"):
            if fields["request_channel"] not in Channel.values:
                line.err(f"{p}.request_channel", "Phải là direct, postal hoặc online.")
        if at is not None:
            events.append(Event(i, action, at, fields))
    if line.count > before:
        return None
    # time order, then the state machine
    for prev, ev in pairwise(events):
        if ev.at < prev.at:
            line.err(
                f"events[{ev.index}].at",
                f"Sự kiện không theo thứ tự thời gian: trước sự kiện events[{prev.index}] "
                f"({prev.at:%d/%m/%Y %H:%M}).",
            )
            return None
    first = events[0]
    if first.action == "accept":
        if channel == Channel.ONLINE:
            line.err(
                "events[0].action",
                "Hồ sơ trực tuyến phải bắt đầu bằng sự kiện nộp (submit).",
            )
            return None
    elif first.action != "submit":
        line.err("events[0].action", "Sự kiện đầu tiên phải là submit (hoặc accept tại quầy).")
        return None
    state: str | None = None
    for ev in events:
        p = f"events[{ev.index}].action"
        if ev.action == "submit":
            if state is not None:
                line.err(p, "Hồ sơ chỉ được nộp một lần (submit chỉ ở sự kiện đầu).")
                return None
            state = State.SUBMITTED
            continue
        if state is None:  # accept first: submit is implied at the same instant
            state = State.SUBMITTED
        t = TRANSITIONS[ev.action]
        if state not in t.sources:
            line.err(
                p,
                f"Không thể “{t.label}” ({ev.action}) khi hồ sơ đang ở trạng thái "
                f"“{State(state).label}” ({state}).",
            )
            return None
        if t.target is not None:
            state = t.target
    return events


def _first_date(record: dict) -> date | None:
    """The (Vietnamese) date of the first event, when the events have other errors."""
    try:
        at = datetime.fromisoformat(record["events"][0]["at"])
    except (KeyError, IndexError, TypeError, ValueError):
        return None
    return at.astimezone(VN_TZ).date() if at.tzinfo is not None else None


def _validate_line(
    n: int, raw: str | bytes, errors: list[Error], lookups: _Lookups, now: datetime
) -> Plan | None:
    line = _Line(n, errors)
    text = _decode(raw, n, line)
    if text is None:
        return None
    if not text.strip():
        return None  # blank lines are allowed
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        line.err("$", f"JSON không hợp lệ: {exc.msg} (cột {exc.colno}).")
        return None
    if not isinstance(record, dict):
        line.err("$", "Mỗi dòng phải là một đối tượng JSON.")
        return None
    _unknown_keys(record, TOP_KEYS, "", line)

    external_id = _text(record, "external_id", "external_id", line, required=True)
    if len(external_id) > MAX_EXTERNAL_ID:
        line.err("external_id", f"Dài quá {MAX_EXTERNAL_ID} ký tự.")
    channel = _text(record, "channel", "channel", line, required=True)
    if channel and channel not in Channel.values:
        line.err("channel", "Kênh nộp phải là direct, postal hoặc online.")
    delivery = _text(record, "delivery", "delivery", line, required=False) or Delivery.DESK
    if delivery not in Delivery.values:
        line.err("delivery", "Hình thức nhận kết quả phải là desk, post hoặc electronic.")
    tracking = _text(record, "postal_tracking", "postal_tracking", line, required=False, max_len=60)
    if channel == Channel.POSTAL and not tracking:
        line.err("postal_tracking", "Hồ sơ nộp qua bưu chính cần số hiệu bưu gửi.")
    code = _text(record, "code", "code", line, required=False, max_len=60) or None

    # applicant
    applicant = None
    a = record.get("applicant")
    if not isinstance(a, dict):
        line.err("applicant", "Cần thông tin chủ hồ sơ (đối tượng JSON).")
    else:
        _unknown_keys(a, APPLICANT_KEYS, "applicant.", line)
        values = {
            k: _text(
                a,
                k,
                f"applicant.{k}",
                line,
                required=k in ("kind", "name", "id_number"),
                max_len=APPLICANT_MAX.get(k, 0),
            )
            for k in APPLICANT_KEYS
        }
        applicant = ApplicantData(**values)
        if values["kind"] and values["name"] and values["id_number"]:
            for k, message in services.validate_applicant(applicant).items():
                line.err(f"applicant.{k}", message)
        if values["email"]:
            try:
                validate_email(values["email"])
            except ValidationError:
                line.err("applicant.email", "Địa chỉ thư điện tử không hợp lệ.")

    # agencies
    receiving = competent = None
    rcode = _text(record, "receiving_agency", "receiving_agency", line, required=True)
    if rcode:
        receiving = lookups.agency(rcode)
        if receiving is None:
            line.err("receiving_agency", f"Không có cơ quan mã “{rcode}”.")
    ccode = _text(record, "competent_agency", "competent_agency", line, required=False)
    if ccode:
        competent = lookups.agency(ccode)
        if competent is None:
            line.err("competent_agency", f"Không có cơ quan mã “{ccode}”.")

    events = _validate_events(record, line, channel, now)

    # due date and code of the old system
    due_at = None
    if record.get("due_at") is not None:
        due_at = _timestamp(record["due_at"], "due_at", line, date_ok=True)
    accepted = events is not None and any(e.action == "accept" for e in events)
    if events is not None and not accepted:
        if code:
            line.err("code", "Chỉ hồ sơ được tiếp nhận (có sự kiện accept) mới có mã hồ sơ.")
        if due_at is not None:
            line.err("due_at", "Chỉ hồ sơ được tiếp nhận (có sự kiện accept) mới có hạn trả.")
    if accepted and isinstance(due_at, datetime):
        accept_at = next(e.at for e in events if e.action == "accept")
        if due_at <= accept_at:
            line.err("due_at", "Hạn trả phải sau thời điểm tiếp nhận.")
    if accepted and isinstance(due_at, date) and not isinstance(due_at, datetime):
        accept_at = next(e.at for e in events if e.action == "accept")
        if due_at < accept_at.date():
            line.err("due_at", "Hạn trả phải sau thời điểm tiếp nhận.")

    # procedure version in force on the submission date, and its case
    case = None
    pcode = _text(record, "procedure", "procedure", line, required=True)
    procedure = lookups.procedure(pcode) if pcode else None
    if pcode and procedure is None:
        line.err("procedure", f"Không có thủ tục mã “{pcode}”.")
    submitted_on = events[0].at.date() if events else _first_date(record)
    if procedure is not None and submitted_on is not None:
        version = lookups.version(procedure, submitted_on)
        if version is None:
            line.err(
                "procedure",
                f"Thủ tục {pcode} không có phiên bản còn hiệu lực vào ngày nộp "
                f"{submitted_on:%d/%m/%Y}.",
            )
        else:
            cases = list(version.cases.all())
            ccase = _text(record, "case", "case", line, required=len(cases) != 1)
            if not ccase and len(cases) == 1:
                case = cases[0]
            elif ccase:
                case = next((c for c in cases if c.code == ccase), None)
                if case is None:
                    line.err(
                        "case",
                        f"Thủ tục {pcode} (phiên bản {version.number}) không có trường hợp "
                        f"“{ccase}”; có: {', '.join(c.code for c in cases)}.",
                    )
            if receiving is not None and (competent is not None or not ccode):
                try:
                    competent = services.competent_agency_for(version, receiving, competent)
                except DossierError as exc:
                    line.err("competent_agency", exc.message)

    if line.count or events is None or case is None or receiving is None or applicant is None:
        return None
    return Plan(
        line=n,
        external_id=external_id,
        case=case,
        channel=channel,
        receiving=receiving,
        competent=competent,
        applicant=applicant,
        delivery=delivery,
        postal_tracking=tracking,
        code=code,
        due_at=due_at,
        events=events,
    )


def _check_unique(plans: list[Plan], errors: list[Error]) -> None:
    """``external_id`` and ``code``: once in the file, and not already in motcua."""
    seen_ids: dict[str, int] = {}
    seen_codes: dict[str, int] = {}
    for p in plans:
        if p.external_id in seen_ids:
            errors.append(
                (p.line, "external_id", f"Trùng mã hồ sơ gốc với dòng {seen_ids[p.external_id]}.")
            )
        seen_ids.setdefault(p.external_id, p.line)
        if p.code:
            if p.code in seen_codes:
                errors.append((p.line, "code", f"Trùng mã hồ sơ với dòng {seen_codes[p.code]}."))
            seen_codes.setdefault(p.code, p.line)
    keys = {IDEMPOTENCY_PREFIX + p.external_id: p for p in plans}
    for key in Dossier.objects.filter(idempotency_key__in=list(keys)).values_list(
        "idempotency_key", flat=True
    ):
        errors.append((keys[key].line, "external_id", "Hồ sơ này đã được nhập trước đây."))
    codes = {p.code: p for p in plans if p.code}
    for code in Dossier.objects.filter(code__in=list(codes)).values_list("code", flat=True):
        errors.append((codes[code].line, "code", f"Mã hồ sơ “{code}” đã có trong hệ thống."))


# --- pass 2: writing through the services -------------------------------------------------


def _due_instant(plan: Plan) -> datetime | None:
    """The record's ``due_at``: as given, or a bare date at the competent agency's closing."""
    if plan.due_at is None or isinstance(plan.due_at, datetime):
        return plan.due_at
    agency = plan.competent or plan.receiving
    closing = agency.office_hours.closing
    return datetime.combine(plan.due_at, closing, tzinfo=VN_TZ)


def _apply(d: Dossier, ev: Event, plan: Plan) -> Dossier:
    f, at = ev.fields, ev.at
    sys: dict[str, Any] = {"user": None, "now": at}
    note = f.get("note", "")
    calls: dict[str, Callable[[], Dossier]] = {
        "accept": lambda: services.accept(d, **sys, due_at=_due_instant(plan), code=plan.code),
        "guide": lambda: services.guide(d, **sys, items=f["items"], reason=f.get("reason", "")),
        "resubmit": lambda: services.resubmit(d, **sys),
        "refuse": lambda: services.refuse(d, **sys, reason=f["reason"]),
        "forward": lambda: services.forward(d, **sys),
        "request_supplement": lambda: services.request_supplement(
            d,
            **sys,
            items=f["items"],
            reason=f["reason"],
            deadline_days=f.get("deadline_days"),
        ),
        "receive_supplement": lambda: services.receive_supplement(d, **sys, note=note),
        "request_payment": lambda: services.request_payment(d, **sys, note=f["reason"]),
        "payment_done": lambda: services.payment_done(d, **sys, note=note),
        "suspend": lambda: services.suspend(d, **sys, note=f["reason"]),
        "resume": lambda: services.resume(d, **sys, note=note),
        "apologise": lambda: services.apologise(d, **sys, reason=f["reason"], new_due=f["new_due"]),
        "correct_due": lambda: services.correct_due(
            d, **sys, new_due=f["new_due"], reason=f["reason"]
        ),
        # A leader's decision straight after forwarding: decide() is allowed from IN_PROCESS
        # and, as the system, skips the internal-process steps (hand_over is optional here).
        "approve": lambda: services.decide(
            d, **sys, approved=True, title=f.get("title", ""), note=note
        ),
        "deny": lambda: services.decide(
            d, **sys, approved=False, title=f.get("title", ""), note=f["reason"]
        ),
        "issue": lambda: services.issue(d, **sys, document_number=f.get("document_number", "")),
        "return_result": lambda: services.return_result(
            d,
            **sys,
            method=f["method"],
            recipient=f.get("recipient", ""),
            tracking=f.get("tracking", ""),
        ),
        "stop": lambda: services.stop(
            d, **sys, reason=f["reason"], request_channel=f.get("request_channel") or "direct"
        ),
        "archive": lambda: services.archive(d, **sys),
    }
    return calls[ev.action]()


_SUBMIT_PATHS = {
    "out_of_scope": "receiving_agency",
    "wrong_agency": "competent_agency",
    "competent_agency_required": "competent_agency",
    "procedure_not_in_force": "procedure",
}


def _service_errors(exc: DossierError, path: str) -> list[tuple[str, str]]:
    details = exc.errors if isinstance(exc.errors, dict) else {}
    if not details:
        return [(path, exc.message)]
    return [(path, f"{exc.message} ({key}: {text})") for key, text in details.items()]


def _write(plan: Plan, errors: list[Error]) -> Dossier | None:
    first = plan.events[0]
    try:
        d = services.submit(
            case=plan.case,
            channel=plan.channel,
            receiving_agency=plan.receiving,
            competent_agency=plan.competent,
            applicant=plan.applicant,
            now=first.at,
            delivery=plan.delivery,
            postal_tracking=plan.postal_tracking,
            idempotency_key=IDEMPOTENCY_PREFIX + plan.external_id,
        )
    except DossierError as exc:
        path = _SUBMIT_PATHS.get(exc.code, "$")
        errors.extend((plan.line, p, m) for p, m in _service_errors(exc, path))
        return None
    for ev in plan.events:
        if ev.action == "submit":
            continue
        path = f"events[{ev.index}]"
        try:
            d = _apply(d, ev, plan)
        except DossierError as exc:
            if exc.code == "duplicate_code":
                path = "code"
            errors.extend((plan.line, p, m) for p, m in _service_errors(exc, path))
            return None
        except CalendarError as exc:
            errors.append((plan.line, path, str(exc)))
            return None
        except IntegrityError:
            if ev.action == "accept" and plan.code:
                message = f"Mã hồ sơ “{plan.code}” đã được dùng (trùng mã hệ thống cấp)."
                errors.append((plan.line, "code", message))
            else:
                errors.append((plan.line, path, "Không ghi được sự kiện (trùng dữ liệu)."))
            return None
    OutboxMessage.objects.filter(
        key=d.submission_ref, topic__in=OUTBOX_TOPICS, delivered_at__isnull=True
    ).delete()
    d.refresh_from_db()
    return d


# --- entry point --------------------------------------------------------------------------


class _LineFailed(Exception):
    """Rolls back the savepoint of a line whose errors were recorded."""


def import_dossiers(lines: Iterable[str | bytes], *, now: datetime) -> ImportReport:
    """Validate every line, then write them all in one transaction (all or nothing).

    Raises :class:`DossierImportError` with every ``(line, path, message)`` found; nothing is
    saved then. ``now`` is the time of the import: no event may be later.
    """
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    now = now.astimezone(VN_TZ)
    errors: list[Error] = []
    lookups = _Lookups()
    plans: list[Plan] = []
    for n, raw in enumerate(lines, start=1):
        plan = _validate_line(n, raw, errors, lookups, now)
        if plan is not None:
            plans.append(plan)
    _check_unique(plans, errors)
    if errors:
        raise DossierImportError(sorted(errors, key=lambda e: e[0]))

    written: list[Dossier] = []
    with transaction.atomic():
        for plan in plans:
            # a savepoint per line: a failing line is undone, the others still get checked
            try:
                with transaction.atomic():
                    d = _write(plan, errors)
                    if d is None:
                        raise _LineFailed
            except _LineFailed:
                continue
            written.append(d)
        if errors:
            transaction.set_rollback(True)
    if errors:
        raise DossierImportError(sorted(errors, key=lambda e: e[0]))
    return ImportReport(
        dossiers=len(written),
        events=sum(d.last_seq for d in written),
        codes=[d.code for d in written if d.code],
    )
