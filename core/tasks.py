"""Housekeeping of the queue itself: the outbox drain and the stuck-job recovery (beat)."""

from celery import shared_task

from core import jobs, outbox


@shared_task
def outbox_drain_task() -> int:
    """Publish queued tasks that missed the broker; beat, every minute, and at worker start."""
    return outbox.outbox_drain()


@shared_task
def stuck_jobs_recover_task() -> dict:
    """Queue again long jobs whose worker stopped beating; beat, every minute."""
    return jobs.stuck_jobs_recover()
