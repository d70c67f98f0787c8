"""The score histogram (points.histogram) keeps every rank exact: the users in the buckets above
plus the earlier ties equal the naive count over the board, whatever the postings, reversals and
ties (the one tie rule: who reached the score first, then the lower user id)."""

import contextlib
import datetime as dt

import pytest
import time_machine
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from points import histogram
from points.models import BoardScore, Currency, Period, ScoreBucket
from points.selectors import board_neighbours, board_rank
from points.services import (
    InsufficientBalance,
    points_award,
    points_spend,
    posting_reverse,
    system_account,
)
from tests.accounts.factories import UserFactory
from tests.points.factories import BoardFactory

pytestmark = pytest.mark.django_db

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
T0 = dt.datetime(2026, 11, 25, 10, 0, tzinfo=SHANGHAI)  # a Wednesday, ISO week 48
KEY = "2026-W48"
USERS = 6
user_index = st.integers(min_value=0, max_value=USERS - 1)
amounts = st.integers(min_value=1, max_value=4)  # small: many equal scores
instant = st.integers(min_value=0, max_value=2)  # few instants: many equal reached_at
operations = st.lists(
    st.one_of(
        st.tuples(st.just("award"), user_index, amounts, instant),
        st.tuples(st.just("spend"), user_index, amounts, instant),
        st.tuples(st.just("reverse"), st.integers(min_value=0, max_value=1000), instant),
    ),
    min_size=1,
    max_size=25,
)


@pytest.fixture
def kept(settings):
    """The histogram kept and read, on the database path (whatever the engine)."""
    settings.REDIS_URL = ""
    settings.POINTS_SCORE_HISTOGRAM = True


def _naive_ranks(board) -> dict[int, int]:
    rows = BoardScore.objects.filter(board=board, period_key=KEY, score__gt=0)
    ordered = sorted(rows, key=lambda r: (-r.score, r.reached_at, r.user_id))
    return {row.user_id: rank for rank, row in enumerate(ordered, start=1)}


def _apply(ops, users, shop, staff) -> None:
    awards = []
    for step, op in enumerate(ops):
        with time_machine.travel(T0 + dt.timedelta(minutes=op[-1]), tick=False):
            if op[0] == "award":
                awards.append(
                    points_award(
                        user=users[op[1]],
                        amount=op[2],
                        key=f"a{step}",
                        reason="答题",
                        boards=["campaign:12"],
                    )
                )
            elif op[0] == "spend":
                with contextlib.suppress(InsufficientBalance):  # refused: nothing changes
                    points_spend(
                        user=users[op[1]],
                        amount=op[2],
                        key=f"s{step}",
                        reason="兑",
                        to_account=shop,
                    )
            elif awards:
                target = awards.pop(op[1] % len(awards))
                with contextlib.suppress(InsufficientBalance):  # spent already: refused
                    posting_reverse(posting=target, key=f"r{step}", reason="更正", actor=staff)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=operations)
def test_every_rank_from_the_histogram_equals_the_naive_count(kept, ops):
    with transaction.atomic():
        board = BoardFactory(scope="campaign:12", period=Period.WEEK)
        users = [UserFactory() for _ in range(USERS)]
        staff = UserFactory(is_staff=True, is_superuser=True)
        shop = system_account("merchant:1:settlement", Currency.POINT)
        _apply(ops, users, shop, staff)

        expected = _naive_ranks(board)
        for user in users:
            mine = board_rank(board, KEY, user)
            assert (mine[0] if mine else None) == expected.get(user.pk), (ops, user.pk)
        # the buckets hold exactly the scores' counts (zero buckets aside)
        buckets = dict(
            ScoreBucket.objects.filter(board=board, period_key=KEY, users__gt=0).values_list(
                "score", "users"
            )
        )
        counted: dict[int, int] = {}
        for score in BoardScore.objects.filter(board=board, score__gt=0).values_list(
            "score", flat=True
        ):
            counted[score] = counted.get(score, 0) + 1
        assert buckets == counted
        assert not ScoreBucket.objects.filter(users__lt=0).exists()
        transaction.set_rollback(True)


def test_neighbours_and_ranks_use_the_buckets_and_rebuild_gives_the_same(
    kept, django_assert_num_queries
):
    board = BoardFactory(scope="campaign:12", period=Period.WEEK)
    users = [UserFactory() for _ in range(8)]
    with time_machine.travel(T0, tick=False):
        for i, user in enumerate(users):
            points_award(
                user=user, amount=1 + i % 3, key=f"k{i}", reason="答题", boards=["campaign:12"]
            )
    before = set(ScoreBucket.objects.values_list("board_id", "period_key", "score", "users"))
    histogram.rebuild(board.pk)
    assert (
        set(ScoreBucket.objects.values_list("board_id", "period_key", "score", "users")) == before
    )
    expected = _naive_ranks(board)
    # the user's own row, the buckets above, the earlier ties
    with django_assert_num_queries(3):
        assert board_rank(board, KEY, users[0])[0] == expected[users[0].pk]
    near = board_neighbours(board, KEY, users[4], k=2)
    assert [(e.rank, e.user_id) for e in near] == sorted(
        (expected[e.user_id], e.user_id) for e in near
    )


def test_the_histogram_is_kept_on_the_embedded_database_only_by_default(settings):
    settings.POINTS_SCORE_HISTOGRAM = None
    from django.db import connection

    assert histogram.enabled() == (connection.vendor != "postgresql")
