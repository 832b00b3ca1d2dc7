from django import template

from motcua.payments.services import format_vnd

register = template.Library()


@register.filter
def vnd(amount) -> str:
    """5700000 → "5.700.000 đồng"."""
    try:
        return format_vnd(int(amount))
    except (TypeError, ValueError):
        return ""


@register.filter
def verdict_label(verdict: str) -> str:
    """Vietnamese wording of a callback verdict (see providers.base.VERDICTS)."""
    from motcua.payments.providers.base import VERDICTS

    return VERDICTS.get(verdict, verdict)


@register.filter
def provider_label(code: str) -> str:
    from motcua.payments.providers import registry

    return registry.label(code) if code else ""
