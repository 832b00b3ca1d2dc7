"""System check: a configured identity provider that cannot be built is reported at start-up
(``manage.py check``, ``migrate``, ``runserver``) instead of on the first login."""

from __future__ import annotations

from typing import Any

from django.core import checks
from django.core.exceptions import ImproperlyConfigured


@checks.register(checks.Tags.security)
def identity_providers_check(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    from motcua.citizens.identity import registry

    registry.reset()
    try:
        registry.enabled()
    except ImproperlyConfigured as exc:
        return [
            checks.Error(
                str(exc),
                hint="See README “Đăng nhập bằng VNeID (OpenID Connect)”.",
                id="motcua.identity.E001",
            )
        ]
    return []
