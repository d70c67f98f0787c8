"""Ledger writes: every movement of points or service time goes through posting_create().

- accounts.py: user and system accounts, InsufficientBalance;
- postings.py: posting_create() (the one write contract), the general path, reversals;
- awards.py: points_award() and points_spend(), what other apps call;
- one_statement.py: the PostgreSQL award written by one statement;
- rows.py and scores.py: the posting row and the board scores both paths write, with the one
  reached_at rule (scores.reached_at_sql).
"""

from points.services.ledger.accounts import (
    ISSUANCE,
    InsufficientBalance,
    account_for_user,
    system_account,
)
from points.services.ledger.awards import points_award, points_spend
from points.services.ledger.postings import posting_create, posting_reverse

__all__ = [
    "ISSUANCE",
    "InsufficientBalance",
    "account_for_user",
    "points_award",
    "points_spend",
    "posting_create",
    "posting_reverse",
    "system_account",
]
