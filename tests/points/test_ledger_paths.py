"""The ledger has one write contract: on PostgreSQL an award from a source account is written by
one statement (points.services.ledger.one_statement), everything else by the general path. For
any sequence of movements both give the same answers, postings, balances and board scores,
reached_at included (one tie rule: scores.reached_at_sql)."""

import datetime as dt
from unittest import mock

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from points.models import Account, BoardScore, Currency, Period, Posting
from points.selectors import account_balance
from points.services import (
    ISSUANCE,
    account_for_user,
    points_award,
    points_spend,
    posting_create,
    posting_reverse,
    system_account,
)
from points.services.ledger import one_statement
from tests.accounts.factories import UserFactory
from tests.points.factories import BoardFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
# A Sunday a second before midnight: clock steps cross the week (and day) boundary.
START = dt.datetime(2026, 11, 29, 23, 59, 59, tzinfo=SHANGHAI)
USERS = 3
BOARD_SCOPES = ["campaign:1", "campaign:2"]

users = st.integers(min_value=0, max_value=USERS - 1)
amounts = st.integers(min_value=1, max_value=40)
earlier = st.integers(min_value=0, max_value=1_000)  # taken modulo the postings so far
# No step (a tie at one instant), the smallest step, and steps across period boundaries.
clock_steps = st.sampled_from(
    [dt.timedelta(0), dt.timedelta(microseconds=1), dt.timedelta(seconds=1), dt.timedelta(days=1)]
)
board_choices = st.lists(st.sampled_from(BOARD_SCOPES), max_size=2, unique=True)
operations = st.lists(
    st.tuples(
        clock_steps,
        st.one_of(
            st.tuples(st.just("award"), users, amounts, board_choices, st.booleans()),
            st.tuples(st.just("award_minutes"), users, amounts),
            st.tuples(st.just("issue"), users, amounts, board_choices),
            st.tuples(st.just("award_from_pool"), users, amounts),
            st.tuples(st.just("spend"), users, amounts),
            st.tuples(st.just("repeat"), earlier),
            st.tuples(st.just("conflict"), earlier, amounts),
            st.tuples(st.just("reverse"), earlier),
        ),
    ),
    min_size=1,
    max_size=25,
)


def _run(ops, people, shop) -> list:
    """Apply the operations through the services; return what each call answered."""
    answers, made = [], []
    with time_machine.travel(START, tick=False) as clock:
        for step, (clock_step, op) in enumerate(ops):
            clock.shift(clock_step)
            kind, key = op[0], f"{op[0]}-{step}"
            try:
                if kind == "award":
                    _kind, who, amount, boards, overall = op
                    posting = points_award(
                        user=people[who],
                        amount=amount,
                        key=key,
                        reason="答题",
                        boards=boards,
                        overall=overall,
                        actor=people[0],
                    )
                elif kind == "award_minutes":
                    posting = points_award(
                        user=people[op[1]],
                        amount=op[2],
                        key=key,
                        reason="服务时长",
                        currency=Currency.MINUTE,
                    )
                elif kind == "issue":  # posting_create from the source account itself
                    posting = posting_create(
                        debit=system_account(ISSUANCE, Currency.POINT),
                        credit=account_for_user(people[op[1]], Currency.POINT),
                        amount=op[2],
                        key=key,
                        reason="发放",
                        boards=op[3],
                        source=shop,
                    )
                elif kind == "award_from_pool":  # not a source account: the general path
                    posting = points_award(
                        user=people[op[1]],
                        amount=op[2],
                        key=key,
                        reason="奖池",
                        from_code="campaign:1:pool",
                    )
                elif kind == "spend":
                    posting = points_spend(
                        user=people[op[1]], amount=op[2], key=key, reason="兑换", to_account=shop
                    )
                elif not made:
                    continue
                elif kind == "repeat":
                    target = made[op[1] % len(made)]
                    posting = posting_create(
                        debit=target.debit,
                        credit=target.credit,
                        amount=target.amount,
                        key=target.key,
                        reason=target.reason,
                    )
                elif kind == "conflict":
                    target = made[op[1] % len(made)]
                    posting = points_award(
                        user=people[0], amount=target.amount + op[2], key=target.key, reason="又"
                    )
                else:
                    target = made[op[1] % len(made)]
                    posting = posting_reverse(posting=target, key=key, reason="更正", actor=None)
            except ValidationError as refused:
                answers.append((step, "refused", refused.code))
                continue
            answers.append((step, posting.key, posting.is_new))
            made.append(Posting.objects.select_related("debit", "credit").get(pk=posting.pk))
    return answers


def _account_ref(account: Account) -> tuple:
    return (account.owner_id, account.code, account.currency)


def _snapshot(ops, people, shop) -> dict:
    answers = _run(ops, people, shop)
    posting_type = ContentType.objects.get_for_model(Posting)
    keys_by_pk = dict(Posting.objects.values_list("pk", "key"))
    postings = {}
    for p in Posting.objects.select_related("debit", "credit", "reverses"):
        source = (p.source_type_id, p.source_id)
        if p.source_type_id == posting_type.pk:  # ids differ between runs; keys do not
            source = ("posting", keys_by_pk[int(p.source_id)])
        postings[p.key] = (
            p.amount,
            p.currency,
            _account_ref(p.debit),
            _account_ref(p.credit),
            p.reason,
            p.board_keys,
            p.scored_on,
            p.reverses.key if p.reverses else None,
            p.actor_id,
            source,
            p.created_at,
        )
    balances = {_account_ref(a): (a.balance, account_balance(a)) for a in Account.objects.all()}
    scores = {
        (s.board_id, s.period_key, s.user_id): (s.score, s.reached_at)
        for s in BoardScore.objects.all()
    }
    return {"answers": answers, "postings": postings, "balances": balances, "scores": scores}


def _in_savepoint(function, *args):
    with transaction.atomic():
        result = function(*args)
        transaction.set_rollback(True)
    return result


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=operations)
def test_the_one_statement_award_and_the_general_path_write_the_same_ledger(ops):
    with transaction.atomic():
        people = [UserFactory() for _ in range(USERS)]
        BoardFactory(scope="all", period=Period.YEAR)
        BoardFactory(scope="campaign:1", period=Period.WEEK)
        BoardFactory(scope="campaign:2", period=Period.DAY)
        BoardFactory(scope="all", period=Period.MONTH, currency=Currency.MINUTE)
        BoardFactory(scope="campaign:2", period=Period.WEEK, is_active=False)
        shop = system_account("merchant:1:settlement", Currency.POINT)
        # Two people already hold accounts; the others get theirs on their first award.
        account_for_user(people[0], Currency.POINT)
        account_for_user(people[1], Currency.POINT)

        with mock.patch.object(one_statement, "award", wraps=one_statement.award) as fast:
            one_statement_run = _in_savepoint(_snapshot, ops, people, shop)
        with mock.patch.object(one_statement, "available", return_value=False):
            general_run = _in_savepoint(_snapshot, ops, people, shop)

        assert one_statement_run["answers"] == general_run["answers"]
        assert one_statement_run["postings"] == general_run["postings"]
        assert one_statement_run["balances"] == general_run["balances"]
        assert one_statement_run["scores"] == general_run["scores"]
        if any(op[0] in ("award", "issue") for _step, op in ops):
            assert fast.called  # the comparison is not of the general path with itself
        transaction.set_rollback(True)


@pytest.mark.parametrize("fast_path", [True, False])
def test_scores_changed_at_one_instant_still_get_later_times(fast_path):
    # given a frozen clock, two awards and a reversal of the first at the same instant
    user = UserFactory()
    board = BoardFactory(scope="all", period=Period.YEAR)
    with (
        mock.patch.object(one_statement, "available", return_value=fast_path),
        time_machine.travel(START, tick=False),
    ):
        first = points_award(user=user, amount=5, key="t1", reason="答题")
        points_award(user=user, amount=3, key="t2", reason="答题")
        after_two = BoardScore.objects.get(board=board, user=user)
        posting_reverse(posting=first, key="t3", reason="更正", actor=None)
        after_reversal = BoardScore.objects.get(board=board, user=user)
    # then each change is 1 µs after the one before (never a tie the Redis sets would ignore)
    assert after_two.score == 8
    assert after_two.reached_at == START + dt.timedelta(microseconds=1)
    assert after_reversal.score == 3
    assert after_reversal.reached_at == START + dt.timedelta(microseconds=2)
