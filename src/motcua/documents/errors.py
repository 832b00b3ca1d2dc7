"""The one error type of the documents package."""

from __future__ import annotations

from motcua.core.errors import DomainError


class DocumentError(DomainError):
    """A refused document action: a machine ``code``, a Vietnamese ``message``, an HTTP status."""
