"""Celery queues by kind (issue 19, item 4): the routing table in settings sends each task to the
queue of its kind, a worker started without -Q (the embedded default, `make run`) consumes every
queue, and a worker on one queue runs its tasks while another queue is backed up."""

import re

import pytest
import redis
from django.conf import settings

from config.celery import app
from tests.conftest import wait_for

EXPECTED_QUEUE = {
    "care.tasks.care_rounds_check_task": "default",
    "care.tasks.care_tags_retention_task": "default",
    "cases.tasks.case_deadlines_check_task": "default",
    "communities.tasks.import_job_check_task": "imports",
    "communities.tasks.import_job_run_task": "imports",
    "consultations.tasks.consultation_close_task": "default",
    "consultations.tasks.consultation_notify_opening_task": "notifications",
    "consultations.tasks.consultation_remind_closing_task": "notifications",
    "consultations.tasks.consultations_sweep_task": "default",
    "consultations.tasks.follow_up_remind_task": "default",
    "consultations.tasks.follow_ups_overdue_task": "default",
    "core.tasks.outbox_drain_task": "default",
    "core.tasks.stuck_jobs_recover_task": "default",
    "events.tasks.event_materialise_task": "default",
    "events.tasks.occurrences_materialise_task": "default",
    "events.tasks.reminders_send_task": "notifications",
    "events.tasks.summary_reminders_send_task": "notifications",
    "marketplace.tasks.coupon_expire_task": "default",
    "marketplace.tasks.coupons_expire_task": "default",
    "notices.tasks.notice_fanout_task": "notifications",
    "notices.tasks.notice_knock_lists_task": "notifications",
    "notices.tasks.notices_knock_due_task": "default",
    "notifications.tasks.message_email_task": "notifications",
    "notifications.tasks.message_sms_task": "notifications",
    "points.tasks.leaderboards_cache_refresh_task": "default",
    "points.tasks.settle_due_periods_task": "settlement",
    "points.tasks.settlement_run_task": "settlement",
    "points.tasks.verify_ledger_task": "settlement",
    "quizzes.tasks.draw_win_notify_task": "notifications",
    "quizzes.tasks.unanswered_purge_task": "default",
    "volunteers.tasks.hours_pending_remind_task": "default",
    "volunteers.tasks.wish_claimers_tell_task": "notifications",
    "volunteers.tasks.wishes_unclaimed_remind_task": "default",
}


def _queue_of(task_name: str) -> str:
    return app.amqp.router.route({}, task_name)["queue"].name


def _our_tasks() -> set[str]:
    app.loader.import_default_modules()
    return {name for name in app.tasks if not name.startswith("celery.")}


def test_every_task_goes_to_the_queue_of_its_kind():
    assert set(EXPECTED_QUEUE) <= _our_tasks()
    assert {name: _queue_of(name) for name in EXPECTED_QUEUE} == EXPECTED_QUEUE


def test_a_task_nobody_routed_goes_to_a_queue_some_worker_consumes():
    # New tasks fall through to "default" unless the table in settings names them.
    assert {_queue_of(name) for name in _our_tasks()} <= set(settings.CELERY_QUEUE_NAMES)


def test_a_task_named_for_an_import_or_export_goes_to_the_imports_queue():
    assert _queue_of("marketplace.tasks.coupons_export_task") == "imports"
    assert _queue_of("quizzes.tasks.question_import_run_task") == "imports"


def test_every_queue_is_declared_so_a_worker_without_q_consumes_them_all():
    declared = {queue.name for queue in settings.CELERY_TASK_QUEUES}
    assert declared == set(settings.CELERY_QUEUE_NAMES) == set(EXPECTED_QUEUE.values())
    assert settings.CELERY_TASK_DEFAULT_QUEUE == "default"


def _ran(worker, task_name: str) -> bool:
    return re.search(rf"Task {re.escape(task_name)}\[[^\]]+\] succeeded", worker.log()) is not None


@pytest.mark.worker
def test_the_embedded_single_worker_runs_tasks_of_every_queue(celery_worker_process):
    # given the one worker of `make run` (no -Q) on the configured broker
    # when tasks of three queues are queued
    from core.tasks import outbox_drain_task
    from notifications.tasks import message_sms_task
    from points.tasks import settle_due_periods_task

    for task in (outbox_drain_task, message_sms_task, settle_due_periods_task):
        args = (0,) if task is message_sms_task else ()
        task.delay(*args)
    # then it runs all of them
    for name in (
        "core.tasks.outbox_drain_task",
        "notifications.tasks.message_sms_task",
        "points.tasks.settle_due_periods_task",
    ):
        assert wait_for(lambda name=name: _ran(celery_worker_process, name)), (
            celery_worker_process.log()
        )


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_settlement_worker_settles_while_a_big_notice_waits_on_its_own_queue(
    on_own_redis, redis_server, tmp_path
):
    from notifications.tasks import message_email_task
    from points.tasks import settle_due_periods_task

    # given a worker on the settlement queue only
    worker = on_own_redis(tmp_path, name="settlement", queues=("settlement",))
    # when a notice queues 500 emails, then the hourly settlement check is queued behind them
    for message_id in range(1, 501):
        message_email_task.delay(message_id)
    settle_due_periods_task.delay()
    # then the settlement runs at once, and the 500 emails are still waiting for their workers
    assert wait_for(lambda: _ran(worker, "points.tasks.settle_due_periods_task")), worker.log()
    broker = redis.Redis.from_url(redis_server.url())
    assert broker.llen("notifications") == 500
    assert broker.llen("settlement") == 0
    assert "Received task: notifications" not in worker.log()
