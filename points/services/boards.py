"""Leaderboard maintenance: refreshing the live Redis sets from the database."""

from points import leaderboard_cache
from points.models import Board
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
