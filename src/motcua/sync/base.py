"""Notification channels (kênh thông báo): the plug-in contract.

A channel reaches a citizen through one kind of contact — ``email`` (the applicant's e-mail
address) or ``sms`` (their phone number). The citizen's preference is kept per kind, so
swapping the SMS plug-in (file → a telecom gateway) never re-sends what was sent.
Implementations live under ``contrib/<name>/`` and register themselves in ``registry``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar


@dataclass(frozen=True)
class Notification:
    """One rendered message: a subject and body for e-mail, a short one-line text for SMS."""

    subject: str
    body: str
    short: str


class ChannelError(Exception):
    """The channel could not send now (the message is retried later)."""


class Channel:
    """Base class of a notification channel plug-in."""

    #: Registry name, e.g. ``"email"``, ``"sms_file"``.
    name: ClassVar[str] = ""
    #: The contact it uses and the preference flag it obeys: ``"email"`` or ``"sms"``.
    kind: ClassVar[str] = ""
    #: Vietnamese label shown in the admin.
    label: ClassVar[str] = ""

    def send(self, recipient: str, notification: Notification) -> None:
        """Send now or raise (any exception counts as a failure to retry later)."""
        raise NotImplementedError
