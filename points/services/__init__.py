"""Writes of the points app. Other apps use these, never the models, to move value.

from points.services import points_award, points_spend, posting_create, InsufficientBalance
"""

from points.services.boards import board_ensure, leaderboards_cache_refresh
from points.services.checks import ledger_check_run
from points.services.ledger import (
    ISSUANCE,
    InsufficientBalance,
    account_for_user,
    points_award,
    points_spend,
    posting_create,
    posting_reverse,
    system_account,
)
from points.services.settlements import settlement_run

__all__ = [
    "ISSUANCE",
    "InsufficientBalance",
    "account_for_user",
    "board_ensure",
    "leaderboards_cache_refresh",
    "ledger_check_run",
    "points_award",
    "points_spend",
    "posting_create",
    "posting_reverse",
    "settlement_run",
    "system_account",
]
