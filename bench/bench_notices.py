"""Notices at street scale: a notice to 100,000 residents fanned out in chunks (< 60 s), and
a fan-out killed half-way then rerun delivering each message exactly once.

Run on demand against PostgreSQL (not a test), on its own database and Redis DB
(BENCH_DATABASE_URL / BENCH_REDIS_URL, see bench/harness.py):
    make bench ONLY=notices      (or: .venv/bin/python bench/bench_notices.py)
Seeds the street-scale data set first if missing (`manage.py seed_scale`: 6,000 buildings,
100,000 residents); the fan-out runs in this process exactly as the Celery task runs it
(notices.services.notice_fanout_run), printing its progress per 4 chunks.
"""

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness

harness.configure("notices")
harness.ensure_database()
harness.django_setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from communities.models import Node, Post  # noqa: E402
from notices import services  # noqa: E402
from notices.models import Delivery, Notice  # noqa: E402
from notifications.models import Message  # noqa: E402

STREET_CODE = "440604900"
TARGET_S = 60


def ensure_data() -> Node:
    if not Node.objects.filter(code=STREET_CODE).exists():
        print("== seeding (seed_scale --buildings 6000 --residents 100000)")
        start = time.perf_counter()
        call_command("seed_scale", buildings=6000, residents=100_000, street_code=STREET_CODE)
        print(f"   seeded in {time.perf_counter() - start:.1f} s")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return Node.objects.get(code=STREET_CODE)


def publish(street: Node, title: str) -> Notice:
    staff = Post.objects.filter(kind="street_staff", node=street, ends_on__isnull=True).first()
    return services.notice_publish(
        actor=staff.user, node=street, title=title, body="全街道停水检修，请提前储水。"
    )


def fan_out(notice: Notice, **kwargs) -> float:
    start = time.perf_counter()
    chunks = 0
    while True:
        done = services.notice_fanout_run(notice_id=notice.pk, max_chunks=4, **kwargs)
        chunks += done
        notice.refresh_from_db()
        print(
            f"   {chunks:4d} chunks  {notice.fanout_done:7d} / {notice.fanout_total} delivered"
            f"  {time.perf_counter() - start:5.1f} s"
        )
        if notice.fanout_status == Notice.Fanout.DONE or not done:
            return time.perf_counter() - start


def main() -> None:
    street = ensure_data()
    print("== a notice to every resident of the street")
    notice = publish(street, "基准测试：全街道通知")
    seconds = fan_out(notice)
    messages = Message.objects.filter(dedupe_key__startswith=f"notice:{notice.pk}:").count()
    verdict = "OK" if seconds < TARGET_S else "OVER TARGET"
    print(
        f"   {notice.fanout_total} recipients, {messages} messages in {seconds:.1f} s "
        f"({notice.fanout_total / seconds:,.0f}/s)  target < {TARGET_S} s: {verdict}"
    )

    print("== killed after 4 chunks (20,000 people), then rerun from the start of the data")
    crashed = publish(street, "基准测试：中断后重跑")
    services.notice_fanout_run(notice_id=crashed.pk, max_chunks=4)
    Notice.objects.filter(pk=crashed.pk).update(fanout_cursor=0)  # worst case: no cursor kept
    fan_out(crashed)
    crashed.refresh_from_db()
    messages = Message.objects.filter(dedupe_key__startswith=f"notice:{crashed.pk}:").count()
    receipts = Delivery.objects.filter(notice=crashed).count()
    same = messages == receipts == crashed.fanout_total
    print(
        f"   {messages} messages, {receipts} receipts for {crashed.fanout_total}: "
        f"{'no duplicate' if same else 'MISMATCH'}"
    )


if __name__ == "__main__":
    main()
