"""Delivering a notice to every recipient, in chunks, resumable and idempotent.

Each chunk is one transaction holding the notice's row lock: it writes the inbox messages
(dedupe key `notice:<id>:<user id>`), the receipts (one per notice and person), the cursor (the
last user id done) and the heartbeat together. A worker killed half-way loses at most its open
chunk; the rerun (Celery's redelivery, or core.jobs' stuck-job recovery) starts after the cursor,
and a chunk done twice inserts nothing (ON CONFLICT DO NOTHING on both keys).
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from core.outbox import enqueue_after_commit
from notices.audiences import recipients
from notices.models import Delivery, Notice
from notifications import channels
from notifications.services import notify_many
from notifications.tasks import message_sms_batch_task

CHUNK = 2000


def message_key(notice_id: int, user_id: int) -> str:
    return f"notice:{notice_id}:{user_id}"


def _chunk(notice: Notice, size: int) -> bool:
    """Deliver the next `size` recipients after the cursor; False when none were left."""
    rows = list(
        recipients(node=notice.node, audience=notice.audience).filter(
            user_id__gt=notice.fanout_cursor
        )[:size]
    )
    now = timezone.now()
    if not rows:
        notice.fanout_status = Notice.Fanout.DONE
        notice.fanout_done = notice.deliveries.count()
        notice.heartbeat_at = now
        notice.save(update_fields=["fanout_status", "fanout_done", "heartbeat_at"])
        return False
    message_ids = notify_many(
        [(row["user_id"], message_key(notice.pk, row["user_id"])) for row in rows],
        title=notice.title,
        body=notice.body[:200],
        url=reverse("notices:detail", args=[notice.pk]),
        category="notice",
    )
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
    notice.fanout_done = notice.deliveries.count()
    notice.fanout_status = Notice.Fanout.RUNNING
    notice.heartbeat_at = now
    notice.save(update_fields=["fanout_cursor", "fanout_done", "fanout_status", "heartbeat_at"])
    return True


def notice_fanout_run(*, notice_id: int, chunk: int = CHUNK, max_chunks: int | None = None) -> int:
    """Deliver the notice from where it stopped; returns the number of chunks written.

    `max_chunks` stops early (tests use it to stand for a worker killed half-way). A notice
    already delivered does nothing.
    """
    done = 0
    with transaction.atomic():
        notice = Notice.objects.select_for_update().filter(pk=notice_id).first()
        if notice is None or notice.fanout_status == Notice.Fanout.DONE:
            return 0
        if not notice.fanout_total:
            notice.fanout_total = recipients(node=notice.node, audience=notice.audience).count()
            notice.heartbeat_at = timezone.now()
            notice.save(update_fields=["fanout_total", "heartbeat_at"])
    while max_chunks is None or done < max_chunks:
        with transaction.atomic():
            notice = Notice.objects.select_for_update().select_related("node").get(pk=notice_id)
            if notice.fanout_status == Notice.Fanout.DONE or not _chunk(notice, chunk):
                break
        done += 1
    return done


def notices_fanout_recover(stale_before: datetime.datetime) -> int:
    """Queue again the fan-outs whose worker stopped beating (registered with core.jobs)."""
    from notices import tasks

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
            enqueue_after_commit(tasks.notice_fanout_task, notice.pk)
    return len(stuck)
