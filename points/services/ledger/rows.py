"""The posting row: its checks, how it is built, and its INSERT (shared by both write paths)."""

import json

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils.translation import gettext as _

from points.models import Account, Posting


def validate(*, debit: Account, credit: Account, amount: int, key: str, reason: str) -> None:
    validate_movement(amount=amount, key=key, reason=reason)
    if debit.pk is None or credit.pk is None or debit.pk == credit.pk:
        raise ValidationError(_("A posting needs two different accounts."), code="same_account")
    if debit.currency != credit.currency:
        raise ValidationError(
            _("Both accounts of a posting must hold the same currency."), code="currency_mismatch"
        )


def validate_movement(*, amount: int, key: str, reason: str) -> None:
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


def posting_new(
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


def posting_values(posting: Posting, *, sql_for=None) -> tuple[str, str, list]:
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


def read_back(posting: Posting, *, pk: int, scored_on) -> None:
    """Mark the instance as the row the INSERT wrote (its id and the stored scored_on)."""
    posting.pk = pk
    posting.scored_on = json.loads(scored_on) if isinstance(scored_on, str) else scored_on
    posting._state.adding = False
    posting._state.db = connection.alias


def insert_unless_key_exists(posting: Posting, *, scored_on_sql=None) -> bool:
    """INSERT ... ON CONFLICT (key) DO NOTHING: False when the key is already taken.

    Under concurrency the second INSERT of a key waits for the first transaction: after its
    commit it inserts nothing, after its rollback it inserts. Other unique violations (a second
    reversal of the same posting) still raise IntegrityError. `scored_on_sql` (sql, params)
    computes the scored_on column in the statement; the stored value is read back.
    """
    meta = Posting._meta
    qn = connection.ops.quote_name
    sql_for = {"scored_on": scored_on_sql} if scored_on_sql is not None else {}
    columns, values, params = posting_values(posting, sql_for=sql_for)
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
    read_back(posting, pk=row[0], scored_on=row[1])
    return True


def existing(*, key: str, debit: Account, credit: Account, amount: int) -> Posting:
    """The posting that already holds `key`, if it is the same movement; else key_conflict."""
    found = Posting.objects.filter(key=key).first()
    if found is None:  # pragma: no cover - the key was there a statement ago
        raise ValidationError(_("This posting could not be saved."), code="key_conflict")
    if (found.debit_id, found.credit_id, found.amount) != (debit.pk, credit.pk, amount):
        raise ValidationError(
            _("This key was already used for a different posting."), code="key_conflict"
        )
    found.is_new = False
    return found
