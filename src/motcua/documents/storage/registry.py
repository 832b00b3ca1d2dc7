"""Registry of storage backends: ``@register`` a class, ``get_storage()`` the configured one.

Settings (read with ``getattr``, safe defaults):

``MOTCUA_DOCUMENT_STORAGE``
    backend name, default ``"local"`` (files under ``MEDIA_ROOT/documents``);
``MOTCUA_DOCUMENT_STORAGE_OPTIONS``
    keyword arguments of the backend (``{"root": "/srv/motcua/files"}`` for ``local``;
    ``{"bucket": …, "endpoint_url": …, "prefix": …}`` for ``s3``).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from motcua.documents.storage.base import Storage

_backends: dict[str, type[Storage]] = {}


def register(cls: type[Storage]) -> type[Storage]:
    if not cls.name:
        raise ValueError("a storage backend needs a name")
    _backends[cls.name] = cls
    return cls


def backends() -> dict[str, type[Storage]]:
    _load_builtins()
    return dict(_backends)


def _load_builtins() -> None:
    from motcua.documents.storage.contrib import local, s3  # noqa: F401 - registers them


def get_storage(name: str | None = None) -> Storage:
    """The backend ``name`` (default: the configured one) with its configured options."""
    _load_builtins()
    configured = getattr(settings, "MOTCUA_DOCUMENT_STORAGE", "local")
    chosen = name or configured
    if chosen not in _backends:
        raise ImproperlyConfigured(
            f"Unknown document storage {chosen!r}; known: {', '.join(sorted(_backends))}"
        )
    options = (
        getattr(settings, "MOTCUA_DOCUMENT_STORAGE_OPTIONS", {}) if chosen == configured else {}
    )
    return _backends[chosen](**options)
