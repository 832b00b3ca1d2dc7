"""Import of petitions transferred from the national portal (JSON) and the XLSX report.

Import format (``docs`` in README, "Phản ánh, kiến nghị")::

    {"petitions": [{
        "external_ref": "DVCQG-PAKN-2026-000123",        # id on the national portal, unique
        "transferred_at": "2026-03-02T09:15:00+07:00",    # when VPCP/the portal sent it here
        "agency": "vp-ubnd-tinh-12",                      # agency code or electronic id
        "kind": "feedback" | "petition",                  # optional, default feedback
        "title": "...", "content": "...", "proposal": "...",
        "sender": {"kind": "individual" | "organisation", "name": "...", "address": "...",
                   "phone": "...", "email": "..."},
        "procedure_code": "1.001193", "dossier_code": "...",   # optional links
        "national_class": "regulation" | "staff"               # optional
    }]}

All or nothing: every error is reported with its JSON path, and nothing is written unless
every petition is valid.
"""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.db.models import Q

from motcua.directory.models import Agency
from motcua.feedback import selectors, services
from motcua.feedback.models import Petition
from motcua.feedback.states import Channel, Kind, NationalClass, SenderKind

MAX_ITEMS = 1000


class ImportError_(services.FeedbackError):
    pass


def _str(item: dict, key: str, path: str, errors: dict, *, required: bool = True) -> str:
    value = item.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        errors.setdefault(f"{path}.{key}", []).append("Phải là chuỗi ký tự.")
        return ""
    if required and not value.strip():
        errors.setdefault(f"{path}.{key}", []).append("Bắt buộc.")
    return value


def import_national(payload: Any, *, user: AbstractBaseUser, now: datetime) -> list[Petition]:
    """Create the petitions of ``payload``; raise with ``errors`` by JSON path otherwise."""
    errors: dict[str, list[str]] = {}
    if not isinstance(payload, dict) or not isinstance(payload.get("petitions"), list):
        raise ImportError_(
            "invalid", "Tệp phải là đối tượng JSON có mảng “petitions”.", errors={"$": ["?"]}
        )
    items = payload["petitions"]
    if not items:
        raise ImportError_(
            "invalid", "Không có PAKN nào để nhập.", errors={"$.petitions": ["Rỗng."]}
        )
    if len(items) > MAX_ITEMS:
        raise ImportError_("invalid", f"Tối đa {MAX_ITEMS} PAKN mỗi lần nhập.")
    refs = [i.get("external_ref") for i in items if isinstance(i, dict)]
    existing = set(
        Petition.objects.filter(
            external_ref__in=[r for r in refs if isinstance(r, str)]
        ).values_list("external_ref", flat=True)
    )
    codes = {
        i.get("agency") for i in items if isinstance(i, dict) and isinstance(i.get("agency"), str)
    }
    agencies = {}
    for a in Agency.objects.filter(Q(code__in=codes) | Q(electronic_id__in=codes)):
        agencies[a.code] = agencies[a.electronic_id] = a
    seen: set[str] = set()
    planned = []
    for n, item in enumerate(items):
        path = f"$.petitions[{n}]"
        if not isinstance(item, dict):
            errors[path] = ["Phải là một đối tượng JSON."]
            continue
        ref = _str(item, "external_ref", path, errors)
        if ref in existing:
            errors.setdefault(f"{path}.external_ref", []).append(f"Đã nhập trước đây: {ref}.")
        elif ref in seen:
            errors.setdefault(f"{path}.external_ref", []).append(f"Trùng trong tệp: {ref}.")
        seen.add(ref)
        at_text = _str(item, "transferred_at", path, errors)
        at = None
        if at_text:
            try:
                at = datetime.fromisoformat(at_text)
            except ValueError:
                at = None
            if at is None or at.tzinfo is None:
                errors.setdefault(f"{path}.transferred_at", []).append(
                    "Phải là ngày giờ ISO 8601 có múi giờ, ví dụ 2026-03-02T09:15:00+07:00."
                )
            elif at > now:
                errors.setdefault(f"{path}.transferred_at", []).append("Không được sau hiện tại.")
        agency = agencies.get(_str(item, "agency", path, errors))
        if agency is None and item.get("agency"):
            errors.setdefault(f"{path}.agency", []).append("Không có cơ quan có mã này.")
        elif agency is not None and not services.can_receive_for(user, agency, now):
            errors.setdefault(f"{path}.agency", []).append("Bạn không có vai trò tại cơ quan này.")
        sender = item.get("sender")
        if not isinstance(sender, dict):
            errors[f"{path}.sender"] = ["Bắt buộc: đối tượng có name, address, phone/email."]
            sender = {}
        kind = item.get("kind") or Kind.FEEDBACK
        if kind not in Kind.values:
            errors.setdefault(f"{path}.kind", []).append("Phải là feedback hoặc petition.")
        ncls = item.get("national_class") or ""
        if ncls and ncls not in NationalClass.values:
            errors.setdefault(f"{path}.national_class", []).append("Phải là regulation hoặc staff.")
        data = services.PetitionInput(
            title=_str(item, "title", path, errors),
            content=_str(item, "content", path, errors),
            proposal=_str(item, "proposal", path, errors, required=False),
            kind=kind,
            sender_kind=sender.get("kind") or SenderKind.INDIVIDUAL,
            sender_name=_str(sender, "name", f"{path}.sender", errors),
            sender_address=_str(sender, "address", f"{path}.sender", errors),
            sender_phone=_str(sender, "phone", f"{path}.sender", errors, required=False),
            sender_email=_str(sender, "email", f"{path}.sender", errors, required=False),
            procedure_code=_str(item, "procedure_code", path, errors, required=False),
            dossier_code=_str(item, "dossier_code", path, errors, required=False),
        )
        for key, msgs in services.validate_input(data, identity_required=True).items():
            prefix = f"{path}.sender." if key.startswith("sender_") else f"{path}."
            name = key.removeprefix("sender_") if key.startswith("sender_") else key
            for m in msgs:
                if m not in errors.get(f"{prefix}{name}", []):
                    errors.setdefault(f"{prefix}{name}", []).append(m)
        planned.append((data, agency, at, ref, ncls))
    if errors:
        raise ImportError_(
            "invalid",
            f"Tệp có {len(errors)} lỗi; chưa nhập PAKN nào.",
            errors=dict(sorted(errors.items())),
        )
    out = []
    with transaction.atomic():
        for data, agency, at, ref, ncls in planned:
            try:
                p = services.receive(
                    data,
                    agency=agency,
                    channel=Channel.NATIONAL,
                    now=now,
                    user=user,
                    received_at=at,
                    external_ref=ref,
                )
            except services.FeedbackError as exc:  # a link disappeared meanwhile
                raise ImportError_(exc.code, exc.message, exc.status, exc.errors) from exc
            if ncls:
                Petition.objects.filter(pk=p.pk).update(national_class=ncls)
                p.national_class = ncls
            out.append(p)
    return out


HEADERS = [
    "Cơ quan",
    "Tiếp nhận trong kỳ",
    "Đã xử lý",
    "Đã xử lý đúng hạn",
    "Đã xử lý quá hạn",
    "Đang xử lý",
    "Đang xử lý trong hạn",
    "Đang xử lý quá hạn",
    "Từ chối tiếp nhận",
    "Chuyển cơ quan khác",
    "Đã công khai",
    "Tỷ lệ đúng hạn (%)",
]


def report_xlsx(*, agency_ids, start: date, end: date, now: datetime, title: str = "") -> bytes:
    """The report of petitions by agency and period as an XLSX workbook."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    rows = selectors.report(agency_ids=agency_ids, start=start, end=end, now=now)
    wb = Workbook()
    ws = wb.active
    ws.title = "PAKN"
    ws.append([title or "BÁO CÁO TÌNH HÌNH TIẾP NHẬN, XỬ LÝ PHẢN ÁNH, KIẾN NGHỊ"])
    ws.append([f"Kỳ báo cáo: từ {start:%d/%m/%Y} đến {end:%d/%m/%Y}"])
    ws.append([])
    ws.append(HEADERS)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(HEADERS))
    ws["A1"].font = Font(bold=True, size=13)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws["A2"].alignment = Alignment(horizontal="center")
    for cell in ws[4]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    for r in rows:
        den = r.handled + r.in_progress
        ws.append(
            [
                r.agency,
                r.received,
                r.handled,
                r.handled_on_time,
                r.handled_late,
                r.in_progress,
                r.in_progress_on_time,
                r.in_progress_late,
                r.rejected,
                r.transferred,
                r.published,
                round(100 * r.on_time / den, 2) if den else None,
            ]
        )
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    ws.column_dimensions["A"].width = 48
    for i in range(2, len(HEADERS) + 1):
        ws.column_dimensions[get_column_letter(i)].width = 14
    ws.freeze_panes = "B5"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
