"""The storage plug-in contract (kho lưu trữ tệp).

A backend keeps opaque bytes under a key. Keys are made by
:func:`motcua.documents.services.store_bytes` from the content's SHA-256
(``sha256/ab/cd/abcd…``), so the same content is stored once and a key never changes its
content. Metadata (name, type, size, hash, who and when) lives in the database
(:class:`motcua.documents.models.StoredFile`), never in the backend.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from typing import Any

#: What a key may look like (no "..", no leading slash, no backslash).
KEY_PATTERN = re.compile(r"^[a-z0-9]+(?:/[a-z0-9]+)*(?:\.[a-z0-9]+)?$")


class StorageError(Exception):
    """The backend could not read or write a file."""


class Storage(ABC):
    """Base class of storage backends. Implementations live under ``storage/contrib/``."""

    #: Registry name (``MOTCUA_DOCUMENT_STORAGE``).
    name: str = ""

    def __init__(self, **options: Any) -> None:
        self.options = options

    @staticmethod
    def check_key(key: str) -> str:
        if not KEY_PATTERN.match(key):
            raise StorageError(f"invalid storage key: {key!r}")
        return key

    @abstractmethod
    def save(self, key: str, data: bytes) -> None:
        """Store ``data`` under ``key`` durably; saving the same key again is harmless."""

    @abstractmethod
    def read(self, key: str) -> bytes:
        """The bytes under ``key``; :class:`StorageError` if missing."""

    @abstractmethod
    def exists(self, key: str) -> bool: ...

    @abstractmethod
    def delete(self, key: str) -> None:
        """Remove ``key`` (missing keys are ignored)."""

    def describe(self) -> str:
        """Where the files go, for logs and the admin (no secrets)."""
        return self.name
