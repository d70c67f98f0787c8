import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from points.models import Currency, Period, Settlement
from points.services import account_for_user, points_award
from points.tasks import leaderboards_cache_refresh_task, verify_ledger_task
from tests.accounts.factories import UserFactory
from tests.conftest import wait_for
from tests.points.factories import BoardFactory, BoardPrizeFactory

pytestmark = pytest.mark.django_db


def test_verify_ledger_task_reports_a_clean_and_a_tampered_ledger(user, caplog):
    points_award(user=user, amount=10, key="k", reason="答题奖励")
    assert verify_ledger_task()["ok"] is True
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE points_account SET balance = balance + 1 WHERE owner_id = %s", [user.pk]
        )
    report = verify_ledger_task()
    assert report["ok"] is False
    assert report["balance_mismatches"][0]["stored"] == 11
    assert "ledger verification found differences" in caplog.text


def test_the_cache_refresh_task_does_nothing_without_redis(db_leaderboards):
    BoardFactory()
    assert leaderboards_cache_refresh_task() == 0


def test_the_cache_refresh_task_rebuilds_current_periods(redis_leaderboards, user):
    board = BoardFactory(scope="all", period=Period.YEAR)
    points_award(user=user, amount=10, key="k", reason="答题奖励")
    assert leaderboards_cache_refresh_task() == 1
    from points import leaderboard_cache
    from points.periods import current_period_key

    assert leaderboard_cache.is_built(board.pk, current_period_key(board))


def test_the_default_schedules_are_in_the_database_for_staff_to_edit():
    tasks = dict(PeriodicTask.objects.values_list("task", "crontab__hour"))
    assert tasks["points.tasks.settle_due_periods_task"] == "*"
    assert tasks["points.tasks.verify_ledger_task"] == "3"
    assert "points.tasks.leaderboards_cache_refresh_task" in tasks


@pytest.mark.worker
def test_a_real_worker_settles_yesterdays_board(celery_worker_process):
    from points.tasks import settlement_run_task

    # given a daily board with yesterday's scores and a prize
    board = BoardFactory(scope="campaign:12", period=Period.DAY)
    BoardPrizeFactory(board=board, rank_from=1, rank_to=1, points=20)
    winner = UserFactory()
    yesterday = timezone.now() - dt.timedelta(days=1)
    with time_machine.travel(yesterday, tick=False):
        posting = points_award(
            user=winner, amount=5, key="k", reason="答题", boards=["campaign:12"]
        )
    period_key = posting.scored_on[0][1]
    # when the task goes through the broker to a worker process
    settlement_run_task.delay(board.pk, period_key)
    # then the worker settles it in the database
    done = wait_for(
        lambda: Settlement.objects.filter(board=board, state=Settlement.State.DONE).exists()
    )
    assert done, celery_worker_process.log_path.read_text()
    assert account_for_user(winner, Currency.POINT).balance == 25
