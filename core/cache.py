"""Django's Redis cache, failing open: while Redis is unreachable, reads miss and writes are dropped.

Everything the portal keeps in the cache is either a copy of the database (a user's merchant role,
a campaign's question ids), rebuilt on a miss, or a counter whose loss only lifts a limit for a
while (DRF throttles, allauth's rate limits): during an outage pages and the API are served from
the database and limits are not enforced, rather than every request answering 500.

- `add()` answers True while Redis is away, as if the key were new: allauth takes a lock with it
  before counting, and a lock that can never be taken would refuse every log-in.
- After a failure, calls skip Redis for RETRY_SECONDS (no connect timeout per call), then try again.
- One warning when Redis goes away and one when it is back, per process (not one per request).
- `incr()`/`decr()` still raise: their callers (quizzes' draw limit) decide what a lost count means.
"""

from __future__ import annotations

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RETRY_SECONDS = 5.0

# Per Redis location, shared by the per-thread cache objects of one process.
_down_since: dict[str, float] = {}
_lock = threading.Lock()


class _ClientKeptRedisCacheClient(RedisCacheClient):
    """Django's Redis client, keeping one redis.Redis per connection pool.

    Django builds a new redis.Redis for every cache call, and its constructor fills a table of
    a few hundred response callbacks: measured as a large share of a bare page's CPU, which
    reads the cache twice (session, layout). A redis.Redis is safe to share between threads
    (each command takes a connection from the pool), so one per pool is kept.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class FailOpenRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _ClientKeptRedisCacheClient

    def _skipping(self) -> bool:
        since = _down_since.get(self._server_key)
        return since is not None and time.monotonic() - since < RETRY_SECONDS

    @property
    def _server_key(self) -> str:
        return ",".join(self._servers)

    def _failed(self, error: Exception) -> None:
        with _lock:
            first = self._server_key not in _down_since
            _down_since[self._server_key] = time.monotonic()
        if first:
            logger.warning(
                "cache unreachable: reads miss and writes are dropped; API throttles and log-in "
                "rate limits are not enforced until it is back (%s)",
                error,
            )

    def _succeeded(self) -> None:
        if self._server_key in _down_since:
            with _lock:
                was_down = _down_since.pop(self._server_key, None) is not None
            if was_down:
                logger.warning("cache reachable again")

    def _call(self, fallback, method, *args, **kwargs):
        if self._skipping():
            return fallback
        try:
            result = method(*args, **kwargs)
        except RedisError as error:
            self._failed(error)
            return fallback
        self._succeeded()
        return result

    def ping(self) -> bool:
        """Whether Redis answers now (for /healthz); never skipped, never raises."""
        try:
            self._cache.get_client(write=False).ping()
        except RedisError:
            return False
        return True

    def get(self, key, default=None, version=None):
        return self._call(default, super().get, key, default, version)

    def get_many(self, keys, version=None):
        return self._call({}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._call(False, super().has_key, key, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(True, super().add, key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(None, super().set, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call([], super().set_many, data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._call(False, super().delete, key, version)

    def delete_many(self, keys, version=None):
        return self._call(None, super().delete_many, keys, version)

    def clear(self):
        return self._call(None, super().clear)
