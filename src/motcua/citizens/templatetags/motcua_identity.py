"""``{% identity_providers as providers %}``: the configured identity providers (may be empty)."""

import logging

from django import template
from django.core.exceptions import ImproperlyConfigured

from motcua.citizens.identity import registry
from motcua.citizens.identity.base import IdentityProvider

register = template.Library()
log = logging.getLogger(__name__)


@register.simple_tag
def identity_providers() -> list[IdentityProvider]:
    """A misconfigured provider hides the buttons (and is logged; ``manage.py check`` says why)
    rather than breaking the login page."""
    try:
        return registry.enabled()
    except ImproperlyConfigured as exc:
        log.error("identity providers disabled: %s", exc)
        return []


@register.simple_tag
def identity_provider_name(key: str) -> str:
    """The display name of the provider stored on a profile ("vneid" → "VNeID")."""
    try:
        return registry.get(key).name
    except (registry.UnknownProvider, ImproperlyConfigured):
        return "VNeID" if key == "vneid" else key
