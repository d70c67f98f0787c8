"""The market page's search as prepared statements: its rows as cards, its count.

marketplace.selectors.offer_search is the rule (live offers of approved merchants, the keyword
in offer or merchant name or description, category, community, price, order); the market page
reads it on every search, where building that queryset (three tables, four LIKEs a word) cost
more than running it. `OfferSearch` is the same search written by hand, one statement text a
shape (how many words, which filters, which order), prepared once per connection
(core.prepared), and a sequence a Paginator pages through: a slice is the page's rows as
cards (the columns a card shows, its terms by marketplace.models.offer_terms, the rule of
Offer.terms, without building an Offer), `count()` the number of offers. The SQL of each lookup is the backend's own (the
`UPPER(col::text) LIKE UPPER(%s)` of PostgreSQL, which the trigram indexes serve).
"""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.utils import timezone

from communities.models import Node
from core.prepared import PreparedRows, execute_prepared
from core.rows import converter
from marketplace.models import Merchant, Offer, offer_terms
from marketplace.selectors import OfferCard, Sort

_TEXT = (("o", "title"), ("o", "description"), ("m", "name"), ("m", "description"))
# What a card shows (OfferCard): the offer's own columns its terms are made of, not a whole Offer.
_CARD_COLUMNS = (
    "o.id, o.title, o.kind, o.threshold, o.amount_off, o.percent_off, o.max_discount, o.gift, "
    "o.points_price, o.stock_left, m.name, m.category, n.name"
)


def _contains(alias: str, column: str) -> str:
    """`alias.column` icontains a parameter, as the ORM writes it on this backend."""
    lhs = connection.ops.lookup_cast("icontains", "TextField") % f"{alias}.{column}"
    return f"{lhs} {connection.operators['icontains'] % '%s'}"


def _order(sort: str) -> str:
    terms = []
    for name in Sort.ORDERINGS.get(sort, Sort.ORDERINGS[Sort.NEWEST]):
        column = "id" if name.lstrip("-") == "pk" else name.lstrip("-")
        terms.append(f"o.{connection.ops.quote_name(column)}{' DESC' if name[0] == '-' else ''}")
    return ", ".join(terms)


class OfferSearch(PreparedRows):
    """offer_search(...) as a sequence of OfferCard for a Paginator (see the module)."""

    def __init__(
        self,
        *,
        query: str = "",
        category: str = "",
        community: Node | None = None,
        min_points: int | None = None,
        max_points: int | None = None,
        sort: str = Sort.NEWEST,
        now: dt.datetime | None = None,
    ):
        now = now or timezone.now()
        where = [
            "o.status = %s",
            "m.status = %s",
            "o.redeem_from <= %s",
            "o.redeem_until > %s",
        ]
        moment = connection.ops.adapt_datetimefield_value(now)
        params: list = [Offer.Status.APPROVED, Merchant.Status.APPROVED, moment, moment]
        for word in query.split()[:5]:
            where.append("(" + " OR ".join(_contains(a, c) for a, c in _TEXT) + ")")
            pattern = f"%{connection.ops.prep_for_like_query(word)}%"
            params += [pattern] * len(_TEXT)
        if category:
            where.append("m.category = %s")
            params.append(category)
        if community is not None:
            where.append("(o.node_id = %s OR n.kind = %s)")
            params += [community.pk, Node.Kind.STREET]
        if min_points is not None:
            where.append("o.points_price >= %s")
            params.append(min_points)
        if max_points is not None:
            where.append("o.points_price <= %s")
            params.append(max_points)
        self._from = (
            f"FROM {Offer._meta.db_table} o "
            f"JOIN {Merchant._meta.db_table} m ON m.id = o.merchant_id "
            f"JOIN {Node._meta.db_table} n ON n.id = o.node_id "
            f"WHERE {' AND '.join(where)}"
        )
        self._params = params
        self._order = _order(sort)

    def _page(self) -> tuple[str, list]:
        sql = f"SELECT {_CARD_COLUMNS} {self._from} ORDER BY {self._order}"
        return sql, []

    def _cards(self, fetched: list[tuple]) -> list[OfferCard]:
        categories = {value: str(label) for value, label in Merchant.Category.choices}
        yuan = {
            name: converter(Offer, name) for name in ("threshold", "amount_off", "max_discount")
        }
        return [
            OfferCard(
                pk=pk,
                title=title,
                merchant_name=merchant_name,
                category_label=categories.get(category, category),
                node_name=node_name,
                terms=offer_terms(
                    kind=kind,
                    threshold=yuan["threshold"](threshold),
                    amount_off=yuan["amount_off"](amount_off),
                    percent_off=percent_off,
                    max_discount=yuan["max_discount"](max_discount),
                    gift=gift,
                ),
                points_price=points_price,
                stock_left=stock_left,
            )
            for (
                pk,
                title,
                kind,
                threshold,
                amount_off,
                percent_off,
                max_discount,
                gift,
                points_price,
                stock_left,
                merchant_name,
                category,
                node_name,
            ) in fetched
        ]


def community_choices() -> tuple[tuple[int, str], ...]:
    """(id, label) of the communities the search offers (communities_for_filter, as the
    choice field shows them): one prepared statement, the key of the kept filter fields."""
    sql = (
        f"SELECT n.id, n.full_name, n.name FROM {Node._meta.db_table} n "
        "WHERE n.kind = %s ORDER BY n.path"
    )
    with connection.cursor() as cursor:
        execute_prepared(cursor, sql, [Node.Kind.COMMUNITY])
        return tuple((pk, full_name or name) for pk, full_name, name in cursor.fetchall())
