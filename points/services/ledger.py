"""Ledger writes: every movement of points or service time goes through posting_create()."""

import datetime as dt
import json
from collections.abc import Iterable
from functools import partial

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from core.prepared import execute_prepared
from points import leaderboard_cache
from points.models import Account, Board, BoardScore, Currency, Period, Posting
from points.periods import period_key

ISSUANCE = "issuance"


class InsufficientBalance(ValidationError):
    """A user account would go below zero; nothing was moved."""

    def __init__(self, message: str | None = None, *, account: Account | None = None):
        super().__init__(
            message or _("There are not enough points or hours in the account."),
            code="insufficient_balance",
        )
        self.account = account


def account_for_user(user, currency: str) -> Account:
    """The user's account in `currency`, created on first use."""
    account, _created = Account.objects.get_or_create(owner=user, currency=currency)
    return account


def system_account(code: str, currency: str, name: str = "") -> Account:
    """A system account (e.g. "issuance", "campaign:12:prize_pool"), created on first use.

    System accounts have no owner and may go negative: "issuance" is where awarded value comes
    from, so its balance is minus everything ever issued. It is a source account (is_source):
    that balance is derived from its postings (points.selectors.account_balance), not stored.
    """
    if not code:
        raise ValidationError(_("A system account needs a code."), code="invalid_account")
    account, _created = Account.objects.get_or_create(
        owner=None,
        code=code,
        currency=currency,
        defaults={"name": name or code, "is_source": code == ISSUANCE},
    )
    return account


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
      with `overall`, "all" or "year:<local year>" — in this transaction.
    - `posting.is_new` tells the caller whether this call created it.

    Call it inside the caller's transaction to tie the posting to the caller's own writes. Rows
    are locked accounts-by-id first, then board scores by board id; a caller posting several
    times in one transaction should do so in a stable order.
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


def _validate(*, debit: Account, credit: Account, amount: int, key: str, reason: str) -> None:
    _validate_movement(amount=amount, key=key, reason=reason)
    if debit.pk is None or credit.pk is None or debit.pk == credit.pk:
        raise ValidationError(_("A posting needs two different accounts."), code="same_account")
    if debit.currency != credit.currency:
        raise ValidationError(
            _("Both accounts of a posting must hold the same currency."), code="currency_mismatch"
        )


def _validate_movement(*, amount: int, key: str, reason: str) -> None:
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise ValidationError(
            _("The amount must be a positive whole number."), code="invalid_amount"
        )
    if not key or len(key) > 200:
        raise ValidationError(
            _("A posting needs a key of at most 200 characters."), code="invalid_key"
        )
    if not reason:
        raise ValidationError(_("A posting needs a reason."), code="invalid_reason")


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
    _validate(debit=debit, credit=credit, amount=amount, key=key, reason=reason)
    board_keys = sorted(set(boards))
    now = timezone.now()
    # Which scores this posting changes is decided by the INSERT: the row is append-only.
    # For a user credit the boards are looked up inside the INSERT itself (a subquery), which
    # saves a round trip on every award; a reversal undoes the scores its original changed.
    scored_on_sql = None
    if reverses is not None:
        scored_on = [list(entry) for entry in reverses.scored_on]
    elif credit.owner_id is not None:
        keys = _board_scopes(board_keys, overall=overall, now=now)
        scored_on_sql = _boards_counting_sql(keys=keys, currency=credit.currency, when=now)
        if scored_on_sql is None:
            scored_on = _boards_counting(keys=keys, currency=credit.currency, when=now)
        else:
            scored_on = []  # read back from the INSERT
    else:
        scored_on = []
    posting = _posting_new(
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
        and connection.vendor == "postgresql"
        and debit.is_source
        and not credit.is_source
    ):
        # An award from a source account on PostgreSQL: one statement does every write.
        accounts = ("SELECT %s::bigint AS debit_id, %s::bigint AS credit_id", [debit.pk, credit.pk])
        balance = _award_in_one_statement(
            posting, accounts=accounts, scored_on_sql=scored_on_sql, user_id=credit.owner_id
        )
        if balance is None:
            return _existing(key=key, debit=debit, credit=credit, amount=amount)
        credit.balance = balance
        return posting
    with transaction.atomic(savepoint=debit.owner_id is not None):
        created = _insert_unless_key_exists(posting, scored_on_sql=scored_on_sql)
        if created:
            scored_on = posting.scored_on
            _move(debit=debit, credit=credit, amount=amount)
            if scored_on:
                # Taken after the account locks, so a user's successive scores get later times.
                reached_at = timezone.now()
                if reverses is not None:
                    _scores_undo(
                        scored_on=scored_on,
                        user_id=debit.owner_id,
                        amount=amount,
                        reached_at=reached_at,
                    )
                else:
                    _scores_add(
                        scored_on=scored_on,
                        user_id=credit.owner_id,
                        amount=amount,
                        reached_at=reached_at,
                    )
    if not created:
        return _existing(key=key, debit=debit, credit=credit, amount=amount)
    posting.is_new = True
    return posting


def _board_scopes(board_keys: list[str], *, overall: bool, now: dt.datetime) -> set[str]:
    keys = set(board_keys)
    if overall:
        keys |= {"all", f"year:{timezone.localtime(now).year}"}
    return keys


def _posting_new(
    *, currency, amount, key, reason, source, actor, board_keys, scored_on, now
) -> Posting:
    """The Posting to insert, without its accounts (the caller sets them)."""
    posting = Posting(
        amount=amount,
        currency=currency,
        reason=reason[:255],
        key=key,
        created_at=now,
        actor=actor if actor is not None and actor.is_authenticated else None,
        board_keys=board_keys,
        scored_on=scored_on,
    )
    if source is not None:
        posting.source_type = ContentType.objects.get_for_model(source)
        posting.source_id = str(source.pk)
    return posting


def _posting_values(posting: Posting, *, sql_for=None) -> tuple[str, str, list]:
    """(column list, VALUES list, params) of the posting's INSERT.

    `sql_for` maps a column to the (sql, params) that computes it in the statement.
    """
    fields = [f for f in Posting._meta.concrete_fields if not f.primary_key]
    qn = connection.ops.quote_name
    sql_for = sql_for or {}
    placeholders, params = [], []
    for f in fields:
        if f.column in sql_for:
            placeholders.append(sql_for[f.column][0])
            params += sql_for[f.column][1]
        else:
            placeholders.append("%s")
            params.append(f.get_db_prep_save(f.pre_save(posting, True), connection))
    return ", ".join(qn(f.column) for f in fields), ", ".join(placeholders), params


def _issue_in_one_statement(
    *, user, amount, key, reason, source, currency, boards, overall, actor
) -> Posting | None:
    """points_award() from "issuance" as one statement that finds both accounts by itself.

    None when it wrote nothing: the key was taken, or an account does not exist yet.
    """
    try:
        _validate_movement(amount=amount, key=key, reason=reason)
    except ValidationError:
        return None  # the general path refuses it, with every check in its order
    board_keys = sorted(set(boards))
    now = timezone.now()
    keys = _board_scopes(board_keys, overall=overall, now=now)
    posting = _posting_new(
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
    scored_on_sql = _boards_counting_sql(keys=keys, currency=currency, when=now)
    balance = _award_in_one_statement(
        posting, accounts=accounts, scored_on_sql=scored_on_sql, user_id=user.pk
    )
    return None if balance is None else posting


def _award_in_one_statement(
    posting: Posting, *, accounts: tuple[str, list], scored_on_sql, user_id: int
) -> int | None:
    """A user credit from a source account as ONE PostgreSQL statement: the credit's balance.

    `accounts` is (sql, params) of a one-row SELECT of debit_id and credit_id. None, and
    nothing written, when the key was taken or either account id is NULL.

    The same writes as the general path (posting, the credit's balance, its board scores) in
    data-modifying CTEs: a statement is atomic, so outside a transaction it needs no BEGIN and
    COMMIT, and inside one it saves two round trips. The balance and the scores are only
    written when the INSERT took the key (a twin waits on the unique index, then finds it taken).
    A score's reached_at is taken before the statement, so it could come before the time of a
    concurrent award that locked the row first: it is kept later than the row's (by 1 µs), so a
    user's successive scores always get later times (the Redis update relies on it).
    """
    sql_for = {"debit_id": ("ids.debit_id", []), "credit_id": ("ids.credit_id", [])}
    if scored_on_sql is not None:
        sql_for["scored_on"] = scored_on_sql
    columns, values, params = _posting_values(posting, sql_for=sql_for)
    posting_table, account_table = Posting._meta.db_table, Account._meta.db_table
    score_table = BoardScore._meta.db_table
    sql = (
        f"WITH ids AS ({accounts[0]}), "
        f"p AS (INSERT INTO {posting_table} ({columns}) SELECT {values} FROM ids "
        "WHERE ids.debit_id IS NOT NULL AND ids.credit_id IS NOT NULL "
        "ON CONFLICT (key) DO NOTHING RETURNING id, debit_id, credit_id, scored_on), "
        f"a AS (UPDATE {account_table} SET balance = balance + %s "
        "WHERE id = (SELECT credit_id FROM p) RETURNING balance), "
        f"s AS (INSERT INTO {score_table} (board_id, period_key, user_id, score, reached_at) "
        "SELECT (e ->> 0)::integer, e ->> 1, %s, %s, %s "
        "FROM p, jsonb_array_elements(p.scored_on) e ORDER BY 1 "
        "ON CONFLICT (board_id, period_key, user_id) DO UPDATE "
        f"SET score = {score_table}.score + excluded.score, reached_at = GREATEST("
        f"excluded.reached_at, {score_table}.reached_at + interval '1 microsecond') "
        "RETURNING board_id, period_key, score, reached_at) "
        "SELECT p.id, p.debit_id, p.credit_id, p.scored_on, a.balance, "
        "s.board_id, s.period_key, s.score, s.reached_at "
        "FROM p CROSS JOIN a LEFT JOIN s ON true ORDER BY s.board_id"
    )
    reached_db = connection.ops.adapt_datetimefield_value(timezone.now())
    params = [*accounts[1], *params, posting.amount, user_id, posting.amount, reached_db]
    with connection.cursor() as cursor:
        execute_prepared(cursor, sql, params)
        rows = cursor.fetchall()
    if not rows:
        return None
    posting.pk, posting.debit_id, posting.credit_id, scored_on, balance = rows[0][:5]
    posting.scored_on = json.loads(scored_on) if isinstance(scored_on, str) else scored_on
    posting._state.adding = False
    posting._state.db = connection.alias
    posting.is_new = True
    _cache_on_commit(
        [
            (board_id, key, user_id, total, reached_at)
            for *_posting, board_id, key, total, reached_at in rows
            if board_id is not None
        ]
    )
    return balance


def _insert_unless_key_exists(posting: Posting, *, scored_on_sql=None) -> bool:
    """INSERT ... ON CONFLICT (key) DO NOTHING: False when the key is already taken.

    Under concurrency the second INSERT of a key waits for the first transaction: after its
    commit it inserts nothing, after its rollback it inserts. Other unique violations (a second
    reversal of the same posting) still raise IntegrityError. `scored_on_sql` (sql, params)
    computes the scored_on column in the statement; the stored value is read back.
    """
    meta = Posting._meta
    qn = connection.ops.quote_name
    sql_for = {"scored_on": scored_on_sql} if scored_on_sql is not None else {}
    columns, values, params = _posting_values(posting, sql_for=sql_for)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {qn(meta.db_table)} ({columns}) VALUES ({values}) "
            f"ON CONFLICT ({qn(meta.get_field('key').column)}) DO NOTHING "
            f"RETURNING {qn(meta.pk.column)}, {qn(meta.get_field('scored_on').column)}",
            params,
        )
        row = cursor.fetchone()
    if row is None:
        return False
    scored_on = row[1]
    posting.pk = row[0]
    posting.scored_on = json.loads(scored_on) if isinstance(scored_on, str) else scored_on
    posting._state.adding = False
    posting._state.db = connection.alias
    return True


def _existing(*, key: str, debit: Account, credit: Account, amount: int) -> Posting:
    existing = Posting.objects.filter(key=key).first()
    if existing is None:  # pragma: no cover - the key was there a statement ago
        raise ValidationError(_("This posting could not be saved."), code="key_conflict")
    if (existing.debit_id, existing.credit_id, existing.amount) != (debit.pk, credit.pk, amount):
        raise ValidationError(
            _("This key was already used for a different posting."), code="key_conflict"
        )
    existing.is_new = False
    return existing


def _boards_counting(*, keys: set[str], currency: str, when: dt.datetime) -> list[list]:
    """[[board id, period key], ...] of the active boards a user credit counts for."""
    boards = (
        Board.objects.filter(scope__in=keys, currency=currency, is_active=True)
        .filter(Q(starts_at__isnull=True) | Q(starts_at__lte=when))
        .filter(Q(ends_at__isnull=True) | Q(ends_at__gt=when))
        .order_by("id")
        .values_list("id", "period")
    )
    return [[board_id, period_key(period, when)] for board_id, period in boards]


def _boards_counting_sql(*, keys: set[str], currency: str, when: dt.datetime):
    """_boards_counting() as a scalar subquery for the INSERT: (sql, params), or None.

    The JSON list is built in board id order, the same list _boards_counting() returns.
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


def _scores_add(*, scored_on: list[list], user_id: int, amount: int, reached_at) -> None:
    """Insert or add to every score in one statement (PostgreSQL and SQLite), reading the totals.

    The rows are in board id order (scored_on is), so locks are taken in that order.
    """
    table = BoardScore._meta.db_table
    reached_db = connection.ops.adapt_datetimefield_value(reached_at)
    params = []
    for board_id, key in scored_on:
        params += [board_id, key, user_id, amount, reached_db]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (board_id, period_key, user_id, score, reached_at) VALUES "
            + ", ".join(["(%s, %s, %s, %s, %s)"] * len(scored_on))
            + " ON CONFLICT (board_id, period_key, user_id) DO UPDATE "
            f"SET score = {table}.score + excluded.score, reached_at = excluded.reached_at "
            "RETURNING board_id, period_key, score",
            params,
        )
        totals = cursor.fetchall()
    _cache_on_commit(
        [(board_id, key, user_id, total, reached_at) for board_id, key, total in totals]
    )


def _scores_undo(*, scored_on: list[list], user_id: int, amount: int, reached_at) -> None:
    """A reversal takes the original's amount off exactly the scores it added to."""
    table = BoardScore._meta.db_table
    reached_db = connection.ops.adapt_datetimefield_value(reached_at)
    entries = []
    with connection.cursor() as cursor:
        for board_id, key in scored_on:
            cursor.execute(
                f"UPDATE {table} SET score = score - %s, reached_at = %s "
                "WHERE board_id = %s AND period_key = %s AND user_id = %s RETURNING score",
                [amount, reached_db, board_id, key, user_id],
            )
            row = cursor.fetchone()
            if row is not None:
                entries.append((board_id, key, user_id, row[0], reached_at))
    _cache_on_commit(entries)


def _cache_on_commit(entries: list[tuple]) -> None:
    """Queue one after-commit update of the Redis sets for (board, period, user, total, time)."""
    if entries and leaderboard_cache.client() is not None:
        transaction.on_commit(partial(leaderboard_cache.scores_changed_on_commit, entries))


def points_award(
    *,
    user,
    amount: int,
    key: str,
    reason: str,
    source: models.Model | None = None,
    currency: str = Currency.POINT,
    from_code: str = ISSUANCE,
    boards: Iterable[str] = (),
    overall: bool = True,
    actor=None,
) -> Posting:
    """Give `amount` to the user from the system account `from_code` (issued by default)."""
    if from_code == ISSUANCE and connection.vendor == "postgresql":
        # The common case, in one statement that finds both accounts itself; None when it
        # wrote nothing (the key was taken, or an account does not exist yet): the general
        # path below tells which.
        posting = _issue_in_one_statement(
            user=user,
            amount=amount,
            key=key,
            reason=reason,
            source=source,
            currency=currency,
            boards=boards,
            overall=overall,
            actor=actor,
        )
        if posting is not None:
            return posting
    # Both accounts in one query (raw: this runs on every award, the ORM's query building
    # costs more than the query); either is created on first use.
    found = {
        account.owner_id is None: account
        for account in Account.objects.raw(
            f"SELECT * FROM {Account._meta.db_table} WHERE currency = %s "
            "AND (owner_id = %s OR (owner_id IS NULL AND code = %s))",
            [currency, user.pk, from_code],
        )
    }
    return posting_create(
        debit=found.get(True) or system_account(from_code, currency),
        credit=found.get(False) or account_for_user(user, currency),
        amount=amount,
        key=key,
        reason=reason,
        source=source,
        actor=actor,
        boards=boards,
        overall=overall,
    )


def points_spend(
    *,
    user,
    amount: int,
    key: str,
    reason: str,
    to_account: Account,
    source: models.Model | None = None,
    currency: str = Currency.POINT,
    actor=None,
) -> Posting:
    """Take `amount` from the user to `to_account`; InsufficientBalance if it is not there."""
    return posting_create(
        debit=account_for_user(user, currency),
        credit=to_account,
        amount=amount,
        key=key,
        reason=reason,
        source=source,
        actor=actor,
    )


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
