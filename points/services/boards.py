"""Leaderboards: the boards other apps keep, and refreshing the live Redis sets."""

import datetime as dt

from points import leaderboard_cache
from points.models import Board, Currency
from points.periods import current_period_key
from points.selectors.boards import cache_rebuild


def leaderboards_cache_refresh() -> int:
    """Rebuild the Redis set of the current period of every active board; returns how many.

    A nightly safety net for updates lost between a commit and its Redis write; reads repair a
    user's own entry at once. Nothing to do on the embedded default (no Redis).
    """
    if leaderboard_cache.client() is None:
        return 0
    boards = Board.objects.filter(is_active=True)
    for board in boards:
        cache_rebuild(board, current_period_key(board))
    return len(boards)


def board_ensure(
    *,
    scope: str,
    period: str,
    name: str,
    currency: str = Currency.POINT,
    starts_at: dt.datetime | None = None,
    ends_at: dt.datetime | None = None,
) -> Board:
    """The active board of `scope` and `period`, created or aligned with the name and dates.

    For apps whose activities have boards (a quiz campaign's whole-campaign and weekly boards):
    calling it again after the activity is edited renames or re-dates the board, never makes a
    second one. Postings carrying `scope` count for it (points.services.posting_create).
    """
    board, _created = Board.objects.update_or_create(
        scope=scope,
        period=period,
        defaults={
            "name": name[:100],
            "currency": currency,
            "starts_at": starts_at,
            "ends_at": ends_at,
            "is_active": True,
        },
    )
    return board
