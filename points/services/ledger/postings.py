"""The ledger's one write contract, posting_create(), and the general path behind it."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from points.models import Account, Posting
from points.services.ledger import one_statement, rows, scores
from points.services.ledger.accounts import InsufficientBalance


def posting_create(
    *,
    debit: Account,
    credit: Account,
    amount: int,
    key: str,
    reason: str,
    source: models.Model | None = None,
    actor=None,
    boards: Iterable[str] = (),
    overall: bool = True,
) -> Posting:
    """Move `amount` FROM `debit` TO `credit`, once per `key`; return the posting.

    - debit loses the amount, credit gains it (a user's balance = credits - debits).
    - A repeated `key` returns the first posting and moves nothing (also when two calls race);
      the same key with other accounts or amount is refused (code "key_conflict").
    - A user account never goes below zero: InsufficientBalance (code "insufficient_balance"),
      also under concurrent spends (the balance is changed by a conditional UPDATE).
    - Leaderboards: when the credit is a user account, the posting adds to the score of every
      active board of its currency whose scope is one of `boards` (e.g. ["campaign:12"]) or,
      with `overall`, "all" or "year:<local year>" — in this transaction. A score's reached_at
      follows scores.reached_at_sql (always later than the score's previous time).
    - `posting.is_new` tells the caller whether this call created it.

    Call it inside the caller's transaction to tie the posting to the caller's own writes. Rows
    are locked accounts-by-id first, then board scores by board id; a caller posting several
    times in one transaction should do so in a stable order.

    An award from a source account on PostgreSQL is written by one statement
    (one_statement.award); everything else by the general path below. Both give the same
    postings, balances and scores (tests/points/test_ledger_paths.py).
    """
    return _post(
        debit=debit,
        credit=credit,
        amount=amount,
        key=key,
        reason=reason,
        source=source,
        actor=actor,
        boards=boards,
        overall=overall,
    )


def _post(
    *,
    debit: Account,
    credit: Account,
    amount: int,
    key: str,
    reason: str,
    source: models.Model | None,
    actor,
    boards: Iterable[str] = (),
    overall: bool = True,
    reverses: Posting | None = None,
) -> Posting:
    rows.validate(debit=debit, credit=credit, amount=amount, key=key, reason=reason)
    board_keys = sorted(set(boards))
    now = timezone.now()
    # Which scores this posting changes is decided by the INSERT: the row is append-only.
    # For a user credit the boards are looked up inside the INSERT itself (a subquery), which
    # saves a round trip on every award; a reversal undoes the scores its original changed.
    scored_on_sql = None
    if reverses is not None:
        scored_on = [list(entry) for entry in reverses.scored_on]
    elif credit.owner_id is not None:
        keys = scores.board_scopes(board_keys, overall=overall, now=now)
        scored_on_sql = scores.boards_counting_sql(keys=keys, currency=credit.currency, when=now)
        if scored_on_sql is None:
            scored_on = scores.boards_counting(keys=keys, currency=credit.currency, when=now)
        else:
            scored_on = []  # read back from the INSERT
    else:
        scored_on = []
    posting = rows.posting_new(
        currency=debit.currency,
        amount=amount,
        key=key,
        reason=reason,
        source=source,
        actor=actor,
        board_keys=board_keys,
        scored_on=scored_on,
        now=now,
    )
    posting.debit, posting.credit, posting.reverses = debit, credit, reverses
    # The key goes in first: a concurrent twin waits on the unique index, then inserts nothing
    # and touches no balance. Only a user debit can be refused after the INSERT
    # (InsufficientBalance); it gets a savepoint, so the refused posting leaves the caller's
    # transaction. Anything else that fails here is a database error that spoils the whole
    # transaction anyway, so awards (the common case) save two round trips.
    if (
        scored_on_sql is not None
        and one_statement.available()
        and debit.is_source
        and not credit.is_source
    ):
        accounts = ("SELECT %s::bigint AS debit_id, %s::bigint AS credit_id", [debit.pk, credit.pk])
        balance = one_statement.award(
            posting, accounts=accounts, scored_on_sql=scored_on_sql, user_id=credit.owner_id
        )
        if balance is None:
            return rows.existing(key=key, debit=debit, credit=credit, amount=amount)
        credit.balance = balance
        return posting
    with transaction.atomic(savepoint=debit.owner_id is not None):
        created = rows.insert_unless_key_exists(posting, scored_on_sql=scored_on_sql)
        if created:
            scored_on = posting.scored_on
            _move(debit=debit, credit=credit, amount=amount)
            if scored_on:
                # Taken after the account locks, so a user's successive scores get later times.
                reached_at = timezone.now()
                if reverses is not None:
                    scores.scores_undo(
                        scored_on=scored_on,
                        user_id=debit.owner_id,
                        amount=amount,
                        reached_at=reached_at,
                    )
                else:
                    scores.scores_add(
                        scored_on=scored_on,
                        user_id=credit.owner_id,
                        amount=amount,
                        reached_at=reached_at,
                    )
    if not created:
        return rows.existing(key=key, debit=debit, credit=credit, amount=amount)
    posting.is_new = True
    return posting


def _move(*, debit: Account, credit: Account, amount: int) -> None:
    """Change both stored balances, lower account id first (a fixed lock order: no deadlocks).

    A source account's balance is not stored (see Account.is_source): it is not touched, so
    concurrent awards do not queue for one "issuance" row.
    """
    table = Account._meta.db_table
    steps = [(debit, -amount), (credit, amount)]
    steps = sorted((step for step in steps if not step[0].is_source), key=lambda s: s[0].pk)
    balances = []
    with connection.cursor() as cursor:
        for account, delta in steps:
            if delta < 0 and account.owner_id is not None:
                cursor.execute(
                    f"UPDATE {table} SET balance = balance - %s WHERE id = %s AND balance >= %s "
                    "RETURNING balance",
                    [amount, account.pk, amount],
                )
            else:
                cursor.execute(
                    f"UPDATE {table} SET balance = balance + %s WHERE id = %s RETURNING balance",
                    [delta, account.pk],
                )
            row = cursor.fetchone()
            if row is None:
                raise InsufficientBalance(account=account)
            balances.append((account, row[0]))
    # The caller's instances show the new balances, once both changes have been made.
    for account, balance in balances:
        account.balance = balance


def posting_reverse(*, posting: Posting, key: str, reason: str, actor) -> Posting:
    """Correct a posting with its mirror image (same amount, accounts swapped); audited.

    Leaderboard scores the original added to are taken off again. A posting is reversed at most
    once (code "already_reversed"); a reversal itself cannot be reversed. InsufficientBalance
    when the user has already spent what is to be taken back.
    """
    if posting.reverses_id is not None:
        raise ValidationError(
            _("A correction cannot itself be reversed; make a new posting instead."),
            code="reversal_not_reversible",
        )
    with transaction.atomic():
        debit = Account.objects.get(pk=posting.credit_id)
        credit = Account.objects.get(pk=posting.debit_id)
        try:
            reversal = _post(
                debit=debit,
                credit=credit,
                amount=posting.amount,
                key=key,
                reason=reason,
                source=posting,
                actor=actor,
                reverses=posting,
            )
        except IntegrityError:
            raise ValidationError(
                _("This posting has already been reversed."), code="already_reversed"
            )
        if reversal.is_new:
            audit_record(
                actor=actor,
                action="points.posting_reversed",
                target=reversal,
                details={
                    "reverses": posting.pk,
                    "amount": posting.amount,
                    "currency": posting.currency,
                    "reason": reason,
                },
            )
    return reversal
