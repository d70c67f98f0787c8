"""Reads of the points app (re-exported here: `from points import selectors`)."""

from points.selectors.boards import (
    RankedEntry,
    board_neighbours,
    board_rank,
    board_ranking,
    board_top,
    boards_public,
    boards_standings,
    cache_rebuild,
    settlement_get,
    settlement_rank_for_user,
    settlement_ranks,
    settlements_done,
)
from points.selectors.ledger import (
    LedgerReport,
    account_balance,
    balances_for_user,
    ledger_check_latest,
    ledger_verify,
    postings_for_user,
)
from points.selectors.settlements import (
    SettlementPreview,
    settlement_due_periods,
    settlement_preview,
)

__all__ = [
    "LedgerReport",
    "account_balance",
    "RankedEntry",
    "SettlementPreview",
    "balances_for_user",
    "board_neighbours",
    "board_rank",
    "board_ranking",
    "board_top",
    "boards_public",
    "boards_standings",
    "cache_rebuild",
    "ledger_check_latest",
    "ledger_verify",
    "postings_for_user",
    "settlement_due_periods",
    "settlement_get",
    "settlement_preview",
    "settlement_rank_for_user",
    "settlement_ranks",
    "settlements_done",
]
