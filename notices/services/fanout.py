"""Delivering a notice to every recipient, in chunks, resumable and idempotent.

Each chunk is one transaction holding the notice's row lock: it writes the inbox messages
(dedupe key `notice:<id>:<user id>`), the receipts (one per notice and person), the cursor (the
last user id done) and the heartbeat together. A worker killed half-way loses at most its open
chunk; the rerun (Celery's redelivery, or core.jobs' stuck-job recovery) starts after the cursor,
and a chunk done twice inserts nothing (ON CONFLICT on both keys keeps the first rows).
"""

from __future__ import annotations

import datetime

from django.db import connection, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from core.outbox import enqueue_after_commit
from notices.audiences import recipients
from notices.models import Delivery, Notice
from notifications import channels
from notifications.services import notify_many
from notifications.tasks import message_sms_batch_task

CHUNK = 5000


def message_key(notice_id: int, user_id: int) -> str:
    return f"notice:{notice_id}:{user_id}"


def _chunk(notice: Notice, rows: list[dict], delivered: int) -> None:
    """Deliver one chunk of recipients (sorted by user id, all after the cursor)."""
    message_ids = notify_many(
        [(row["user_id"], message_key(notice.pk, row["user_id"])) for row in rows],
        title=notice.title,
        body=notice.body[:200],
        url=reverse("notices:detail", args=[notice.pk]),
        category="notice",
    )
    if connection.vendor == "postgresql":
        _receipts_postgres(notice, rows, message_ids)
    else:
        Delivery.objects.bulk_create(
            [
                Delivery(
                    notice=notice,
                    user_id=row["user_id"],
                    household_id=row.get("household_id"),
                    message_id=message_ids.get(message_key(notice.pk, row["user_id"])),
                )
                for row in rows
            ],
            ignore_conflicts=True,
        )
    # SMS copies for those who chose SMS or cannot log in; the task claims each message, so a
    # chunk written twice sends nothing twice.
    texting = channels.sms_recipients(row["user_id"] for row in rows)
    if texting:
        enqueue_after_commit(
            message_sms_batch_task,
            sorted(message_ids[message_key(notice.pk, uid)] for uid in texting),
        )
    notice.fanout_cursor = rows[-1]["user_id"]
    # Progress as the people done so far (the exact count is taken at the end).
    notice.fanout_done = min(delivered, notice.fanout_total or delivered)
    notice.fanout_status = Notice.Fanout.RUNNING
    notice.heartbeat_at = timezone.now()
    notice.save(update_fields=["fanout_cursor", "fanout_done", "fanout_status", "heartbeat_at"])


def _receipts_postgres(notice: Notice, rows: list[dict], message_ids: dict[str, int]) -> None:
    """The chunk's receipts in one INSERT ... SELECT FROM unnest() (see notify_many)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {Delivery._meta.db_table}
                (notice_id, user_id, household_id, message_id, created_at, told_via)
            SELECT %s, r.user_id, r.household_id, r.message_id, %s, ''
            FROM unnest(%s::bigint[], %s::bigint[], %s::bigint[])
                AS r(user_id, household_id, message_id)
            ON CONFLICT (notice_id, user_id) DO NOTHING
            """,
            [
                notice.pk,
                timezone.now(),
                [row["user_id"] for row in rows],
                [row.get("household_id") for row in rows],
                [message_ids.get(message_key(notice.pk, row["user_id"])) for row in rows],
            ],
        )


def _relax_commit() -> None:
    """PostgreSQL: this chunk's commit does not wait for the WAL flush. A crash can lose the
    last chunks committed, which the rerun writes again (the fan-out is idempotent); nothing
    else in the transaction needs durability beyond that."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")


def _finish(notice: Notice) -> None:
    notice.fanout_status = Notice.Fanout.DONE
    notice.fanout_done = notice.deliveries.count()
    notice.heartbeat_at = timezone.now()
    notice.save(update_fields=["fanout_status", "fanout_done", "heartbeat_at"])


def notice_fanout_run(*, notice_id: int, chunk: int = CHUNK, max_chunks: int | None = None) -> int:
    """Deliver the notice from where it stopped; returns the number of chunks written.

    The recipients after the cursor are read once per run (one query, sorted by user id) and
    written chunk by chunk. `max_chunks` stops early (tests and the bench use it to stand for
    a worker killed half-way). A notice already delivered does nothing.
    """
    with transaction.atomic():
        notice = Notice.objects.select_for_update().select_related("node").filter(pk=notice_id)
        notice = notice.first()
        if notice is None or notice.fanout_status == Notice.Fanout.DONE:
            return 0
        audience = recipients(node=notice.node, audience=notice.audience)
        if not notice.fanout_total:
            notice.fanout_total = audience.count()
            notice.heartbeat_at = timezone.now()
            notice.save(update_fields=["fanout_total", "heartbeat_at"])
        pending = list(audience.filter(user_id__gt=notice.fanout_cursor))
        delivered = notice.deliveries.count()
    done = 0
    for start in range(0, len(pending), chunk):
        if max_chunks is not None and done >= max_chunks:
            return done
        rows = pending[start : start + chunk]
        with transaction.atomic():
            _relax_commit()
            notice = Notice.objects.select_for_update().get(pk=notice_id)
            if notice.fanout_status == Notice.Fanout.DONE:
                return done
            if notice.fanout_cursor >= rows[-1]["user_id"]:
                continue  # a concurrent run already wrote this chunk
            delivered += len(rows)
            _chunk(notice, rows, delivered)
        done += 1
    with transaction.atomic():
        notice = Notice.objects.select_for_update().get(pk=notice_id)
        if notice.fanout_status != Notice.Fanout.DONE:
            _finish(notice)
    return done


def notices_fanout_recover(stale_before: datetime.datetime) -> int:
    """Queue again the fan-outs whose worker stopped beating (registered with core.jobs)."""
    with transaction.atomic():
        stuck = list(
            Notice.objects.select_for_update(skip_locked=True)
            .exclude(fanout_status=Notice.Fanout.DONE)
            .filter(
                Q(heartbeat_at__lt=stale_before)
                | Q(heartbeat_at__isnull=True, published_at__lt=stale_before)
            )
        )
        for notice in stuck:
            Notice.objects.filter(pk=notice.pk).update(heartbeat_at=timezone.now())
            enqueue_after_commit("notices.tasks.notice_fanout_task", notice.pk)
    return len(stuck)
