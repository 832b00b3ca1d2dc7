"""Registry of identity provider plug-ins.

Built in: ``oidc`` (:mod:`motcua.citizens.identity.contrib.oidc`, OpenID Connect — the protocol
of VNeID). Other kinds are modules named in ``settings.MOTCUA_IDENTITY_PLUGINS`` that call
:func:`register` on import. Which providers are offered, and how each is configured, is
``settings.MOTCUA_IDENTITY_PROVIDERS`` (``{"vneid": {"kind": "oidc", ...}}``, read from the
environment by :mod:`motcua.citizens.identity.envconfig`); empty by default.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver

from motcua.citizens.identity.base import IdentityProvider

BUILT_IN = ("motcua.citizens.identity.contrib.oidc",)

_kinds: dict[str, type[IdentityProvider]] = {}
_loaded = False
_instances: dict[str, IdentityProvider] | None = None


class UnknownProvider(LookupError):
    pass


def register(cls: type[IdentityProvider]) -> type[IdentityProvider]:
    """Class decorator: make a provider class available under its ``kind``."""
    if not cls.kind:
        raise ValueError("an identity provider class needs a kind")
    _kinds[cls.kind] = cls
    return cls


def _load() -> None:
    global _loaded
    if _loaded:
        return
    for module in (*BUILT_IN, *getattr(settings, "MOTCUA_IDENTITY_PLUGINS", ())):
        import_module(module)
    _loaded = True


def _build() -> dict[str, IdentityProvider]:
    _load()
    configured: dict[str, dict[str, Any]] = getattr(settings, "MOTCUA_IDENTITY_PROVIDERS", {})
    built: dict[str, IdentityProvider] = {}
    for key, config in configured.items():
        kind = config.get("kind", "oidc")
        if kind not in _kinds:
            raise ImproperlyConfigured(f"identity provider {key!r}: unknown kind {kind!r}")
        built[key] = _kinds[kind](key, dict(config))
    return built


def enabled() -> list[IdentityProvider]:
    """The configured providers, in configuration order (empty: no button is shown)."""
    global _instances
    if _instances is None:
        _instances = _build()
    return list(_instances.values())


def get(key: str) -> IdentityProvider:
    """The configured provider ``key``; :class:`UnknownProvider` otherwise."""
    for provider in enabled():
        if provider.key == key:
            return provider
    raise UnknownProvider(key)


def reset() -> None:
    """Forget the built providers (their cached discovery documents and keys)."""
    global _instances
    _instances = None


@receiver(setting_changed)
def _on_setting_changed(setting: str, **kwargs: Any) -> None:
    if setting in {"MOTCUA_IDENTITY_PROVIDERS", "MOTCUA_IDENTITY_PLUGINS"}:
        reset()
