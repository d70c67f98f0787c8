from django import template

from volunteers.documents import hours_text

register = template.Library()


@register.filter
def hours(minutes) -> str:
    """Minutes shown as hours with at most one decimal: 90 -> "1.5"."""
    return hours_text(int(minutes or 0))


@register.filter
def star_text(stars) -> str:
    stars = int(stars or 0)
    return "★" * stars + "☆" * (5 - stars)
