"""Property: whatever sequence of postings happens, the ledger stays exact."""

from collections import defaultdict

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from points.models import Account, BoardScore, Currency, Period, Posting
from points.selectors import account_balance, ledger_verify
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
from tests.points.factories import BoardFactory

USERS = 3
amounts = st.integers(min_value=1, max_value=50)
user_index = st.integers(min_value=0, max_value=USERS - 1)
earlier = st.integers(min_value=0, max_value=10_000)  # taken modulo the postings so far
operations = st.lists(
    st.one_of(
        st.tuples(st.just("award"), user_index, amounts),
        st.tuples(st.just("spend"), user_index, amounts),
        st.tuples(st.just("transfer"), user_index, user_index, amounts),
        st.tuples(st.just("reverse"), earlier),
        st.tuples(st.just("repeat"), earlier),
    ),
    max_size=30,
)


def _apply(ops, users, shop) -> dict:
    """Run the operations through the services; return the expected (model) scores."""
    made: list[Posting] = []
    expected_scores: dict[int, int] = defaultdict(int)
    for step, op in enumerate(ops):
        kind = op[0]
        try:
            if kind == "award":
                posting = points_award(user=users[op[1]], amount=op[2], key=f"a{step}", reason="奖")
            elif kind == "spend":
                posting = points_spend(
                    user=users[op[1]], amount=op[2], key=f"s{step}", reason="兑", to_account=shop
                )
            elif kind == "transfer":
                if op[1] == op[2]:
                    continue
                posting = posting_create(
                    debit=account_for_user(users[op[1]], Currency.POINT),
                    credit=account_for_user(users[op[2]], Currency.POINT),
                    amount=op[3],
                    key=f"t{step}",
                    reason="转赠",
                )
            elif kind == "reverse":
                if not made:
                    continue
                target = made[op[1] % len(made)]
                if target.reverses_id or hasattr(target, "_reversed"):
                    continue
                posting = posting_reverse(posting=target, key=f"r{step}", reason="更正", actor=None)
                target._reversed = True
            else:  # repeat an earlier posting's key: must move nothing
                if not made:
                    continue
                target = made[op[1] % len(made)]
                again = posting_create(
                    debit=target.debit,
                    credit=target.credit,
                    amount=target.amount,
                    key=target.key,
                    reason=target.reason,
                )
                assert again.pk == target.pk and not again.is_new
                continue
        except InsufficientBalance:
            continue
        made.append(posting)
        owner = Account.objects.get(pk=posting.credit_id).owner_id
        if posting.reverses_id:
            original_owner = Account.objects.get(pk=posting.reverses.credit_id).owner_id
            if original_owner and posting.reverses.scored_on:
                expected_scores[original_owner] -= posting.amount
        elif owner:
            expected_scores[owner] += posting.amount
    return expected_scores


@pytest.mark.django_db
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=operations)
def test_any_sequence_of_postings_keeps_balances_equal_to_postings_and_sums_at_zero(ops):
    with transaction.atomic():
        users = [UserFactory() for _ in range(USERS)]
        board = BoardFactory(scope="all", period=Period.YEAR)
        shop = system_account("merchant:1:settlement", Currency.POINT)
        expected_scores = _apply(ops, users, shop)

        # every stored balance equals its postings, each currency sums to zero
        report = ledger_verify()
        assert report.ok, report.as_dict()
        # (a source account such as "issuance" stores no balance: its balance is derived)
        accounts = Account.objects.filter(currency=Currency.POINT)
        assert sum(account_balance(account) for account in accounts) == 0
        # no user account is negative
        assert not Account.objects.filter(owner__isnull=False, balance__lt=0).exists()
        # and the annual board holds exactly what was credited to each user, less reversals
        scores = dict(BoardScore.objects.filter(board=board).values_list("user_id", "score"))
        for user in users:
            assert scores.get(user.pk, 0) == expected_scores.get(user.pk, 0)
        transaction.set_rollback(True)
