import datetime as dt

import pytest
import time_machine

from points import leaderboard_cache
from points.models import BoardScore, Currency, Period
from points.periods import period_end, period_key
from points.selectors import board_neighbours, board_rank, board_top, boards_standings
from points.services import points_award, points_spend, posting_reverse, system_account
from tests.accounts.factories import UserFactory
from tests.points.factories import BoardFactory, CampaignBoardFactory

pytestmark = pytest.mark.django_db

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
T0 = dt.datetime(2026, 11, 25, 10, 0, tzinfo=SHANGHAI)  # a Wednesday, ISO week 48


@pytest.fixture(params=["database", "redis"])
def leaderboard_path(request):
    """Run a test on the indexed-count path and on the Redis sorted-set path."""
    request.getfixturevalue("redis_leaderboards" if request.param == "redis" else "db_leaderboards")
    return request.param


def _award_at(when, user, amount, key, boards=("campaign:12",)):
    with time_machine.travel(when, tick=False):
        return points_award(user=user, amount=amount, key=key, reason="答题", boards=boards)


def test_a_posting_counts_for_the_boards_the_caller_names_and_only_user_credits(user):
    board = BoardFactory(scope="campaign:12", period=Period.WEEK)
    other = BoardFactory(scope="campaign:13", period=Period.WEEK)
    minutes_board = BoardFactory(scope="campaign:12", currency=Currency.MINUTE)
    shop = system_account("merchant:1:settlement", Currency.POINT)
    _award_at(T0, user, 10, "a", boards=["campaign:12"])
    _award_at(T0, user, 7, "b", boards=[])
    with time_machine.travel(T0, tick=False):
        points_spend(user=user, amount=5, key="s", reason="兑换", to_account=shop)
    score = BoardScore.objects.get(board=board)
    assert (score.period_key, score.user, score.score) == ("2026-W48", user, 10)
    assert not BoardScore.objects.filter(board__in=[other, minutes_board]).exists()


def test_the_annual_board_counts_every_credit_of_the_year_unless_told_not_to(user):
    annual = BoardFactory(scope="all", period=Period.YEAR, name="年度总榜")
    _award_at(T0, user, 10, "quiz", boards=["campaign:12"])
    _award_at(T0, user, 20, "event", boards=[])
    with time_machine.travel(T0, tick=False):
        points_award(user=user, amount=500, key="prize", reason="奖品", overall=False)
    assert BoardScore.objects.get(board=annual).score == 30
    assert BoardScore.objects.get(board=annual).period_key == "2026"


def test_a_campaign_board_counts_only_inside_its_window(user):
    board = CampaignBoardFactory(
        scope="campaign:12",
        starts_at=T0,
        ends_at=T0 + dt.timedelta(days=7),
    )
    _award_at(T0 - dt.timedelta(minutes=1), user, 1, "before")
    _award_at(T0, user, 10, "inside")
    _award_at(T0 + dt.timedelta(days=7), user, 100, "after")
    assert BoardScore.objects.get(board=board).score == 10
    assert period_end(board, "campaign") == T0 + dt.timedelta(days=7)


def test_periods_follow_the_shanghai_calendar():
    # 2026-11-29 17:30 UTC is already Monday 2026-11-30 in Shanghai: a new day and ISO week.
    when = dt.datetime(2026, 11, 29, 17, 30, tzinfo=dt.UTC)
    assert period_key(Period.DAY, when) == "2026-11-30"
    assert period_key(Period.WEEK, when) == "2026-W49"
    assert period_key(Period.MONTH, when) == "2026-11"
    assert period_key(Period.YEAR, dt.datetime(2026, 12, 31, 16, 0, tzinfo=dt.UTC)) == "2027"


def test_equal_scores_rank_by_who_reached_the_score_first(leaderboard_path):
    # given
    board = BoardFactory(scope="campaign:12", period=Period.WEEK)
    alice, bob, carol, dave = (UserFactory() for _ in range(4))
    _award_at(T0, bob, 4, "b1")
    _award_at(T0 + dt.timedelta(minutes=1), alice, 10, "a1")  # alice reaches 10 first
    _award_at(T0 + dt.timedelta(minutes=2), bob, 6, "b2")  # bob reaches 10 later
    _award_at(T0 + dt.timedelta(minutes=3), carol, 15, "c1")
    _award_at(T0 + dt.timedelta(minutes=4), dave, 5, "d1")
    # when / then
    top = board_top(board, "2026-W48", 10)
    assert [(e.rank, e.user_id, e.score) for e in top] == [
        (1, carol.pk, 15),
        (2, alice.pk, 10),
        (3, bob.pk, 10),
        (4, dave.pk, 5),
    ]
    assert top[0].user == carol
    assert board_rank(board, "2026-W48", bob) == (3, 10)
    assert board_rank(board, "2026-W48", alice) == (2, 10)
    assert board_rank(board, "2026-W48", UserFactory()) is None
    assert [(e.rank, e.user_id) for e in board_neighbours(board, "2026-W48", bob, k=1)] == [
        (2, alice.pk),
        (3, bob.pk),
        (4, dave.pk),
    ]
    assert [e.rank for e in board_neighbours(board, "2026-W48", carol, k=2)] == [1, 2, 3]


def test_a_score_moved_after_a_read_is_ranked_by_its_new_time(leaderboard_path):
    board = BoardFactory(scope="campaign:12", period=Period.WEEK)
    alice, bob = UserFactory(), UserFactory()
    _award_at(T0, alice, 10, "a1")
    _award_at(T0 + dt.timedelta(minutes=1), bob, 5, "b1")
    assert board_rank(board, "2026-W48", bob) == (2, 5)  # the Redis set is built here
    _award_at(T0 + dt.timedelta(minutes=2), bob, 5, "b2")  # now 10, reached after alice
    _award_at(T0 + dt.timedelta(minutes=3), bob, 1, "b3")
    assert board_rank(board, "2026-W48", bob) == (1, 11)
    assert [e.user_id for e in board_top(board, "2026-W48")] == [bob.pk, alice.pk]


def test_a_reversal_takes_the_score_off_the_board(leaderboard_path, staff_user):
    board = BoardFactory(scope="campaign:12", period=Period.WEEK)
    alice, bob = UserFactory(), UserFactory()
    wrong = _award_at(T0, alice, 50, "a1")
    _award_at(T0, bob, 5, "b1")
    assert board_rank(board, "2026-W48", alice) == (1, 50)
    with time_machine.travel(T0 + dt.timedelta(hours=1), tick=False):
        posting_reverse(posting=wrong, key="fix", reason="更正", actor=staff_user)
    assert board_rank(board, "2026-W48", alice) is None
    assert [e.user_id for e in board_top(board, "2026-W48")] == [bob.pk]


def test_the_redis_and_database_paths_give_the_same_ranks(redis_leaderboards, settings):
    board = BoardFactory(scope="campaign:12", period=Period.WEEK)
    users = [UserFactory() for _ in range(25)]
    for i, user in enumerate(users):
        # Scores 1..5 with many ties, reached at different (and some equal) moments.
        _award_at(T0 + dt.timedelta(seconds=(i * 7) % 11), user, 1 + (i * 3) % 5, f"k{i}")
    redis_url = settings.REDIS_URL

    def snapshot():
        top = [(e.rank, e.user_id, e.score) for e in board_top(board, "2026-W48", 100)]
        ranks = [board_rank(board, "2026-W48", u) for u in users]
        near = [(e.rank, e.user_id) for e in board_neighbours(board, "2026-W48", users[7], k=3)]
        return top, ranks, near

    on_redis = snapshot()
    settings.REDIS_URL = ""
    on_database = snapshot()
    settings.REDIS_URL = redis_url
    assert on_redis == on_database
    assert [rank for rank, _user, _score in on_redis[0]] == list(range(1, 26))


def test_a_flushed_redis_is_rebuilt_from_the_database(redis_leaderboards):
    board = BoardFactory(scope="campaign:12", period=Period.WEEK)
    alice, bob = UserFactory(), UserFactory()
    _award_at(T0, alice, 3, "a")
    _award_at(T0, bob, 8, "b")
    assert board_rank(board, "2026-W48", alice) == (2, 3)
    # when Redis loses everything
    redis_leaderboards.delete(*leaderboard_cache.keys(board.pk, "2026-W48"))
    assert not leaderboard_cache.is_built(board.pk, "2026-W48")
    # then the next read rebuilds it
    assert board_rank(board, "2026-W48", alice) == (2, 3)
    assert leaderboard_cache.is_built(board.pk, "2026-W48")
    assert redis_leaderboards.zcard(leaderboard_cache.keys(board.pk, "2026-W48")[0]) == 2


def test_a_posting_updates_the_built_redis_set_after_commit(
    redis_leaderboards, django_capture_on_commit_callbacks
):
    board = BoardFactory(scope="campaign:12", period=Period.WEEK)
    alice, bob = UserFactory(), UserFactory()
    _award_at(T0, alice, 3, "a")
    assert board_rank(board, "2026-W48", alice) == (1, 3)  # built
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _award_at(T0 + dt.timedelta(minutes=1), bob, 9, "b")
    assert callbacks
    row = BoardScore.objects.get(board=board, user=bob)
    # the set already holds bob's new entry (no repair needed): rank straight from Redis
    assert leaderboard_cache.rank_of(board.pk, "2026-W48", bob.pk, row.reached_at) == 1
    # an older update arriving late does not put the old score back
    leaderboard_cache.score_set(board.pk, "2026-W48", bob.pk, 1, T0)
    assert leaderboard_cache.rank_of(board.pk, "2026-W48", bob.pk, row.reached_at) == 1


def test_a_rank_on_the_database_path_is_two_indexed_counts(
    db_leaderboards, django_assert_num_queries
):
    board = BoardFactory(scope="campaign:12", period=Period.WEEK)
    users = [UserFactory() for _ in range(10)]
    for i, user in enumerate(users):
        _award_at(T0, user, i + 1, f"k{i}")
    # the user's own score row; count of higher scores; count of earlier equal scores
    with django_assert_num_queries(3):
        assert board_rank(board, "2026-W48", users[0]) == (10, 1)
    # one query: the first n rows of the ranking index, joined to their users
    with django_assert_num_queries(1):
        assert len(board_top(board, "2026-W48", 5)) == 5


def test_an_unreachable_redis_falls_back_to_the_database(settings):
    board = BoardFactory(scope="campaign:12", period=Period.WEEK)
    alice, bob = UserFactory(), UserFactory()
    _award_at(T0, alice, 3, "a")
    _award_at(T0, bob, 8, "b")
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    assert board_rank(board, "2026-W48", alice) == (2, 3)
    assert [e.user_id for e in board_top(board, "2026-W48")] == [bob.pk, alice.pk]
    assert [e.rank for e in board_neighbours(board, "2026-W48", alice, k=2)] == [1, 2]


@pytest.mark.parametrize(
    "error",
    [OSError(9, "Bad file descriptor"), ValueError("I/O operation on closed file.")],
    ids=["socket", "read-buffer"],
)
def test_a_connection_broken_under_a_read_falls_back_to_the_database(
    redis_leaderboards, monkeypatch, error
):
    # given a built weekly board
    board = BoardFactory(scope="campaign:12", period=Period.WEEK)
    alice, bob = UserFactory(), UserFactory()
    _award_at(T0, alice, 3, "a")
    _award_at(T0, bob, 8, "b")
    board_top(board, "2026-W48")
    # when Redis's socket is closed under the reads (what redis-py lets through: an OSError from
    # the socket, a ValueError from its closed read buffer)
    import redis

    def broken(*args, **kwargs):
        raise error

    with monkeypatch.context() as patched:
        patched.setattr(redis.client.Pipeline, "execute", broken)
        patched.setattr(redis.Redis, "execute_command", broken)
        # then the boards are read from the database, the same
        assert [e.user_id for e in board_top(board, "2026-W48")] == [bob.pk, alice.pk]
        assert board_rank(board, "2026-W48", alice) == (2, 3)
        [(top, rank)] = boards_standings([(board, "2026-W48")], alice, 5)
        assert ([e.user_id for e in top], rank) == ([bob.pk, alice.pk], (2, 3))


def test_each_thread_reads_the_sets_through_a_client_and_pool_of_its_own(redis_leaderboards):
    import threading

    seen = []
    thread = threading.Thread(target=lambda: seen.append(leaderboard_cache.client()))
    thread.start()
    thread.join()
    mine = leaderboard_cache.client()
    assert mine is leaderboard_cache.client()
    assert seen[0] is not mine and seen[0].connection_pool is not mine.connection_pool
    assert seen[0].ping() and mine.ping()


def test_board_ensure_makes_one_board_and_aligns_it_when_the_activity_changes():
    from points.models import Board
    from points.services import board_ensure

    first = board_ensure(
        scope="quiz-campaign:7", period=Period.CAMPAIGN, name="禁毒竞答 · 全程", ends_at=T0
    )
    later = T0 + dt.timedelta(days=7)
    again = board_ensure(
        scope="quiz-campaign:7", period=Period.CAMPAIGN, name="禁毒知识竞答 · 全程", ends_at=later
    )
    assert again.pk == first.pk
    assert Board.objects.filter(scope="quiz-campaign:7").count() == 1
    again.refresh_from_db()
    assert (again.name, again.ends_at, again.is_active) == ("禁毒知识竞答 · 全程", later, True)
    # a posting carrying the scope counts for it
    user = UserFactory()
    with time_machine.travel(T0 - dt.timedelta(days=1), tick=False):
        points_award(user=user, amount=3, key="q", reason="答题", boards=["quiz-campaign:7"])
    assert BoardScore.objects.get(board=again, user=user).score == 3


def test_several_boards_read_together_give_each_boards_top_and_rank_in_two_queries(
    redis_leaderboards, django_assert_num_queries
):
    # given a weekly board and the annual board, a few users with ties, sets built
    week = BoardFactory(scope="campaign:12", period=Period.WEEK)
    annual = BoardFactory(scope="all", period=Period.YEAR, name="年度总榜")
    empty = BoardFactory(scope="campaign:13", period=Period.WEEK)
    users = [UserFactory() for _ in range(6)]
    for i, user in enumerate(users):
        _award_at(T0 + dt.timedelta(seconds=i % 3), user, 1 + i % 3, f"k{i}")
    periods = [(week, "2026-W48"), (annual, "2026"), (empty, "2026-W48")]
    one_by_one = [(board_top(b, key, 4), board_rank(b, key, users[4])) for b, key in periods]
    # when they are read together
    with django_assert_num_queries(2):  # the user's score rows; the top lists' names
        together = boards_standings(periods, users[4], 4)
    # then each board's top and rank are those of the one-board reads, names loaded
    assert [([(e.rank, e.user_id, e.score) for e in top], rank) for top, rank in together] == [
        ([(e.rank, e.user_id, e.score) for e in top], rank) for top, rank in one_by_one
    ]
    assert together[0][0][0].user is not None and together[2] == ([], None)
    # and every listed name is the one others may see, as the one-board reads give it
    assert [[e.public_name for e in top] for top, _rank in together] == [
        [e.public_name for e in top] for top, _rank in one_by_one
    ]
    # and a stale cached entry is repaired board by board, as board_top does
    BoardScore.objects.filter(board=week, user=users[2]).update(score=50)
    top, _rank = boards_standings(periods, users[4], 4)[0]
    assert (top[0].user_id, top[0].score) == (users[2].pk, 50)


def test_a_board_read_with_others_never_shows_a_phone_number_or_a_full_real_name(
    redis_leaderboards,
):
    # given residents known by a chosen name, by their real name only, by their phone only
    week = BoardFactory(scope="campaign:12", period=Period.WEEK)
    chosen = UserFactory(display_name="秀英", real_name="李秀英", phone="13800000077")
    named = UserFactory(display_name="", real_name="王建国", phone="13800000078")
    bare = UserFactory(display_name="", real_name="", phone="13800000079")
    for i, user in enumerate([chosen, named, bare]):
        _award_at(T0 + dt.timedelta(seconds=i), user, 10 - i, f"k{i}")
    board_top(week, "2026-W48", 5)  # the sorted set built
    # when the board is read with a viewer's rank (the quiz leaderboard's read)
    [(top, _rank)] = boards_standings([(week, "2026-W48")], bare, 5)
    # then others see the chosen name, a masked real name, a masked phone
    assert [e.public_name for e in top] == ["秀英", "王**", "138****0079"]
