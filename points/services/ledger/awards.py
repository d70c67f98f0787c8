"""The two movements other apps make most: awarding points (or minutes) and spending them."""

from collections.abc import Iterable

from django.db import models

from points.models import Account, Currency, Posting
from points.services.ledger import one_statement
from points.services.ledger.accounts import ISSUANCE, account_for_user, system_account
from points.services.ledger.postings import posting_create


def points_award(
    *,
    user,
    amount: int,
    key: str,
    reason: str,
    source: models.Model | None = None,
    currency: str = Currency.POINT,
    from_code: str = ISSUANCE,
    boards: Iterable[str] = (),
    overall: bool = True,
    actor=None,
) -> Posting:
    """Give `amount` to the user from the system account `from_code` (issued by default)."""
    if from_code == ISSUANCE and one_statement.available():
        # The common case, in one statement that finds both accounts itself; None when it
        # wrote nothing (the key was taken, or an account does not exist yet): the general
        # path below tells which.
        posting = one_statement.issue(
            user=user,
            amount=amount,
            key=key,
            reason=reason,
            source=source,
            currency=currency,
            boards=boards,
            overall=overall,
            actor=actor,
        )
        if posting is not None:
            return posting
    # Both accounts in one query (raw: this runs on every award, the ORM's query building
    # costs more than the query); either is created on first use.
    found = {
        account.owner_id is None: account
        for account in Account.objects.raw(
            f"SELECT * FROM {Account._meta.db_table} WHERE currency = %s "
            "AND (owner_id = %s OR (owner_id IS NULL AND code = %s))",
            [currency, user.pk, from_code],
        )
    }
    return posting_create(
        debit=found.get(True) or system_account(from_code, currency),
        credit=found.get(False) or account_for_user(user, currency),
        amount=amount,
        key=key,
        reason=reason,
        source=source,
        actor=actor,
        boards=boards,
        overall=overall,
    )


def points_spend(
    *,
    user,
    amount: int,
    key: str,
    reason: str,
    to_account: Account,
    source: models.Model | None = None,
    currency: str = Currency.POINT,
    actor=None,
) -> Posting:
    """Take `amount` from the user to `to_account`; InsufficientBalance if it is not there."""
    return posting_create(
        debit=account_for_user(user, currency),
        credit=to_account,
        amount=amount,
        key=key,
        reason=reason,
        source=source,
        actor=actor,
    )
