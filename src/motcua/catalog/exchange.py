"""Catalog exchange: the catalog as a ``motcua.catalog/1`` document, and as XLSX.

The XLSX workbook is the same document laid out as sheets a province's officers can edit in a
spreadsheet: one row per procedure, case, component, fee and process step, joined by codes.
Reading it back gives the JSON document, which :func:`services.import_catalog` validates.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils.exceptions import InvalidFileException

from motcua.catalog.models import ProcedureVersion, ProcessStatus, PublicationDecision
from motcua.catalog.selectors import procedures_in_force, version_detail, version_in_force
from motcua.catalog.services import FORMAT, CatalogError


def _dec(d: Decimal | None) -> str | None:
    return None if d is None else format(d.normalize(), "f")


def export_document(*, on: date, province_code: str | None = None) -> dict[str, Any]:
    """The catalog in force on ``on`` as a document that :func:`import_catalog` accepts."""
    procedures = []
    sectors: dict[str, str] = {}
    decisions: dict[int, dict[str, Any]] = {}
    for procedure in procedures_in_force(on).order_by("code"):
        version = version_in_force(procedure, on)
        if version is None:
            continue
        v = version_detail(version.pk)
        sectors[v.sector.code] = v.sector.name
        if v.decision_id and v.decision_id not in decisions:
            d: PublicationDecision = v.decision  # type: ignore[assignment]
            decisions[v.decision_id] = {
                "number": d.number,
                "date": d.date.isoformat(),
                "title": d.title,
                "signer": d.signer,
                "signer_title": d.signer_title,
                "issuer": d.issuer.code if d.issuer_id else None,
                "effective_date": d.effective_date.isoformat(),
                "made_public_at": d.made_public_at.isoformat() if d.made_public_at else None,
                "items": [],
            }
        if v.decision_id:
            decisions[v.decision_id]["items"].append(
                {"procedure": procedure.code, "change_type": v.change_type}
            )
        procedures.append(version_document(v, province_code=province_code))
    return {
        "format": FORMAT,
        "exported_on": on.isoformat(),
        "sectors": [{"code": k, "name": n} for k, n in sorted(sectors.items())],
        "decisions": list(decisions.values()),
        "procedures": procedures,
    }


def version_document(
    v: ProcedureVersion, *, province_code: str | None = None, with_ids: bool = False
) -> dict[str, Any]:
    """One procedure version (loaded by ``version_detail``) in the import format.

    ``province_code`` picks the approved internal process of that province (default: the first
    approved one). ``with_ids`` adds the row ids as ``"_id"`` keys (of cases, fees, steps and
    components) so that a caller — the review's simplification proposal — can address the
    elements it changes; they must be removed before :func:`import_catalog`.
    """

    def ids(obj: Any) -> dict[str, Any]:
        return {"_id": obj.pk} if with_ids else {}

    cases = []
    for c in v.cases.all():
        processes = [
            p
            for p in c.processes.all()
            if p.status == ProcessStatus.APPROVED
            and (province_code is None or p.province.code == province_code)
        ]
        process = processes[0] if processes else None
        cases.append(
            {
                **ids(c),
                "code": c.code,
                "name": c.name,
                "time_limit": {"amount": _dec(c.time_amount), "unit": c.time_unit},
                "online_time_limit": (
                    {"amount": _dec(c.online_time_amount), "unit": c.online_time_unit}
                    if c.online_time_amount is not None
                    else None
                ),
                "cutoff": c.cutoff_time.strftime("%H:%M") if c.cutoff_time else None,
                "cutoff_reading": c.cutoff_reading,
                "supplement_clock": c.supplement_clock,
                "no_due_date": c.no_due_date,
                "calendar_days_skip_holidays": c.calendar_days_skip_holidays,
                "supplement_expiry": c.supplement_expiry,
                "excluded_phases": c.excluded_phases,
                "fees": [
                    {
                        **ids(f),
                        "name": f.name,
                        "amount": f.amount,
                        "mode": f.mode,
                        "description": f.description,
                    }
                    for f in c.fees.all()
                ],
                "process": (
                    {
                        "code": process.code,
                        "approval": process.approval_ref,
                        "steps": [
                            {
                                **ids(st),
                                "name": st.name,
                                "role": st.role,
                                "amount": _dec(st.amount),
                                "unit": st.unit,
                                "form": st.output_form,
                                "send_back": st.send_back_allowed,
                                "counts": st.counts_toward_limit,
                            }
                            for st in process.steps.all()
                        ],
                    }
                    if process
                    else None
                ),
            }
        )
    return {
        "code": v.procedure.code,
        "name": v.name,
        "sector": v.sector.code,
        "level": v.level,
        "internal": v.is_internal,
        "online_level": v.online_level,
        "boundary_free": v.boundary_free,
        "inter_agency": v.is_inter_agency,
        "channels": list(v.channels),
        "applicant_types": list(v.applicant_types),
        "agencies": [
            {"role": a.role, "agency_type": a.agency_type.code}
            | ({"agency": a.agency.code} if a.agency_id else {})
            for a in v.agencies.all()
        ],
        "steps_text": v.steps_text,
        "requirements": v.requirements,
        "location": v.location,
        "result": {
            "name": v.result_name,
            "electronic": v.result_electronic,
            "paper_required": v.result_paper_required,
        },
        "legal_basis": v.legal_basis,
        "form_templates": v.form_templates,
        "note": v.note,
        "components": [
            {
                **ids(comp),
                "name": comp.name,
                "copy_type": comp.copy_type,
                "quantity": comp.quantity,
                "required": comp.required,
                "form_template": comp.form_template,
                "national_doc_code": comp.national_doc_code,
                "cases": [cc.code for cc in comp.cases.all()],
            }
            for comp in v.components.all()
        ],
        "cases": cases,
    }


# --- XLSX -------------------------------------------------------------------------------

# (sheet title, [(column header, key)]) — the header text is what officers see.
SHEETS: dict[str, list[tuple[str, str]]] = {
    "Thủ tục": [
        ("Mã TTHC", "code"),
        ("Tên thủ tục", "name"),
        ("Mã lĩnh vực", "sector"),
        ("Cấp thực hiện (province/commune/central/vertical)", "level"),
        ("Thủ tục nội bộ (x)", "internal"),
        ("Mức độ DVCTT (full/partial/none)", "online_level"),
        ("Phi địa giới (x)", "boundary_free"),
        ("Liên thông (x)", "inter_agency"),
        ("Cách thức (direct, postal, online)", "channels"),
        ("Đối tượng thực hiện (mỗi dòng một đối tượng)", "applicant_types"),
        ("Cơ quan thực hiện (vai trò:loại cơ quan[:mã cơ quan], mỗi dòng một)", "agencies"),
        ("Trình tự thực hiện", "steps_text"),
        ("Yêu cầu, điều kiện", "requirements"),
        ("Địa điểm thực hiện", "location"),
        ("Kết quả", "result_name"),
        ("Kết quả điện tử (x)", "result_electronic"),
        ("Yêu cầu bản giấy (x)", "result_paper_required"),
        ("Căn cứ pháp lý (số | tên | ngày hiệu lực, mỗi dòng một văn bản)", "legal_basis"),
        ("Mẫu đơn, tờ khai (mỗi dòng một mẫu)", "form_templates"),
        ("Ghi chú", "note"),
    ],
    "Trường hợp": [
        ("Mã TTHC", "procedure"),
        ("Mã trường hợp", "code"),
        ("Tên trường hợp", "name"),
        ("Thời hạn", "amount"),
        ("Đơn vị (working_days/working_hours/calendar_days/same_day/months)", "unit"),
        ("Thời hạn trực tuyến", "online_amount"),
        ("Đơn vị trực tuyến", "online_unit"),
        ("Giờ chốt (HH:MM)", "cutoff"),
        ("Cách hiểu giờ chốt (a/b)", "cutoff_reading"),
        ("Bổ sung hồ sơ (pause/reset)", "supplement_clock"),
        ("Không có ngày hẹn trả (x)", "no_due_date"),
        ("Ngày lịch bỏ qua ngày lễ (x)", "calendar_days_skip_holidays"),
        ("Khi quá hạn bổ sung (deny/stop)", "supplement_expiry"),
        ("Không tính vào thời hạn (fin_obligation, suspension)", "excluded_phases"),
        ("Ký hiệu quy trình", "process_code"),
        ("Quyết định phê duyệt quy trình", "process_approval"),
    ],
    "Thành phần hồ sơ": [
        ("Mã TTHC", "procedure"),
        ("Tên giấy tờ", "name"),
        ("Loại bản (original/copy/certified_copy/photo/present)", "copy_type"),
        ("Số lượng", "quantity"),
        ("Bắt buộc (x)", "required"),
        ("Mẫu đơn, tờ khai", "form_template"),
        ("Mã giấy tờ kho quốc gia", "national_doc_code"),
        ("Áp dụng cho trường hợp (mã, cách nhau dấu phẩy; trống: tất cả)", "cases"),
    ],
    "Phí, lệ phí": [
        ("Mã TTHC", "procedure"),
        ("Mã trường hợp", "case"),
        ("Tên phí, lệ phí", "name"),
        ("Số tiền (đồng)", "amount"),
        ("Hình thức thu (before/after/exempt)", "mode"),
        ("Mô tả", "description"),
    ],
    "Bước xử lý": [
        ("Mã TTHC", "procedure"),
        ("Mã trường hợp", "case"),
        ("Bước", "order"),
        ("Nội dung công việc", "name"),
        ("Vai trò", "role"),
        ("Thời gian", "amount"),
        ("Đơn vị", "unit"),
        ("Biểu mẫu, kết quả", "form"),
        ("Được chuyển lại (x)", "send_back"),
        ("Tính vào thời hạn (x)", "counts"),
    ],
    "Quyết định công bố": [
        ("Số quyết định", "number"),
        ("Ngày ký", "date"),
        ("Trích yếu", "title"),
        ("Người ký", "signer"),
        ("Chức vụ", "signer_title"),
        ("Cơ quan ban hành (mã hoặc loại)", "issuer"),
        ("Ngày hiệu lực", "effective_date"),
        ("Ngày công khai", "made_public_at"),
        ("Mã TTHC", "procedure"),
        ("Loại công bố (new/amended/replaced/abolished)", "change_type"),
    ],
    "Lĩnh vực": [("Mã lĩnh vực", "code"), ("Tên lĩnh vực", "name")],
}
_FLAGS = {
    "internal",
    "boundary_free",
    "inter_agency",
    "result_electronic",
    "result_paper_required",
    "no_due_date",
    "calendar_days_skip_holidays",
    "required",
    "send_back",
    "counts",
}


def _cell(key: str, value: Any) -> Any:
    if key in _FLAGS:
        return "x" if value else ""
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    return value


def document_to_xlsx(document: dict[str, Any]) -> bytes:
    """Lay a catalog document out as an XLSX workbook (write-only, so large catalogs fit)."""
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in SHEETS}
    rows["Lĩnh vực"] = document.get("sectors", [])
    for d in document.get("decisions", []):
        for item in d.get("items", []):
            rows["Quyết định công bố"].append({**d, **item})
    for p in document.get("procedures", []):
        rows["Thủ tục"].append(
            {
                **p,
                "agencies": [
                    ":".join(filter(None, [a["role"], a["agency_type"], a.get("agency")]))
                    for a in p["agencies"]
                ],
                "result_name": p["result"]["name"],
                "result_electronic": p["result"].get("electronic", True),
                "result_paper_required": p["result"].get("paper_required", False),
                "legal_basis": [
                    " | ".join([b["number"], b["title"], b.get("effective_date") or ""])
                    for b in p["legal_basis"]
                ],
                "channels": ", ".join(p["channels"]),
            }
        )
        for comp in p["components"]:
            comp = {"cases": [], **comp}
            rows["Thành phần hồ sơ"].append(
                {
                    "required": True,
                    **comp,
                    "procedure": p["code"],
                    "cases": ", ".join(comp["cases"]),
                }
            )
        for c in p["cases"]:
            c = {"fees": [], **c}
            online = c.get("online_time_limit") or {}
            process = c.get("process") or {}
            rows["Trường hợp"].append(
                {
                    **c,
                    "procedure": p["code"],
                    "amount": c["time_limit"]["amount"],
                    "unit": c["time_limit"]["unit"],
                    "online_amount": online.get("amount"),
                    "online_unit": online.get("unit"),
                    "process_code": process.get("code"),
                    "process_approval": process.get("approval"),
                    "excluded_phases": ", ".join(c.get("excluded_phases") or []),
                }
            )
            for f in c["fees"]:
                rows["Phí, lệ phí"].append({**f, "procedure": p["code"], "case": c["code"]})
            for order, st in enumerate(process.get("steps", []), start=1):
                rows["Bước xử lý"].append(
                    {
                        "counts": True,
                        **st,
                        "procedure": p["code"],
                        "case": c["code"],
                        "order": order,
                    }
                )
    wb = Workbook(write_only=True)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for title, columns in SHEETS.items():
        ws = wb.create_sheet(title)
        from openpyxl.cell import WriteOnlyCell

        header = []
        for label, _key in columns:
            cell = WriteOnlyCell(ws, value=label)
            cell.font, cell.fill = bold, fill
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            header.append(cell)
        ws.append(header)
        for row in rows[title]:
            ws.append([_cell(key, row.get(key)) for _label, key in columns])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _lines(value: Any) -> list[str]:
    return [line.strip() for line in _text(value).splitlines() if line.strip()]


def xlsx_to_document(data: bytes) -> dict[str, Any]:
    """Read a workbook laid out by :func:`document_to_xlsx` back into a catalog document.

    Structural problems (a missing sheet or column, a row naming an unknown procedure or case,
    a non-numeric amount) are reported with the sheet and row number; the content rules are
    then checked by the importer.
    """
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        raise CatalogError([("", f"Không đọc được tệp XLSX: {exc}")]) from exc
    errors: list[tuple[str, str]] = []
    sheets: dict[str, list[tuple[int, dict[str, str | Any]]]] = {}
    for title, columns in SHEETS.items():
        if title not in wb.sheetnames:
            errors.append((title, f"Thiếu trang tính '{title}'."))
            continue
        it = wb[title].iter_rows(values_only=True)
        header = [_text(h) for h in next(it, ())]
        index = {}
        for label, key in columns:
            if label not in header:
                errors.append((title, f"Thiếu cột '{label}'."))
            else:
                index[key] = header.index(label)
        rows = []
        for n, raw in enumerate(it, start=2):
            if not any(v not in (None, "") for v in raw):
                continue
            rows.append((n, {k: raw[i] if i < len(raw) else None for k, i in index.items()}))
        sheets[title] = rows
    if errors:
        raise CatalogError(errors)

    def where(title: str, n: int) -> str:
        return f"{title}, dòng {n}"

    def flag(v: Any) -> bool:
        return _text(v).lower() in {"x", "1", "true", "có", "co", "yes"}

    def number(title: str, n: int, v: Any, *, integer: bool = False) -> Any:
        t = _text(v).replace(",", ".")
        try:
            d = Decimal(t)
        except ArithmeticError:
            errors.append((where(title, n), f"'{_text(v)}' không phải là số."))
            return 0
        if integer:
            if d != d.to_integral_value():
                errors.append((where(title, n), f"'{_text(v)}' phải là số nguyên."))
            return int(d)
        return format(d.normalize(), "f")

    procedures: dict[str, dict[str, Any]] = {}
    for n, r in sheets["Thủ tục"]:
        code = _text(r["code"])
        if code in procedures:
            errors.append((where("Thủ tục", n), f"Mã TTHC {code} bị trùng."))
        agencies = []
        for line in _lines(r["agencies"]):
            parts = [x.strip() for x in line.split(":")]
            if len(parts) < 2:
                errors.append(
                    (where("Thủ tục", n), f"Cơ quan '{line}' phải có dạng vai trò:loại cơ quan.")
                )
                continue
            agencies.append(
                {"role": parts[0], "agency_type": parts[1]}
                | ({"agency": parts[2]} if len(parts) > 2 and parts[2] else {})
            )
        basis = []
        for line in _lines(r["legal_basis"]):
            parts = [x.strip() for x in line.split("|")]
            basis.append(
                {
                    "number": parts[0],
                    "title": parts[1] if len(parts) > 1 else "",
                    "effective_date": parts[2] if len(parts) > 2 and parts[2] else None,
                }
            )
        procedures[code] = {
            "_row": where("Thủ tục", n),
            "code": code,
            "name": _text(r["name"]),
            "sector": _text(r["sector"]),
            "level": _text(r["level"]),
            "internal": flag(r["internal"]),
            "online_level": _text(r["online_level"]) or "none",
            "boundary_free": flag(r["boundary_free"]),
            "inter_agency": flag(r["inter_agency"]),
            "channels": [c.strip() for c in _text(r["channels"]).split(",") if c.strip()],
            "applicant_types": _lines(r["applicant_types"]),
            "agencies": agencies,
            "steps_text": _text(r["steps_text"]),
            "requirements": _text(r["requirements"]),
            "location": _text(r["location"]),
            "result": {
                "name": _text(r["result_name"]),
                "electronic": flag(r["result_electronic"]),
                "paper_required": flag(r["result_paper_required"]),
            },
            "legal_basis": basis,
            "form_templates": _lines(r["form_templates"]),
            "note": _text(r["note"]),
            "components": [],
            "cases": [],
        }
    cases: dict[tuple[str, str], dict[str, Any]] = {}

    def owner(title: str, n: int, code: Any) -> dict[str, Any] | None:
        p = procedures.get(_text(code))
        if p is None:
            errors.append((where(title, n), f"Mã TTHC '{_text(code)}' không có ở trang 'Thủ tục'."))
        return p

    for n, r in sheets["Trường hợp"]:
        p = owner("Trường hợp", n, r["procedure"])
        if p is None:
            continue
        case = {
            "_loc": where("Trường hợp", n),
            "code": _text(r["code"]),
            "name": _text(r["name"]),
            "time_limit": {
                "amount": number("Trường hợp", n, r["amount"]),
                "unit": _text(r["unit"]),
            },
            "online_time_limit": (
                {
                    "amount": number("Trường hợp", n, r["online_amount"]),
                    "unit": _text(r["online_unit"]) or _text(r["unit"]),
                }
                if _text(r["online_amount"])
                else None
            ),
            "cutoff": _text(r["cutoff"]) or None,
            "cutoff_reading": _text(r["cutoff_reading"]) or "b",
            "supplement_clock": _text(r["supplement_clock"]) or "pause",
            "no_due_date": flag(r["no_due_date"]),
            "calendar_days_skip_holidays": flag(r["calendar_days_skip_holidays"]),
            "supplement_expiry": _text(r["supplement_expiry"]) or "deny",
            "excluded_phases": [
                x.strip()
                for x in _text(r["excluded_phases"]).replace("\n", ",").split(",")
                if x.strip()
            ],
            "fees": [],
            "process": (
                {
                    "code": _text(r["process_code"]),
                    "approval": _text(r["process_approval"]),
                    "steps": [],
                }
                if _text(r["process_code"])
                else None
            ),
        }
        p["cases"].append(case)
        cases[(p["code"], case["code"])] = case

    def case_of(title: str, n: int, code: Any, case_code: Any) -> dict[str, Any] | None:
        c = cases.get((_text(code), _text(case_code)))
        if c is None:
            errors.append(
                (where(title, n), f"Không có trường hợp '{_text(case_code)}' của {_text(code)}.")
            )
        return c

    for n, r in sheets["Thành phần hồ sơ"]:
        p = owner("Thành phần hồ sơ", n, r["procedure"])
        if p is not None:
            p["components"].append(
                {
                    "_loc": where("Thành phần hồ sơ", n),
                    "name": _text(r["name"]),
                    "copy_type": _text(r["copy_type"]),
                    "quantity": number("Thành phần hồ sơ", n, r["quantity"] or 1, integer=True),
                    "required": flag(r["required"]),
                    "form_template": _text(r["form_template"]),
                    "national_doc_code": _text(r["national_doc_code"]),
                    "cases": [c.strip() for c in _text(r["cases"]).split(",") if c.strip()],
                }
            )
    for n, r in sheets["Phí, lệ phí"]:
        c = case_of("Phí, lệ phí", n, r["procedure"], r["case"])
        if c is not None:
            c["fees"].append(
                {
                    "_loc": where("Phí, lệ phí", n),
                    "name": _text(r["name"]),
                    "amount": number("Phí, lệ phí", n, r["amount"] or 0, integer=True),
                    "mode": _text(r["mode"]),
                    "description": _text(r["description"]),
                }
            )
    for n, r in sheets["Bước xử lý"]:
        c = case_of("Bước xử lý", n, r["procedure"], r["case"])
        if c is None:
            continue
        if c["process"] is None:
            errors.append((where("Bước xử lý", n), "Trường hợp này chưa có ký hiệu quy trình."))
            continue
        c["process"]["steps"].append(
            {
                "_loc": where("Bước xử lý", n),
                "name": _text(r["name"]),
                "role": _text(r["role"]),
                "amount": number("Bước xử lý", n, r["amount"] or 0),
                "unit": _text(r["unit"]),
                "form": _text(r["form"]),
                "send_back": flag(r["send_back"]),
                "counts": flag(r["counts"]),
            }
        )
    decisions: dict[str, dict[str, Any]] = {}
    for _row, r in sheets["Quyết định công bố"]:
        number_ = _text(r["number"])
        d = decisions.setdefault(
            number_,
            {
                "number": number_,
                "date": _text(r["date"]),
                "title": _text(r["title"]),
                "signer": _text(r["signer"]),
                "signer_title": _text(r["signer_title"]),
                "issuer": _text(r["issuer"]) or None,
                "effective_date": _text(r["effective_date"]),
                "made_public_at": _text(r["made_public_at"]) or None,
                "items": [],
            },
        )
        d["items"].append(
            {"procedure": _text(r["procedure"]), "change_type": _text(r["change_type"]) or "new"}
        )
    if errors:
        raise CatalogError(errors)
    locations: dict[str, str] = {}
    for i, p in enumerate(procedures.values()):
        locations[f"procedures[{i}]"] = p.pop("_row")
        for j, comp in enumerate(p["components"]):
            locations[f"procedures[{i}].components[{j}]"] = comp.pop("_loc")
        for j, c in enumerate(p["cases"]):
            locations[f"procedures[{i}].cases[{j}]"] = c.pop("_loc")
            for k, f in enumerate(c["fees"]):
                locations[f"procedures[{i}].cases[{j}].fees[{k}]"] = f.pop("_loc")
            for k, st in enumerate((c["process"] or {}).get("steps", [])):
                locations[f"procedures[{i}].cases[{j}].process.steps[{k}]"] = st.pop("_loc")
    return {
        "_locations": locations,
        "format": FORMAT,
        "sectors": [
            {"code": _text(r["code"]), "name": _text(r["name"])} for _row, r in sheets["Lĩnh vực"]
        ],
        "decisions": list(decisions.values()),
        "procedures": list(procedures.values()),
    }
