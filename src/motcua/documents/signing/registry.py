"""Registry of signer backends.

Settings (read with ``getattr``, safe defaults):

``MOTCUA_SIGNING_BACKEND``  backend name, default ``"pkcs12"``;
``MOTCUA_SIGNING_DIR``      directory of ``<agency code>.p12`` (+ ``.pass``) files and of the
                            trusted roots under ``trust/`` (default ``VAR_DIR/signing``);
``MOTCUA_SIGNING_PKCS11``   options of the ``pkcs11`` backend (see ``contrib/pkcs11.py``).
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from motcua.documents.signing.base import SignerBackend

_backends: dict[str, type[SignerBackend]] = {}


def register(cls: type[SignerBackend]) -> type[SignerBackend]:
    if not cls.name:
        raise ValueError("a signer backend needs a name")
    _backends[cls.name] = cls
    return cls


def _load_builtins() -> None:
    from motcua.documents.signing.contrib import pkcs11, pkcs12  # noqa: F401 - registers them


def backends() -> dict[str, type[SignerBackend]]:
    _load_builtins()
    return dict(_backends)


def signing_dir() -> Path:
    return Path(getattr(settings, "MOTCUA_SIGNING_DIR", None) or Path(settings.VAR_DIR) / "signing")


def get_backend(name: str | None = None) -> SignerBackend:
    _load_builtins()
    chosen = name or getattr(settings, "MOTCUA_SIGNING_BACKEND", "pkcs12")
    if chosen not in _backends:
        raise ImproperlyConfigured(
            f"Unknown signer backend {chosen!r}; known: {', '.join(sorted(_backends))}"
        )
    options = getattr(settings, "MOTCUA_SIGNING_PKCS11", {}) if chosen == "pkcs11" else {}
    return _backends[chosen](**options)
