"""Per-user rate limits on answering and drawing, shared by the pages and the API.

A person answers a question in a few seconds at best; faster than the limit is a script.
The rates are settings so a load test (bench/) can lift them. Each is a fixed window per user
and period:

- Drawing is counted in the cache: on Redis one round trip (SET NX with expiry, then INCR,
  pipelined), where django-ratelimit needed three. If the cache cannot count (a Redis outage),
  the user's draws of the last period are counted in the database instead: a draw gives away
  prizes, so its limit holds through an outage, and drawing keeps working.
- Answering is counted on the participant row that every answer locks anyway (row_rate_take),
  so the busiest request of a campaign pays no round trip for its limit; the count is per user
  and campaign. Refused answers (forged or replayed tokens) never reach that row: they are
  counted in the cache (check_refusal_rate), so a script sending them is told to slow down too;
  during an outage that count fails open (with a log line), like the other throttles.
"""

import datetime as dt
import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from core.http import client_ip

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


def _limited() -> RateLimited:
    return RateLimited(
        _("You are going too fast. Please wait a minute and try again."), code="rate_limited"
    )


def _draws_since(user, since: dt.datetime) -> int:
    from quizzes.models import Draw

    return Draw.objects.filter(user=user, created_at__gte=since).count()


# Actions whose past occurrences the database holds: counted there when the cache cannot count.
_COUNTED_IN_DATABASE: dict[str, Callable] = {"draw": _draws_since}


def _cache_limited(action: str, who: str, counter: str, user=None) -> bool:
    """Count one `action` by `who` on `counter` in the cache; True past the action's rate.

    Without a cache, an action the database records is counted there over the last period
    (this one included); any other fails open.
    """
    limit, period = _parse(rate_for(action))
    window = int(time.time()) // period
    try:
        count = _count(f"quizzes:rate:{counter}:{who}:{period}:{window}", period)
    except Exception:
        logger.warning("rate limit counter unavailable", exc_info=True)
        count_in_database = _COUNTED_IN_DATABASE.get(counter)
        if count_in_database is None or user is None or not user.is_authenticated:
            return False
        since = timezone.now() - dt.timedelta(seconds=period)
        return count_in_database(user, since) + 1 > limit
    return count > limit


def check_rate(request, action: str) -> None:
    """Count one `action` for the user; RateLimited (code "rate_limited") past the rate."""
    user = request.user
    who = f"u{user.pk}" if user.is_authenticated else f"ip{client_ip(request) or ''}"
    if _cache_limited(action, who, action, user=user):
        raise _limited()


def check_refusal_rate(user, action: str) -> None:
    """Count a refused `action` of the user; RateLimited when refusals come past the rate."""
    if _cache_limited(action, f"u{user.pk}", f"{action}-refused"):
        raise _limited()


def row_rate_take(*, action: str, window: int, count: int, now: float) -> tuple[int, int]:
    """Count one `action` on a row's (window, count) pair; the pair to store, or RateLimited.

    The caller holds the row's lock, so the count cannot race; `now` is Unix time.
    """
    limit, period = _parse(rate_for(action))
    current = int(now) // period
    taken = count + 1 if window == current else 1
    if taken > limit:
        raise _limited()
    return current, taken
