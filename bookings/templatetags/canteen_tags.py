from django import template

from accounts.masking import name_in_full

register = template.Library()


@register.filter
def yuan(fen) -> str:
    """1500 -> "15.00": amounts are kept in fen and shown in yuan."""
    return f"{int(fen or 0) / 100:.2f}"


@register.filter
def full_name(person) -> str:
    """A diner as their relatives and the canteen know them (accounts.masking's rule)."""
    return name_in_full(person) if person is not None else ""
