"""Read side of notifications: a citizen's channel choices and the delivery log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet

from motcua.sync.models import NotificationDelivery, NotificationPreference


@dataclass(frozen=True)
class Preference:
    id_number: str
    email: bool
    sms: bool
    is_default: bool
    updated_at: datetime | None = None

    def wants(self, kind: str) -> bool:
        return bool(getattr(self, kind))


def preference_for(id_number: str) -> Preference:
    """The citizen's choice, or the default: every channel for which there is a contact."""
    p = NotificationPreference.objects.filter(id_number=id_number.strip()).first()
    if p is None:
        return Preference(id_number.strip(), email=True, sms=True, is_default=True)
    return Preference(p.id_number, p.email, p.sms, is_default=False, updated_at=p.updated_at)


def deliveries_of(dossier_ref: str) -> QuerySet[NotificationDelivery]:
    """What was sent (or not, and why) for one dossier, newest first."""
    return NotificationDelivery.objects.filter(dossier=dossier_ref).order_by("-id")
