"""The PDF of an electronic result (kết quả điện tử), before it is signed.

The template is chosen per procedure: ``documents/results/<procedure code>.html`` when it
exists, else ``documents/results/default.html`` (a generic result document). Every template
extends ``documents/results/base.html``, which prints what Nghị định 45/2020 Điều 14 and 18
ask of an e-result and of its printout: the issuing agency's masthead (Nghị định 30/2020
layout), the dossier code, the result code ``<mã hồ sơ>-KQ<n>``, the system's name, a QR code
to the public verification page, and a drawn stamp where the invisible PAdES signature of the
agency applies.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote, urlencode

from django.conf import settings
from django.template.loader import select_template

from motcua.core.calendar import VN_TZ
from motcua.directory.models import Role, StaffRole
from motcua.dossiers.models import ApplicantKind, Dossier, DossierEvent, DossierResult
from motcua.dossiers.printing import header_for, qr_data_uri, vn_date

DEFAULT_TEMPLATE = "documents/results/default.html"


def template_names(procedure_code: str) -> list[str]:
    return [f"documents/results/{procedure_code}.html", DEFAULT_TEMPLATE]


def verification_url(base_url: str, code: str, token: str = "") -> str:
    """The public page the QR code opens (with the download token, when given)."""
    url = f"{base_url.rstrip('/')}/xac-thuc-ket-qua/{quote(code, safe='')}/"
    return f"{url}?{urlencode({'k': token})}" if token else url


def legal_basis_lines(basis: list) -> list[str]:
    """ "Căn cứ Luật Khám bệnh, chữa bệnh số 15/2023/QH15;" lines (fee regulations left out)."""
    lines = []
    for item in basis or []:
        if not isinstance(item, dict):
            continue
        title, number = (item.get("title") or "").strip(), (item.get("number") or "").strip()
        if not title or "phí" in title.lower():
            continue
        for kind in ("Nghị định", "Thông tư liên tịch", "Thông tư", "Quyết định", "Nghị quyết"):
            if title.startswith(kind + " "):
                rest = title[len(kind) + 1 :]
                lines.append(f"Căn cứ {kind} số {number} {rest};" if number else f"Căn cứ {title};")
                break
        else:
            lines.append(f"Căn cứ {title} số {number};" if number else f"Căn cứ {title};")
    return lines


COUNCIL = "Ủy ban nhân dân"
#: Suffixes dropped from a title printed under the agency's own name.
TITLE_SUFFIXES = ("UBND tỉnh", "UBND thành phố", "UBND xã", "UBND phường", "UBND đặc khu")


def masthead_lines(agency) -> tuple[str, list[str]]:
    """The issuing body's lines: parent (plain) and the agency (bold), Nghị định 30/2020.

    A people's committee with no parent prints "ỦY BAN NHÂN DÂN" over "XÃ BÌNH LƯ".
    """
    header = header_for(agency)
    if not header.parent and agency.name.startswith(COUNCIL + " "):
        return "", [COUNCIL.upper(), agency.name[len(COUNCIL) + 1 :].upper()]
    return header.parent, [header.name]


def signer_title(result: DossierResult) -> list[str]:
    """The decider's title lines in caps ("KT. GIÁM ĐỐC" / "PHÓ GIÁM ĐỐC" for a deputy;
    "TM. ỦY BAN NHÂN DÂN" first for a people's committee)."""
    event = (
        DossierEvent.objects.filter(
            dossier_id=result.dossier_id, action__in=("approve", "deny"), data__result=result.code
        )
        .select_related("actor_agency")
        .first()
    )
    title = ""
    agency = None
    if event is not None and event.actor_id:
        agency = event.actor_agency
        title = (
            StaffRole.objects.filter(
                user_id=event.actor_id, agency_id=event.actor_agency_id, role=event.actor_role
            )
            .values_list("title", flat=True)
            .first()
            or ""
        )
        if not title and event.actor_role in Role.values:
            title = str(Role(event.actor_role).label)
    title = title or "Thủ trưởng cơ quan"
    if agency is not None:
        for suffix in (*filter(None, (agency.name, agency.short_name)), *TITLE_SUFFIXES):
            if title.lower().endswith(" " + suffix.lower()) and len(title) > len(suffix) + 1:
                title = title[: -len(suffix) - 1].strip()
                break
    council = agency is not None and agency.name.startswith(COUNCIL + " ")
    lines = [f"TM. {COUNCIL}".upper()] if council else []
    if title.lower().startswith("phó "):
        return [*lines, f"KT. {title[4:]}".upper(), title.upper()]
    return [*lines, title.upper()]


@dataclass(frozen=True)
class Rendered:
    html: str
    template: str


def render_html(
    result: DossierResult, *, base_url: str, token: str, now: datetime, stamp: str = ""
) -> Rendered:
    """The HTML of ``result``'s e-result. ``stamp`` names the signer drawn in the stamp box."""
    dossier = Dossier.objects.select_related(
        "version__procedure",
        "case",
        "receiving_agency",
        "competent_agency__unit__parent",
        "competent_agency__parent",
    ).get(pk=result.dossier_id)
    agency = dossier.competent_agency
    version = dossier.version
    header = header_for(agency)
    url = verification_url(base_url, result.code, token)
    template = select_template(template_names(version.procedure.code))
    individual = dossier.applicant_kind == ApplicantKind.INDIVIDUAL
    titles = signer_title(result)
    parent_line, agency_lines = masthead_lines(agency)
    context = {
        "result": result,
        "dossier": dossier,
        "agency": agency,
        "header": header,
        "place_date": f"{header.place}, {vn_date(result.decided_at)}",
        "number_line": f"Số: {result.document_number}" if result.document_number else "",
        "procedure": version.name,
        "procedure_code": version.procedure.code,
        "case_name": dossier.case.name if version.cases.count() > 1 else "",
        "legal_basis": legal_basis_lines(version.legal_basis),
        "individual": individual,
        "applicant_label": "Họ và tên" if individual else "Tên tổ chức",
        "id_label": "Số định danh cá nhân" if individual else "Mã số thuế",
        "received": vn_date(dossier.received_at) if dossier.received_at else "",
        "signer_title": titles,
        "authority": next(t for t in titles if not t.startswith("TM. ")).removeprefix("KT. "),
        "masthead_parent": parent_line,
        "masthead_agency": agency_lines,
        "stamp": stamp or agency.name,
        "stamp_date": f"{now.astimezone(VN_TZ):%d/%m/%Y}",
        "site_name": getattr(settings, "MOTCUA_SITE_NAME", "motcua"),
        "verify_url": url,
        "verify_page": f"{base_url.rstrip('/')}/xac-thuc-ket-qua/",
        "qr": qr_data_uri(url),
    }
    return Rendered(template.render(context), template.template.name)


def render_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html).write_pdf()
