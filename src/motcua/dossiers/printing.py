"""Official one-stop forms (biểu mẫu một cửa, spec dossier-lifecycle §6) as PDF.

Every form is built at print time from the dossier and its event log — the event that
produces the form (accept → 01, guide / request_supplement → 02, refuse → 03, apologise → 04,
stop → Thông báo dừng) and the hand-offs recorded after acceptance (Phiếu kiểm soát). No form
text is stored anywhere: reprinting gives the same paper.

Layout follows Nghị định 30/2020/NĐ-CP: A4, Times-compatible 13pt, the issuing body's block on
the left (parent body over the agency in bold caps), the national title and motto on the right,
the number line under the agency and the place and date under the motto. Form numbers and
titles come from :data:`FORM_SETS` / :data:`FORM_TITLES` by legal basis (TT 01/2018 or
TT 03/2025); a set may override any template under ``dossiers/forms/<set>/<kind>.html``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import quote

import segno
from django.conf import settings
from django.template.loader import select_template
from django.utils.safestring import mark_safe

from motcua.core.calendar import VN_TZ
from motcua.directory.models import Agency, Role, StaffRole
from motcua.dossiers import clock, selectors
from motcua.dossiers.models import (
    ApplicantKind,
    Channel,
    Delivery,
    Dossier,
    DossierEvent,
    Timeliness,
)
from motcua.dossiers.services import DossierError
from motcua.dossiers.states import State

DEFAULT_FORM_SET = "tt03-2025"

#: Form numbers per legal basis (spec §6.1). A kind missing from a set has no number there
#: (TT 01/2018 has no "Thông báo dừng giải quyết hồ sơ"; it is printed without a number).
FORM_SETS: dict[str, dict[str, str]] = {
    "tt03-2025": {
        "receipt": "Mẫu số 01",
        "guidance": "Mẫu số 02",
        "refusal": "Mẫu số 03",
        "apology": "Mẫu số 04",
        "stop": "Mẫu số 05",
        "control": "Mẫu số 06",
        "book": "Mẫu số 07",
    },
    "tt01-2018": {
        "receipt": "Mẫu số 01",
        "guidance": "Mẫu số 02",
        "refusal": "Mẫu số 03",
        "apology": "Mẫu số 04",
        "control": "Mẫu số 05",
        "book": "Mẫu số 06",
    },
}

#: The legal instrument each set comes from (printed under the form number).
FORM_SET_BASIS: dict[str, str] = {
    "tt03-2025": "Phụ lục I, Thông tư số 03/2025/TT-VPCP",
    "tt01-2018": "Phụ lục, Thông tư số 01/2018/TT-VPCP",
}

#: Kinds printable for one dossier, with their Vietnamese names (for menus).
FORM_KINDS: dict[str, str] = {
    "receipt": "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
    "guidance": "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",
    "refusal": "Phiếu từ chối tiếp nhận giải quyết hồ sơ",
    "apology": "Phiếu xin lỗi và hẹn lại ngày trả kết quả",
    "stop": "Thông báo dừng giải quyết hồ sơ",
    "control": "Phiếu kiểm soát quá trình giải quyết hồ sơ",
}

#: Printed titles per set. The TT 03/2025 name of form 04 is unverified (spec §6.1), so both
#: sets print the TT 01/2018 name until the official Phụ lục I is checked.
FORM_TITLES: dict[str, dict[str, str]] = {
    form_set: {**FORM_KINDS, "book": "Sổ theo dõi hồ sơ"} for form_set in FORM_SETS
}

#: The events that produce each form (the latest one is used unless ``event_seq`` is given).
PRODUCERS: dict[str, tuple[str, ...]] = {
    "receipt": ("accept",),
    "guidance": ("guide", "request_supplement"),
    "refusal": ("refuse",),
    "apology": ("apologise",),
    "stop": ("stop",),
    "control": ("accept",),
}

UNAVAILABLE: dict[str, str] = {
    "receipt": "Hồ sơ chưa được tiếp nhận nên chưa có Giấy tiếp nhận hồ sơ và hẹn trả kết quả.",
    "guidance": "Hồ sơ không có yêu cầu bổ sung, hoàn thiện nào.",
    "refusal": "Hồ sơ không bị từ chối tiếp nhận.",
    "apology": "Hồ sơ chưa có phiếu xin lỗi và hẹn lại ngày trả kết quả.",
    "stop": "Hồ sơ không bị dừng giải quyết theo yêu cầu.",
    "control": "Hồ sơ chưa được tiếp nhận nên chưa có Phiếu kiểm soát quá trình giải quyết.",
}

#: Hand-offs that make a row of the Phiếu kiểm soát.
HAND_OFFS = ("forward", "hand_over", "send_back", "consult", "consult_done", "issue")

TIMELINESS = dict(Timeliness.choices)
NO_VALUE = "…………………………"


# --- formatting -------------------------------------------------------------------------


def _local(value: datetime) -> datetime:
    return value.astimezone(VN_TZ)


def _dd(day: int) -> str:
    return f"{day:02d}"


def _mm(month: int) -> str:
    """Months below 3 take a leading zero (Nghị định 30/2020, Phụ lục I)."""
    return f"{month:02d}" if month < 3 else str(month)


def vn_date(value: date | datetime | None) -> str:
    """ "ngày 02 tháng 3 năm 2026"."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = _local(value).date()
    return f"ngày {_dd(value.day)} tháng {_mm(value.month)} năm {value.year}"


def vn_datetime(value: datetime | None) -> str:
    """ "09 giờ 00 phút, ngày 02 tháng 3 năm 2026"."""
    if value is None:
        return ""
    t = _local(value)
    return f"{t:%H} giờ {t:%M} phút, {vn_date(t)}"


def short_datetime(value: datetime | None) -> str:
    """ "02/03/2026 09:00" (the date and the time on two lines in the book)."""
    return f"{_local(value):%d/%m/%Y %H:%M}" if value else ""


def sentence(text: str) -> str:
    """A free-text reason as a sentence: trimmed, ending with a full stop."""
    text = (text or "").strip()
    return text if not text or text[-1] in ".!?…" else text + "."


def _parse(value: Any) -> datetime | None:
    if not value:
        return None
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)


def _strip_prefix(name: str, prefixes: tuple[str, ...]) -> str:
    for prefix in prefixes:
        if name.lower().startswith(prefix.lower() + " "):
            rest = name[len(prefix) + 1 :].strip()
            # "Phường 1": a unit named by a number keeps its kind (Nghị định 30/2020)
            return name if rest.isdigit() else rest
    return name


UNIT_PREFIXES = ("Thành phố", "Tỉnh", "Đặc khu", "Phường", "Thị trấn", "Xã")


def place_name(agency: Agency) -> str:
    """Địa danh: the unit where the agency sits, without its kind ("Lai Châu", "Bình Lư")."""
    return _strip_prefix(agency.unit.name, UNIT_PREFIXES)


@dataclass(frozen=True)
class Header:
    parent: str
    name: str
    place: str


def header_for(agency: Agency) -> Header:
    """Tên cơ quan ban hành: the parent body (e.g. "UBND TỈNH LAI CHÂU") over the agency.

    The agency line drops the locality it shares with its parent ("Sở Y tế tỉnh Lai Châu"
    under "UBND tỉnh Lai Châu" prints "SỞ Y TẾ").
    """
    parent = agency.parent
    name = agency.name
    if parent is None:
        return Header("", name.upper(), place_name(agency))
    locality = _strip_prefix(parent.name, ("Ủy ban nhân dân", "UBND"))
    if locality != parent.name and name.lower().endswith(" " + locality.lower()):
        name = name[: -len(locality) - 1].strip()
    parent_name = parent.name.replace("Ủy ban nhân dân", "UBND")
    return Header(parent_name.upper(), name.upper(), place_name(agency))


def tracking_url(dossier: Dossier, base_url: str) -> str:
    ref = dossier.code or dossier.submission_ref
    return f"{base_url.rstrip('/')}/tra-cuu-ho-so/?ma={quote(ref, safe='')}"


def qr_data_uri(url: str) -> str:
    return segno.make(url, error="m").svg_data_uri(scale=4, border=2)


def _role_label(role: str) -> str:
    return str(Role(role).label) if role in Role.values else ""


def _signer_title(event: DossierEvent, agency: Agency) -> list[str]:
    """The signer's title lines in caps: "KT. GIÁM ĐỐC" / "PHÓ GIÁM ĐỐC" for a deputy."""
    title = ""
    if event.actor_id:
        title = (
            StaffRole.objects.filter(user_id=event.actor_id, agency=agency, role=event.actor_role)
            .values_list("title", flat=True)
            .first()
            or ""
        )
    title = title or _role_label(event.actor_role) or "Thủ trưởng cơ quan"
    for suffix in filter(None, (agency.name, agency.short_name)):
        if title.lower().endswith(" " + suffix.lower()) and len(title) > len(suffix) + 1:
            title = title[: -len(suffix) - 1].strip()
            break
    if title.lower().startswith("phó "):
        return [f"KT. {title[4:]}".upper(), title.upper()]
    return [title.upper()]


# --- sources ----------------------------------------------------------------------------


def _form_set(form_set: str | None) -> str:
    chosen = form_set or getattr(settings, "MOTCUA_FORM_SET", DEFAULT_FORM_SET)
    if chosen not in FORM_SETS:
        raise DossierError(
            "unknown_form_set",
            f"Bộ biểu mẫu '{chosen}' không tồn tại (chọn {', '.join(FORM_SETS)}).",
            status=400,
        )
    return chosen


def _events(dossier: Dossier) -> list[DossierEvent]:
    return list(
        dossier.events.select_related(
            "actor_agency", "to_user", "to_agency", "to_department", "step__department"
        ).order_by("seq")
    )


def _source(kind: str, events: list[DossierEvent], event_seq: int | None) -> DossierEvent:
    producers = [e for e in events if e.action in PRODUCERS[kind]]
    if event_seq is not None:
        producers = [e for e in producers if e.seq == event_seq]
    if not producers:
        message = UNAVAILABLE[kind]
        if event_seq is not None:
            message = f"Sự kiện số {event_seq} của hồ sơ không tạo ra {FORM_KINDS[kind].lower()}."
        raise DossierError("form_unavailable", message, status=409)
    return producers[-1]


def available_forms(dossier: Dossier) -> list[str]:
    """The kinds that can be printed now for ``dossier`` (in :data:`FORM_KINDS` order)."""
    actions = set(dossier.events.values_list("action", flat=True))
    return [k for k in FORM_KINDS if actions & set(PRODUCERS[k])]


# --- contexts ---------------------------------------------------------------------------


def _common(dossier: Dossier, kind: str, form_set: str, agency: Agency, at: datetime | None):
    header = header_for(agency)
    individual = dossier.applicant_kind == ApplicantKind.INDIVIDUAL
    version = dossier.version
    several_cases = version.cases.count() > 1
    return {
        "dossier": dossier,
        "ref": dossier.code or dossier.submission_ref,
        "ref_label": "Mã hồ sơ" if dossier.code else "Mã nộp hồ sơ",
        "form": {
            "kind": kind,
            "set": form_set,
            "number": FORM_SETS[form_set].get(kind, ""),
            "basis": FORM_SET_BASIS[form_set] if FORM_SETS[form_set].get(kind) else "",
            "title": FORM_TITLES[form_set][kind],
        },
        "header": header,
        "place_date": f"{header.place}, {vn_date(at)}" if at else "",
        "procedure": version.name,
        "case_name": dossier.case.name if several_cases else "",
        # "Ông/Bà" never splits at the slash
        "addressee": mark_safe('<span class="nw">Ông/Bà</span>')
        if individual
        else "Quý cơ quan, tổ chức",
        "no_value": NO_VALUE,
    }


def _qr(dossier: Dossier, base_url: str) -> dict[str, str]:
    url = tracking_url(dossier, base_url)
    return {"tracking_url": url, "qr": qr_data_uri(url)}


def _delivery_text(dossier: Dossier) -> str:
    if dossier.delivery == Delivery.POST:
        address = dossier.applicant_address or NO_VALUE
        return f"Nhận qua dịch vụ bưu chính công ích tại địa chỉ: {address}"
    if dossier.delivery == Delivery.ELECTRONIC:
        return "Nhận bản điện tử qua tài khoản dịch vụ công trực tuyến / thư điện tử"
    return f"Bộ phận tiếp nhận và trả kết quả — {dossier.receiving_agency.name}"


def _receipt(dossier: Dossier, event: DossierEvent, events: list[DossierEvent]) -> dict:
    components = [c for c in dossier.components.all() if c.presented]
    return {
        "event": event,
        "components": components,
        "sets": f"{dossier.sets:02d}",
        "time_limit": dossier.case.time_limit_text,
        "received": vn_datetime(dossier.received_at or event.at),
        "appointment": vn_datetime(dossier.original_due_at)
        if dossier.original_due_at
        else "Không có ngày hẹn trả",
        "delivery": _delivery_text(dossier),
        "receiver": event.actor_name,
        "submitter": dossier.submitter_name or dossier.applicant_name,
    }


def _guidance(dossier: Dossier, event: DossierEvent, events: list[DossierEvent]) -> dict:
    at_desk = event.action == "guide"
    agency = event.actor_agency or (
        dossier.receiving_agency if at_desk else dossier.competent_agency
    )
    deadline = _parse(event.data.get("deadline"))
    return {
        "event": event,
        "at_desk": at_desk,
        "agency": agency,
        "items": event.data.get("items", []),
        "reason": sentence(event.note),
        "deadline": vn_datetime(deadline) if deadline else "",
        "signer": event.actor_name,
        "signer_title": ["NGƯỜI HƯỚNG DẪN"] if at_desk else _signer_title(event, agency),
        "number_line": "Số: ……………/HDHS",
        "_agency": agency,
    }


def _refusal(dossier: Dossier, event: DossierEvent, events: list[DossierEvent]) -> dict:
    return {"event": event, "reason": sentence(event.note), "signer": event.actor_name}


def _apology(dossier: Dossier, event: DossierEvent, events: list[DossierEvent]) -> dict:
    agency = event.actor_agency or dossier.competent_agency
    original = dossier.original_due_at
    previous = _parse(event.data.get("previous"))
    new_due = _parse(event.data.get("new_due"))
    moved = previous is not None and (
        original is None or _local(previous).date() != _local(original).date()
    )
    before_due = previous is not None and _local(event.at).date() <= _local(previous).date()
    return {
        "event": event,
        "agency": agency,
        "received": vn_date(dossier.received_at) if dossier.received_at else NO_VALUE,
        "original": vn_datetime(original) if original else "Không có ngày hẹn trả",
        "previous": vn_datetime(previous) if moved else "",
        "before_due": before_due,
        "reason": sentence(event.note),
        "new_due": vn_datetime(new_due),
        "new_due_date": vn_date(new_due),
        "signer": event.actor_name,
        "signer_title": _signer_title(event, agency),
        "number_line": "Số: ……………/PXL",
        "_agency": agency,
    }


def _stop(dossier: Dossier, event: DossierEvent, events: list[DossierEvent]) -> dict:
    before = [e for e in events if e.seq < event.seq]
    state_then = State(before[-1].state).label if before else ""
    channel = event.data.get("request_channel", "")
    return {
        "event": event,
        "reason": sentence(event.note),
        "channel": str(dict(Channel.choices).get(channel, channel)).lower() or NO_VALUE,
        "state_then": state_then,
        "received": vn_datetime(dossier.received_at) if dossier.received_at else "",
        "stopped": vn_datetime(event.at),
        "signer": event.actor_name,
        "number_line": "Số: ……………/TB",
    }


@dataclass
class ControlRow:
    giver_unit: str
    giver_person: str
    receiver_unit: str
    receiver_person: str
    at: str
    result: str
    note: str


def _unit(agency: Agency | None, role: str = "", department: Any = None) -> str:
    """ "Sở Y tế tỉnh Lai Châu (Văn thư)"; the desk is named by its agency alone."""
    parts = [p for p in (getattr(department, "name", ""), agency.name if agency else "") if p]
    text = " — ".join(parts)
    label = "" if role == Role.RECEIVING_OFFICER else _role_label(role)
    return f"{text} ({label})" if label and text else text or label


def _person(user: Any) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


def control_rows(dossier: Dossier, events: list[DossierEvent]) -> list[ControlRow]:
    """One row per hand-off, from the event log: giver, receiver, when, and how timely.

    ``hand_over`` rows carry the step's own classification recorded by the service; the
    ``consult_done`` row is judged against the consultation's due date; the ``issue`` row (the
    agency gives the result back to the desk) carries the dossier's classification.
    """
    rows: list[ControlRow] = []
    consult_due: dict[str, datetime | None] = {}
    verdict = ""
    for e in events:
        if e.action in ("approve", "deny", "supplement_expired"):
            verdict = e.data.get("set", {}).get("timeliness", verdict)
        if e.action not in HAND_OFFS:
            continue
        agency = e.actor_agency
        giver = _unit(agency, e.actor_role)
        result, note = "", e.note
        if e.action == "forward":
            agency = e.to_agency or dossier.competent_agency
            step_role = e.step.role if e.step else ""
            receiver = _unit(agency, step_role, getattr(e.step, "department", None))
            note = "Chuyển hồ sơ đến cơ quan giải quyết"
        elif e.action in ("hand_over", "send_back"):
            step = e.step
            receiver = _unit(
                agency,
                step.role if step else "",
                e.to_department or getattr(step, "department", None),
            )
            if e.action == "hand_over":
                result = e.data.get("step_result", "")
            else:
                note = f"Chuyển lại bước trước: {e.note}"
        elif e.action == "consult":
            receiver = _unit(e.to_agency)
            consult_due[e.data.get("consultation", "")] = _parse(e.data.get("due"))
            note = f"Liên thông: {e.note}" if e.note else "Liên thông"
        elif e.action == "consult_done":
            ref = e.data.get("consultation", "")
            receiver = _unit(dossier.competent_agency)
            due = consult_due.get(ref)
            result = clock.classify(e.at, due) if due else ""
            note = f"Kết quả liên thông: {e.note}" if e.note else ""
        else:  # issue: the result goes back to the desk
            receiver = _unit(e.to_agency or dossier.receiving_agency, Role.RECEIVING_OFFICER)
            result = verdict
        rows.append(
            ControlRow(
                giver_unit=giver,
                giver_person=e.actor_name,
                receiver_unit=receiver,
                receiver_person=_person(e.to_user),
                at=vn_datetime(e.at),
                result=str(TIMELINESS.get(result, "")),
                note=note,
            )
        )
    return rows


def _control(dossier: Dossier, event: DossierEvent, events: list[DossierEvent]) -> dict:
    consulted = []
    for e in events:
        if e.action == "consult" and e.to_agency and e.to_agency.name not in consulted:
            consulted.append(e.to_agency.name)
    return {
        "event": event,
        "received": vn_datetime(dossier.received_at or event.at),
        "appointment": vn_datetime(dossier.original_due_at)
        if dossier.original_due_at
        else "Không có ngày hẹn trả",
        "consulted": ", ".join(consulted),
        "rows": control_rows(dossier, events),
    }


BUILDERS = {
    "receipt": _receipt,
    "guidance": _guidance,
    "refusal": _refusal,
    "apology": _apology,
    "stop": _stop,
    "control": _control,
}


# --- rendering --------------------------------------------------------------------------


def _template(form_set: str, kind: str):
    return select_template(
        [f"dossiers/forms/{form_set}/{kind}.html", f"dossiers/forms/{kind}.html"]
    )


def _pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html).write_pdf()


def render_form_html(
    dossier: Dossier,
    kind: str,
    *,
    base_url: str,
    form_set: str | None = None,
    event_seq: int | None = None,
) -> str:
    """The HTML of a form (what :func:`render_form` turns into PDF)."""
    if kind not in FORM_KINDS:
        raise DossierError("unknown_form", f"Biểu mẫu '{kind}' không tồn tại.", status=404)
    chosen = _form_set(form_set)
    dossier = Dossier.objects.select_related(
        "version",
        "case",
        "receiving_agency__unit",
        "receiving_agency__parent",
        "competent_agency__unit",
        "competent_agency__parent",
    ).get(pk=dossier.pk)
    events = _events(dossier)
    event = _source(kind, events, event_seq)
    specific = BUILDERS[kind](dossier, event, events)
    agency = specific.pop("_agency", None) or (
        dossier.competent_agency if kind == "apology" else dossier.receiving_agency
    )
    context = {
        **_common(dossier, kind, chosen, agency, event.at),
        **_qr(dossier, base_url),
        **specific,
    }
    return _template(chosen, kind).render(context)


def render_form(
    dossier: Dossier,
    kind: str,
    *,
    base_url: str,
    form_set: str | None = None,
    event_seq: int | None = None,
) -> bytes:
    """Render one form of ``dossier`` as PDF.

    ``kind`` is a key of :data:`FORM_KINDS`; ``form_set`` a key of :data:`FORM_SETS`
    (default: setting ``MOTCUA_FORM_SET``, else "tt03-2025"); ``event_seq`` picks the
    producing event (e.g. one of several supplement requests; default: the latest). Raises
    ``DossierError("form_unavailable", …, status=409)`` when no event produces the form.
    """
    return _pdf(
        render_form_html(dossier, kind, base_url=base_url, form_set=form_set, event_seq=event_seq)
    )


@dataclass
class BookRow:
    entry: int | None
    code: str
    code_parts: list[str]
    procedure: str
    sets: int
    applicant: str
    contact: str
    competent: str
    received: str
    appointment: str
    forwarded: str
    result_back: str
    returned: str
    signed: str
    note: str


def _book_row(d: Dossier) -> BookRow:
    events = list(d.events.all())  # prefetched by selectors.receipt_book, in seq order
    first = {}
    last = {}
    for e in events:
        first.setdefault(e.action, e)
        last[e.action] = e
    returned = last.get("return_result")
    signed = ""
    if returned is not None:
        method = returned.data.get("method", "")
        if method == Delivery.POST:
            signed = f"Bưu gửi {returned.data.get('tracking', '')}".strip()
        elif method == Delivery.ELECTRONIC:
            signed = "Nhận bản điện tử"
        else:
            signed = returned.data.get("recipient", "")
    notes = []
    if d.timeliness:
        notes.append(str(TIMELINESS[d.timeliness]))
    if d.supplement_count:
        notes.append(f"Bổ sung {d.supplement_count} lần")
    if d.promised_due_at:
        notes.append(f"Xin lỗi, hẹn lại {_local(d.promised_due_at):%d/%m/%Y}")
    if d.state in (State.STOPPED, State.REFUSED):
        notes.append(str(State(d.state).label))
    contact = ", ".join(p for p in (d.applicant_address, d.applicant_phone) if p)
    issued = last.get("issue")
    forwarded = first.get("forward")

    def cell(value: datetime | None) -> str:
        return short_datetime(value).replace(" ", "\n")

    return BookRow(
        entry=d.book_entry,
        code=d.code or d.submission_ref,
        code_parts=(d.code or d.submission_ref).split("-"),
        procedure=d.version.name,
        sets=d.sets,
        applicant=d.applicant_name,
        contact=contact,
        competent=d.competent_agency.name,
        received=cell(d.received_at),
        appointment=cell(d.original_due_at) if d.original_due_at else "Không hẹn",
        forwarded=cell(forwarded.at) if forwarded else "",
        result_back=cell(issued.at) if issued else "",
        returned=cell(returned.at) if returned else "",
        signed=signed,
        note="; ".join(notes),
    )


def render_receipt_book_html(agency: Agency, year: int, *, form_set: str | None = None) -> str:
    chosen = _form_set(form_set)
    agency = Agency.objects.select_related("unit", "parent").get(pk=agency.pk)
    rows = [_book_row(d) for d in selectors.receipt_book(agency, year)]
    number = FORM_SETS[chosen].get("book", "")
    context = {
        "form": {
            "kind": "book",
            "set": chosen,
            "number": number,
            "basis": FORM_SET_BASIS[chosen] if number else "",
            "title": FORM_TITLES[chosen]["book"],
        },
        "header": header_for(agency),
        "agency": agency,
        "year": year,
        "rows": rows,
        "landscape": True,
    }
    return _template(chosen, "book").render(context)


def render_receipt_book(agency: Agency, year: int, *, form_set: str | None = None) -> bytes:
    """Sổ theo dõi hồ sơ of a receiving agency for a year (landscape A4), one row per entry.

    "Quyển số" is the book year and "Số thứ tự" the entry number, as printed on form 01.
    """
    return _pdf(render_receipt_book_html(agency, year, form_set=form_set))


__all__ = [
    "FORM_KINDS",
    "FORM_SETS",
    "available_forms",
    "render_form",
    "render_receipt_book",
]
