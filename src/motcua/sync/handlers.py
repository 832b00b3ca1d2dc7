"""The outbox handler of ``citizen.notify`` (registered by ``SyncConfig.ready``).

It plans the deliveries inside the outbox transaction and sends them right after that
transaction commits. "portal.sync" is not handled here: the national-portal adapter will be.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from motcua.core import outbox
from motcua.core.models import OutboxMessage
from motcua.sync import services


@outbox.register(services.TOPIC)
def deliver_citizen_notify(msg: OutboxMessage) -> None:
    if services.plan(msg, now=timezone.now()):
        transaction.on_commit(
            lambda: services.send_due(now=timezone.now(), message_id=msg.pk), robust=True
        )
