"""SMS written to a file and the console: the embedded default, for trying and testing.

Every message is one line appended to ``MOTCUA_SMS_LOG`` (default ``<var>/sms.log``):
``<ISO time>\\t<phone>\\t<text>``. A real gateway is another plug-in of kind ``sms``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from motcua.sync import registry
from motcua.sync.base import Channel, Notification


def log_path() -> Path:
    return Path(getattr(settings, "MOTCUA_SMS_LOG", Path(settings.VAR_DIR) / "sms.log"))


@registry.register
class FileSmsChannel(Channel):
    name = "sms_file"
    kind = "sms"
    label = "Tin nhắn SMS (ghi vào tệp var/sms.log)"

    def send(self, recipient: str, notification: Notification) -> None:
        text = " ".join(notification.short.split())  # one line, whatever the template did
        line = f"{timezone.localtime():%Y-%m-%dT%H:%M:%S%z}\t{recipient}\t{text}\n"
        path = log_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as f:
            f.write(line)
        sys.stdout.write(f"[SMS → {recipient}] {text}\n")
        sys.stdout.flush()
