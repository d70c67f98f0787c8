"""Work queued after a commit survives the broker being away (a transactional outbox).

`enqueue_after_commit(task_or_name, *ids)` is how services queue Celery work. It writes an OutboxTask row
in the caller's transaction (so the work exists exactly when the change does) and, after commit,
publishes the task at once; the worker deletes the row when the task has run. A row is published
again by `outbox_drain()` when:

- publishing after commit failed (Redis down, a network blip): the row waits, and the next
  successful publish of this process, the beat (every minute) and a worker starting up drain it;
- the process died between commit and publish (the row is older than FRESH_SECONDS);
- the broker lost the message (Redis restarted without persistence, a worker killed without its
  message being redelivered): a row published REDELIVER_AFTER_SECONDS ago and still not done.

Delivery is at least once, so tasks must be idempotent (the house rule). Publishing is skipped for
PUBLISH_PAUSE_SECONDS after a failure, so a request during an outage does not wait for the broker.

Chosen over django-celery-outbox: that library replaces the Celery app class (every send,
including beat's, goes through the table), needs a separate relay daemon, and pulls in
sentry-sdk and structlog; our dozen call sites pass ids only, and the drain runs in the worker
and beat we already have.
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from core.models import OutboxTask

logger = logging.getLogger(__name__)

TASK_ID_PREFIX = "outbox-"
FRESH_SECONDS = 60
BATCH = 500
_ERROR_LENGTH = 500


def _redeliver_after() -> timedelta:
    return timedelta(seconds=getattr(settings, "OUTBOX_REDELIVER_AFTER_SECONDS", 15 * 60))


def _max_attempts() -> int:
    return getattr(settings, "OUTBOX_MAX_ATTEMPTS", 10)


def _publish_pause() -> float:
    return getattr(settings, "OUTBOX_PUBLISH_PAUSE_SECONDS", 10)


class _BrokerState:
    """What this process knows of the broker: when publishing last failed (0 = it works)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.failed_at = 0.0

    def paused(self) -> bool:
        return self.failed_at and time.monotonic() - self.failed_at < _publish_pause()

    def failed(self, error: Exception) -> None:
        with self.lock:
            first = not self.failed_at
            self.failed_at = time.monotonic()
        if first:
            logger.warning(
                "broker unreachable: queued tasks wait in the outbox table until it is back (%s)",
                error,
            )

    def succeeded(self) -> bool:
        """Record a successful publish; True if the broker was away until now."""
        if not self.failed_at:
            return False
        with self.lock:
            was_down, self.failed_at = bool(self.failed_at), 0.0
        if was_down:
            logger.warning("broker reachable again: draining the outbox")
        return was_down


broker_state = _BrokerState()


def task_id_for(row_id: int) -> str:
    return f"{TASK_ID_PREFIX}{row_id}"


def task_named(name: str):
    """The registered Celery task of that name (`"volunteers.tasks.wish_claimers_tell_task"`).

    Services name their app's tasks instead of importing them: the tasks module imports the
    services, so importing it back would close a circle. A process that has not loaded the
    task modules yet (a web process) loads them once here; a name nobody registered is a
    KeyError at the call, not a row that the drain would drop later.
    """
    from config.celery import app

    task = app.tasks.get(name)
    if task is None:
        app.loader.import_default_modules()
        task = app.tasks[name]
    return task


def enqueue_after_commit(task, *args, **kwargs) -> OutboxTask:
    """Queue `task(*args, **kwargs)` (JSON values: ids, not instances) once the current
    transaction commits; never lost if the broker is down then. Rolled back with the caller.

    `task` is the task or its registered name (see `task_named`)."""
    if isinstance(task, str):
        task = task_named(task)
    row = OutboxTask.objects.create(task_name=task.name, args=list(args), kwargs=kwargs)
    transaction.on_commit(lambda: _publish_after_commit(task, row))
    return row


def _publish(task, row: OutboxTask) -> None:
    task.apply_async(args=row.args, kwargs=row.kwargs, task_id=task_id_for(row.pk))


def _publish_after_commit(task, row: OutboxTask) -> None:
    if task.app.conf.task_always_eager:
        # Runs in-process (tests, CELERY_TASK_ALWAYS_EAGER): the task's own errors propagate.
        _publish(task, row)
        return
    if broker_state.paused():
        _record_failure([row.pk], "broker unreachable, not tried")
        return
    try:
        _publish(task, row)
    except Exception as error:  # any failure to publish: the row waits for the drain
        broker_state.failed(error)
        _record_failure([row.pk], repr(error))
        return
    OutboxTask.objects.filter(pk=row.pk, published_at__isnull=True).update(
        published_at=timezone.now(), attempts=F("attempts") + 1
    )
    if broker_state.succeeded():
        outbox_drain_soon()


def _record_failure(row_ids: list[int], error: str) -> None:
    OutboxTask.objects.filter(pk__in=row_ids).update(
        attempts=F("attempts") + 1, last_error=error[:_ERROR_LENGTH]
    )


def outbox_drain_soon() -> None:
    """Ask a worker to drain the outbox (best effort: the beat does it every minute anyway)."""
    try:
        task_named("core.tasks.outbox_drain_task").apply_async()
    except Exception:
        logger.info("outbox drain not queued, the beat will do it", exc_info=True)


def outbox_due() -> Q:
    """Rows to publish now: failed or forgotten after commit, or sent long ago and not done."""
    now = timezone.now()
    unpublished = Q(published_at__isnull=True) & (
        Q(attempts__gt=0) | Q(created_at__lte=now - timedelta(seconds=FRESH_SECONDS))
    )
    lost = Q(published_at__lte=now - _redeliver_after())
    return (unpublished | lost) & Q(attempts__lt=_max_attempts())


def outbox_drain(*, limit: int = BATCH) -> int:
    """Publish the due rows (oldest first); stops at the first broker failure. Returns how many
    were sent. Rows being drained by another process are skipped (SKIP LOCKED)."""
    from config.celery import app

    sent, unknown = [], []
    with transaction.atomic():
        rows = list(
            OutboxTask.objects.select_for_update(skip_locked=True)
            .filter(outbox_due())
            .order_by("pk")[:limit]
        )
        for row in rows:
            task = app.tasks.get(row.task_name)
            if task is None:
                unknown.append(row)
                continue
            try:
                _publish(task, row)
            except Exception as error:
                broker_state.failed(error)
                _record_failure([row.pk], repr(error))
                break
            sent.append(row.pk)
        if sent:
            OutboxTask.objects.filter(pk__in=sent).update(
                published_at=timezone.now(), attempts=F("attempts") + 1, last_error=""
            )
        for row in unknown:
            # A task renamed or removed since it was queued: nothing can run it.
            logger.error("outbox: dropping %s, no such task", row)
            row.delete()
    if sent:
        broker_state.succeeded()
        logger.info("outbox: sent %d queued task(s)", len(sent))
    return len(sent)


def outbox_task_done(task_id: str | None, state: str | None) -> None:
    """The worker ran an outbox task to its end (success or final failure): forget the row.
    A task that asked to be retried keeps its row until the retry ends."""
    if not task_id or not task_id.startswith(TASK_ID_PREFIX) or state == "RETRY":
        return
    try:
        row_id = int(task_id.removeprefix(TASK_ID_PREFIX))
    except ValueError:
        return
    OutboxTask.objects.filter(pk=row_id).delete()


def outbox_unsent() -> int:
    """How many queued tasks wait for the broker (for /healthz)."""
    return OutboxTask.objects.filter(published_at__isnull=True).count()
