from django import template

from accounts.masking import mask_phone, name_in_full
from bookings.selectors.providers import providers_of_user

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


@register.inclusion_tag("bookings/provider/_back_link.html", takes_context=True)
def provider_back_link(context, as_button: bool = False):
    """Back from a provider's page: to the service point for its own staff, to the providers of
    their area for staff looking after the place (the service point would refuse them)."""
    user = context["request"].user
    return {"works_for_a_provider": providers_of_user(user).exists(), "as_button": as_button}
