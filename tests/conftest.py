"""Fixtures shared by every app's tests."""

import os
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection

from communities.models import Post
from tests.accounts.factories import UserFactory
from tests.communities.factories import appoint, make_tree
from tests.services import RedisServer, start_worker

REPO_ROOT = Path(__file__).resolve().parent.parent
REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"


def _lift_truncate_guards_for_the_test_flush() -> None:
    """Django's test flush (transactional tests) truncates every table in one statement; the
    audit log refuses TRUNCATE (core.append_only.RefuseTruncate). The flush, and only the
    flush, switches that trigger off around its statement, inside its own transaction."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    from core.append_only import truncate_trigger_name

    original = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        statements = original(
            self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
        )
        if not statements:
            return statements
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE t.tgname = c.relname || '_no_truncate'"
            )
            guarded = [row[0] for row in cursor.fetchall() if row[0] in tables]
        toggles = [
            (
                f'ALTER TABLE "{t}" DISABLE TRIGGER "{truncate_trigger_name(t)}"',
                f'ALTER TABLE "{t}" ENABLE TRIGGER "{truncate_trigger_name(t)}"',
            )
            for t in guarded
        ]
        return [*(off for off, _on in toggles), *statements, *(on for _off, on in toggles)]

    DatabaseOperations.sql_flush = sql_flush


_lift_truncate_guards_for_the_test_flush()


def pytest_collection_modifyitems(config, items):
    """`postgres` tests skip on SQLite locally, but CI (REQUIRE_SERVICES=1) must run them."""
    if django_settings.DATABASE_IS_POSTGRES:
        return
    for item in items:
        if "postgres" in item.keywords:
            if REQUIRE_SERVICES:
                item.add_marker(pytest.mark.usefixtures("_fail_without_postgres"))
            else:
                item.add_marker(pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)"))


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the portal's default language, as a Celery worker does.

    A request activates its language in the thread and nothing resets it afterwards, so an
    English request in one test would otherwise leak into the next test's task messages.
    """
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate limits and throttles live in the cache; each test starts with none used."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def require_redis(settings):
    """A test of the Redis path: skipped on the embedded default (no Redis to test), but CI
    (REQUIRE_SERVICES=1) runs with Redis and fails rather than skip."""
    if not settings.REDIS_URL:
        if REQUIRE_SERVICES:
            pytest.fail("REQUIRE_SERVICES=1: this test needs Redis, set REDIS_URL")
        pytest.skip("needs Redis (set REDIS_URL)")


@pytest.fixture
def _fail_without_postgres():
    pytest.fail("REQUIRE_SERVICES=1: this test needs PostgreSQL, set DATABASE_URL")


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def staff_user(db):
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def logged_in_client(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def api_client():
    from rest_framework.test import APIClient

    return APIClient()


# The places most tests stand in, shared by every app's tests (an app's conftest may still
# override one, e.g. marketplace's `tapo` is the community node itself).
@pytest.fixture
def tree(db):
    """祖庙街道 with 塔坡社区 and 保安社区, each: grid, compound, building 5栋 with 2 units, 8 rooms."""
    return make_tree(community_names=("塔坡社区", "保安社区"))


@pytest.fixture
def tapo(tree):
    return tree["塔坡社区"]


@pytest.fixture
def baoan(tree):
    return tree["保安社区"]


@pytest.fixture
def tapo_staff(tapo):
    return appoint(Post.Kind.COMMUNITY_STAFF, tapo["community"]).user


@pytest.fixture
def baoan_staff(baoan):
    return appoint(Post.Kind.COMMUNITY_STAFF, baoan["community"]).user


@pytest.fixture
def tapo_captain(tapo):
    return appoint(Post.Kind.BUILDING_CAPTAIN, tapo["building"]).user


@pytest.fixture
def baoan_captain(baoan):
    return appoint(Post.Kind.BUILDING_CAPTAIN, baoan["building"]).user


@pytest.fixture
def street_staff(tree):
    return appoint(Post.Kind.STREET_STAFF, tree["street"]).user


def _database_url_for_subprocess() -> str:
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        user = db.get("USER") or "postgres"
        password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
        host = db.get("HOST") or "127.0.0.1"
        port = db.get("PORT") or 5432
        return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"
    return f"sqlite:///{db['NAME']}"


@pytest.fixture
def celery_worker_process(transactional_db, tmp_path):
    """A real `celery worker` process on the configured broker, using the test database.

    Tasks queued while this fixture is active go through the broker (not eager). Emails the worker
    sends are written as files to the returned object's `mail_dir`.
    """
    from config.celery import app

    worker = start_worker(tmp_path, database_url=_database_url_for_subprocess())
    previous_eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        yield worker
    finally:
        app.conf.task_always_eager = previous_eager
        worker.stop()


@pytest.fixture
def redis_server(tmp_path):
    """A redis-server of this test's own (port 6390-6399), which the test may stop and start."""
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def on_own_redis(redis_server, settings):
    """Point this process's cache and Celery broker at `redis_server`, tasks not eager; gives a
    function starting real workers on it."""
    from config.celery import app
    from core import cache as fail_open_cache
    from core import outbox

    url = redis_server.url()
    settings.REDIS_URL = url
    settings.CACHES = {
        "default": {
            **settings.CACHES["default"],
            "BACKEND": "core.cache.FailOpenRedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }
    saved = (app.conf.broker_url, app.conf.task_always_eager)
    app.conf.broker_url, app.conf.task_always_eager = url, False
    app._pool = None
    app.amqp._producer_pool = None
    fail_open_cache._down_since.clear()
    outbox.broker_state.failed_at = 0.0
    workers = []

    def worker(tmp_path, **kwargs):
        env = {"REDIS_URL": url, **kwargs.pop("env", {})}
        started = start_worker(
            tmp_path, database_url=_database_url_for_subprocess(), env=env, **kwargs
        )
        workers.append(started)
        return started

    try:
        yield worker
    finally:
        for started in workers:
            started.stop()
        app.conf.broker_url, app.conf.task_always_eager = saved
        app._pool = None
        app.amqp._producer_pool = None
        fail_open_cache._down_since.clear()
        outbox.broker_state.failed_at = 0.0


def wait_for(predicate, timeout: float = 30.0, interval: float = 0.2):
    """Poll until predicate() is truthy (for results produced by another process)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(interval)
    return predicate()


def pytest_report_header(config):
    """Say which day the suite believes it is (CI runs it again with the clock a year ahead)."""
    import datetime

    return f"clock: {datetime.datetime.now().astimezone().isoformat(timespec='minutes')}"
