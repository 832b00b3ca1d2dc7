"""The one error type of the documents package."""

from __future__ import annotations

from typing import Any


class DocumentError(Exception):
    """A refused document action: a machine ``code``, a Vietnamese ``message``, an HTTP status."""

    def __init__(self, code: str, message: str, status: int = 400, errors: Any = None):
        super().__init__(message)
        self.code, self.message, self.status, self.errors = code, message, status, errors
