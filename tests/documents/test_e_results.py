"""Electronic results: who may issue, what the PDF carries, verification of the signed file."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12

from motcua.core.models import OutboxMessage
from motcua.documents import results, selectors, services
from motcua.documents.errors import DocumentError
from motcua.documents.models import DigitisedDocument, DocumentKind
from motcua.documents.signing import get_backend
from motcua.documents.signing.pdf import sign_pdf
from motcua.documents.signing.testca import issue_certificate, make_ca
from motcua.dossiers.printing import qr_data_uri
from support import vn

pytestmark = pytest.mark.django_db

BASE = "https://motcua.example.test"
ISSUED = vn(2026, 3, 24, 10)


@pytest.fixture
def issued(decided_dossier, user):
    def _issue(username: str = "lanhdao.syt", **kw):
        d = decided_dossier(**kw)
        e = services.issue_electronic_result(d, user=user(username), now=ISSUED, base_url=BASE)
        return d, e

    return _issue


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "ket-qua.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return re.sub(r"\s+", " ", out)


def test_leader_issues_a_signed_result(issued):
    d, e = issued()
    assert e.code == f"{d.code}-KQ1" and e.agency.code == "so-y-te-12"
    assert e.template == "documents/results/1.012289.html"  # the procedure's own template
    assert e.signer_subject.startswith("CN=Sở Y tế tỉnh Lai Châu")
    assert e.evidence["intact"] and e.evidence["trusted"] and e.evidence["whole_file"]
    assert (
        e.file.kind == "pdf"
        and e.file.purpose == "result"
        and e.file.sha256 == e.evidence["sha256"]
    )
    # synchronised into the applicant's store under the result code
    stored = DigitisedDocument.objects.get(source_result=e.result)
    assert (stored.kind, stored.code, stored.owner_id_number) == (
        DocumentKind.RESULT,
        e.code,
        d.applicant_id_number,
    )
    msg = OutboxMessage.objects.get(topic="documents.result_issued", key=f"ket-qua:{e.code}")
    assert msg.payload["sha256"] == e.file.sha256


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_result_pdf_carries_codes_system_name_and_verification_address(issued, tmp_path, settings):
    d, e = issued()
    text = pdf_text(selectors.file_bytes(e.file), tmp_path)
    assert d.code in text
    assert f"Mã kết quả: {e.code}" in text
    assert settings.MOTCUA_SITE_NAME in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert "GIẤY PHÉP HOẠT ĐỘNG KHÁM BỆNH, CHỮA BỆNH" in text
    assert "Căn cứ Luật Khám bệnh, chữa bệnh số 15/2023/QH15;" in text
    assert "ĐÃ KÝ SỐ" in text and "KT. GIÁM ĐỐC" in text and "Lê Văn Thành" in text
    assert f"{BASE}/xac-thuc-ket-qua/" in text
    fonts = subprocess.run(
        ["pdffonts", str(tmp_path / "ket-qua.pdf")], capture_output=True, text=True
    ).stdout
    assert "Liberation-Serif" in fonts and " yes yes " in fonts  # Times-compatible, embedded


def test_qr_code_encodes_the_verification_url_with_its_token(decided_dossier):
    d = decided_dossier()
    result = d.results.get()
    rendered = results.render_html(result, base_url=BASE, token="tok123", now=ISSUED)
    url = f"{BASE}/xac-thuc-ket-qua/{result.code}/?k=tok123"
    assert results.verification_url(BASE, result.code, "tok123") == url
    assert qr_data_uri(url) in rendered.html  # segno is deterministic: same URL, same QR


def test_generic_template_for_procedures_without_their_own(decided_dossier, monkeypatch):
    monkeypatch.setattr(results, "template_names", lambda code: [results.DEFAULT_TEMPLATE])
    d = decided_dossier(approved=False, note="Cơ sở chưa đủ nhân lực hành nghề theo quy định.")
    rendered = results.render_html(d.results.get(), base_url=BASE, token="t", now=ISSUED)
    assert rendered.template == results.DEFAULT_TEMPLATE
    assert "Kết quả giải quyết thủ tục hành chính" in rendered.html
    assert "Lý do: Cơ sở chưa đủ nhân lực" in rendered.html


def test_records_clerk_may_issue(issued):
    _d, e = issued("vanthu.syt")
    assert e.issued_by.username == "vanthu.syt"


@pytest.mark.parametrize("username", ["chuyenvien.syt", "tiepnhan.laichau", "lanhdao.binhlu"])
def test_others_may_not_issue(decided_dossier, user, username):
    d = decided_dossier()
    with pytest.raises(DocumentError) as exc:
        services.issue_electronic_result(d, user=user(username), now=ISSUED, base_url=BASE)
    assert exc.value.status == 403


def test_only_a_decided_dossier_gets_an_e_result(clinic_dossier, user):
    d = clinic_dossier()
    with pytest.raises(DocumentError) as exc:
        services.issue_electronic_result(d, user=user("lanhdao.syt"), now=ISSUED, base_url=BASE)
    assert exc.value.code == "not_decided" and exc.value.status == 409


def test_a_result_is_issued_once(issued, user):
    d, _e = issued()
    with pytest.raises(DocumentError) as exc:
        services.issue_electronic_result(d, user=user("lanhdao.syt"), now=ISSUED, base_url=BASE)
    assert exc.value.code == "already_issued"


# --- verification -------------------------------------------------------------------------------


def test_issued_file_verifies_as_valid(issued):
    d, e = issued()
    v = selectors.verify_document(selectors.file_bytes(e.file))
    assert v.verdict == "valid" and v.match == "exact" and v.result == e
    assert v.signature.signer_name == "Sở Y tế tỉnh Lai Châu"
    facts = selectors.public_facts(v.result)
    assert facts["applicant_initials"] == "N. T. M."
    assert facts["dossier_code"] == d.code and facts["agency"] == "Sở Y tế tỉnh Lai Châu"
    assert "Nguyễn" not in str(facts)


def test_one_byte_modified_result_is_reported_as_modified(issued):
    _d, e = issued()
    data = bytearray(selectors.file_bytes(e.file))
    at = bytes(data).index(b">>\nstream\n") + 30
    data[at] ^= 0x01
    v = selectors.verify_document(bytes(data))
    assert v.verdict == "modified"
    assert "đã bị thay đổi sau khi ký" in v.message or "bị hỏng" in v.message
    if v.result is not None:  # found by its signature: the notes point at the original
        assert v.match == "signature" and e.code in v.notes[0]


def test_appended_content_is_reported_as_modified(issued):
    _d, e = issued()
    v = selectors.verify_document(selectors.file_bytes(e.file) + b"\n9 0 obj\n(x)\nendobj\n")
    assert v.verdict == "modified" and v.match == "signature"


def test_result_signed_by_an_unknown_ca_is_reported(decided_dossier):
    from pyhanko.sign.signers import SimpleSigner

    d = decided_dossier()
    html = results.render_html(d.results.get(), base_url=BASE, token="t", now=ISSUED).html
    other = make_ca("CA không rõ nguồn gốc")
    key, cert = issue_certificate(other, "Sở Y tế tỉnh Lai Châu", "Sở Y tế tỉnh Lai Châu")
    p12 = pkcs12.serialize_key_and_certificates(
        b"x", key, cert, [other.cert], serialization.NoEncryption()
    )
    forged = sign_pdf(
        results.render_pdf(html),
        SimpleSigner.load_pkcs12_data(p12, []),
        reason="x",
        location="x",
        name="x",
    )
    v = selectors.verify_document(forged)
    assert v.verdict == "untrusted" and v.result is None
    assert "không xác định được người ký" in v.message


def test_trusted_signature_on_an_unregistered_file(pdf_bytes, agency):
    a = agency("so-y-te-12")
    signed = sign_pdf(pdf_bytes, get_backend().signer_for(a), reason="x", location="x", name="x")
    v = selectors.verify_document(signed)
    assert v.verdict == "unregistered"


def test_unsigned_pdf_and_images(pdf_bytes, png_bytes):
    assert selectors.verify_document(pdf_bytes).verdict == "unsigned"
    assert selectors.verify_document(png_bytes).verdict == "not_pdf"
    with pytest.raises(DocumentError):
        selectors.verify_document(b"plain text")


def test_revoked_result_is_reported(issued, user):
    _d, e = issued()
    with pytest.raises(DocumentError):
        services.revoke_electronic_result(e, user=user("vanthu.syt"), now=ISSUED, reason="Sai")
    services.revoke_electronic_result(
        e, user=user("lanhdao.syt"), now=ISSUED, reason="Cấp nhầm địa chỉ"
    )
    v = selectors.verify_document(selectors.file_bytes(e.file))
    assert v.verdict == "revoked" and "Cấp nhầm địa chỉ" in v.message


def test_peoples_committee_masthead_and_signer_lines(agency):
    from motcua.documents.results import masthead_lines

    assert masthead_lines(agency("ubnd-xa-03390")) == ("", ["ỦY BAN NHÂN DÂN", "XÃ BÌNH LƯ"])
    assert masthead_lines(agency("so-y-te-12")) == ("UBND TỈNH LAI CHÂU", ["SỞ Y TẾ"])
