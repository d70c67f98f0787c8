"""Real threads against PostgreSQL: the ledger holds under concurrent spends and retries."""

import threading

import pytest
from django.db import connection

from points.models import Currency, Posting
from points.selectors import ledger_verify
from points.services import (
    InsufficientBalance,
    account_for_user,
    points_award,
    points_spend,
    system_account,
)
from tests.accounts.factories import UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _run_together(count: int, work) -> list:
    """Start `count` threads at the same moment; return what each returned or raised."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(index: int) -> None:
        try:
            barrier.wait()
            results[index] = work(index)
        except Exception as error:  # collected and asserted on by the test
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_fifty_concurrent_spends_of_a_balance_covering_ten_give_ten_successes():
    # given a resident with 10 points and a merchant
    user = UserFactory()
    points_award(user=user, amount=10, key="seed", reason="答题奖励")
    shop = system_account("merchant:1:settlement", Currency.POINT)
    # when 50 spends of 1 point arrive at once
    results = _run_together(
        50,
        lambda i: points_spend(
            user=user, amount=1, key=f"spend-{i}", reason="兑换", to_account=shop
        ),
    )
    # then exactly 10 succeed, the others are refused, and nothing is overdrawn
    successes = [r for r in results if isinstance(r, Posting)]
    refused = [r for r in results if isinstance(r, InsufficientBalance)]
    assert len(successes) == 10, results
    assert len(refused) == 40, results
    assert account_for_user(user, Currency.POINT).balance == 0
    shop.refresh_from_db()
    assert shop.balance == 10
    assert ledger_verify().ok


def test_the_same_key_sent_concurrently_moves_value_once():
    user = UserFactory()
    results = _run_together(
        20, lambda i: points_award(user=user, amount=25, key="quiz:9:streak:3", reason="连续答对")
    )
    assert all(isinstance(r, Posting) for r in results), results
    assert len({r.pk for r in results}) == 1
    assert sum(1 for r in results if r.is_new) == 1
    assert Posting.objects.filter(key="quiz:9:streak:3").count() == 1
    assert account_for_user(user, Currency.POINT).balance == 25
    assert ledger_verify().ok


def test_opposite_transfers_between_two_residents_do_not_deadlock():
    # Time credits given back and forth (以老帮老): the accounts are locked in id order.
    alice, bob = UserFactory(), UserFactory()
    for person in (alice, bob):
        points_award(
            user=person, amount=100, key=f"seed-{person.pk}", reason="r", currency="MINUTE"
        )
    accounts = {p.pk: account_for_user(p, Currency.MINUTE) for p in (alice, bob)}

    def transfer(i: int):
        from points.services import posting_create

        giver, taker = (alice, bob) if i % 2 else (bob, alice)
        return posting_create(
            debit=accounts[giver.pk],
            credit=accounts[taker.pk],
            amount=1,
            key=f"t-{i}",
            reason="互助",
        )

    results = _run_together(30, transfer)
    assert all(isinstance(r, Posting) for r in results), results
    assert ledger_verify().ok
