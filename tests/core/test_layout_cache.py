"""The base layout reads its per-user data (roles, unread badge) once per user from the cache,
and every change that alters it shows on the next page."""

import datetime as dt
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from communities import services as communities
from communities.models import Post
from marketplace.services.merchants import merchant_approve, merchant_staff_add
from notifications import services as notifications
from notifications.models import Message
from tests.accounts.factories import UserFactory
from tests.communities.factories import appoint, make_tree
from tests.marketplace.factories import make_merchant
from tests.querycount import queries_of, sessions_in_cache
from tests.volunteers.factories import volunteer

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
URL = "/bare-layout/"

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.core.layout_urls")]


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def tree():
    return make_tree()


def _page(client) -> str:
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def _without_tokens(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def _badge(html: str) -> int:
    found = re.search(r'<span class="badge"[^>]*>(\d+)</span>', html)
    return int(found.group(1)) if found else 0


@pytest.fixture
def shared_cache(require_redis):
    """The layout is kept across requests only in a shared cache (Redis)."""


def test_a_bare_page_on_the_layout_costs_at_most_the_users_query_once_warm(
    client, tree, shared_cache
):
    # given a building captain who volunteers, with an unread message, signed in
    user = appoint(Post.Kind.BUILDING_CAPTAIN, tree["塔坡社区"]["building"]).user
    volunteer(tree["塔坡社区"]["community"], user=user)
    notifications.notify(user, title="欢迎", email=False)
    client.force_login(user)
    # when the bare layout is shown twice
    first = _page(client)
    with CaptureQueriesContext(connection) as captured:
        second = _page(client)
    # then the second costs the user's row only (the session comes from the shared cache,
    # without Redis from the database), and shows the same roles and badge
    session_query = 0 if sessions_in_cache() else 1
    assert len(captured) <= 1 + session_query, [q["sql"][:200] for q in captured]
    assert _without_tokens(second) == _without_tokens(first)
    assert "我的楼栋" in second and _badge(second) == 1


def test_the_home_page_costs_no_more_than_a_bare_page_once_warm(client, tree, shared_cache):
    user = appoint(Post.Kind.BUILDING_CAPTAIN, tree["塔坡社区"]["building"]).user
    client.force_login(user)
    client.get("/")
    session_query = 0 if sessions_in_cache() else 1
    assert len(queries_of(client, "/")) <= 1 + session_query


def test_a_new_post_shows_on_the_next_page(client, tree):
    user = UserFactory()
    client.force_login(user)
    assert "我的楼栋" not in _page(client)
    post = appoint(Post.Kind.BUILDING_CAPTAIN, tree["塔坡社区"]["building"], user=user)
    assert "我的楼栋" in _page(client)
    communities.post_end(actor=None, post=post)
    assert "我的楼栋" not in _page(client)


def test_a_new_message_and_reading_it_show_on_the_next_page(client):
    user = UserFactory()
    client.force_login(user)
    assert _badge(_page(client)) == 0
    message = notifications.notify(user, title="一", email=False).message
    notifications.notify_many([(user.pk, "k:2")], title="二")
    assert _badge(_page(client)) == 2
    notifications.message_mark_read(message=message)
    assert _badge(_page(client)) == 1
    notifications.messages_mark_all_read(user=user)
    assert _badge(_page(client)) == 0


def test_team_leaders_volunteers_and_merchant_staff_show_on_the_next_page(client, tree):
    user = UserFactory()
    client.force_login(user)
    html = _page(client)
    assert "承责团队" not in html and "我的店铺" not in html
    staff = appoint(Post.Kind.STREET_STAFF, tree["street"]).user
    team = communities.team_save(
        actor=staff,
        owner=tree["street"],
        name="一队",
        places=[tree["塔坡社区"]["community"]],
        leaders=[user],
    )
    assert "承责团队" in _page(client)
    communities.team_save(
        actor=staff,
        owner=tree["street"],
        name="一队",
        places=[tree["塔坡社区"]["community"]],
        leaders=[],
        team=team,
    )
    assert "承责团队" not in _page(client)
    merchant = make_merchant(tree["塔坡社区"]["community"], approved=False)
    merchant_staff_add(actor=staff, merchant=merchant, user=user)
    assert "我的店铺" not in _page(client)
    merchant_approve(actor=staff, merchant=merchant)
    assert "我的店铺" in _page(client)


def test_another_users_layout_is_not_shown(client, tree):
    captain = appoint(Post.Kind.BUILDING_CAPTAIN, tree["塔坡社区"]["building"]).user
    client.force_login(captain)
    assert "我的楼栋" in _page(client)
    client.force_login(UserFactory())
    assert "我的楼栋" not in _page(client)


def test_without_a_shared_cache_the_layout_is_read_on_each_request(client, settings):
    # the embedded default: a worker's new message must show in the web process at once
    settings.REDIS_URL = ""
    user = UserFactory()
    client.force_login(user)
    assert _badge(_page(client)) == 0
    Message.objects.create(recipient=user, title="任务发来的消息")  # as another process would
    assert _badge(_page(client)) == 1
