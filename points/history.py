"""A resident's points page as prepared statements: balances, then the history's rows as cards.

points.selectors.postings_for_user is the rule (the user's postings, newest first, + in and -
out, filtered by currency and local dates); the points page reads it on every view, where
building that queryset (the accounts, a CASE, an OR of two IN lists) cost more than running it.
`PostingHistory` is the same read written by hand, one statement text a shape (which filters),
prepared once per connection (core.prepared), and a sequence a Paginator pages through: a slice
is the page's rows as PostingCards, `count()` the number of postings.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from django.db import connection
from django.utils import timezone

from core.prepared import PreparedRows, any_of, execute_prepared
from core.rows import converter
from points.models import USER_CURRENCIES, Account, Posting


class PostingCard(NamedTuple):
    """What a line of the history shows (points/_posting.html), as plain values: the line is
    rendered once per process per content (core/templatetags/kept.py)."""

    signed_amount: int
    currency: str
    reason: str
    created_at: dt.datetime
    is_correction: bool


def accounts_of(user) -> tuple[dict[str, int], dict[int, str]]:
    """({currency: balance} as balances_for_user, {account id: currency}): one prepared query."""
    with connection.cursor() as cursor:
        execute_prepared(
            cursor,
            f"SELECT id, currency, balance FROM {Account._meta.db_table} WHERE owner_id = %s",
            [user.pk],
        )
        rows = cursor.fetchall()
    found = {currency: balance for _pk, currency, balance in rows}
    balances = {currency: found.get(currency, 0) for currency in USER_CURRENCIES}
    return balances, {pk: currency for pk, currency, _balance in rows}


class PostingHistory(PreparedRows):
    """postings_for_user(...) as a sequence of PostingCard (see the module)."""

    def __init__(
        self,
        *,
        accounts: dict[int, str],
        currency: str | None = None,
        date_from: dt.date | None = None,
        date_to: dt.date | None = None,
    ):
        ids = sorted(pk for pk, kind in accounts.items() if not currency or kind == currency)
        debit, debit_ids = any_of("p.debit_id", ids)
        credit, credit_ids = any_of("p.credit_id", ids)
        self._credit, self._credit_ids = any_of("p.credit_id", ids)
        where, params = [f"({debit} OR {credit})"], [*debit_ids, *credit_ids]
        tz = timezone.get_default_timezone()
        adapt = connection.ops.adapt_datetimefield_value
        if date_from:
            where.append("p.created_at >= %s")
            params.append(adapt(dt.datetime.combine(date_from, dt.time(), tzinfo=tz)))
        if date_to:
            where.append("p.created_at < %s")
            params.append(
                adapt(dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time(), tzinfo=tz))
            )
        self._from = f"FROM {Posting._meta.db_table} p WHERE {' AND '.join(where)}"
        self._params = params

    def _page(self) -> tuple[str, list]:
        sql = (
            f"SELECT p.id, CASE WHEN {self._credit} THEN p.amount ELSE 0 - p.amount END, "
            f"p.currency, p.reason, p.created_at, p.reverses_id {self._from} "
            "ORDER BY p.created_at DESC, p.id DESC"
        )
        return sql, self._credit_ids

    def _cards(self, fetched: list[tuple]) -> list[PostingCard]:
        moment = converter(Posting, "created_at")
        return [
            PostingCard(
                signed_amount=int(signed),
                currency=kind,
                reason=reason,
                created_at=moment(created_at),
                is_correction=reverses_id is not None,
            )
            for _pk, signed, kind, reason, created_at, reverses_id in fetched
        ]
