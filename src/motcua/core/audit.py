"""Append-only audit log (nhật ký thao tác)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser

from motcua.core.models import AuditEntry


def record(
    *,
    at: datetime,
    actor: AbstractBaseUser | None,
    action: str,
    obj: Any,
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one audit entry; called inside the caller's transaction."""
    return AuditEntry.objects.create(
        at=at,
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        data=data or {},
    )
