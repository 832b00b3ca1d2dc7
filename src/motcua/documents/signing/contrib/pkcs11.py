"""PKCS#11 plug-in point: USB tokens and HSMs (chữ ký số trên thiết bị USB token, HSM).

Not exercised by the test suite; it needs ``python-pkcs11`` (``pip install
'pyhanko[pkcs11]'``) and the token vendor's PKCS#11 module. Configure::

    MOTCUA_SIGNING_BACKEND = "pkcs11"
    MOTCUA_SIGNING_PKCS11 = {
        "module": "/usr/lib/x86_64-linux-gnu/libvendor-pkcs11.so",
        "token_label": "SYT-LAICHAU",
        "pin_file": "/run/secrets/motcua-token-pin",     # never the PIN itself in settings
        # the key and certificate label of each agency on the token
        "keys": {"so-y-te-12": "so-y-te-12"},
    }

A server-side HSM shared by several agencies uses one label per agency; a USB token held by
one agency has one entry.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from motcua.documents.signing.base import NoSigner, SignerBackend
from motcua.documents.signing.registry import register


@register
class Pkcs11Backend(SignerBackend):
    name = "pkcs11"

    def __init__(
        self,
        module: str = "",
        token_label: str = "",
        pin_file: str = "",
        keys: dict[str, str] | None = None,
        **options: Any,
    ) -> None:
        super().__init__(**options)
        self.module, self.token_label, self.pin_file = module, token_label, pin_file
        self.keys = keys or {}

    def signer_for(self, agency):
        label = self.keys.get(agency.code)
        if not label:
            raise NoSigner(agency.name, "không có khóa trên thiết bị PKCS#11")
        if not self.module or not self.token_label:
            raise ImproperlyConfigured("MOTCUA_SIGNING_PKCS11 needs 'module' and 'token_label'")
        try:
            from pyhanko.config.pkcs11 import TokenCriteria
            from pyhanko.sign import pkcs11
        except ImportError as exc:
            raise ImproperlyConfigured(
                "The pkcs11 signer needs python-pkcs11 (pip install 'pyhanko[pkcs11]')"
            ) from exc
        pin = Path(self.pin_file).read_text().strip() if self.pin_file else None
        session = pkcs11.open_pkcs11_session(
            self.module, token_criteria=TokenCriteria(label=self.token_label), user_pin=pin
        )
        return pkcs11.PKCS11Signer(session, cert_label=label, key_label=label)
