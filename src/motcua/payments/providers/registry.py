"""Registry of payment providers (plug-ins).

Built in: ``sandbox`` (:mod:`motcua.payments.providers.contrib.sandbox`). Other providers are
modules named in ``settings.MOTCUA_PAYMENT_PLUGINS`` that call :func:`register` on import.
Which registered providers are offered is ``settings.MOTCUA_PAYMENT_PROVIDERS``.
"""

from __future__ import annotations

from importlib import import_module

from django.conf import settings

from motcua.payments.providers.base import PaymentProvider

BUILT_IN = ("motcua.payments.providers.contrib.sandbox.provider",)

_providers: dict[str, type[PaymentProvider]] = {}
_loaded = False


class UnknownProvider(LookupError):
    pass


def register(cls: type[PaymentProvider]) -> type[PaymentProvider]:
    """Class decorator: make a provider available under its ``code``."""
    if not cls.code:
        raise ValueError("a payment provider needs a code")
    _providers[cls.code] = cls
    return cls


def _load() -> None:
    global _loaded
    if _loaded:
        return
    for module in (*BUILT_IN, *getattr(settings, "MOTCUA_PAYMENT_PLUGINS", ())):
        import_module(module)
    _loaded = True


def enabled_codes() -> list[str]:
    """Codes of the providers this installation offers, in order of preference."""
    _load()
    wanted = list(getattr(settings, "MOTCUA_PAYMENT_PROVIDERS", ["sandbox"]))
    return [c for c in wanted if c in _providers]


def default_code() -> str | None:
    codes = enabled_codes()
    preferred = getattr(settings, "MOTCUA_PAYMENT_DEFAULT_PROVIDER", None)
    if preferred in codes:
        return preferred
    return codes[0] if codes else None


def get(code: str) -> PaymentProvider:
    """A ready instance of the enabled provider ``code``; :class:`UnknownProvider` otherwise."""
    if code not in enabled_codes():
        raise UnknownProvider(code)
    return _providers[code]()


def label(code: str) -> str:
    _load()
    cls = _providers.get(code)
    return cls.label if cls else code
