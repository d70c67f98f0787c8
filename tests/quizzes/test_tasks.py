import datetime as dt

import pytest

from notifications.models import Message
from quizzes import services, tasks
from quizzes.models import Participant, Prize, ServedQuestion
from tests.accounts.factories import UserFactory
from tests.conftest import wait_for
from tests.quizzes.factories import NOON, campaign_make, prize_make


def won_draw(user, points=5):
    campaign = campaign_make()
    prize_make(campaign, name=f"{points}积分", kind=Prize.Kind.POINTS, points=points)
    participant = services.participant_start(user=user, campaign=campaign, now=NOON)
    Participant.objects.filter(pk=participant.pk).update(draws_earned=1)
    return services.draw_perform(user=user, campaign=campaign, now=NOON)


@pytest.mark.django_db
def test_the_win_notice_is_sent_once_however_often_the_task_runs():
    user = UserFactory()
    draw = won_draw(user)
    Message.objects.all().delete()
    assert tasks.draw_win_notify_task(draw.pk) is True
    tasks.draw_win_notify_task(draw.pk)
    message = Message.objects.get(recipient=user)
    assert "5积分" in message.body
    assert tasks.draw_win_notify_task(999999) is False


@pytest.mark.django_db
def test_week_old_unanswered_questions_are_purged_and_answered_ones_kept(time_machine):
    time_machine.move_to(NOON, tick=False)
    campaign = campaign_make()
    user = UserFactory()
    old = services.question_serve(user=user, campaign=campaign, now=NOON - dt.timedelta(days=8))
    time_machine.move_to(NOON, tick=False)
    assert tasks.unanswered_purge_task() == 1
    assert tasks.unanswered_purge_task() == 0
    assert not ServedQuestion.objects.filter(pk=old.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_notifies_the_winner(celery_worker_process):
    user = UserFactory()
    won_draw(user, points=8)  # queued after commit, through the broker
    assert wait_for(lambda: Message.objects.filter(recipient=user, category="quizzes").exists()), (
        celery_worker_process.log_path.read_text()
    )
