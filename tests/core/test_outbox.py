"""The outbox's rules, with the broker replaced by a fake that can be "down" (the real Redis
outage, end to end, is tests/core/test_redis_outage.py)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from celery.app.task import Task
from django.db import transaction
from kombu.exceptions import OperationalError

from config.celery import app
from core import outbox
from core.models import OutboxTask
from core.outbox import enqueue_after_commit, outbox_drain, outbox_task_done, task_id_for
from notifications.tasks import message_email_task, message_sms_task

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 10, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


class FakeBroker:
    def __init__(self):
        self.down = False
        self.sent = []

    def apply_async(self, task, args=None, kwargs=None, task_id=None, **options):
        if self.down:
            raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")
        self.sent.append((task.name, list(args or []), task_id))


@pytest.fixture
def broker(monkeypatch):
    fake = FakeBroker()
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    monkeypatch.setattr(
        Task, "apply_async", lambda self, *a, **kw: fake.apply_async(self, *a, **kw)
    )
    monkeypatch.setattr(outbox.broker_state, "failed_at", 0.0)
    try:
        with time_machine.travel(NOW, tick=False):
            yield fake
    finally:
        app.conf.task_always_eager = eager


def test_a_rolled_back_change_queues_nothing(broker, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        enqueue_after_commit(message_email_task, 1)
        raise RuntimeError("the change failed")
    assert not OutboxTask.objects.exists()
    assert broker.sent == []


def test_a_committed_task_is_published_at_once_and_kept_until_the_worker_ran_it(
    broker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        row = enqueue_after_commit(message_email_task, 7)
    assert broker.sent == [("notifications.tasks.message_email_task", [7], task_id_for(row.pk))]
    row.refresh_from_db()
    assert row.published_at == NOW and row.attempts == 1
    # a retry keeps the row; the end of the task (success or final failure) forgets it
    outbox_task_done(task_id_for(row.pk), "RETRY")
    assert OutboxTask.objects.filter(pk=row.pk).exists()
    outbox_task_done(task_id_for(row.pk), "SUCCESS")
    assert not OutboxTask.objects.filter(pk=row.pk).exists()


def test_with_the_broker_down_the_row_waits_and_one_drain_sends_it_once(
    broker, django_capture_on_commit_callbacks
):
    # given the broker is down at commit time
    broker.down = True
    with django_capture_on_commit_callbacks(execute=True):
        row = enqueue_after_commit(message_email_task, 7)
    row.refresh_from_db()
    assert row.published_at is None and row.attempts == 1 and "Connection refused" in row.last_error
    # when it is back, the drain sends it, once
    broker.down = False
    assert outbox_drain() == 1
    assert outbox_drain() == 0
    assert [name for name, *_ in broker.sent] == ["notifications.tasks.message_email_task"]


def test_after_a_failure_requests_do_not_wait_for_the_broker_for_a_while(
    broker, django_capture_on_commit_callbacks, monkeypatch
):
    calls = []
    broker.down = True
    original = broker.apply_async
    monkeypatch.setattr(
        broker, "apply_async", lambda *a, **kw: calls.append(1) or original(*a, **kw)
    )
    with django_capture_on_commit_callbacks(execute=True):
        enqueue_after_commit(message_email_task, 1)
    with django_capture_on_commit_callbacks(execute=True):
        enqueue_after_commit(message_sms_task, 1)
    # the second was not even tried, and waits like the first
    assert len(calls) == 1
    assert OutboxTask.objects.filter(published_at__isnull=True, attempts=1).count() == 2


def test_a_row_forgotten_after_commit_is_sent_by_the_drain_after_a_minute(broker):
    # given a row whose process died between commit and publish
    row = OutboxTask.objects.create(task_name=message_email_task.name, args=[3])
    assert outbox_drain() == 0  # the request may still be publishing it
    with time_machine.travel(NOW + dt.timedelta(minutes=2), tick=False):
        assert outbox_drain() == 1
    assert broker.sent == [(message_email_task.name, [3], task_id_for(row.pk))]


def test_a_task_sent_but_never_done_is_sent_again_after_15_minutes_at_most_ten_times(broker):
    row = OutboxTask.objects.create(
        task_name=message_email_task.name, args=[3], published_at=NOW, attempts=1
    )
    with time_machine.travel(NOW + dt.timedelta(minutes=14), tick=False):
        assert outbox_drain() == 0
    with time_machine.travel(NOW + dt.timedelta(minutes=16), tick=False):
        assert outbox_drain() == 1
    OutboxTask.objects.filter(pk=row.pk).update(attempts=10)
    with time_machine.travel(NOW + dt.timedelta(hours=2), tick=False):
        assert outbox_drain() == 0  # left for an operator


def test_a_row_of_a_task_that_no_longer_exists_is_dropped(broker):
    OutboxTask.objects.create(task_name="gone.tasks.renamed_task", args=[1], attempts=1)
    ok = OutboxTask.objects.create(task_name=message_email_task.name, args=[2], attempts=1)
    assert outbox_drain() == 1
    assert list(OutboxTask.objects.values_list("pk", flat=True)) == [ok.pk]


def test_the_housekeeping_tasks_are_scheduled_every_minute():
    from django_celery_beat.models import PeriodicTask

    tasks = {
        task.task: task.interval
        for task in PeriodicTask.objects.filter(task__startswith="core.tasks.")
    }
    assert set(tasks) == {"core.tasks.outbox_drain_task", "core.tasks.stuck_jobs_recover_task"}
    assert all((i.every, i.period) == (1, "minutes") for i in tasks.values())


def test_a_task_queued_by_its_name_is_the_registered_task(
    broker, django_capture_on_commit_callbacks
):
    # Services name their app's tasks (the tasks module imports the services back).
    with django_capture_on_commit_callbacks(execute=True):
        row = enqueue_after_commit("volunteers.tasks.wish_claimers_tell_task", 12)
    assert row.task_name == "volunteers.tasks.wish_claimers_tell_task"
    assert broker.sent == [("volunteers.tasks.wish_claimers_tell_task", [12], task_id_for(row.pk))]


def test_a_misspelt_task_name_fails_at_the_call_and_queues_nothing(broker):
    with pytest.raises(KeyError):
        enqueue_after_commit("volunteers.tasks.no_such_task", 12)
    assert not OutboxTask.objects.exists()
