"""Registry of notification channel plug-ins and the ones in use.

Built-in plug-ins: ``email`` (Django's mail system) and ``sms_file`` (appends to
``var/sms.log`` and prints to the console; the embedded default). Another plug-in registers
itself with ``@registry.register`` when its app is loaded and is chosen with the setting
``MOTCUA_NOTIFICATION_CHANNELS`` (default ``["email", "sms_file"]``: one plug-in per kind).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from motcua.sync.base import Channel

KINDS = ("email", "sms")
_plugins: dict[str, type[Channel]] = {}


def register(cls: type[Channel]) -> type[Channel]:
    if not cls.name or cls.kind not in KINDS:
        raise ImproperlyConfigured(f"{cls.__name__}: name and kind ({KINDS}) are required")
    _plugins[cls.name] = cls
    return cls


def get(name: str) -> Channel:
    try:
        return _plugins[name]()
    except KeyError:
        raise ImproperlyConfigured(
            f"Không có kênh thông báo '{name}' (đã đăng ký: {', '.join(sorted(_plugins))})."
        ) from None


def names() -> list[str]:
    return sorted(_plugins)


def active() -> dict[str, Channel]:
    """The plug-in in use for each kind of contact, from the settings."""
    chosen = getattr(settings, "MOTCUA_NOTIFICATION_CHANNELS", ["email", "sms_file"])
    out: dict[str, Channel] = {}
    for name in chosen:
        channel = get(name)
        if channel.kind in out:
            raise ImproperlyConfigured(f"Hai kênh cùng loại '{channel.kind}': chỉ chọn một.")
        out[channel.kind] = channel
    return out
