"""Scheduled and queued work of the points app: thin wrappers around services and selectors."""

import logging

from celery import shared_task

from points import selectors, services
from points.models import Board

logger = logging.getLogger(__name__)


@shared_task
def settle_due_periods_task() -> int:
    """Queue a settlement for every ended, unsettled (or half-settled) period; beat, hourly."""
    due = selectors.settlement_due_periods()
    for board, period_key in due:
        settlement_run_task.delay(board.pk, period_key)
    return len(due)


@shared_task(bind=True, max_retries=3, default_retry_delay=300)
def settlement_run_task(self, board_id: int, period_key: str) -> str | None:
    """Settle one period; resumes a half-done settlement, does nothing to a finished one."""
    board = Board.objects.filter(pk=board_id).first()
    if board is None:
        return None
    try:
        settlement = services.settlement_run(board=board, period_key=period_key)
    except OSError as error:  # a broken connection to Redis or the mail server: try later
        raise self.retry(exc=error) from error
    return settlement.state


@shared_task(replica_reads=True)  # read only: a replica seconds behind is fine (core.replica)
def verify_ledger_task() -> dict:
    """Check the ledger (read only); a difference is logged as an error for the operators."""
    report = services.ledger_check_run()
    if report.ok:
        logger.info(
            "ledger verified: %d accounts, %d postings, no difference",
            report.accounts_checked,
            report.postings_checked,
        )
    else:
        logger.error("ledger verification found differences: %s", report.as_dict())
    return report.as_dict()


@shared_task
def leaderboards_cache_refresh_task() -> int:
    return services.leaderboards_cache_refresh()
