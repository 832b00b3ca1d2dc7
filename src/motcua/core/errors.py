"""The one base of the errors a domain service raises when it refuses an action."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A refused action: a machine ``code``, a Vietnamese ``message``, an HTTP ``status`` and,
    where input was at fault, ``errors`` by field. The API turns every one of them into
    ``{"code", "message", "errors"?}`` with that status (``motcua.api.errors``)."""

    def __init__(self, code: str, message: str, status: int = 400, errors: Any = None):
        super().__init__(message)
        self.code, self.message, self.status, self.errors = code, message, status, errors
