"""The outbox: side effects written with the business change, delivered after commit.

``enqueue`` is called inside a service's transaction. ``deliver`` hands pending messages, in
order, to the handler registered for their topic and records the outcome; a failing handler
leaves the message (and every later one with the same topic and key) for the next run, so the
order per topic and key is kept, and a topic without a handler yet (the national-portal
adapter) never holds back another topic.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction

from motcua.core.models import OutboxMessage

Handler = Callable[[OutboxMessage], None]
_handlers: dict[str, Handler] = {}


def register(topic: str) -> Callable[[Handler], Handler]:
    """Register the delivery handler of a topic (a plug-in: portal adapter, notifier…)."""

    def deco(fn: Handler) -> Handler:
        _handlers[topic] = fn
        return fn

    return deco


def handled_topics() -> set[str]:
    """The topics that have a registered handler in this process (what a worker delivers;
    messages of other topics — e.g. ``portal.sync`` before its adapter exists — wait)."""
    return set(_handlers)


def enqueue(
    *, topic: str, key: str, dedup_key: str, payload: dict[str, Any], now: datetime
) -> OutboxMessage:
    """Write a message in the current transaction (idempotent on ``dedup_key``)."""
    msg, _ = OutboxMessage.objects.get_or_create(
        dedup_key=dedup_key,
        defaults={
            "topic": topic,
            "key": key,
            "payload": payload,
            "created_at": now,
            "available_at": now,
        },
    )
    return msg


def deliver(*, now: datetime, limit: int = 100, topics: set[str] | None = None) -> dict[str, int]:
    """Deliver pending messages in id order; returns counts of delivered and failed."""
    stats = {"delivered": 0, "failed": 0, "skipped": 0}
    blocked: set[tuple[str, str]] = set()  # order is kept per (topic, key)
    pending = OutboxMessage.objects.filter(delivered_at__isnull=True)
    if topics:
        pending = pending.filter(topic__in=topics)
    for msg in pending.order_by("id")[:limit]:
        handler = _handlers.get(msg.topic)
        lane = (msg.topic, msg.key)
        if handler is None or lane in blocked or msg.available_at > now:
            blocked.add(lane)  # later messages of this topic and key wait behind it
            stats["skipped"] += 1
            continue
        with transaction.atomic():
            locked = OutboxMessage.objects.select_for_update().get(pk=msg.pk)
            if locked.delivered_at is not None:
                continue
            locked.attempts += 1
            try:
                handler(locked)
            except Exception as exc:
                locked.last_error = f"{type(exc).__name__}: {exc}"[:2000]
                locked.available_at = now + timedelta(seconds=min(3600, 30 * 2**locked.attempts))
                blocked.add(lane)
                stats["failed"] += 1
            else:
                locked.delivered_at = now
                locked.last_error = ""
                stats["delivered"] += 1
            locked.save(update_fields=["attempts", "last_error", "available_at", "delivered_at"])
    return stats
