from celery import shared_task

from notices import services


@shared_task(bind=True, max_retries=5, default_retry_delay=30)
def notice_fanout_task(self, notice_id: int) -> int:
    """Deliver a notice from where it stopped (idempotent; see notices.services.fanout)."""
    return services.notice_fanout_run(notice_id=notice_id)


@shared_task
def notice_knock_lists_task(notice_id: int) -> int:
    return services.notice_knock_lists_send(notice_id=notice_id)


@shared_task
def notices_knock_due_task() -> int:
    """Beat: send the door-knock lists of every notice whose time has come."""
    due = services.notices_knock_due()
    for notice_id in due:
        services.notice_knock_lists_send(notice_id=notice_id)
    return len(due)
