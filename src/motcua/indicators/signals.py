"""After-commit hooks: rollups follow the dossier events without ``dossiers`` importing us.

``DossierEvent.objects.create`` (every service, the importer) fires Django's ``post_save``;
we register one after-commit callback per transaction that runs :func:`catch_up` with
``skip_locked`` (if another run holds the cursor, the worker loop picks the events up). Changes
held by other packages (digitisation, e-results, payments) mark the dossier dirty.
"""

from __future__ import annotations

import logging
import time

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_save
from django.utils import timezone

log = logging.getLogger(__name__)


#: monotonic time of this process's last after-commit catch-up
_last_nudge = 0.0


def _nudge() -> None:
    """Catch up after a commit, at most once per ``MOTCUA_ROLLUPS_NUDGE_SECONDS`` (default 1 s)
    per process: under heavy intake the worker loop and the read path (``ensure_fresh``) carry
    the rest, so intake never pays for every event twice."""
    global _last_nudge
    from motcua.indicators.services import catch_up

    interval = getattr(settings, "MOTCUA_ROLLUPS_NUDGE_SECONDS", 1.0)
    now_mono = time.monotonic()
    if now_mono - _last_nudge < interval:
        return
    _last_nudge = now_mono
    try:
        catch_up(now=timezone.now(), skip_locked=True)
    except Exception:  # never break the dossier request; the worker loop retries
        log.exception("catch_up after commit failed")


def _queued(conn) -> bool:
    return any(entry[1] is _nudge for entry in conn.run_on_commit)


def on_event(sender, instance, created, **kwargs) -> None:
    if not created or not getattr(settings, "MOTCUA_ROLLUPS_ON_COMMIT", True):
        return
    conn = transaction.get_connection()
    if conn.in_atomic_block and _queued(conn):
        return
    transaction.on_commit(_nudge)


def _dirty(dossier_id) -> None:
    from motcua.indicators.services import mark_dirty

    mark_dirty(dossier_id)


def on_digitisation(sender, instance, **kwargs) -> None:
    _dirty(instance.component.dossier_id)


def on_reuse(sender, instance, **kwargs) -> None:
    _dirty(instance.component.dossier_id)


def on_eresult(sender, instance, **kwargs) -> None:
    _dirty(instance.result.dossier_id)


def on_invoice(sender, instance, **kwargs) -> None:
    _dirty(instance.dossier_id)


def on_payment(sender, instance, **kwargs) -> None:
    _dirty(instance.invoice.dossier_id)


def connect() -> None:
    post_save.connect(
        on_event, sender=apps.get_model("dossiers", "DossierEvent"), dispatch_uid="ind-event"
    )
    for label, handler in (
        ("documents.ComponentDigitisation", on_digitisation),
        ("documents.DocumentReuse", on_reuse),
        ("documents.ElectronicResult", on_eresult),
        ("payments.Invoice", on_invoice),
        ("payments.Payment", on_payment),
    ):
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        post_save.connect(handler, sender=model, dispatch_uid=f"ind-{label}")
        # a dirty mark also needs a nudge after commit
        post_save.connect(on_event_any, sender=model, dispatch_uid=f"ind-nudge-{label}")


def on_event_any(sender, instance, **kwargs) -> None:
    on_event(sender, instance, True)
