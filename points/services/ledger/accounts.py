"""Ledger accounts: a user's account per currency, system accounts, and the refusal when a
user account would go below zero."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from points.models import Account

ISSUANCE = "issuance"


class InsufficientBalance(ValidationError):
    """A user account would go below zero; nothing was moved."""

    def __init__(self, message: str | None = None, *, account: Account | None = None):
        super().__init__(
            message or _("There are not enough points or hours in the account."),
            code="insufficient_balance",
        )
        self.account = account


def account_for_user(user, currency: str) -> Account:
    """The user's account in `currency`, created on first use."""
    account, _created = Account.objects.get_or_create(owner=user, currency=currency)
    return account


def system_account(code: str, currency: str, name: str = "") -> Account:
    """A system account (e.g. "issuance", "campaign:12:prize_pool"), created on first use.

    System accounts have no owner and may go negative: "issuance" is where awarded value comes
    from, so its balance is minus everything ever issued. It is a source account (is_source):
    that balance is derived from its postings (points.selectors.account_balance), not stored.
    """
    if not code:
        raise ValidationError(_("A system account needs a code."), code="invalid_account")
    account, _created = Account.objects.get_or_create(
        owner=None,
        code=code,
        currency=currency,
        defaults={"name": name or code, "is_source": code == ISSUANCE},
    )
    return account
