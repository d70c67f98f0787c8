"""Settlement reads: which periods are due, and a dry run of a settlement (no writes)."""

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from points.models import Board, BoardPrize, BoardScore, Settlement
from points.periods import period_end
from points.selectors.boards import RankedEntry, board_ranking

# Postings committed just before a period's end must be in before it is frozen.
SETTLEMENT_GRACE = dt.timedelta(minutes=5)


def settlement_due_periods(now: dt.datetime | None = None) -> list[tuple[Board, str]]:
    """(board, period key) of ended periods with scores and no finished settlement.

    Unfinished (crashed) settlements are due again, so the scheduled task resumes them.
    """
    now = now or timezone.now()
    due = []
    for board in Board.objects.filter(is_active=True, auto_settle=True).order_by("pk"):
        done = set(
            Settlement.objects.filter(board=board, state=Settlement.State.DONE).values_list(
                "period_key", flat=True
            )
        )
        keys = (
            BoardScore.objects.filter(board=board)
            .order_by("period_key")
            .values_list("period_key", flat=True)
            .distinct()
        )
        for key in keys:
            end = period_end(board, key)
            if key not in done and end is not None and end + SETTLEMENT_GRACE <= now:
                due.append((board, key))
    return due


@dataclass
class PrizeLine:
    prize: BoardPrize
    winners: list[RankedEntry]
    # Winners who would get nothing because the item's stock runs out first.
    short_of_stock: int = 0


@dataclass
class SettlementPreview:
    board: Board
    period_key: str
    period_end: dt.datetime | None
    settlement: Settlement | None
    ranked_count: int
    top: list[RankedEntry] = field(default_factory=list)
    prizes: list[PrizeLine] = field(default_factory=list)

    @property
    def has_ended(self) -> bool:
        return self.period_end is not None and self.period_end <= timezone.now()


def settlement_preview(board: Board, period_key: str, top_n: int = 20) -> SettlementPreview:
    """What settling the period now would freeze and award (reads only)."""
    ranking = board_ranking(board, period_key)
    preview = SettlementPreview(
        board=board,
        period_key=period_key,
        period_end=period_end(board, period_key),
        settlement=Settlement.objects.filter(board=board, period_key=period_key).first(),
        ranked_count=ranking.count(),
    )
    rows = ranking.select_related("user")
    preview.top = [
        RankedEntry(rank, r.user_id, r.score, r.reached_at, r.user)
        for rank, r in enumerate(rows[:top_n], start=1)
    ]
    stock_left: dict[int, int] = {}
    for prize in board.prizes.select_related("item").order_by("rank_from", "pk"):
        winners = [
            RankedEntry(rank, r.user_id, r.score, r.reached_at, r.user)
            for rank, r in enumerate(
                rows[prize.rank_from - 1 : prize.rank_to], start=prize.rank_from
            )
        ]
        line = PrizeLine(prize=prize, winners=winners)
        if prize.item_id:
            left = stock_left.setdefault(prize.item_id, prize.item.stock)
            line.short_of_stock = max(0, len(winners) - left)
            stock_left[prize.item_id] = max(0, left - len(winners))
        preview.prizes.append(line)
    return preview
