import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from points.models import Currency, Period
from points.services import points_award, points_spend, settlement_run, system_account
from tests.accounts.factories import UserFactory
from tests.points.factories import BoardFactory
from tests.querycount import sessions_in_cache

pytestmark = pytest.mark.django_db

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
T0 = dt.datetime(2026, 11, 25, 10, 0, tzinfo=SHANGHAI)


def _request_queries() -> int:
    """The user's row, and the session's unless it is read from the shared cache (Redis)."""
    return 1 if sessions_in_cache() else 2


def _layout_queries(user) -> int:
    """Queries of the shared page layout (nav roles, unread badge ...), which other apps grow.

    Rendered twice and the second counted: some role providers cache their answer, and the
    pages measured after this see the warm cache too.
    """
    for _warm_then_count in range(2):
        request = RequestFactory().get("/")
        request.user = User.objects.get(pk=user.pk)  # a fresh instance: roles are cached on it
        with CaptureQueriesContext(connection) as context:
            render_to_string("base.html", request=request)
    return len(context.captured_queries)


def _award(user, amount, key, *, when=T0, currency=Currency.POINT, reason="答题奖励", boards=()):
    with time_machine.travel(when, tick=False):
        return points_award(
            user=user, amount=amount, key=key, reason=reason, currency=currency, boards=boards
        )


def test_my_points_shows_balances_with_time_in_hours_and_the_history(logged_in_client, user):
    _award(user, 120, "quiz", reason="禁毒知识竞答")
    _award(user, 750, "hours", currency=Currency.MINUTE, reason="助老志愿服务")
    shop = system_account("merchant:1:settlement", Currency.POINT)
    with time_machine.travel(T0, tick=False):
        points_spend(user=user, amount=20, key="buy", reason="兑换满减券", to_account=shop)
    html = logged_in_client.get("/points/").content.decode()
    assert "100 积分" in html
    assert "12.5 小时" in html
    assert "禁毒知识竞答" in html and "助老志愿服务" in html
    assert "-20 积分" in html and "+120 积分" in html


def test_my_points_filters_by_currency_and_date(logged_in_client, user):
    _award(user, 10, "old", when=T0 - dt.timedelta(days=10), reason="上月活动")
    _award(user, 20, "new", reason="本周活动")
    _award(user, 60, "minutes", currency=Currency.MINUTE, reason="助老陪护")
    html = logged_in_client.get("/points/", {"currency": "POINT"}).content.decode()
    assert "本周活动" in html and "上月活动" in html and "助老陪护" not in html
    html = logged_in_client.get("/points/", {"date_from": "2026-11-20"}).content.decode()
    assert "本周活动" in html and "上月活动" not in html
    html = logged_in_client.get(
        "/points/", {"date_from": "2026-11-10", "date_to": "2026-11-15"}
    ).content.decode()
    assert "上月活动" in html and "本周活动" not in html


def test_the_history_pages_keep_the_filter(logged_in_client, user):
    for i in range(25):
        _award(user, 1, f"k{i}")
    html = logged_in_client.get("/points/", {"currency": "POINT"}).content.decode()
    assert "?currency=POINT&amp;page=2" in html


def test_other_residents_postings_are_not_shown(logged_in_client):
    _award(UserFactory(), 10, "theirs", reason="别人的积分")
    assert "别人的积分" not in logged_in_client.get("/points/").content.decode()


def test_my_points_query_count_stays_flat(logged_in_client, user, django_assert_num_queries):
    _award(user, 1, "first")
    logged_in_client.get("/points/")  # its statements prepared on this connection
    # session, user, the layout's own (roles, unread messages ...); then the balances with the
    # account ids, and the page of the history: two prepared statements (points.history; a
    # first page that holds every row is not counted)
    expected = _request_queries() + _layout_queries(user) + 2
    with django_assert_num_queries(expected):
        assert logged_in_client.get("/points/").status_code == 200
    for i in range(30):
        _award(user, 1, f"more-{i}", currency=Currency.MINUTE if i % 2 else Currency.POINT)
    logged_in_client.get("/points/")
    # the same and the count: the history has a second page now
    with django_assert_num_queries(expected + 1):
        assert logged_in_client.get("/points/").status_code == 200


def test_pages_need_a_login(client):
    response = client.get("/points/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_leaderboard_page_shows_the_top_my_rank_and_past_periods(
    logged_in_client, user, db_leaderboards
):
    board = BoardFactory(scope="campaign:12", period=Period.WEEK, name="禁毒竞答周榜")
    others = [UserFactory(real_name=f"王{i}明") for i in range(3)]
    for i, other in enumerate(others):
        _award(other, 10 + i, f"o{i}", boards=["campaign:12"])
    _award(user, 5, "me", boards=["campaign:12"])
    with time_machine.travel(dt.datetime(2026, 12, 1, 9, 0, tzinfo=SHANGHAI), tick=False):
        settlement_run(board=board, period_key="2026-W48")
    html = logged_in_client.get(f"/points/boards/{board.pk}/?period=2026-W48").content.decode()
    assert "禁毒竞答周榜" in html
    assert 'data-testid="my-rank">4<' in html
    assert "王**" in html and "王2明" not in html  # names are masked for other residents
    assert f"/points/boards/{board.pk}/settled/2026-W48/" in html
    settled = logged_in_client.get(f"/points/boards/{board.pk}/settled/2026-W48/")
    assert settled.status_code == 200
    assert "我的最终排名" in settled.content.decode()
    assert logged_in_client.get("/points/boards/").status_code == 200
    assert logged_in_client.get(f"/points/boards/{board.pk}/?period=nope").status_code == 404
    assert logged_in_client.get(f"/points/boards/{board.pk}/settled/2026-W47/").status_code == 404


def test_the_leaderboard_page_query_count_stays_flat(
    logged_in_client, user, db_leaderboards, django_assert_num_queries
):
    board = BoardFactory(scope="campaign:12", period=Period.WEEK)
    _award(user, 5, "me", boards=["campaign:12"])
    for i in range(11):  # the user is 12th: below the first ten, so neighbours are shown
        _award(UserFactory(), 50 + i, f"x{i}", boards=["campaign:12"])

    # session, user, the layout's own (roles, unread ...), board, my score row, 2 rank counts,
    # top 100 with users,
    # neighbours: my score row, 2 rank counts, tied before, above, tied after, below;
    # settled periods
    def get():
        return logged_in_client.get(f"/points/boards/{board.pk}/?period=2026-W48")

    expected = _request_queries() + _layout_queries(user) + 13
    with django_assert_num_queries(expected):
        assert get().status_code == 200
    for i in range(20):
        _award(UserFactory(), i + 1, f"more{i}", boards=["campaign:12"])
    with django_assert_num_queries(expected):
        assert get().status_code == 200


def test_the_home_page_links_to_my_points(logged_in_client):
    html = logged_in_client.get("/").content.decode()
    assert 'href="/points/"' in html and "我的积分" in html
