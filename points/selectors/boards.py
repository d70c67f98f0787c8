"""Leaderboard reads: top N, a user's rank and neighbours, settled periods.

Ranking order everywhere: score descending, then who reached the score first, then user id (so
every rank is held by exactly one user). Users whose score went back to zero are not ranked.

With settings.REDIS_URL the rank comes from a Redis sorted set (O(log n)), rebuilt from the
database when missing; otherwise from the database: the users above from the score histogram
where one is kept (points.histogram: the embedded database), else an indexed count of the rows
above, plus a count of the earlier ties.
"""

import datetime as dt
import logging
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.contrib.auth import get_user_model
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Q, QuerySet

from accounts.masking import name_for_others
from core.prepared import any_of, execute_prepared
from core.rows import converted
from points import histogram, leaderboard_cache
from points.models import Board, BoardScore, Settlement, SettlementRank

logger = logging.getLogger(__name__)


@dataclass
class RankedEntry:
    rank: int
    user_id: int
    score: int
    reached_at: dt.datetime
    user: object | None = None

    @property
    def public_name(self) -> str:
        """How the resident appears to other residents on a board (PIPL: no full real name)."""
        return name_for_others(self.user) if self.user is not None else ""


def boards_public() -> QuerySet[Board]:
    return Board.objects.filter(is_active=True, is_public=True)


def board_ranking(board: Board, period_key: str) -> QuerySet[BoardScore]:
    """The live ranking of a period in rank order (the database truth)."""
    return BoardScore.objects.filter(board=board, period_key=period_key, score__gt=0).order_by(
        "-score", "reached_at", "user_id"
    )


def _score_row(board: Board, period_key: str, user) -> tuple[int, dt.datetime] | None:
    return (
        BoardScore.objects.filter(board=board, period_key=period_key, user=user, score__gt=0)
        .values_list("score", "reached_at")
        .first()
    )


def _db_rank(board: Board, period_key: str, user_id: int, score: int, reached_at) -> int:
    same_period = BoardScore.objects.filter(board=board, period_key=period_key)
    # Higher scores: a sum over the histogram's buckets where it is kept, else a range count
    # on the ranking index; then a count of the earlier equal scores.
    if histogram.enabled():
        higher = histogram.users_above(board.pk, period_key, score)
    else:
        higher = same_period.filter(score__gt=score).count()
    earlier = (
        same_period.filter(score=score)
        .filter(Q(reached_at__lt=reached_at) | Q(reached_at=reached_at, user_id__lt=user_id))
        .count()
    )
    return higher + earlier + 1


def cache_rebuild(board: Board, period_key: str) -> int:
    """Fill the Redis set of a period from the database (after a flush, an expiry, a crash)."""
    rows = board_ranking(board, period_key).values_list("user_id", "score", "reached_at")
    return leaderboard_cache.rebuild(board.pk, period_key, rows.iterator(chunk_size=5000))


def _cache_rank(board: Board, period_key: str, user_id: int, score: int, reached_at) -> int:
    rank = leaderboard_cache.rank_of(board.pk, period_key, user_id, reached_at)
    if rank is not None:
        return rank
    if not leaderboard_cache.is_built(board.pk, period_key):
        cache_rebuild(board, period_key)
    else:
        # The set is there but this user's entry is stale (a lost update): repair it.
        leaderboard_cache.score_set(board.pk, period_key, user_id, score, reached_at, force=True)
    rank = leaderboard_cache.rank_of(board.pk, period_key, user_id, reached_at)
    return rank if rank is not None else _db_rank(board, period_key, user_id, score, reached_at)


def board_rank(board: Board, period_key: str, user) -> tuple[int, int] | None:
    """(rank, score) of the user in the period, None when they have no score there."""
    row = _score_row(board, period_key, user)
    if row is None:
        return None
    score, reached_at = row
    if leaderboard_cache.client() is not None:
        try:
            return _cache_rank(board, period_key, user.pk, score, reached_at), score
        except leaderboard_cache.UNAVAILABLE:
            logger.warning("leaderboard cache unreachable, ranking from the database")
    return _db_rank(board, period_key, user.pk, score, reached_at), score


def _db_top(board: Board, period_key: str, n: int) -> list[RankedEntry]:
    rows = board_ranking(board, period_key).select_related("user")[:n]
    return [
        RankedEntry(rank, row.user_id, row.score, row.reached_at, row.user)
        for rank, row in enumerate(rows, start=1)
    ]


def board_top(board: Board, period_key: str, n: int = 100) -> list[RankedEntry]:
    """The first n of the period's ranking, with their users loaded."""
    if n <= 0:
        return []
    if leaderboard_cache.client() is None:
        return _db_top(board, period_key, n)
    try:
        return _cache_top(board, period_key, n)
    except leaderboard_cache.UNAVAILABLE:
        logger.warning("leaderboard cache unreachable, ranking from the database")
        return _db_top(board, period_key, n)


def _cache_top(board: Board, period_key: str, n: int) -> list[RankedEntry]:
    entries = leaderboard_cache.range_if_built(board.pk, period_key, 1, n)
    if entries is None:
        cache_rebuild(board, period_key)
    for attempt in range(2):
        if entries is None or attempt:
            entries = leaderboard_cache.range_by_rank(board.pk, period_key, 1, n)
        # The one query a page needs anyway (names) also checks the cached entries.
        rows = {
            row.user_id: row
            for row in BoardScore.objects.filter(
                board=board, period_key=period_key, user_id__in=[e.user_id for e in entries]
            ).select_related("user")
        }
        stale = [
            e
            for e in entries
            if e.user_id not in rows
            or (rows[e.user_id].score, rows[e.user_id].reached_at) != (e.score, e.reached_at)
        ]
        if not stale:
            return [
                RankedEntry(e.rank, e.user_id, e.score, e.reached_at, rows[e.user_id].user)
                for e in entries
            ]
        for entry in stale:
            row = rows.get(entry.user_id)
            leaderboard_cache.score_set(
                board.pk,
                period_key,
                entry.user_id,
                row.score if row else 0,
                row.reached_at if row else entry.reached_at,
                force=True,
            )
    return _db_top(board, period_key, n)


def _periods_q(periods: list[tuple[Board, str]]) -> Q:
    return reduce(or_, (Q(board=board, period_key=key) for board, key in periods))


def boards_standings(
    periods: list[tuple[Board, str]], user, n: int = 20
) -> list[tuple[list[RankedEntry], tuple[int, int] | None]]:
    """board_top(board, key, n) and board_rank(board, key, user) for several boards at once.

    With Redis, the user's score rows of every period come in one query and the names of every
    top list in one more (both checking the cached entries as the one-board reads do), instead
    of two queries a board. A period whose set is not built or holds a stale entry is read
    board by board (which rebuilds or repairs it); without Redis, every period is.
    """
    if not periods:
        return []
    if leaderboard_cache.client() is None:
        return [(board_top(b, key, n), board_rank(b, key, user)) for b, key in periods]
    # The top lists and the user's places in the sets: one round trip.
    try:
        cached = leaderboard_cache.standings_if_built(
            [(b.pk, key) for b, key in periods], 1, n, user.pk
        )
    except leaderboard_cache.UNAVAILABLE:
        logger.warning("leaderboard cache unreachable, ranking from the database")
        return [(board_top(b, key, n), board_rank(b, key, user)) for b, key in periods]
    tops = [standing[0] if standing else None for standing in cached]
    # The user's own row and the listed users' rows (checking the cached entries, with the
    # names shown) of every period: one prepared statement.
    rows = _score_rows(
        [
            (b.pk, key, [e.user_id for e in entries or ()] + [user.pk])
            for (b, key), entries in zip(periods, tops, strict=True)
        ]
    )
    mine = {
        (board_id, key): (row.score, row.reached_at)
        for (board_id, key, user_id), row in rows.items()
        if user_id == user.pk and row.score > 0
    }
    # A cached rank counts only for the entry the database has (else repaired below).
    cached_rank = {
        (b.pk, key): standing[1][0]
        for (b, key), standing in zip(periods, cached, strict=True)
        if standing and standing[1] and (b.pk, key) in mine and standing[1][1] == mine[b.pk, key][1]
    }
    standings = []
    for (board, key), entries in zip(periods, tops, strict=True):
        fresh = entries is not None and all(
            (board.pk, key, e.user_id) in rows
            and (rows[board.pk, key, e.user_id].score, rows[board.pk, key, e.user_id].reached_at)
            == (e.score, e.reached_at)
            for e in entries
        )
        if fresh:
            top = [
                RankedEntry(
                    e.rank, e.user_id, e.score, e.reached_at, rows[board.pk, key, e.user_id].user
                )
                for e in entries
            ]
        else:
            top = board_top(board, key, n)  # builds or repairs the set
        row = mine.get((board.pk, key))
        rank = None
        if row is not None:
            score, reached_at = row
            try:
                known = cached_rank.get((board.pk, key))
                if known is None:
                    known = _cache_rank(board, key, user.pk, score, reached_at)
                rank = (known, score)
            except leaderboard_cache.UNAVAILABLE:
                logger.warning("leaderboard cache unreachable, ranking from the database")
                rank = (_db_rank(board, key, user.pk, score, reached_at), score)
        standings.append((top, rank))
    return standings


def _score_rows(wanted: list[tuple[int, str, list[int]]]) -> dict:
    """{(board id, period, user id): BoardScore with its user's public name fields} of the
    given users in each (board id, period, user ids): one prepared statement."""
    User = get_user_model()
    # In the model's own field order: Model.from_db places the values by its fields, not by the
    # names given (in another order the full phone number took the display name's place).
    names = [
        field.attname
        for field in User._meta.concrete_fields
        if field.attname in ("display_name", "real_name", "phone")
    ]
    clauses, params = [], []
    for board, key, ids in wanted:
        users, values = any_of("bs.user_id", ids)
        clauses.append(f"(bs.board_id = %s AND bs.period_key = %s AND {users})")
        params += [board, key, *values]
    where = " OR ".join(clauses)
    sql = (
        "SELECT bs.id, bs.board_id, bs.period_key, bs.user_id, bs.score, bs.reached_at, "
        + ", ".join(f"u.{name}" for name in names)
        + f" FROM {BoardScore._meta.db_table} bs JOIN {User._meta.db_table} u ON u.id = bs.user_id"
        + f" WHERE {where}"
    )
    connection = connections[DEFAULT_DB_ALIAS]
    with connection.cursor() as cursor:
        execute_prepared(cursor, sql, params)
        fetched = cursor.fetchall()
    rows = {}
    for pk, board_id, key, user_id, score, reached_at, *person in fetched:
        row = BoardScore(
            id=pk,
            board_id=board_id,
            period_key=key,
            user_id=user_id,
            score=score,
            reached_at=converted(BoardScore, "reached_at", reached_at),
        )
        row.user = User.from_db(connection.alias, ["id", *names], [user_id, *person])
        rows[board_id, key, user_id] = row
    return rows


def _users_by_id(ids) -> dict:
    return get_user_model().objects.in_bulk(list(ids))


def board_neighbours(board: Board, period_key: str, user, k: int = 5) -> list[RankedEntry]:
    """Up to k users ranked just above the user, the user, and up to k just below."""
    row = _score_row(board, period_key, user)
    if row is None:
        return []
    score, reached_at = row
    if leaderboard_cache.client() is not None:
        try:
            rank = _cache_rank(board, period_key, user.pk, score, reached_at)
            cached = leaderboard_cache.range_by_rank(board.pk, period_key, rank - k, rank + k)
        except leaderboard_cache.UNAVAILABLE:
            logger.warning("leaderboard cache unreachable, ranking from the database")
        else:
            users = _users_by_id(e.user_id for e in cached)
            return [
                RankedEntry(e.rank, e.user_id, e.score, e.reached_at, users.get(e.user_id))
                for e in cached
            ]
    rank = _db_rank(board, period_key, user.pk, score, reached_at)
    ranking = board_ranking(board, period_key).select_related("user")
    # Seek from the user's position both ways: each is a short range on the ranking index.
    tied_before = ranking.filter(score=score).filter(
        Q(reached_at__lt=reached_at) | Q(reached_at=reached_at, user_id__lt=user.pk)
    )
    tied_after = ranking.filter(score=score).filter(
        Q(reached_at__gt=reached_at) | Q(reached_at=reached_at, user_id__gt=user.pk)
    )
    above = list(tied_before.reverse()[:k])
    if len(above) < k:
        above += list(ranking.filter(score__gt=score).reverse()[: k - len(above)])
    below = list(tied_after[:k])
    if len(below) < k:
        below += list(ranking.filter(score__lt=score)[: k - len(below)])
    me = BoardScore(
        board=board, period_key=period_key, user=user, score=score, reached_at=reached_at
    )
    ordered = [*reversed(above), me, *below]
    first_rank = rank - len(above)
    return [
        RankedEntry(first_rank + i, r.user_id, r.score, r.reached_at, r.user)
        for i, r in enumerate(ordered)
    ]


def settlements_done(board: Board) -> QuerySet[Settlement]:
    return Settlement.objects.filter(board=board, state=Settlement.State.DONE).order_by(
        "-period_key"
    )


def settlement_get(board: Board, period_key: str) -> Settlement | None:
    return Settlement.objects.filter(board=board, period_key=period_key).first()


def settlement_ranks(settlement: Settlement) -> QuerySet[SettlementRank]:
    return settlement.ranks.select_related("user").order_by("rank")


def settlement_rank_for_user(settlement: Settlement, user) -> SettlementRank | None:
    return settlement.ranks.filter(user=user).first()
