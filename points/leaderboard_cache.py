"""Live leaderboards in Redis sorted sets (only when settings.REDIS_URL is set).

The database (BoardScore) is the source of truth; Redis is a rebuildable index that answers
"what is my rank" in O(log n) instead of counting the rows above a user.

Layout per (board, period): a sorted set `...:z` whose members sort exactly like the database
order (score desc, reached_at asc, user id asc): the set's score is -score and the member is
"<reached_at in microseconds, 17 digits>:<user id, 12 digits>", so equal scores fall back to the
member's lexicographic order. A hash `...:h` maps user id -> current member, and `...:built`
marks a complete set: updates are only applied to a built set, a missing marker means "rebuild
from the database" (Redis was flushed, the key expired, or it was never read).

Updates run after commit and are compare-and-set on reached_at, so callbacks arriving out of order
cannot put an older score back. A lost update (a crash between commit and callback) is repaired
when the user's rank is read (their row is checked against the database) or by the nightly
rebuild.
"""

import datetime as dt
import logging
import threading
import uuid
from dataclasses import dataclass

from django.conf import settings
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

TTL_SECONDS = 45 * 24 * 3600
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)

# KEYS: z, h, built per score (in triples). ARGV: ttl, force (1 = overwrite even if newer), then
# user id, member, -score per score. Several scores of one posting go in one round trip.
# A score of 0 or less (all of it reversed) leaves the ranking, as in the database.
_SET_SCRIPT = """
local changed = 0
for i = 1, #KEYS / 3 do
  local z, h, built = KEYS[3 * i - 2], KEYS[3 * i - 1], KEYS[3 * i]
  local user, member, score = ARGV[3 * i], ARGV[3 * i + 1], ARGV[3 * i + 2]
  if ARGV[2] == '1' or redis.call('EXISTS', built) == 1 then
    local current = redis.call('HGET', h, user)
    if not (current and ARGV[2] ~= '1' and current >= member) then
      if current then redis.call('ZREM', z, current) end
      if tonumber(score) < 0 then
        redis.call('ZADD', z, score, member)
        redis.call('HSET', h, user, member)
      else
        redis.call('HDEL', h, user)
      end
      redis.call('EXPIRE', z, ARGV[1])
      redis.call('EXPIRE', h, ARGV[1])
      redis.call('EXPIRE', built, ARGV[1])
      changed = changed + 1
    end
  end
end
return changed
"""

# KEYS: z, h, built per period (in triples). ARGV: first and last index of the top list, user id.
# Per period: {0} when not built, else {1, top list (member, score, ...), the user's member or
# '', its index or -1}: a board page's top lists and the user's ranks in one round trip.
_STANDINGS_SCRIPT = """
local out = {}
for i = 1, #KEYS / 3 do
  local z, h, built = KEYS[3 * i - 2], KEYS[3 * i - 1], KEYS[3 * i]
  if redis.call('EXISTS', built) == 1 then
    local mine = redis.call('HGET', h, ARGV[3])
    local rank = false
    if mine then rank = redis.call('ZRANK', z, mine) end
    out[i] = {1, redis.call('ZRANGE', z, ARGV[1], ARGV[2], 'WITHSCORES'), mine or '', rank or -1}
  else
    out[i] = {0}
  end
end
return out
"""

# What reading the sets may raise when Redis is away or a connection broke under a read: redis-py's
# own errors, and what it lets through from a socket closed beneath it: an OSError ("Bad file
# descriptor") or, while connecting, a ValueError from its closed read buffer ("I/O operation on
# closed file"), both seen at high load; the boards then read the database instead.
UNAVAILABLE = (RedisError, OSError, ValueError)


@dataclass(frozen=True)
class CachedEntry:
    rank: int
    user_id: int
    score: int
    reached_at: dt.datetime


# One client (and connection pool) per thread, as Django keeps its cache's: with one pool shared
# by a web process's threads, sockets were closed beneath live reads under load (the errors in
# UNAVAILABLE, only ever on this pool); a thread's own pool never has two users at once.
_per_thread = threading.local()


def client():
    """The Redis client for live leaderboards, or None on the embedded default."""
    url = settings.REDIS_URL
    if not url:
        return None
    kept = getattr(_per_thread, "clients", None)
    if kept is None:
        kept = _per_thread.clients = {}
    redis_client = kept.get(url)
    if redis_client is None:
        import redis

        redis_client = kept[url] = redis.Redis.from_url(
            url, socket_timeout=2, socket_connect_timeout=2
        )
    return redis_client


def _script(redis_client, source: str):
    """A script of this client: EVALSHA with its hash (loaded again by redis-py if Redis lost
    it), not its text."""
    scripts = getattr(_per_thread, "scripts", None)
    if scripts is None:
        scripts = _per_thread.scripts = {}
    script = scripts.get((id(redis_client), source))
    if script is None or script.registered_client is not redis_client:
        script = scripts[id(redis_client), source] = redis_client.register_script(source)
    return script


def _prefix() -> str:
    return settings.CACHES["default"].get("KEY_PREFIX") or "gongzhi"


def keys(board_id: int, period_key: str) -> tuple[str, str, str]:
    base = f"{_prefix()}:points:board:{board_id}:{period_key}"
    return f"{base}:z", f"{base}:h", f"{base}:built"


def member(user_id: int, reached_at: dt.datetime) -> str:
    micros = (reached_at - _EPOCH) // dt.timedelta(microseconds=1)
    return f"{micros:017d}:{user_id:012d}"


def parse_member(value: bytes | str) -> tuple[int, dt.datetime]:
    text = value.decode() if isinstance(value, bytes) else value
    micros, user_id = text.split(":")
    return int(user_id), _EPOCH + dt.timedelta(microseconds=int(micros))


def score_set(
    board_id: int,
    period_key: str,
    user_id: int,
    score: int,
    reached_at: dt.datetime,
    *,
    force: bool = False,
) -> None:
    """Put a user's current score into a built set (or anyway with force)."""
    scores_set([(board_id, period_key, user_id, score, reached_at)], force=force)


def scores_set(entries, *, force: bool = False) -> None:
    """score_set() for several (board_id, period_key, user_id, score, reached_at), one call."""
    redis = client()
    if redis is None or not entries:
        return
    keys_, args = [], [str(TTL_SECONDS), "1" if force else "0"]
    for board_id, period_key, user_id, score, reached_at in entries:
        keys_ += keys(board_id, period_key)
        args += [str(user_id), member(user_id, reached_at), str(-score)]
    _script(redis, _SET_SCRIPT)(keys=keys_, args=args)


def score_changed_on_commit(
    board_id: int, period_key: str, user_id: int, score: int, reached_at: dt.datetime
) -> None:
    """After-commit hook of the ledger: best effort, Redis can be down or emptied at any time."""
    scores_changed_on_commit([(board_id, period_key, user_id, score, reached_at)])


def scores_changed_on_commit(entries) -> None:
    """score_changed_on_commit() for the several scores of one posting, in one round trip."""
    try:
        scores_set(entries)
    except Exception:
        logger.warning("leaderboard cache update failed; it will be rebuilt", exc_info=True)
        try:
            client().delete(*(keys(entry[0], entry[1])[2] for entry in entries))
        except Exception:
            logger.debug("Redis unreachable, the marker will expire", exc_info=True)


def rebuild(board_id: int, period_key: str, rows) -> int:
    """Replace the set by `rows` of (user_id, score, reached_at) read from the database."""
    redis = client()
    z, h, built = keys(board_id, period_key)
    tmp = f"{z}:tmp:{uuid.uuid4().hex}"
    tmp_h = f"{h}:tmp:{uuid.uuid4().hex}"
    count = 0
    pipe = redis.pipeline(transaction=False)
    batch_z: dict[str, int] = {}
    batch_h: dict[str, str] = {}
    for user_id, score, reached_at in rows:
        value = member(user_id, reached_at)
        batch_z[value] = -score
        batch_h[str(user_id)] = value
        count += 1
        if len(batch_z) >= 5000:
            pipe.zadd(tmp, batch_z)
            pipe.hset(tmp_h, mapping=batch_h)
            pipe.execute()
            batch_z, batch_h = {}, {}
    if batch_z:
        pipe.zadd(tmp, batch_z)
        pipe.hset(tmp_h, mapping=batch_h)
        pipe.execute()
    swap = redis.pipeline(transaction=True)
    if count:
        swap.rename(tmp, z)
        swap.rename(tmp_h, h)
        swap.expire(z, TTL_SECONDS)
        swap.expire(h, TTL_SECONDS)
    else:
        swap.delete(z, h)
    swap.set(built, "1", ex=TTL_SECONDS)
    swap.execute()
    return count


def is_built(board_id: int, period_key: str) -> bool:
    return bool(client().exists(keys(board_id, period_key)[2]))


def rank_of(board_id: int, period_key: str, user_id: int, reached_at: dt.datetime) -> int | None:
    """1-based rank of the user's member, None when the set lacks it (missing or stale)."""
    z, _h, built = keys(board_id, period_key)
    pipe = client().pipeline(transaction=False)
    pipe.exists(built)
    pipe.zrank(z, member(user_id, reached_at))
    is_there, rank = pipe.execute()
    if not is_there or rank is None:
        return None
    return rank + 1


def range_by_rank(board_id: int, period_key: str, start: int, stop: int) -> list[CachedEntry]:
    """Entries of ranks start..stop (1-based, inclusive)."""
    z = keys(board_id, period_key)[0]
    return _entries(client().zrange(z, max(start, 1) - 1, stop - 1, withscores=True), start)


def range_if_built(
    board_id: int, period_key: str, start: int, stop: int
) -> list[CachedEntry] | None:
    """Like range_by_rank in the same round trip as the built check; None when not built."""
    z, _h, built = keys(board_id, period_key)
    pipe = client().pipeline(transaction=False)
    pipe.exists(built)
    pipe.zrange(z, max(start, 1) - 1, stop - 1, withscores=True)
    is_built, rows = pipe.execute()
    return _entries(rows, start) if is_built else None


def standings_if_built(
    periods: list[tuple[int, str]], start: int, stop: int, user_id: int
) -> list[tuple[list[CachedEntry], tuple[int, dt.datetime] | None] | None]:
    """For each (board id, period): its entries of ranks start..stop and the user's (rank,
    reached at) as the set holds them (None when it holds no entry of theirs), or None when the
    set is not built; every period in one round trip (_STANDINGS_SCRIPT). The caller checks
    the user's reached at against the database before trusting the rank, as rank_of does by
    asking for the member the database gives."""
    if stop < max(start, 1):
        first, last = "1", "0"  # no entries (ZRANGE 0 -1 would be all of them)
    else:
        first, last = str(max(start, 1) - 1), str(stop - 1)
    redis = client()
    replies = _script(redis, _STANDINGS_SCRIPT)(
        keys=[key for board_id, period_key in periods for key in keys(board_id, period_key)],
        args=[first, last, str(user_id)],
    )
    standings = []
    for reply in replies:
        if not reply[0]:
            standings.append(None)
            continue
        _built, flat, mine, rank = reply
        own = None
        if mine and rank >= 0:
            own = (rank + 1, parse_member(mine)[1])
        standings.append((_entries(zip(flat[::2], flat[1::2], strict=True), start), own))
    return standings


def _entries(rows, start: int) -> list[CachedEntry]:
    entries = []
    for offset, (value, negative_score) in enumerate(rows):
        user_id, reached_at = parse_member(value)
        entries.append(
            CachedEntry(
                rank=max(start, 1) + offset,
                user_id=user_id,
                score=-int(negative_score),
                reached_at=reached_at,
            )
        )
    return entries


def delete(board_id: int, period_key: str) -> None:
    """Forget a period's live set (after commit: best effort, it expires after TTL_SECONDS)."""
    try:
        client().delete(*keys(board_id, period_key))
    except RedisError:
        logger.warning("leaderboard cache unreachable; the settled period's set will expire")
