"""The answer letter (văn bản trả lời PAKN) as a PDF, signed with the agency's PAdES signer
when one is configured (documents' signing plug-ins); otherwise the unsigned PDF is kept and
the history says so."""

from __future__ import annotations

import logging
from datetime import datetime

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.template.loader import render_to_string

from motcua.core.calendar import VN_TZ
from motcua.documents.results import masthead_lines, render_pdf
from motcua.dossiers.printing import header_for, vn_date
from motcua.feedback.models import Petition
from motcua.feedback.states import Decision, NationalClass

log = logging.getLogger(__name__)


def answer_html(p: Petition, *, signer: AbstractBaseUser | None, at: datetime, number: str) -> str:
    agency = p.agency
    header = header_for(agency)
    parent, agency_lines = masthead_lines(agency)
    return render_to_string(
        "feedback/letters/answer.html",
        {
            "p": p,
            "agency": agency,
            "masthead_parent": parent,
            "masthead_agency": agency_lines,
            "number_line": f"Số: {number}" if number else "Số:      /TL-PAKN",
            "place_date": f"{header.place}, {vn_date(at)}",
            "decision": Decision(p.decision).label if p.decision else "",
            "national_class": NationalClass(p.national_class).label if p.national_class else "",
            "received": vn_date(p.received_at),
            "signer_name": (signer.get_full_name() if signer else "") or "",
            "stamp_date": f"{at.astimezone(VN_TZ):%d/%m/%Y}",
            "site_name": getattr(settings, "MOTCUA_SITE_NAME", "motcua"),
        },
    )


def answer_pdf(
    p: Petition, *, signer: AbstractBaseUser | None, at: datetime, number: str = ""
) -> tuple[bytes, bool]:
    """``(pdf, signed)``: the letter, PAdES-signed by the agency when it has a signer."""
    pdf = render_pdf(answer_html(p, signer=signer, at=at, number=number))
    from motcua.documents.signing import NoSigner, get_backend
    from motcua.documents.signing.pdf import sign_pdf

    try:
        pyhanko_signer = get_backend().signer_for(p.agency)
    except NoSigner:
        log.info("no signer for %s: answer letter %s kept unsigned", p.agency.code, p.code)
        return pdf, False
    signed = sign_pdf(
        pdf,
        pyhanko_signer,
        reason=f"Trả lời phản ánh, kiến nghị {p.code}",
        location=header_for(p.agency).place,
        name=p.agency.name,
    )
    return signed, True
