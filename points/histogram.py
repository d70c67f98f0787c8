"""Score histograms: a user's rank without counting every row above them, and without Redis.

A rank is 1 + the users with a higher score + the users with the same score who reached it
earlier (then lower user id: the ranking order of points.selectors.boards). Counting the rows
above grows with the board (a median user of a 100,000-user board counts 50,000 index entries);
with ScoreBucket, the users above are a sum over the distinct scores above (a few hundred rows),
and only the ties are counted row by row.

The buckets change in the same transaction as the scores (points.services.ledger.scores), so
they are exact. Kept where `enabled()`: by default on the embedded database (SQLite, which
serialises writes anyway). On PostgreSQL the ranks come from Redis, or from the indexed count,
and the award stays one statement: a few hot bucket rows would queue every concurrent award.
Turning it on for a database with scores needs `rebuild()` first.
"""

from __future__ import annotations

from collections import Counter

from django.conf import settings
from django.db import connection
from django.db.models import Count, Sum

from points.models import BoardScore, ScoreBucket

BUCKET_TABLE = ScoreBucket._meta.db_table


def enabled() -> bool:
    setting = getattr(settings, "POINTS_SCORE_HISTOGRAM", None)
    if setting is None:
        return connection.vendor != "postgresql"
    return bool(setting)


def buckets_change(changes: list[tuple[int, str, int, int]]) -> None:
    """Move users between buckets: (board id, period key, old score, new score) per user.

    A score of 0 or less is in no bucket (not ranked). One statement for all of them.
    """
    deltas: Counter = Counter()
    for board_id, key, old, new in changes:
        if old == new:
            continue
        if old > 0:
            deltas[(board_id, key, old)] -= 1
        if new > 0:
            deltas[(board_id, key, new)] += 1
    rows = sorted((k, d) for k, d in deltas.items() if d)  # a fixed order: a fixed lock order
    if not rows:
        return
    values = ", ".join(["(%s, %s, %s, %s)"] * len(rows))
    params = [v for (board_id, key, score), delta in rows for v in (board_id, key, score, delta)]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {BUCKET_TABLE} (board_id, period_key, score, users) VALUES {values} "
            "ON CONFLICT (board_id, period_key, score) DO UPDATE "
            f"SET users = {BUCKET_TABLE}.users + excluded.users",
            params,
        )


def users_above(board_id: int, period_key: str, score: int) -> int:
    total = ScoreBucket.objects.filter(
        board_id=board_id, period_key=period_key, score__gt=score
    ).aggregate(total=Sum("users"))["total"]
    return total or 0


def rebuild(board_id: int | None = None) -> None:
    """Count the buckets again from the scores (all boards, or one)."""
    buckets = ScoreBucket.objects.all()
    scores = BoardScore.objects.filter(score__gt=0)
    if board_id is not None:
        buckets, scores = buckets.filter(board_id=board_id), scores.filter(board_id=board_id)
    buckets.delete()
    counted = scores.values("board_id", "period_key", "score").annotate(users=Count("id"))
    ScoreBucket.objects.bulk_create(
        (ScoreBucket(**row) for row in counted.order_by().iterator(chunk_size=5000)),
        batch_size=5000,
    )
