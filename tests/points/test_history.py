"""The points page's reads (points.history, prepared statements) are the rules
balances_for_user and postings_for_user: the same balances, the same lines in the same order
(+ in, - out, corrections marked), the same filters and count."""

import datetime as dt

import pytest
import time_machine

from points.history import PostingHistory, accounts_of
from points.models import Currency
from points.selectors import balances_for_user, postings_for_user
from points.services import points_award, points_spend, system_account
from points.services.ledger.postings import posting_reverse
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def test_the_history_is_the_rule_s_lines(user):
    other = UserFactory()
    for day, (amount, currency) in enumerate([(5, Currency.POINT), (90, Currency.MINUTE)] * 3):
        with time_machine.travel(dt.datetime(2026, 11, 1 + day, 10, tzinfo=SHANGHAI), tick=False):
            points_award(user=user, amount=amount, key=f"a{day}", reason="答题", currency=currency)
            points_award(user=other, amount=1, key=f"o{day}", reason="别人的")
    shop = system_account("merchant:1:settlement", Currency.POINT)
    with time_machine.travel(dt.datetime(2026, 11, 9, 10, tzinfo=SHANGHAI), tick=False):
        spent = points_spend(user=user, amount=3, key="spend", reason="兑换", to_account=shop)
        posting_reverse(posting=spent, key="undo", reason="撤销", actor=None)
    balances, accounts = accounts_of(user)
    assert balances == balances_for_user(user)
    assert accounts_of(UserFactory())[0] == balances_for_user(UserFactory())
    for filters in [
        {},
        {"currency": Currency.POINT},
        {"currency": Currency.MINUTE},
        {"date_from": dt.date(2026, 11, 3)},
        {"date_to": dt.date(2026, 11, 2)},
        {"date_from": dt.date(2026, 11, 2), "date_to": dt.date(2026, 11, 4)},
    ]:
        expected = [
            (p.signed_amount, p.currency, p.reason, p.created_at, p.reverses_id is not None)
            for p in postings_for_user(user=user, **filters)
        ]
        history = PostingHistory(accounts=accounts, **filters)
        assert [tuple(card) for card in history[0:20]] == expected, filters
        assert history.count() == len(expected)
    assert PostingHistory(accounts={}).count() == 0
