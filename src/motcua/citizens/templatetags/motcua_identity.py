"""``{% identity_providers as providers %}``: the configured identity providers (may be empty)."""

from django import template

from motcua.citizens.identity import registry
from motcua.citizens.identity.base import IdentityProvider

register = template.Library()


@register.simple_tag
def identity_providers() -> list[IdentityProvider]:
    return registry.enabled()
