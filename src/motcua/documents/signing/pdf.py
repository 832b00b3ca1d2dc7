"""PAdES signing and validation of PDF files with pyHanko.

Trusted roots (chứng thư gốc được tin cậy) are every certificate file (PEM or DER; ``.pem``,
``.crt``, ``.cer``, ``.der``) under ``<MOTCUA_SIGNING_DIR>/trust/`` plus the files listed in
``MOTCUA_SIGNING_TRUST_ROOTS``. In production put the roots of the national signing services
(e.g. the Government CA) there; ``init_signing`` puts the local test CA there.

Optional ``MOTCUA_SIGNING_TSA_URL``: an RFC 3161 time-stamping service used when signing
(PAdES B-T). Without it the signature carries the signer's own clock (PAdES B-B).
"""

from __future__ import annotations

import hashlib
import io
import logging
import warnings
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from django.conf import settings

from motcua.documents.signing.registry import signing_dir

TRUST_SUFFIXES = {".pem", ".crt", ".cer", ".der"}
FIELD_NAME = "ChuKySoCoQuan"


def _load_certs(path: Path) -> list:
    from asn1crypto import pem
    from asn1crypto import x509 as asn1_x509

    data = path.read_bytes()
    if pem.detect(data):
        return [asn1_x509.Certificate.load(der) for _t, _h, der in pem.unarmor(data, multiple=True)]
    return [asn1_x509.Certificate.load(data)]


def trust_root_files() -> list[Path]:
    files: list[Path] = []
    trust_dir = signing_dir() / "trust"
    if trust_dir.is_dir():
        files += sorted(p for p in trust_dir.iterdir() if p.suffix.lower() in TRUST_SUFFIXES)
    files += [Path(p) for p in getattr(settings, "MOTCUA_SIGNING_TRUST_ROOTS", ())]
    return files


def trust_roots() -> list:
    roots = []
    for path in trust_root_files():
        try:
            roots += _load_certs(path)
        except (OSError, ValueError):
            logging.getLogger(__name__).warning("cannot read trust root %s", path)
    return roots


def sign_pdf(data: bytes, signer, *, reason: str, location: str, name: str) -> bytes:
    """Sign ``data`` (a PDF) with an invisible PAdES signature field; return the signed PDF."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    timestamper = None
    if tsa := getattr(settings, "MOTCUA_SIGNING_TSA_URL", ""):
        from pyhanko.sign.timestamps import HTTPTimeStamper

        timestamper = HTTPTimeStamper(tsa)
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=reason,
        location=location,
        name=name,
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    out = signers.sign_pdf(writer, meta, signer=signer, timestamper=timestamper)
    return out.getvalue()


# --- validation -----------------------------------------------------------------------------


def _subject(name) -> dict[str, str]:
    native = name.native
    return {k: (", ".join(v) if isinstance(v, list) else str(v)) for k, v in native.items()}


SUBJECT_LABELS = (
    ("common_name", "CN"),
    ("organizational_unit_name", "OU"),
    ("organization_name", "O"),
    ("locality_name", "L"),
    ("state_or_province_name", "ST"),
    ("country_name", "C"),
)


def subject_text(parts: dict[str, str]) -> str:
    """ "CN=Sở Y tế tỉnh Lai Châu, O=Sở Y tế tỉnh Lai Châu, C=VN"."""
    return ", ".join(f"{short}={parts[k]}" for k, short in SUBJECT_LABELS if parts.get(k))


@dataclass
class SignatureCheck:
    """One embedded signature, checked."""

    field: str
    intact: bool
    valid: bool
    trusted: bool
    whole_file: bool
    modified_after: bool
    signer_subject: str = ""
    signer_name: str = ""
    signer_organisation: str = ""
    issuer_subject: str = ""
    signer_fingerprint: str = ""
    signer_serial: str = ""
    signed_at: datetime | None = None
    signature_digest: str = ""
    summary: str = ""


@dataclass
class PdfCheck:
    """What the signatures of a PDF say."""

    sha256: str
    size: int
    readable: bool = True
    signatures: list[SignatureCheck] = field(default_factory=list)
    error: str = ""


def signature_digest(embedded) -> str:
    """SHA-256 of the CMS signature value: identifies one act of signing across copies."""
    value = embedded.signer_info["signature"].native
    return hashlib.sha256(value).hexdigest()


def verify_pdf(data: bytes) -> PdfCheck:
    """Check every signature of ``data`` against the trusted roots (no network access)."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    check = PdfCheck(sha256=hashlib.sha256(data).hexdigest(), size=len(data))
    roots = trust_roots()
    quiet = logging.getLogger("pyhanko_certvalidator")
    previous = quiet.level
    quiet.setLevel(logging.CRITICAL)  # path-building failures are reported, not logged
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfFileReader(io.BytesIO(data), strict=False)
            embedded = list(reader.embedded_signatures)
            for sig in embedded:
                context = ValidationContext(
                    trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail"
                )
                status = validate_pdf_signature(sig, context)
                cert = status.signing_cert
                subject = _subject(cert.subject)
                whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
                # only validation data (DSS, document timestamps) may follow a signature
                harmless = status.modification_level == ModificationLevel.LTA_UPDATES
                check.signatures.append(
                    SignatureCheck(
                        field=sig.field_name or "",
                        intact=bool(status.intact),
                        valid=bool(status.valid),
                        trusted=bool(status.trusted),
                        whole_file=whole,
                        modified_after=not whole and not harmless,
                        signer_subject=subject_text(subject),
                        signer_name=subject.get("common_name", ""),
                        signer_organisation=subject.get("organization_name", ""),
                        issuer_subject=subject_text(_subject(cert.issuer)),
                        signer_fingerprint=hashlib.sha256(cert.dump()).hexdigest(),
                        signer_serial=format(cert.serial_number, "x"),
                        signed_at=status.signer_reported_dt,
                        signature_digest=signature_digest(sig),
                        summary=status.summary(),
                    )
                )
    except Exception as exc:  # a damaged or tampered file that cannot be parsed
        check.readable = False
        check.error = f"{type(exc).__name__}: {exc}"[:500]
    finally:
        quiet.setLevel(previous)
    return check
