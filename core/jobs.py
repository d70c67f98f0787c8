"""Long jobs (an Excel import, a settlement) record a heartbeat; a beat task finds stuck ones.

A job whose worker was killed (SIGKILL, out of memory, a host lost) stops beating. Every minute
`stuck_jobs_recover_task` asks each registered recoverer to queue again the jobs that have not
beaten for JOB_STALE_AFTER_SECONDS; the job's own task is idempotent (an import is rerun from the
start and writes all or nothing, a settlement resumes where it stopped), so a rerun of a job that
was only slow changes nothing. Apps register their recoverer in AppConfig.ready(), so core does
not import them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

logger = logging.getLogger(__name__)

_recoverers: dict[str, Callable[[datetime], int]] = {}


def register_stuck_job_recoverer(name: str, recover: Callable[[datetime], int]) -> None:
    """`recover(stale_before)` queues again the jobs silent since before `stale_before` and
    returns how many it queued."""
    _recoverers[name] = recover


def stale_before() -> datetime:
    return timezone.now() - timedelta(seconds=settings.JOB_STALE_AFTER_SECONDS)


def stuck_jobs_recover() -> dict[str, int]:
    """Run every recoverer; one failing does not stop the others."""
    cutoff = stale_before()
    queued = {}
    for name, recover in _recoverers.items():
        try:
            queued[name] = recover(cutoff)
        except Exception:
            logger.exception("stuck job recovery failed for %s", name)
            continue
        if queued[name]:
            logger.warning("%d stuck %s job(s) queued again", queued[name], name)
    return queued
