from django import template

from accounts.masking import mask_phone, name_in_full

register = template.Library()


@register.filter
def yuan(fen) -> str:
    """1500 -> "15.00": amounts are kept in fen and shown in yuan."""
    return f"{int(fen or 0) / 100:.2f}"


@register.filter
def full_name(person) -> str:
    """A diner as their relatives and the canteen know them (accounts.masking's rule)."""
    return name_in_full(person) if person is not None else ""


@register.filter
def masked_phone(person) -> str:
    """A staff member's number as their manager sees it: 138****5678."""
    return mask_phone(getattr(person, "phone", "") or "")
