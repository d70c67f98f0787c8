"""Celery tasks of the volunteers app: thin, idempotent (reminders carry dedupe keys)."""

from celery import shared_task

from volunteers.services import reminders, wishes


@shared_task
def hours_pending_remind_task() -> int:
    """Beat, hourly: nudge leaders about records waiting over 48 hours."""
    return reminders.hours_pending_remind()


@shared_task
def wishes_unclaimed_remind_task() -> int:
    """Beat, hourly: remind staff of wishes unclaimed after 72 hours."""
    return reminders.wishes_unclaimed_remind()


@shared_task
def wish_claimers_tell_task(wish_id: int) -> int:
    """After a wish opens to claims: tell the volunteers who could take it on."""
    return wishes.wish_claimers_tell(wish_id=wish_id)
