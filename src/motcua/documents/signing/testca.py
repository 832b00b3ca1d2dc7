"""A local test certification authority and one signing certificate per agency.

For the embedded default and demos only: ``manage.py init_signing`` calls
:func:`ensure_ca` and :func:`ensure_agency_certificate`. Layout under the signing directory::

    ca/ca.key.pem            the test CA's private key (mode 600)
    trust/motcua-test-ca.pem its certificate, trusted by the verification page
    <agency code>.p12        the agency's key, certificate and the CA certificate
    <agency code>.pass       the passphrase of the .p12 (mode 600)
    <agency code>.pem        the agency's certificate alone (public; lets a rerun skip it)

Keys are ECDSA P-256 (fast to make, accepted by PAdES validators). A certificate issued by an
older test CA is replaced when the CA is made again.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

CA_NAME = "motcua Test CA (không dùng cho văn bản thật)"
CA_FILE = "trust/motcua-test-ca.pem"
CA_KEY_FILE = "ca/ca.key.pem"


@dataclass(frozen=True)
class TestCA:
    key: ec.EllipticCurvePrivateKey
    cert: x509.Certificate


def _write(path: Path, data: bytes, mode: int = 0o644) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.chmod(tmp, mode)
    os.replace(tmp, path)


def fit(value: str, limit: int = 64) -> str:
    """X.520 names hold at most 64 characters (``cryptography`` counts UTF-8 bytes): cut a
    longer name at a word and end it with "…"."""
    value = " ".join(value.split())
    if len(value.encode()) <= limit:
        return value
    words = value.split(" ")
    while words and len((" ".join(words) + "…").encode()) > limit:
        words.pop()
    return (" ".join(words).rstrip(",;-") + "…") if words else value[: limit // 4]


def _name(common_name: str, organisation: str, locality: str = "") -> x509.Name:
    attrs = [
        x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
        *([x509.NameAttribute(NameOID.LOCALITY_NAME, fit(locality, 128))] if locality else []),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, fit(organisation)),
        x509.NameAttribute(NameOID.COMMON_NAME, fit(common_name)),
    ]
    return x509.Name(attrs)


def make_ca(common_name: str = CA_NAME, *, now: datetime | None = None) -> TestCA:
    """A self-signed CA (10 years)."""
    now = now or datetime.now(UTC)
    key = ec.generate_private_key(ec.SECP256R1())
    name = _name(common_name, "motcua")
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return TestCA(key, cert)


def issue_certificate(
    ca: TestCA,
    common_name: str,
    organisation: str,
    *,
    locality: str = "",
    now: datetime | None = None,
    years: int = 3,
) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    """A signing certificate (digital signature + non-repudiation) issued by ``ca``."""
    now = now or datetime.now(UTC)
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name, organisation, locality))
        .issuer_name(ca.cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(min(now + timedelta(days=365 * years), ca.cert.not_valid_after_utc))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.key.public_key()), critical=False
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(ca.key, hashes.SHA256())
    )
    return key, cert


def pkcs12_bytes(
    key: ec.EllipticCurvePrivateKey,
    cert: x509.Certificate,
    chain: list[x509.Certificate],
    passphrase: bytes,
    friendly_name: str,
) -> bytes:
    return pkcs12.serialize_key_and_certificates(
        friendly_name.encode(),
        key,
        cert,
        chain,
        serialization.BestAvailableEncryption(passphrase),
    )


def load_ca(directory: Path) -> TestCA | None:
    key_path, cert_path = directory / CA_KEY_FILE, directory / CA_FILE
    if not (key_path.is_file() and cert_path.is_file()):
        return None
    key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
    cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        return None
    return TestCA(key, cert)


def ensure_ca(directory: Path) -> tuple[TestCA, bool]:
    """The test CA of ``directory``, made on first use; returns (ca, created)."""
    existing = load_ca(directory)
    if existing is not None:
        return existing, False
    ca = make_ca()
    key_pem = ca.key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    _write(directory / CA_KEY_FILE, key_pem, 0o600)
    _write(directory / CA_FILE, ca.cert.public_bytes(serialization.Encoding.PEM))
    return ca, True


def _issued_by(cert_path: Path, ca: TestCA) -> bool:
    """The agency certificate (its public copy next to the .p12) is from ``ca`` and current."""
    try:
        cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
    except (OSError, ValueError):
        return False
    return (
        cert.issuer == ca.cert.subject
        and cert.not_valid_after_utc > datetime.now(UTC) + timedelta(days=30)
        and _verifies(cert, ca)
    )


def _verifies(cert: x509.Certificate, ca: TestCA) -> bool:
    try:
        cert.verify_directly_issued_by(ca.cert)
    except Exception:
        return False
    return True


def ensure_agency_certificate(
    directory: Path,
    ca: TestCA,
    *,
    code: str,
    name: str,
    locality: str = "",
) -> bool:
    """Write ``<code>.p12`` and ``<code>.pass`` unless a valid one from ``ca`` exists.

    Returns True when a certificate was (re)issued.
    """
    p12 = directory / f"{code}.p12"
    pass_file = directory / f"{code}.pass"
    cert_file = directory / f"{code}.pem"
    if p12.is_file() and pass_file.is_file() and _issued_by(cert_file, ca):
        return False
    passphrase = secrets.token_urlsafe(18)
    key, cert = issue_certificate(ca, name, name, locality=locality)
    _write(pass_file, passphrase.encode(), 0o600)
    _write(p12, pkcs12_bytes(key, cert, [ca.cert], passphrase.encode(), code), 0o600)
    _write(cert_file, cert.public_bytes(serialization.Encoding.PEM))  # written last
    return True
