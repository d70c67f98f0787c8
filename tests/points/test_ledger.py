import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, IntegrityError, connection, transaction

from audit.models import AuditEntry
from core.append_only import AppendOnlyError
from points.models import Account, Currency, Posting
from points.selectors import account_balance, balances_for_user, ledger_verify
from points.services import (
    InsufficientBalance,
    account_for_user,
    points_award,
    points_spend,
    posting_create,
    posting_reverse,
    system_account,
)
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_an_award_moves_points_from_issuance_to_the_user(user):
    # when
    posting = points_award(user=user, amount=30, key="quiz:1:answer:5", reason="答题奖励")
    # then value left issuance (debit) and arrived on the user's account (credit)
    assert posting.debit == system_account("issuance", Currency.POINT)
    assert posting.credit == account_for_user(user, Currency.POINT)
    assert posting.is_new
    assert balances_for_user(user) == {Currency.POINT: 30, Currency.MINUTE: 0}
    issuance = system_account("issuance", Currency.POINT)
    assert account_balance(issuance) == -30
    # issuance is a source account: its balance is derived, the stored copy stays 0 (no hot row)
    assert issuance.is_source
    assert issuance.balance == 0


def test_a_source_account_cannot_be_given_a_stored_balance(user):
    points_award(user=user, amount=30, key="a", reason="r")
    issuance = system_account("issuance", Currency.POINT)
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE points_account SET balance = -5 WHERE id = %s", [issuance.pk])


def test_other_system_accounts_store_their_balance(user):
    shop = system_account("merchant:1:settlement", Currency.POINT)
    points_award(user=user, amount=30, key="a", reason="r")
    points_spend(user=user, amount=10, key="s", reason="兑换", to_account=shop)
    shop.refresh_from_db()
    assert not shop.is_source
    assert shop.balance == 10 == account_balance(shop)


def test_a_repeated_key_returns_the_first_posting_and_moves_nothing(user):
    first = points_award(user=user, amount=10, key="k-1", reason="活动签到")
    again = points_award(user=user, amount=10, key="k-1", reason="活动签到")
    assert again.pk == first.pk
    assert not again.is_new
    assert Posting.objects.count() == 1
    assert account_for_user(user, Currency.POINT).balance == 10


def test_the_same_key_for_a_different_movement_is_refused(user):
    points_award(user=user, amount=10, key="k-1", reason="活动签到")
    with pytest.raises(ValidationError) as error:
        points_award(user=user, amount=20, key="k-1", reason="活动签到")
    assert error.value.code == "key_conflict"


def test_a_spend_beyond_the_balance_is_refused_and_changes_nothing(user):
    merchant = system_account("merchant:7:settlement", Currency.POINT, name="红星超市")
    points_award(user=user, amount=10, key="a", reason="答题奖励")
    with pytest.raises(InsufficientBalance) as error:
        points_spend(user=user, amount=11, key="s", reason="兑换优惠券", to_account=merchant)
    assert error.value.code == "insufficient_balance"
    assert isinstance(error.value, ValidationError)
    assert account_for_user(user, Currency.POINT).balance == 10
    assert not Posting.objects.filter(key="s").exists()


def test_a_spend_within_the_balance_goes_to_the_merchant(user):
    merchant = system_account("merchant:7:settlement", Currency.POINT)
    points_award(user=user, amount=10, key="a", reason="答题奖励")
    points_spend(user=user, amount=10, key="s", reason="兑换优惠券", to_account=merchant)
    merchant.refresh_from_db()
    assert merchant.balance == 10
    assert account_for_user(user, Currency.POINT).balance == 0


@pytest.mark.parametrize(
    ("amount", "code"), [(0, "invalid_amount"), (-5, "invalid_amount"), (1.5, "invalid_amount")]
)
def test_amounts_must_be_positive_whole_numbers(user, amount, code):
    with pytest.raises(ValidationError) as error:
        points_award(user=user, amount=amount, key="x", reason="r")
    assert error.value.code == code


def test_a_posting_needs_two_accounts_of_the_same_currency(user):
    points_account = account_for_user(user, Currency.POINT)
    minutes = system_account("community:3:time_bank_pool", Currency.MINUTE)
    with pytest.raises(ValidationError) as error:
        posting_create(debit=points_account, credit=points_account, amount=1, key="x", reason="r")
    assert error.value.code == "same_account"
    with pytest.raises(ValidationError) as error:
        posting_create(debit=minutes, credit=points_account, amount=1, key="y", reason="r")
    assert error.value.code == "currency_mismatch"


def test_service_minutes_are_a_separate_currency(user):
    pool = system_account("community:3:time_bank_pool", Currency.MINUTE, name="时间银行")
    posting_create(
        debit=pool,
        credit=account_for_user(user, Currency.MINUTE),
        amount=90,
        key="volunteer:hours:1",
        reason="助老服务 1.5 小时",
    )
    assert balances_for_user(user) == {Currency.POINT: 0, Currency.MINUTE: 90}


def test_a_posting_records_its_source_and_actor(user, staff_user):
    posting = points_award(
        user=user, amount=5, key="k", reason="r", source=staff_user, actor=staff_user
    )
    posting = Posting.objects.get(pk=posting.pk)
    assert posting.source == staff_user
    assert posting.actor == staff_user


def test_a_reversal_mirrors_the_posting_and_is_audited(user, staff_user):
    award = points_award(user=user, amount=40, key="a", reason="误发积分")
    # when staff correct it
    reversal = posting_reverse(
        posting=award, key="fix-a", reason="更正：重复发放", actor=staff_user
    )
    # then
    assert (reversal.debit_id, reversal.credit_id) == (award.credit_id, award.debit_id)
    assert reversal.amount == 40 and reversal.reverses == award
    assert account_for_user(user, Currency.POINT).balance == 0
    entry = AuditEntry.objects.get(action="points.posting_reversed")
    assert entry.actor == staff_user
    assert entry.details["reverses"] == award.pk
    # and it is idempotent by key, and a second different reversal is refused
    assert posting_reverse(posting=award, key="fix-a", reason="x", actor=staff_user) == reversal
    with pytest.raises(ValidationError) as error:
        posting_reverse(posting=award, key="fix-b", reason="x", actor=staff_user)
    assert error.value.code == "already_reversed"
    with pytest.raises(ValidationError) as error:
        posting_reverse(posting=reversal, key="fix-c", reason="x", actor=staff_user)
    assert error.value.code == "reversal_not_reversible"
    assert AuditEntry.objects.filter(action="points.posting_reversed").count() == 1


def test_a_reversal_of_points_already_spent_is_refused(user, staff_user):
    shop = system_account("merchant:1:settlement", Currency.POINT)
    award = points_award(user=user, amount=40, key="a", reason="r")
    points_spend(user=user, amount=30, key="s", reason="兑换", to_account=shop)
    with pytest.raises(InsufficientBalance):
        posting_reverse(posting=award, key="fix", reason="更正", actor=staff_user)
    assert not AuditEntry.objects.filter(action="points.posting_reversed").exists()


def test_a_posting_cannot_be_changed_or_deleted_through_the_orm(user):
    posting = points_award(user=user, amount=5, key="k", reason="r")
    posting.amount = 500
    with pytest.raises(AppendOnlyError):
        posting.save()
    with pytest.raises(AppendOnlyError):
        posting.delete()
    with pytest.raises(AppendOnlyError):
        Posting.objects.filter(pk=posting.pk).update(amount=500)
    with pytest.raises(AppendOnlyError):
        Posting.objects.all().delete()


@pytest.mark.postgres
def test_the_database_refuses_raw_updates_and_deletes_of_postings(user):
    posting = points_award(user=user, amount=5, key="k", reason="r")
    for sql in (
        "UPDATE points_posting SET amount = 500 WHERE id = %s",
        "DELETE FROM points_posting WHERE id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [posting.pk])
    assert Posting.objects.get(pk=posting.pk).amount == 5
    assert ledger_verify().ok


@pytest.mark.postgres
def test_an_award_on_postgresql_is_one_statement_once_the_accounts_exist(user):
    from django.test.utils import CaptureQueriesContext

    first = points_award(user=user, amount=5, key="first", reason="答题", boards=["campaign:12"])
    with CaptureQueriesContext(connection) as queries:
        again = points_award(
            user=user, amount=7, key="again", reason="答题", boards=["campaign:12"]
        )
    assert len(queries) == 1
    assert again.is_new and again.credit == first.credit == account_for_user(user, "POINT")
    assert again.debit == system_account("issuance", Currency.POINT)
    # a replayed key finds the first posting and moves nothing
    replay = points_award(user=user, amount=7, key="again", reason="答题", boards=["campaign:12"])
    assert replay.pk == again.pk and not replay.is_new
    assert balances_for_user(user)[Currency.POINT] == 12
    assert ledger_verify().ok


def test_a_user_balance_below_zero_is_refused_by_the_database_too(user):
    account = account_for_user(user, Currency.POINT)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE points_account SET balance = -1 WHERE id = %s", [account.pk])


def test_verify_ledger_passes_on_a_consistent_ledger(user, capsys):
    shop = system_account("merchant:1:settlement", Currency.POINT)
    points_award(user=user, amount=40, key="a", reason="r")
    points_spend(user=user, amount=15, key="s", reason="兑换", to_account=shop)
    call_command("verify_ledger")
    assert "consistent" in capsys.readouterr().out


def test_verify_ledger_finds_a_tampered_balance(user, capsys):
    points_award(user=user, amount=40, key="a", reason="r")
    account = account_for_user(user, Currency.POINT)
    # given someone raised a balance behind the ledger's back (accounts are not append-only)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE points_account SET balance = 4000 WHERE id = %s", [account.pk])
    # then
    report = ledger_verify()
    assert not report.ok
    assert report.balance_mismatches == [
        {
            "account": account.pk,
            "label": f"user:{user.pk}",
            "currency": "POINT",
            "stored": 4000,
            "from_postings": 40,
        }
    ]
    assert report.currency_totals == {"POINT": 3960}
    with pytest.raises(CommandError):
        call_command("verify_ledger")
    assert "postings say 40" in capsys.readouterr().out


def test_verify_ledger_finds_a_posting_tampered_with_behind_the_application(user):
    posting = points_award(user=user, amount=40, key="a", reason="r")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # PostgreSQL's trigger refuses the change (see the raw SQL test): only someone who
            # can switch the trigger off could tamper; the check must still catch them.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no deferred checks pending
            cursor.execute("ALTER TABLE points_posting DISABLE TRIGGER USER")
        cursor.execute("UPDATE points_posting SET amount = 400 WHERE id = %s", [posting.pk])
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE points_posting ENABLE TRIGGER USER")
    report = ledger_verify()
    assert not report.ok
    # the user's stored balance no longer matches; issuance (a source account) derives its
    # balance from the tampered row, so the currency no longer sums to zero
    assert {row["account"] for row in report.balance_mismatches} == {posting.credit_id}
    assert report.currency_totals == {"POINT": 40 - 400}


def test_accounts_are_one_per_user_and_currency(user):
    assert account_for_user(user, Currency.POINT) == account_for_user(user, Currency.POINT)
    assert account_for_user(user, Currency.MINUTE) != account_for_user(user, Currency.POINT)
    assert Account.objects.filter(owner=user).count() == 2
    other = UserFactory()
    assert account_for_user(other, Currency.POINT).owner == other
