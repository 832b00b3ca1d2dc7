"""Number formatting for the review screens (Vietnamese separators)."""

from django import template

from motcua.review import cost as C

register = template.Library()


@register.filter
def vnd(value) -> str:
    """32000000 → "32.000.000"."""
    return C.vnd(value)


@register.filter
def num(value, places: int = 2) -> str:
    """12.50 → "12,5"."""
    return C.num(value, int(places))


@register.filter
def pct(value) -> str:
    """A rate in percent, or "—" when there is none."""
    return "—" if value is None else f"{C.num(value)}%"


@register.filter
def met(value) -> str:
    return {True: "Đạt", False: "Chưa đạt"}.get(value, "—")


@register.filter
def mul8(value):
    """Working days → working hours (1 ngày làm việc = 8 giờ)."""
    return None if value is None else C.days_to_hours(value)
