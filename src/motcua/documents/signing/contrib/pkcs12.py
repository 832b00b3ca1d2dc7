"""One PKCS#12 file per agency (the default backend).

``<MOTCUA_SIGNING_DIR>/<agency code>.p12`` holds the agency's key and certificate chain; its
passphrase is read from ``<agency code>.pass`` next to it (mode 600), else from the setting
``MOTCUA_SIGNING_PASSPHRASE``. ``manage.py init_signing`` writes such files for a local test
CA; in production the files come from the agency's certification authority.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from django.conf import settings

from motcua.documents.signing.base import NoSigner, SignerBackend
from motcua.documents.signing.registry import register, signing_dir

_cache: dict[tuple[str, float], Any] = {}
_lock = threading.Lock()


def p12_path(agency_code: str, directory: Path | None = None) -> Path:
    return (directory or signing_dir()) / f"{agency_code}.p12"


def passphrase_for(path: Path) -> bytes | None:
    pass_file = path.with_suffix(".pass")
    if pass_file.is_file():
        return pass_file.read_text().strip().encode()
    configured = getattr(settings, "MOTCUA_SIGNING_PASSPHRASE", None)
    return configured.encode() if configured else None


@register
class Pkcs12Backend(SignerBackend):
    name = "pkcs12"

    def signer_for(self, agency):
        from pyhanko.sign.signers import SimpleSigner

        path = p12_path(agency.code)
        if not path.is_file():
            raise NoSigner(agency.name, f"không có tệp {path.name}")
        key = (str(path), path.stat().st_mtime)
        with _lock:
            signer = _cache.get(key)
        if signer is None:
            try:
                signer = SimpleSigner.load_pkcs12_data(
                    path.read_bytes(), [], passphrase=passphrase_for(path)
                )
            except Exception as exc:
                raise NoSigner(agency.name, f"không mở được tệp {path.name}: {exc}") from exc
            if signer is None:  # pyHanko returns None on a wrong passphrase in some versions
                raise NoSigner(agency.name, f"không mở được tệp {path.name}")
            with _lock:
                _cache[key] = signer
        return signer
