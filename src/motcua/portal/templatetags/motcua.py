from django import template

register = template.Library()


@register.filter
def vnd(amount: int | None) -> str:
    """Format an amount of đồng the Vietnamese way: 1.500.000 đồng."""
    if amount is None:
        return ""
    return f"{int(amount):,} đồng".replace(",", ".")


@register.filter
def get_item(mapping: dict, key):
    """``mapping[key]`` in a template (None when missing)."""
    return mapping.get(key) if mapping else None


@register.filter
def split(value: str) -> list[str]:
    """Split a string on whitespace (for short literal lists in templates)."""
    return value.split()
