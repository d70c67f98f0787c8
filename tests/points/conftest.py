import pytest
from django.conf import settings

from points import leaderboard_cache


@pytest.fixture
def redis_leaderboards(require_redis):
    """The Redis path of leaderboards."""
    _flush_leaderboards()
    yield leaderboard_cache.client()
    _flush_leaderboards()


@pytest.fixture
def db_leaderboards(settings):
    """The database path of leaderboards, whatever the environment."""
    settings.REDIS_URL = ""


@pytest.fixture(autouse=True)
def _clean_leaderboard_cache():
    # Ids are reused between tests (rolled back), so a set left by one test must not leak.
    if settings.REDIS_URL:
        _flush_leaderboards()
    yield


def _flush_leaderboards():
    client = leaderboard_cache.client()
    pattern = f"{leaderboard_cache._prefix()}:points:*"
    keys = list(client.scan_iter(match=pattern, count=1000))
    if keys:
        client.delete(*keys)
