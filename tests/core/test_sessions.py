"""Sessions (core.sessions): a signed-in page asks Redis once, for its session and its layout's
copy together, and a copy is only ever used for the user the session names."""

import re

import pytest
import redis
from django.urls import reverse

from communities.models import Post
from core import cache as fail_open_cache
from core import sessions
from notifications import services as notifications
from tests.accounts.factories import UserFactory
from tests.communities.factories import appoint, make_tree

URL = "/bare-layout/"

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.core.layout_urls")]


@pytest.fixture
def redis_commands(require_redis, monkeypatch):
    """The names of the Redis commands sent, in order."""
    sent = []
    execute = redis.Redis.execute_command

    def recorded(self, *args, **options):
        sent.append(args[0])
        return execute(self, *args, **options)

    monkeypatch.setattr(redis.Redis, "execute_command", recorded)
    return sent


def _badge(html: str) -> int:
    found = re.search(r'<span class="badge"[^>]*>(\d+)</span>', html)
    return int(found.group(1)) if found else 0


def _page(client) -> str:
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def test_a_page_of_a_session_seen_before_asks_redis_once(client, redis_commands):
    captain = appoint(Post.Kind.BUILDING_CAPTAIN, make_tree()["塔坡社区"]["building"]).user
    client.force_login(captain)
    _page(client)  # this process learns whose session it is (and keeps the layout's copy)
    redis_commands.clear()
    html = _page(client)
    assert redis_commands == ["MGET"]  # the session and the layout's copy, one round trip
    assert "我的楼栋" in html


def test_a_session_not_seen_before_is_read_as_django_reads_it(client, redis_commands):
    client.force_login(UserFactory())
    sessions._user_of_session.clear()
    redis_commands.clear()
    _page(client)
    assert redis_commands[0] == "GET"  # the session alone: whose it is is not known yet


def test_a_wrong_hint_never_shows_another_users_layout(client, redis_commands):
    # given a captain whose layout copy is in the cache, and a resident signed in
    captain = appoint(Post.Kind.BUILDING_CAPTAIN, make_tree()["塔坡社区"]["building"]).user
    client.force_login(captain)
    assert "我的楼栋" in _page(client)
    resident = UserFactory()
    client.force_login(resident)
    # when this process wrongly believes the resident's session to be the captain's
    session_key = client.cookies["sessionid"].value
    sessions._user_of_session[session_key] = str(captain.pk)
    html = _page(client)
    # then the captain's copy, fetched with the session, is not used for the resident
    assert "我的楼栋" not in html
    # and the hint is put right by the session itself
    assert sessions._user_of_session[session_key] == str(resident.pk)


def test_the_remembered_sessions_stay_bounded(client, require_redis, monkeypatch):
    monkeypatch.setattr(sessions, "_REMEMBERED_SESSIONS", 3)
    monkeypatch.setattr(sessions, "_user_of_session", {})
    for _ in range(5):
        client.force_login(UserFactory())
        _page(client)
        assert len(sessions._user_of_session) <= 3


@pytest.fixture
def redis_away(require_redis, monkeypatch):
    def unreachable(*args, **options):
        raise redis.ConnectionError("Redis is away")

    monkeypatch.setattr(redis.Redis, "execute_command", unreachable)
    yield
    # The cache skips Redis for a while after a failure: the next tests would run without it.
    fail_open_cache._down_since.clear()


def test_with_redis_away_the_session_comes_from_the_database(client, request):
    user = UserFactory()
    client.force_login(user)
    _page(client)
    request.getfixturevalue("redis_away")
    html = _page(client)
    # still signed in: the session came from the database (cached_db's fallback)
    assert reverse("accounts:profile") in html and reverse("account_login") not in html


def test_a_message_read_on_the_page_that_shows_the_badge_is_not_counted_there(
    client, require_redis
):
    # given a resident with one unread message, whose layout copy came with the session
    user = UserFactory()
    message = notifications.notify(user, title="一", email=False).message
    client.force_login(user)
    assert _badge(_page(client)) == 1
    # when the message is opened (the view marks it read, then the page is rendered)
    html = client.get(reverse("notifications:detail", args=[message.pk])).content.decode()
    # then that very page counts it read, not the copy fetched before the view ran
    assert _badge(html) == 0
