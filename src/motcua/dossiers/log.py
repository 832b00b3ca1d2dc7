"""The event log as the source of truth: replay rebuilds every derived column."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from motcua.dossiers.models import Dossier

_DATETIME_FIELDS = {
    "reception_due_at",
    "received_at",
    "original_due_at",
    "due_at",
    "promised_due_at",
    "paused_since",
    "decided_at",
    "returned_at",
    "step_started_at",
    "step_due_at",
}


def replay(dossier: Dossier) -> dict[str, Any]:
    """The derived values obtained by applying the dossier's events in order."""
    from motcua.dossiers.services import DERIVED

    state: dict[str, Any] = {}
    for event in dossier.events.order_by("seq").only("data"):
        for field, value in event.data.get("set", {}).items():
            if field in _DATETIME_FIELDS and value is not None:
                value = datetime.fromisoformat(value)
            state[field] = value
    return {f: state.get(f) for f in DERIVED if f in state}


def cached(dossier: Dossier) -> dict[str, Any]:
    """The cached columns, for comparison with :func:`replay`."""
    from motcua.dossiers.services import DERIVED

    return {f: getattr(dossier, f) for f in DERIVED}
