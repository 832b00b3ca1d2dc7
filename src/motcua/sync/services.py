"""Notifications to citizens: plan them from the outbox, send them once per channel, retry.

Two steps keep a notification from going out twice on one channel:

1. ``plan`` runs inside the outbox transaction of a ``citizen.notify`` message and writes one
   delivery row per channel kind (unique per message and kind), already rendered.
2. ``send_due`` runs outside any transaction: it claims a row (``sending``, committed), calls
   the channel, then records ``sent`` or ``failed`` (retried later with a growing delay). A
   worker that dies after the claim leaves the row ``sending``: never sent again by itself.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.db.models import QuerySet

from motcua.core import audit, outbox
from motcua.core.errors import DomainError
from motcua.core.models import OutboxMessage
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.services import NOTIFY_ACTIONS
from motcua.sync import registry, selectors
from motcua.sync.base import Notification
from motcua.sync.messages import render
from motcua.sync.models import DeliveryStatus, NotificationDelivery, NotificationPreference

log = logging.getLogger(__name__)

TOPIC = "citizen.notify"
ACTION_BY_SUBJECT = {subject: action for action, subject in NOTIFY_ACTIONS.items()}
NO_CONTACT = {
    "email": "Hồ sơ không có địa chỉ thư điện tử.",
    "sms": "Hồ sơ không có số điện thoại.",
}


class PreferenceError(DomainError):
    """A refused preference action (see :class:`DomainError`)."""


# --- preferences ---------------------------------------------------------------------------


def valid_id_number(id_number: str) -> bool:
    digits = id_number.strip()
    return digits.isdigit() and len(digits) in (10, 12, 13)


@transaction.atomic
def set_preference(
    *, id_number: str, email: bool, sms: bool, actor: AbstractBaseUser | None, now: datetime
) -> NotificationPreference:
    """Record the channels a citizen (by ID number or tax code) wants to be notified on."""
    id_number = id_number.strip()
    if not valid_id_number(id_number):
        raise PreferenceError(
            "invalid",
            "Số định danh cá nhân (12 chữ số) hoặc mã số thuế (10 hoặc 13 chữ số) không hợp lệ.",
            errors={"id_number": ["Không hợp lệ."]},
        )
    before = selectors.preference_for(id_number)
    pref, _ = NotificationPreference.objects.update_or_create(
        id_number=id_number,
        defaults={
            "email": email,
            "sms": sms,
            "updated_at": now,
            "updated_by": actor if actor is not None and actor.is_authenticated else None,
        },
    )
    audit.record(
        at=now,
        actor=actor,
        action="notification.preference",
        obj=pref,
        data={
            "from": {"email": before.email, "sms": before.sms},
            "to": {"email": email, "sms": sms},
        },
    )
    return pref


# --- planning (inside the outbox transaction) ------------------------------------------------


def _event(msg: OutboxMessage, dossier: Dossier) -> DossierEvent | None:
    seq = msg.payload.get("seq")
    if seq is None:  # the dossier services key notifications "notify:<dossier id>:<seq>"
        parts = msg.dedup_key.split(":")
        if len(parts) == 3 and parts[0] == "notify" and parts[2].isdigit():
            seq = int(parts[2])
    if seq is None:
        return None
    return DossierEvent.objects.filter(dossier=dossier, seq=seq).first()


def plan(msg: OutboxMessage, *, now: datetime) -> list[int]:
    """Render the message and write one delivery row per channel kind (idempotent)."""
    p = msg.payload
    dossier = (
        Dossier.objects.select_related("version", "receiving_agency", "competent_agency")
        .filter(submission_ref=p.get("dossier", ""))
        .first()
    )
    if dossier is None:
        log.warning("citizen.notify %s: no dossier %r", msg.pk, p.get("dossier"))
        return []
    event = _event(msg, dossier)
    action = (
        p.get("action")
        or (event.action if event else "")
        or ACTION_BY_SUBJECT.get(p.get("subject", ""), "")
    )
    subject = p.get("subject") or NOTIFY_ACTIONS.get(action, "Thông báo về hồ sơ")
    note = render(action, subject, dossier, event, p.get("note") or "")
    contacts = {
        "email": (p["email"] if "email" in p else dossier.applicant_email) or "",
        "sms": (p["phone"] if "phone" in p else dossier.applicant_phone) or "",
    }
    wants = selectors.preference_for(dossier.applicant_id_number)
    channels = registry.active()
    rows = []
    for kind in registry.KINDS:
        channel = channels.get(kind)
        status, reason = DeliveryStatus.PENDING, ""
        if channel is None:
            status, reason = DeliveryStatus.SKIPPED, "Chưa cấu hình kênh gửi loại này."
        elif not contacts[kind].strip():
            status, reason = DeliveryStatus.SKIPPED, NO_CONTACT[kind]
        elif not wants.wants(kind):
            status, reason = DeliveryStatus.SKIPPED, "Công dân đã chọn không nhận qua kênh này."
        rows.append(
            NotificationDelivery(
                message_id=msg.pk,
                channel=kind,
                plugin=channel.name if channel else "",
                recipient=contacts[kind].strip(),
                dossier=dossier.submission_ref,
                action=action,
                subject=note.subject[:255],
                body=note.body,
                short=note.short,
                status=status,
                created_at=now,
                next_try_at=min(msg.available_at, now),
                last_error=reason,
            )
        )
    NotificationDelivery.objects.bulk_create(rows, ignore_conflicts=True)
    return list(
        NotificationDelivery.objects.filter(
            message_id=msg.pk, status=DeliveryStatus.PENDING
        ).values_list("pk", flat=True)
    )


# --- sending (outside any transaction) -------------------------------------------------------


def backoff(attempts: int) -> timedelta:
    """1, 2, 4 … minutes, at most one hour."""
    return timedelta(seconds=min(3600, 60 * 2 ** max(0, attempts - 1)))


def max_attempts() -> int:
    return getattr(settings, "MOTCUA_NOTIFY_MAX_ATTEMPTS", 10)


def send_due(*, now: datetime, limit: int = 200, message_id: int | None = None) -> dict[str, int]:
    """Send the rows that are due; returns counts of sent and failed.

    Must run outside a transaction (each claim and each outcome is its own durable commit).
    """
    stats = {"sent": 0, "failed": 0}
    channels = registry.active()
    due = NotificationDelivery.objects.filter(
        status__in=[DeliveryStatus.PENDING, DeliveryStatus.FAILED], next_try_at__lte=now
    )
    if message_id is not None:
        due = due.filter(message_id=message_id)
    for row in list(due.order_by("id")[:limit]):
        channel = channels.get(row.channel)
        with transaction.atomic(durable=True):
            claim = NotificationDelivery.objects.filter(
                pk=row.pk, status=row.status, attempts=row.attempts
            )
            if channel is None:
                claim.update(status=DeliveryStatus.SKIPPED, last_error="Chưa cấu hình kênh gửi.")
                continue
            if not claim.update(
                status=DeliveryStatus.SENDING,
                attempts=row.attempts + 1,
                claimed_at=now,
                plugin=channel.name,
            ):
                continue  # another worker took it
        attempts = row.attempts + 1
        try:
            channel.send(row.recipient, Notification(row.subject, row.body, row.short))
        except Exception as exc:  # any failure of a plug-in is retried later
            gave_up = attempts >= max_attempts()
            with transaction.atomic(durable=True):
                NotificationDelivery.objects.filter(pk=row.pk).update(
                    status=DeliveryStatus.GAVE_UP if gave_up else DeliveryStatus.FAILED,
                    next_try_at=now + backoff(attempts),
                    last_error=f"{type(exc).__name__}: {exc}"[:2000],
                )
            log.warning("notification %s via %s failed: %s", row.pk, channel.name, exc)
            stats["failed"] += 1
        else:
            with transaction.atomic(durable=True):
                NotificationDelivery.objects.filter(pk=row.pk).update(
                    status=DeliveryStatus.SENT, sent_at=now, last_error=""
                )
            stats["sent"] += 1
    return stats


def run_once(*, now: datetime, limit: int = 500) -> dict[str, int]:
    """One pass of the worker: deliver the pending outbox messages of every topic that has a
    handler (``citizen.notify``, ``feedback.notify``, …: each plans its deliveries), then send
    every due delivery (first tries and retries)."""
    delivered = outbox.deliver(now=now, limit=limit, topics=outbox.handled_topics() or {TOPIC})
    sent = send_due(now=now, limit=limit)
    return {"planned": delivered["delivered"], **sent}


@transaction.atomic
def resend(
    rows: QuerySet[NotificationDelivery], *, actor: AbstractBaseUser | None, now: datetime
) -> int:
    """A person decides to send again (a row stuck in ``sending``, failed or given up)."""
    n = 0
    for row in rows.select_for_update().exclude(
        status__in=[DeliveryStatus.SENT, DeliveryStatus.SKIPPED, DeliveryStatus.PENDING]
    ):
        audit.record(
            at=now, actor=actor, action="notification.resend", obj=row, data={"was": row.status}
        )
        NotificationDelivery.objects.filter(pk=row.pk).update(
            status=DeliveryStatus.PENDING, next_try_at=now
        )
        n += 1
    return n
