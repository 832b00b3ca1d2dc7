"""Local disk storage under ``MEDIA_ROOT/documents`` (the embedded default)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings

from motcua.documents.storage.base import Storage, StorageError
from motcua.documents.storage.registry import register


@register
class LocalStorage(Storage):
    """Files on the local file system; writes are atomic (temporary file, fsync, rename).

    Option ``root``: the directory (default ``MEDIA_ROOT/documents``). The directory is not
    served by the web server: downloads go through the permission-checked views.
    """

    name = "local"

    def __init__(self, root: str | os.PathLike | None = None, **options: Any) -> None:
        super().__init__(**options)
        self.root = Path(root) if root else Path(settings.MEDIA_ROOT) / "documents"

    def path(self, key: str) -> Path:
        return self.root / self.check_key(key)

    def save(self, key: str, data: bytes) -> None:
        target = self.path(key)
        if target.exists() and target.stat().st_size == len(data):
            return  # content-addressed: same key, same bytes
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, 0o640)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def read(self, key: str) -> bytes:
        try:
            return self.path(key).read_bytes()
        except FileNotFoundError as exc:
            raise StorageError(f"missing file {key}") from exc

    def exists(self, key: str) -> bool:
        return self.path(key).is_file()

    def delete(self, key: str) -> None:
        self.path(key).unlink(missing_ok=True)

    def describe(self) -> str:
        return f"local:{self.root}"
