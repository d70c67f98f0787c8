"""A settled period's page and the balances endpoint keep a flat query count as the rows grow
(my points and the live leaderboard have theirs in test_views.py)."""

import datetime as dt

import pytest
import time_machine

from points.models import Currency, Period
from points.services import points_award, settlement_run
from tests.accounts.factories import UserFactory
from tests.points.factories import BoardFactory
from tests.querycount import assert_flat, queries_of

pytestmark = pytest.mark.django_db

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
T0 = dt.datetime(2026, 11, 25, 10, 0, tzinfo=SHANGHAI)
SETTLED_AT = dt.datetime(2026, 12, 1, 9, 0, tzinfo=SHANGHAI)


def settled_board(user, scope, others):
    """A weekly board settled for 2026-W48, with the user and `others` more players."""
    board = BoardFactory(scope=scope, period=Period.WEEK)
    with time_machine.travel(T0, tick=False):
        points_award(user=user, amount=5, key=f"{scope}-me", reason="答题奖励", boards=[scope])
        for i in range(others):
            points_award(
                user=UserFactory(), amount=10 + i, key=f"{scope}-{i}", reason="答题", boards=[scope]
            )
    with time_machine.travel(SETTLED_AT, tick=False):
        settlement_run(board=board, period_key="2026-W48")
    return board


def test_a_settled_periods_page_costs_the_same_for_few_and_many_players(
    logged_in_client, user, db_leaderboards, time_machine
):
    time_machine.move_to(SETTLED_AT, tick=False)
    few = settled_board(user, "campaign:1", 1)
    many = settled_board(user, "campaign:2", 8)
    logged_in_client.get(f"/points/boards/{few.pk}/settled/2026-W48/")  # warm the layout
    assert len(queries_of(logged_in_client, f"/points/boards/{few.pk}/settled/2026-W48/")) == len(
        queries_of(logged_in_client, f"/points/boards/{many.pk}/settled/2026-W48/")
    )


def test_the_balances_endpoint_keeps_a_flat_query_count(api_client, user, time_machine):
    time_machine.move_to(T0, tick=False)
    points_award(user=user, amount=3, key="first", reason="答题奖励")
    api_client.force_authenticate(user)

    def more():
        for i in range(4):
            points_award(user=user, amount=3, key=f"p{i}", reason="答题奖励")
            points_award(user=user, amount=30, key=f"m{i}", reason="服务", currency=Currency.MINUTE)

    assert_flat(api_client, "/api/v1/points/balances/", more)
