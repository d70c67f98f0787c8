"""Board scores a posting changes: which boards count it, the score rows, and reached_at.

Both write paths (the general one in postings.py and the PostgreSQL one-statement award in
one_statement.py) take their SQL from here, so they cannot drift apart.
"""

import datetime as dt
from functools import partial

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from points import histogram, leaderboard_cache
from points.models import Board, BoardScore, Period
from points.periods import period_key

SCORE_TABLE = BoardScore._meta.db_table


def reached_at_sql(new: str, current: str) -> str:
    """THE tie rule for a score's reached_at, as SQL: the time of the change (`new`), but never
    earlier than 1 µs after the score's current time (`current`).

    A user's successive scores therefore get strictly later times even when two changes carry
    the same instant (a coarse or frozen clock, or the one-statement award whose time is taken
    before it waits for a concurrent award's row lock). The Redis sets update by
    compare-and-set on that time, and boards break equal scores by it (earlier first).
    """
    if connection.vendor == "postgresql":
        return f"GREATEST({new}, {current} + interval '1 microsecond')"
    # SQLite keeps datetimes as ISO text (which sorts like time); Django's own SQL function
    # adds microseconds to it.
    return f"MAX({new}, django_format_dtdelta('+', {current}, 1))"


def score_upsert_sql(rows_sql: str) -> str:
    """INSERT the (board_id, period_key, user_id, score, reached_at) rows of `rows_sql` (a
    VALUES list or a SELECT), adding to existing scores; RETURNING the new totals and times."""
    return (
        f"INSERT INTO {SCORE_TABLE} (board_id, period_key, user_id, score, reached_at) "
        f"{rows_sql} ON CONFLICT (board_id, period_key, user_id) DO UPDATE "
        f"SET score = {SCORE_TABLE}.score + excluded.score, "
        f"reached_at = {reached_at_sql('excluded.reached_at', f'{SCORE_TABLE}.reached_at')} "
        "RETURNING board_id, period_key, score, reached_at"
    )


def read_datetime(value) -> dt.datetime:
    """A datetime read back by raw SQL: aware already on PostgreSQL, ISO text (UTC) on SQLite."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if timezone.is_naive(value):
        value = timezone.make_aware(value, dt.UTC)
    return value


def board_scopes(board_keys: list[str], *, overall: bool, now: dt.datetime) -> set[str]:
    keys = set(board_keys)
    if overall:
        keys |= {"all", f"year:{timezone.localtime(now).year}"}
    return keys


def boards_counting(*, keys: set[str], currency: str, when: dt.datetime) -> list[list]:
    """[[board id, period key], ...] of the active boards a user credit counts for."""
    boards = (
        Board.objects.filter(scope__in=keys, currency=currency, is_active=True)
        .filter(Q(starts_at__isnull=True) | Q(starts_at__lte=when))
        .filter(Q(ends_at__isnull=True) | Q(ends_at__gt=when))
        .order_by("id")
        .values_list("id", "period")
    )
    return [[board_id, period_key(period, when)] for board_id, period in boards]


def boards_counting_sql(*, keys: set[str], currency: str, when: dt.datetime):
    """boards_counting() as a scalar subquery for the INSERT: (sql, params), or None.

    The JSON list is built in board id order, the same list boards_counting() returns.
    """
    vendor = connection.vendor
    if not keys or vendor not in ("postgresql", "sqlite"):
        return None
    scopes = sorted(keys)
    when_db = connection.ops.adapt_datetimefield_value(when)
    case = "CASE b.period " + " ".join(["WHEN %s THEN %s"] * len(Period.values)) + " END"
    case_params = [v for p in Period.values for v in (p, period_key(p, when))]
    where = (
        f"b.scope IN ({', '.join(['%s'] * len(scopes))}) AND b.currency = %s AND b.is_active "
        "AND (b.starts_at IS NULL OR b.starts_at <= %s) AND (b.ends_at IS NULL OR b.ends_at > %s)"
    )
    where_params = [*scopes, currency, when_db, when_db]
    table = Board._meta.db_table
    if vendor == "postgresql":
        sql = (
            f"(SELECT COALESCE(jsonb_agg(jsonb_build_array(b.id, {case}) ORDER BY b.id), "
            f"'[]'::jsonb) FROM {table} b WHERE {where})"
        )
    else:
        sql = (
            "(SELECT COALESCE(json_group_array(json_array(id, k)), '[]') FROM "
            f"(SELECT b.id AS id, {case} AS k FROM {table} b WHERE {where} ORDER BY b.id))"
        )
    return sql, [*case_params, *where_params]


def scores_add(*, scored_on: list[list], user_id: int, amount: int, reached_at) -> None:
    """Insert or add to every score in one statement (PostgreSQL and SQLite), reading the totals.

    The rows are in board id order (scored_on is), so locks are taken in that order.
    """
    reached_db = connection.ops.adapt_datetimefield_value(reached_at)
    params = []
    for board_id, key in scored_on:
        params += [board_id, key, user_id, amount, reached_db]
    values = "VALUES " + ", ".join(["(%s, %s, %s, %s, %s)"] * len(scored_on))
    with connection.cursor() as cursor:
        cursor.execute(score_upsert_sql(values), params)
        totals = cursor.fetchall()
    if histogram.enabled():
        histogram.buckets_change(
            [(board_id, key, total - amount, total) for board_id, key, total, _at in totals]
        )
    cache_on_commit(
        [
            (board_id, key, user_id, total, read_datetime(reached))
            for board_id, key, total, reached in totals
        ]
    )


def scores_undo(*, scored_on: list[list], user_id: int, amount: int, reached_at) -> None:
    """A reversal takes the original's amount off exactly the scores it added to."""
    reached_db = connection.ops.adapt_datetimefield_value(reached_at)
    entries = []
    with connection.cursor() as cursor:
        for board_id, key in scored_on:
            cursor.execute(
                f"UPDATE {SCORE_TABLE} SET score = score - %s, "
                f"reached_at = {reached_at_sql('%s', 'reached_at')} "
                "WHERE board_id = %s AND period_key = %s AND user_id = %s "
                "RETURNING score, reached_at",
                [amount, reached_db, board_id, key, user_id],
            )
            row = cursor.fetchone()
            if row is not None:
                entries.append((board_id, key, user_id, row[0], read_datetime(row[1])))
    if histogram.enabled():
        histogram.buckets_change(
            [(board_id, key, total + amount, total) for board_id, key, _u, total, _at in entries]
        )
    cache_on_commit(entries)


def cache_on_commit(entries: list[tuple]) -> None:
    """Queue one after-commit update of the Redis sets for (board, period, user, total, time)."""
    if entries and leaderboard_cache.client() is not None:
        transaction.on_commit(partial(leaderboard_cache.scores_changed_on_commit, entries))
