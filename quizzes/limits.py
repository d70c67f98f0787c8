"""Per-user rate limits on answering and drawing, shared by the pages and the API.

A person answers a question in a few seconds at best; faster than the limit is a script.
The rates are settings so a load test (bench/) can lift them.

A fixed window per user and period, counted in the cache: on Redis one round trip (SET NX with
expiry, then INCR, pipelined), where django-ratelimit needed three. If the cache cannot count,
the action is refused unless settings.RATELIMIT_FAIL_OPEN (django-ratelimit's rule).
"""

import logging
import time

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

DEFAULT_RATES = {"answer": "30/m", "draw": "20/m"}
_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def rate_for(action: str) -> str:
    return getattr(settings, "QUIZZES_RATES", {}).get(action, DEFAULT_RATES[action])


def _parse(rate: str) -> tuple[int, int]:
    """ "30/m" -> (30, 60): at most 30 in a window of 60 seconds."""
    count, period = rate.split("/")
    return int(count), _PERIODS[period[-1]] * int(period[:-1] or 1)


class RateLimited(ValidationError):
    pass


def _count(key: str, period: int) -> int:
    """Add one to the window's counter and return it (the counter expires with the window)."""
    cache = caches["default"]
    if isinstance(cache, RedisCache):
        full_key = cache.make_and_validate_key(key)
        pipe = cache._cache.get_client(full_key, write=True).pipeline(transaction=False)
        pipe.set(full_key, 0, ex=period + 1, nx=True)
        pipe.incr(full_key)
        return pipe.execute()[1]
    cache.add(key, 0, period + 1)
    return cache.incr(key)


def check_rate(request, action: str) -> None:
    """Count one `action` for the user; RateLimited (code "rate_limited") past the rate."""
    limit, period = _parse(rate_for(action))
    user = request.user
    who = f"u{user.pk}" if user.is_authenticated else f"ip{request.META.get('REMOTE_ADDR', '')}"
    window = int(time.time()) // period
    try:
        count = _count(f"quizzes:rate:{action}:{who}:{period}:{window}", period)
    except Exception:
        logger.warning("rate limit counter unavailable", exc_info=True)
        count = None
    if count is None:
        limited = not getattr(settings, "RATELIMIT_FAIL_OPEN", False)
    else:
        limited = count > limit
    if limited:
        raise RateLimited(
            _("You are going too fast. Please wait a minute and try again."),
            code="rate_limited",
        )
