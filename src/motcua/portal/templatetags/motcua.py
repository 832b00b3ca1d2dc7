from django import template

register = template.Library()


@register.filter
def vnd(amount: int | None) -> str:
    """Format an amount of đồng the Vietnamese way: 1.500.000 đồng."""
    if amount is None:
        return ""
    return f"{int(amount):,} đồng".replace(",", ".")
