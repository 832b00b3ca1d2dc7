"""E-mail through Django's mail system (the default mailer, DEFAULT_FROM_EMAIL)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage

from motcua.sync import registry
from motcua.sync.base import Channel, Notification


@registry.register
class EmailChannel(Channel):
    name = "email"
    kind = "email"
    label = "Thư điện tử"

    def send(self, recipient: str, notification: Notification) -> None:
        EmailMessage(
            subject=notification.subject,
            body=notification.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[recipient],
        ).send(fail_silently=False)
