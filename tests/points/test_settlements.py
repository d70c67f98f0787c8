import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from audit.models import AuditEntry
from notifications.models import Message
from points import prizes
from points.models import (
    BoardScore,
    Currency,
    Period,
    Posting,
    PrizeAward,
    PrizeItem,
    Settlement,
    SettlementRank,
)
from points.selectors import settlement_due_periods, settlement_preview
from points.services import account_for_user, points_award, settlement_run
from points.services import settlements as settlement_services
from points.tasks import settle_due_periods_task, settlement_run_task
from tests.accounts.factories import UserFactory
from tests.points.factories import BoardFactory, BoardPrizeFactory, PrizeItemFactory

pytestmark = pytest.mark.django_db

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
T0 = dt.datetime(2026, 11, 25, 10, 0, tzinfo=SHANGHAI)  # ISO week 2026-W48
AFTER_WEEK = dt.datetime(2026, 11, 30, 1, 0, tzinfo=SHANGHAI)  # Monday of W49, 01:00
WEEK = "2026-W48"


@pytest.fixture
def board():
    return BoardFactory(scope="campaign:12", period=Period.WEEK, name="禁毒知识竞答周榜")


def _scores(board, *amounts):
    """One user per amount; earlier users reach their score first."""
    users = []
    for i, amount in enumerate(amounts):
        user = UserFactory()
        with time_machine.travel(T0 + dt.timedelta(minutes=i), tick=False):
            points_award(
                user=user, amount=amount, key=f"seed-{i}", reason="答题", boards=[board.scope]
            )
        users.append(user)
    return users


def _settle(board, **kwargs):
    with time_machine.travel(AFTER_WEEK, tick=False):
        return settlement_run(board=board, period_key=WEEK, **kwargs)


def test_settlement_freezes_the_ranking_awards_prizes_and_notifies_winners(board, staff_user):
    # given three ranked users, 100 points for the first, one hotel night for ranks 2-3
    first, second, third = _scores(board, 30, 20, 10)
    hotel = PrizeItemFactory(name="酒店住宿一晚", stock=1)
    BoardPrizeFactory(board=board, rank_from=1, rank_to=1, points=100)
    BoardPrizeFactory(board=board, rank_from=2, rank_to=3, points=0, item=hotel)
    # when
    settlement = _settle(board, actor=staff_user)
    # then the ranking is frozen
    assert settlement.state == Settlement.State.DONE
    assert list(settlement.ranks.values_list("rank", "user_id", "score")) == [
        (1, first.pk, 30),
        (2, second.pk, 20),
        (3, third.pk, 10),
    ]
    # the points prize is a posting from the prize account, not counted on any board
    award = PrizeAward.objects.get(user=first)
    assert award.posting.amount == 100 and award.posting.scored_on == []
    assert account_for_user(first, Currency.POINT).balance == 130
    # the item went to rank 2; rank 3 found the stock empty, and stock never went below zero
    assert PrizeAward.objects.get(user=second).outcome == PrizeAward.Outcome.AWARDED
    assert PrizeAward.objects.get(user=third).outcome == PrizeAward.Outcome.OUT_OF_STOCK
    hotel.refresh_from_db()
    assert hotel.stock == 0
    # the winners were told, and every step is in the audit log
    assert set(Message.objects.filter(category="points").values_list("recipient", flat=True)) == {
        first.pk,
        second.pk,
    }
    assert "禁毒知识竞答周榜" in Message.objects.get(recipient=first).title
    actions = list(AuditEntry.objects.values_list("action", flat=True))
    assert actions.count("points.prize_awarded") == 3
    assert "points.settlement_frozen" in actions and "points.settlement_completed" in actions


def test_running_a_settlement_twice_gives_one_snapshot_and_one_set_of_prizes(board):
    _scores(board, 30, 20, 10)
    BoardPrizeFactory(board=board, rank_from=1, rank_to=2, points=50)
    first = _settle(board)
    again = _settle(board)
    assert again.pk == first.pk and again.state == Settlement.State.DONE
    assert SettlementRank.objects.count() == 3
    assert PrizeAward.objects.count() == 2
    assert Posting.objects.filter(key__startswith="settlement:").count() == 2
    assert Message.objects.count() == 2


def test_a_settlement_killed_half_way_resumes_without_double_prizes(board, monkeypatch):
    # given five winners of 10 points and a crash after the second award
    users = _scores(board, 50, 40, 30, 20, 10, 5)
    item = PrizeItemFactory(stock=10)
    BoardPrizeFactory(board=board, rank_from=1, rank_to=5, points=10)
    BoardPrizeFactory(board=board, rank_from=1, rank_to=5, points=0, item=item)
    real_award = settlement_services._prize_award_one
    calls = {"n": 0}

    def crashing_award(**kwargs):
        calls["n"] += 1
        if calls["n"] > 2:
            raise RuntimeError("worker killed")
        return real_award(**kwargs)

    monkeypatch.setattr(settlement_services, "_prize_award_one", crashing_award)
    with pytest.raises(RuntimeError):
        _settle(board)
    settlement = Settlement.objects.get()
    assert settlement.state == Settlement.State.FROZEN
    assert PrizeAward.objects.count() == 2
    # when it is run again
    monkeypatch.setattr(settlement_services, "_prize_award_one", real_award)
    settlement = _settle(board)
    # then one snapshot and exactly one of each prize per winner
    assert settlement.state == Settlement.State.DONE
    assert SettlementRank.objects.count() == 6
    assert PrizeAward.objects.count() == 10
    for user in users[:5]:
        assert PrizeAward.objects.filter(user=user).count() == 2
    assert Posting.objects.filter(key__startswith="settlement:").count() == 5
    assert account_for_user(users[0], Currency.POINT).balance == 60
    item.refresh_from_db()
    assert item.stock == 5
    assert Message.objects.count() == 10


def test_a_crash_while_freezing_leaves_no_partial_snapshot(board, monkeypatch):
    _scores(board, 5, 4)

    def broken_audit(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(settlement_services, "audit_record", broken_audit)
    with pytest.raises(RuntimeError):
        _settle(board)
    assert SettlementRank.objects.count() == 0
    assert Settlement.objects.get().state == Settlement.State.STARTED
    monkeypatch.undo()
    assert _settle(board).ranked_count == 2


def test_an_open_period_cannot_be_settled(board):
    _scores(board, 5)
    with time_machine.travel(T0, tick=False), pytest.raises(ValidationError) as error:
        settlement_run(board=board, period_key=WEEK)
    assert error.value.code == "period_not_ended"
    with pytest.raises(ValidationError) as error:
        settlement_run(board=board, period_key="not-a-week")
    assert error.value.code == "invalid_period"
    assert not Settlement.objects.exists()


def test_scores_after_the_freeze_do_not_change_the_final_ranking(board):
    first, second = _scores(board, 10, 5)
    _settle(board)
    BoardScore.objects.filter(user=second).update(score=500)
    assert _settle(board).ranks.get(rank=1).user == first


def test_a_coupon_prize_is_issued_by_the_registered_issuer(board, monkeypatch):
    (winner,) = _scores(board, 10)
    coupon = PrizeItemFactory(kind=PrizeItem.Kind.COUPON, stock=5, reference="offer:9")
    BoardPrizeFactory(board=board, rank_from=1, rank_to=1, points=0, item=coupon)
    monkeypatch.setattr(prizes, "_issuers", {PrizeItem.Kind.GOODS: prizes._goods_issuer})
    # without the marketplace's issuer the award waits (settlement stays frozen)
    with pytest.raises(ValidationError) as error:
        _settle(board)
    assert error.value.code == "no_prize_issuer"
    assert Settlement.objects.get().state == Settlement.State.FROZEN
    coupon.refresh_from_db()
    assert coupon.stock == 5
    # once registered, the resumed settlement issues it
    issued = []

    def issue(*, item, user, key):
        issued.append((item.reference, user.pk, key))
        return {"coupon": "GZ-0001"}

    prizes.register_prize_issuer(PrizeItem.Kind.COUPON, issue)
    assert _settle(board).state == Settlement.State.DONE
    assert issued == [("offer:9", winner.pk, issued[0][2])]
    assert PrizeAward.objects.get().details == {"coupon": "GZ-0001"}


def test_the_preview_shows_winners_and_stock_and_writes_nothing(board):
    first, second, _third = _scores(board, 9, 8, 7)
    item = PrizeItemFactory(stock=1)
    BoardPrizeFactory(board=board, rank_from=1, rank_to=2, points=0, item=item)
    with time_machine.travel(AFTER_WEEK, tick=False):
        preview = settlement_preview(board, WEEK)
        assert preview.has_ended
    assert preview.ranked_count == 3
    assert [e.user_id for e in preview.prizes[0].winners] == [first.pk, second.pk]
    assert preview.prizes[0].short_of_stock == 1
    assert not Settlement.objects.exists() and not AuditEntry.objects.exists()


def test_the_beat_task_settles_ended_periods_and_resumes_unfinished_ones(board):
    _scores(board, 5)
    daily = BoardFactory(scope="campaign:12", period=Period.DAY)
    with time_machine.travel(T0 + dt.timedelta(minutes=30), tick=False):
        points_award(user=UserFactory(), amount=1, key="today", reason="r", boards=["campaign:12"])
        # nothing has ended yet
        assert settle_due_periods_task() == 0
    with time_machine.travel(AFTER_WEEK, tick=False):
        assert {(b.pk, k) for b, k in settlement_due_periods()} == {
            (board.pk, WEEK),
            (daily.pk, "2026-11-25"),
        }
        assert settle_due_periods_task() == 2  # eager in tests: settled in-process
        assert settlement_due_periods() == []
        assert settle_due_periods_task() == 0
    assert Settlement.objects.filter(state=Settlement.State.DONE).count() == 2


def test_the_settlement_task_loads_the_board_by_id_and_is_idempotent(board):
    _scores(board, 5)
    with time_machine.travel(AFTER_WEEK, tick=False):
        assert settlement_run_task(board.pk, WEEK) == "done"
        assert settlement_run_task(board.pk, WEEK) == "done"
        assert settlement_run_task(999_999, WEEK) is None
    assert SettlementRank.objects.count() == 1


def test_a_settlement_whose_worker_died_is_resumed_by_the_stuck_job_task_within_minutes(
    board, monkeypatch, django_capture_on_commit_callbacks
):
    from core.tasks import stuck_jobs_recover_task

    # given a settlement that froze the ranking and gave one award, then its worker died
    _scores(board, 50, 40, 30)
    BoardPrizeFactory(board=board, rank_from=1, rank_to=3, points=10)
    real_award = settlement_services._prize_award_one
    calls = {"n": 0}

    def dying_award(**kwargs):
        calls["n"] += 1
        if calls["n"] > 1:
            raise RuntimeError("worker killed")
        return real_award(**kwargs)

    monkeypatch.setattr(settlement_services, "_prize_award_one", dying_award)
    with pytest.raises(RuntimeError):
        _settle(board)
    monkeypatch.setattr(settlement_services, "_prize_award_one", real_award)
    # when the recovery looks one minute later: the settlement beat recently, nothing to do
    with time_machine.travel(AFTER_WEEK + dt.timedelta(minutes=1), tick=False):
        # (every app's recoverer runs; none has anything to requeue)
        assert set(stuck_jobs_recover_task().values()) == {0}
    # and three minutes later it is stuck, queued again and finished (not at the next hour)
    with (
        time_machine.travel(AFTER_WEEK + dt.timedelta(minutes=3), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert stuck_jobs_recover_task()["points.settlement"] == 1
    settlement = Settlement.objects.get()
    assert settlement.state == Settlement.State.DONE
    assert PrizeAward.objects.count() == 3
    assert Posting.objects.filter(key__startswith="settlement:").count() == 3
    # and a finished settlement is never queued again
    with time_machine.travel(AFTER_WEEK + dt.timedelta(hours=2), tick=False):
        assert stuck_jobs_recover_task()["points.settlement"] == 0
