"""PAdES signatures: the test CA command, intact / modified / unknown signer / unregistered."""

from __future__ import annotations

import io

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12
from django.core.management import call_command

from motcua.documents.signing import get_backend, signing_dir
from motcua.documents.signing.base import NoSigner
from motcua.documents.signing.pdf import sign_pdf, trust_roots, verify_pdf
from motcua.documents.signing.testca import issue_certificate, make_ca

pytestmark = pytest.mark.django_db


def _sign_with_agency(data: bytes, agency) -> bytes:
    signer = get_backend().signer_for(agency)
    return sign_pdf(data, signer, reason="Thử", location="Lai Châu", name=agency.name)


def _flip_in_signed_range(signed: bytes) -> bytes:
    """Change one byte inside the signed range (inside the first content stream)."""
    at = signed.index(b">>\nstream\n") + 20
    out = bytearray(signed)
    out[at] ^= 0x01
    return bytes(out)


def test_init_signing_is_idempotent(document_dirs):
    directory = signing_dir()
    p12 = directory / "so-y-te-12.p12"
    before = p12.read_bytes()
    out = io.StringIO()
    call_command("init_signing", "--agency", "so-y-te-12", stdout=out)
    assert "0 mới, 1 giữ nguyên" in out.getvalue()
    assert p12.read_bytes() == before
    assert (directory / "trust" / "motcua-test-ca.pem").is_file()
    assert oct((directory / "so-y-te-12.pass").stat().st_mode & 0o777) == "0o600"
    assert len(trust_roots()) == 1


def test_agency_without_certificate_has_no_signer(agency):
    with pytest.raises(NoSigner) as exc:
        get_backend().signer_for(agency("so-tu-phap-12"))
    assert exc.value.status == 409 and "chưa có chứng thư số" in exc.value.message


def test_intact_signature_is_trusted(pdf_bytes, agency):
    signed = _sign_with_agency(pdf_bytes, agency("so-y-te-12"))
    check = verify_pdf(signed)
    assert check.readable and len(check.signatures) == 1
    sig = check.signatures[0]
    assert sig.intact and sig.valid and sig.trusted and sig.whole_file and not sig.modified_after
    assert sig.signer_name == "Sở Y tế tỉnh Lai Châu"
    assert "C=VN" in sig.signer_subject and "motcua Test CA" in sig.issuer_subject
    assert sig.signed_at is not None and len(sig.signature_digest) == 64


def test_one_byte_modified_is_detected(pdf_bytes, agency):
    signed = _sign_with_agency(pdf_bytes, agency("so-y-te-12"))
    check = verify_pdf(_flip_in_signed_range(signed))
    assert check.readable
    sig = check.signatures[0]
    assert not sig.intact and sig.signer_name == "Sở Y tế tỉnh Lai Châu"


def test_bytes_appended_after_signing_are_detected(pdf_bytes, agency):
    signed = _sign_with_agency(pdf_bytes, agency("so-y-te-12"))
    sig = verify_pdf(signed + b"\n1 0 obj\n(them)\nendobj\n").signatures[0]
    assert sig.intact and not sig.whole_file and sig.modified_after


def test_signer_from_an_unknown_ca_is_not_trusted(pdf_bytes):
    from pyhanko.sign.signers import SimpleSigner

    other = make_ca("CA lạ")
    key, cert = issue_certificate(other, "Cơ quan giả mạo", "Cơ quan giả mạo")
    p12 = pkcs12.serialize_key_and_certificates(
        b"x", key, cert, [other.cert], serialization.NoEncryption()
    )
    signer = SimpleSigner.load_pkcs12_data(p12, [])
    signed = sign_pdf(pdf_bytes, signer, reason="Giả", location="?", name="Giả")
    sig = verify_pdf(signed).signatures[0]
    assert sig.intact and not sig.trusted
    assert sig.signer_name == "Cơ quan giả mạo"


def test_unsigned_pdf_has_no_signatures(pdf_bytes):
    check = verify_pdf(pdf_bytes)
    assert check.readable and check.signatures == []


def test_incremental_update_after_signing_is_detected(pdf_bytes, agency):
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    signed = _sign_with_agency(pdf_bytes, agency("so-y-te-12"))
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    page["/Rotate"] = generic.NumberObject(90)  # a change a forger would make to the page
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    sig = verify_pdf(out.getvalue()).signatures[0]
    assert sig.intact and not sig.whole_file and sig.modified_after


@pytest.mark.parametrize(
    "name",
    [
        "Sở Y tế tỉnh Lai Châu",
        "Trung tâm Phục vụ hành chính công Phường Đoàn Kết, tỉnh Lai Châu (cơ sở 2)",
    ],
)
def test_certificate_names_fit_x520_limits(name):
    from motcua.documents.signing.testca import fit

    fitted = fit(name)
    assert len(fitted.encode()) <= 64
    assert fitted == name if len(name.encode()) <= 64 else fitted.endswith("…")
    ca = make_ca()
    _key, cert = issue_certificate(ca, name, name)  # would raise on a long name
    assert cert.issuer == ca.cert.subject
