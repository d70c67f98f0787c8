"""The lottery: draw rights, weighted prizes, stock that never runs below zero."""

import random
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from points.models import PrizeItem
from points.selectors import balances_for_user
from quizzes import services
from quizzes.models import Draw, Participant, Prize
from tests.accounts.factories import UserFactory
from tests.quizzes.factories import NOON, campaign_make, prize_make


def give_draws(user, campaign, n: int) -> Participant:
    participant = services.participant_start(user=user, campaign=campaign, now=NOON)
    Participant.objects.filter(pk=participant.pk).update(draws_earned=n)
    return participant


@pytest.mark.django_db
def test_a_draw_without_a_draw_right_is_refused():
    campaign = campaign_make()
    prize_make(campaign)
    with pytest.raises(ValidationError) as error:
        services.draw_perform(user=UserFactory(), campaign=campaign, now=NOON)
    assert error.value.code == "no_draws"


@pytest.mark.django_db
def test_a_points_prize_is_paid_through_the_ledger_and_uses_one_draw():
    campaign = campaign_make()
    prize_make(campaign, name="10积分", kind=Prize.Kind.POINTS, points=10)
    user = UserFactory()
    give_draws(user, campaign, 2)
    draw = services.draw_perform(user=user, campaign=campaign, now=NOON)
    assert (draw.kind, draw.points, draw.prize_name) == ("points", 10, "10积分")
    assert balances_for_user(user)["POINT"] == 10
    assert Participant.objects.get(user=user).draws_available == 1


@pytest.mark.django_db
def test_an_item_prize_takes_one_from_its_stock_and_then_runs_out():
    campaign = campaign_make()
    item = PrizeItem.objects.create(name="禁毒宣传帆布袋", stock=100)
    prize = prize_make(campaign, name="帆布袋", kind=Prize.Kind.ITEM, item=item, stock=1, weight=9)
    prize_make(campaign, name="谢谢参与", kind=Prize.Kind.THANKS, weight=1)
    user = UserFactory()
    give_draws(user, campaign, 3)
    rng = random.Random(1)
    outcomes = [
        services.draw_perform(user=user, campaign=campaign, now=NOON, rng=rng).kind
        for _i in range(3)
    ]
    prize.refresh_from_db()
    assert outcomes.count("item") == 1 and prize.stock == 0
    assert outcomes.count("thanks") == 2


@pytest.mark.django_db
def test_thanks_for_taking_part_when_the_pool_is_empty():
    campaign = campaign_make()
    user = UserFactory()
    give_draws(user, campaign, 1)
    draw = services.draw_perform(user=user, campaign=campaign, now=NOON)
    assert draw.kind == "thanks" and draw.prize is None and not draw.is_win


@pytest.mark.django_db
def test_weights_decide_the_chances():
    campaign = campaign_make()
    prize_make(campaign, name="1积分", kind=Prize.Kind.POINTS, points=1, weight=3)
    prize_make(campaign, name="谢谢参与", kind=Prize.Kind.THANKS, weight=1)
    user = UserFactory()
    give_draws(user, campaign, 400)
    rng = random.Random(7)
    for _i in range(400):
        services.draw_perform(user=user, campaign=campaign, now=NOON, rng=rng)
    wins = Draw.objects.filter(kind="points").count()
    assert 260 < wins < 340  # 3 in 4 expected


@pytest.mark.django_db
def test_the_daily_draw_limit_is_kept():
    campaign = campaign_make(daily_draw_limit=1)
    prize_make(campaign)
    user = UserFactory()
    give_draws(user, campaign, 3)
    services.draw_perform(user=user, campaign=campaign, now=NOON)
    with pytest.raises(ValidationError) as error:
        services.draw_perform(user=user, campaign=campaign, now=NOON)
    assert error.value.code == "draw_limit"


@pytest.mark.django_db
def test_an_item_without_an_issuer_stays_out_of_the_draw():
    campaign = campaign_make()
    # a kind no app has registered an issuer for
    coupon = PrizeItem.objects.create(name="电影票", kind="cinema_ticket", stock=5)
    prize_make(campaign, name="优惠券", kind=Prize.Kind.ITEM, item=coupon, stock=5)
    user = UserFactory()
    give_draws(user, campaign, 1)
    assert services.draw_perform(user=user, campaign=campaign, now=NOON).kind == "thanks"


@pytest.mark.django_db
def test_a_win_is_audited_and_the_winner_notified(django_capture_on_commit_callbacks):
    from audit.models import AuditEntry
    from notifications.models import Message

    campaign = campaign_make()
    prize_make(campaign, name="5积分", kind=Prize.Kind.POINTS, points=5)
    user = UserFactory()
    give_draws(user, campaign, 1)
    with django_capture_on_commit_callbacks(execute=True):
        services.draw_perform(user=user, campaign=campaign, now=NOON)
    assert AuditEntry.objects.filter(action="quizzes.prize_won").count() == 1
    assert Message.objects.filter(recipient=user, category="quizzes").count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_draws_never_exceed_a_prizes_stock():
    # given 3 items in stock, 12 users with 2 draws each, all on the item
    campaign = campaign_make()
    item = PrizeItem.objects.create(name="酒店自助餐券", stock=50)
    prize = prize_make(campaign, name="自助餐券", kind=Prize.Kind.ITEM, item=item, stock=3)
    prize_make(campaign, name="谢谢参与", kind=Prize.Kind.THANKS, weight=0)
    users = [UserFactory() for _i in range(12)]
    for user in users:
        give_draws(user, campaign, 2)
    barrier = threading.Barrier(len(users))
    errors = []

    def run(user):
        try:
            barrier.wait()
            for _i in range(2):
                services.draw_perform(user=user, campaign=campaign, now=NOON)
        except Exception as error:  # surfaced below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # then exactly 3 items were won, the stock is 0, and every draw right was used once
    assert errors == []
    prize.refresh_from_db()
    assert prize.stock == 0
    assert Draw.objects.filter(kind="item").count() == 3
    assert Draw.objects.count() == 24
    assert all(p.draws_available == 0 for p in Participant.objects.all())


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_same_answer_sent_twice_at_once_pays_once():
    campaign = campaign_make(streak_length=1)
    user = UserFactory()
    served = services.question_serve(user=user, campaign=campaign, now=NOON)
    right = [c.pk for c in served.question.choices.all() if c.is_correct]
    barrier = threading.Barrier(4)
    outcomes = []

    def run():
        try:
            barrier.wait()
            services.answer_submit(user=user, token=served.token, choice_ids=right, now=NOON)
            outcomes.append("ok")
        except ValidationError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["already_answered"] * 3 + ["ok"]
    assert balances_for_user(user)["POINT"] == 1
