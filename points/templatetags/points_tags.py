from django import template
from django.utils.translation import gettext as _

from accounts.masking import name_for_others
from points.models import Currency

register = template.Library()


def hours(minutes: int) -> str:
    """Service minutes as hours with at most one decimal: 750 -> "12.5", 60 -> "1"."""
    text = f"{minutes / 60:.1f}"
    return text[:-2] if text.endswith(".0") else text


def amount_text(amount: int, currency: str, signed: bool = False) -> str:
    sign = "+" if signed and amount > 0 else ("-" if amount < 0 else "")
    value = abs(amount)
    if currency == Currency.MINUTE:
        return _("%(sign)s%(hours)s hours") % {"sign": sign, "hours": hours(value)}
    if currency == Currency.FEN:
        return _("%(sign)s%(yuan)s yuan") % {"sign": sign, "yuan": f"{value / 100:.2f}"}
    return _("%(sign)s%(amount)s points") % {"sign": sign, "amount": value}


@register.filter
def amount(value: int, currency: str) -> str:
    """{{ balance|amount:"MINUTE" }} -> "12.5 小时"; {{ 30|amount:"POINT" }} -> "30 积分"."""
    return amount_text(int(value or 0), currency)


@register.filter
def signed_amount(value: int, currency: str) -> str:
    return amount_text(int(value or 0), currency, signed=True)


@register.filter
def public_name(user) -> str:
    """A user as other residents see them on a leaderboard (accounts.masking's one rule)."""
    return name_for_others(user) if user is not None else ""
