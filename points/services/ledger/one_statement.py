"""The PostgreSQL fast path: an award from a source account written by ONE statement.

It makes the same writes as the general path (postings.py): the posting, the credit's
balance and its board scores, with the score SQL and reached_at rule of scores.py.
tests/points/test_ledger_paths.py proves both paths leave identical postings, balances and
scores for any sequence of movements.
"""

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from core.prepared import execute_prepared
from points import histogram
from points.models import Account, Posting
from points.services.ledger import rows, scores
from points.services.ledger.accounts import ISSUANCE


def available() -> bool:
    """Whether awards may take the one-statement path (PostgreSQL only: data-modifying CTEs
    and ON CONFLICT in one statement), and only where no score histogram is kept (its buckets
    change in the general path)."""
    return connection.vendor == "postgresql" and not histogram.enabled()


def issue(*, user, amount, key, reason, source, currency, boards, overall, actor) -> Posting | None:
    """points_award() from "issuance" as one statement that finds both accounts by itself.

    None when it wrote nothing: the key was taken, or an account does not exist yet.
    """
    try:
        rows.validate_movement(amount=amount, key=key, reason=reason)
    except ValidationError:
        return None  # the general path refuses it, with every check in its order
    board_keys = sorted(set(boards))
    now = timezone.now()
    keys = scores.board_scopes(board_keys, overall=overall, now=now)
    posting = rows.posting_new(
        currency=currency,
        amount=amount,
        key=key,
        reason=reason,
        source=source,
        actor=actor,
        board_keys=board_keys,
        scored_on=[],
        now=now,
    )
    table = Account._meta.db_table
    accounts = (
        f"SELECT (SELECT id FROM {table} WHERE owner_id IS NULL AND code = %s "
        "AND currency = %s) AS debit_id, "
        f"(SELECT id FROM {table} WHERE owner_id = %s AND currency = %s) AS credit_id",
        [ISSUANCE, currency, user.pk, currency],
    )
    scored_on_sql = scores.boards_counting_sql(keys=keys, currency=currency, when=now)
    balance = award(posting, accounts=accounts, scored_on_sql=scored_on_sql, user_id=user.pk)
    return None if balance is None else posting


def award(
    posting: Posting, *, accounts: tuple[str, list], scored_on_sql, user_id: int
) -> int | None:
    """A user credit from a source account as ONE PostgreSQL statement: the credit's balance.

    `accounts` is (sql, params) of a one-row SELECT of debit_id and credit_id. None, and
    nothing written, when the key was taken or either account id is NULL.

    The same writes as the general path (posting, the credit's balance, its board scores) in
    data-modifying CTEs: a statement is atomic, so outside a transaction it needs no BEGIN and
    COMMIT, and inside one it saves two round trips. The balance and the scores are only
    written when the INSERT took the key (a twin waits on the unique index, then finds it taken).
    A score's time is taken before the statement, so it could come before that of a concurrent
    award that locked the row first: scores.reached_at_sql keeps it later than the row's.
    """
    sql_for = {"debit_id": ("ids.debit_id", []), "credit_id": ("ids.credit_id", [])}
    if scored_on_sql is not None:
        sql_for["scored_on"] = scored_on_sql
    columns, values, params = rows.posting_values(posting, sql_for=sql_for)
    posting_table, account_table = Posting._meta.db_table, Account._meta.db_table
    score_rows = (
        "SELECT (e ->> 0)::integer, e ->> 1, %s, %s, %s "
        "FROM p, jsonb_array_elements(p.scored_on) e ORDER BY 1"
    )
    sql = (
        f"WITH ids AS ({accounts[0]}), "
        f"p AS (INSERT INTO {posting_table} ({columns}) SELECT {values} FROM ids "
        "WHERE ids.debit_id IS NOT NULL AND ids.credit_id IS NOT NULL "
        "ON CONFLICT (key) DO NOTHING RETURNING id, debit_id, credit_id, scored_on), "
        f"a AS (UPDATE {account_table} SET balance = balance + %s "
        "WHERE id = (SELECT credit_id FROM p) RETURNING balance), "
        f"s AS ({scores.score_upsert_sql(score_rows)}) "
        "SELECT p.id, p.debit_id, p.credit_id, p.scored_on, a.balance, "
        "s.board_id, s.period_key, s.score, s.reached_at "
        "FROM p CROSS JOIN a LEFT JOIN s ON true ORDER BY s.board_id"
    )
    reached_db = connection.ops.adapt_datetimefield_value(timezone.now())
    params = [*accounts[1], *params, posting.amount, user_id, posting.amount, reached_db]
    with connection.cursor() as cursor:
        execute_prepared(cursor, sql, params)
        found = cursor.fetchall()
    if not found:
        return None
    pk, posting.debit_id, posting.credit_id, scored_on, balance = found[0][:5]
    rows.read_back(posting, pk=pk, scored_on=scored_on)
    posting.is_new = True
    scores.cache_on_commit(
        [
            (board_id, key, user_id, total, reached_at)
            for *_posting, board_id, key, total, reached_at in found
            if board_id is not None
        ]
    )
    return balance
