"""Communities at street scale: scope computation, the scoped residents changelist, a 10k import.

Run on demand against PostgreSQL (not a test):
    make bench ONLY=communities   (its own database: BENCH_DATABASE_URL, see bench/harness.py)
Seeds the street-scale data set first if it is missing (`manage.py seed_scale`, 6,000 buildings,
100,000 residents). Targets: scope and changelist < 200 ms, 10,000-household import < 60 s.
"""

import io
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness

harness.configure("communities")
harness.ensure_database()
harness.django_setup()

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from accounts.models import User  # noqa: E402
from communities.models import Household, Node, Post, Residency  # noqa: E402
from communities.scoping import scope_compute  # noqa: E402

STREET_CODE = "440604900"
TARGET_MS = 200
IMPORT_ROWS = 10_000


def timed(fn, runs: int) -> tuple[float, float]:
    """Median and worst wall time in ms of `runs` calls (after one warm-up call)."""
    fn()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), max(samples)


def verdict(ms: float, target: float) -> str:
    return "OK" if ms < target else "OVER TARGET"


def ensure_data() -> None:
    if not Node.objects.filter(code=STREET_CODE).exists():
        print(
            "== seeding the street-scale data set (seed_scale --buildings 6000 --residents 100000)"
        )
        start = time.perf_counter()
        call_command("seed_scale", buildings=6000, residents=100_000, street_code=STREET_CODE)
        print(f"   seeded in {time.perf_counter() - start:.1f} s")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def holder(kind: str, node: Node) -> User:
    return Post.objects.select_related("user").get(kind=kind, node=node, ends_on__isnull=True).user


def bench_scope(street: Node, community: Node) -> None:
    print("== scope computation (fresh user object each call: one query + roots)")
    for label, kind, node in [
        ("street staff", "street_staff", street),
        ("community staff", "community_staff", community),
    ]:
        user_id = holder(kind, node).pk
        median, worst = timed(lambda uid=user_id: scope_compute(User.objects.get(pk=uid)), 50)
        print(
            f"   {label:<16} median {median:6.1f} ms  worst {worst:6.1f} ms  {verdict(median, TARGET_MS)}"
        )


def bench_changelist(street: Node, community: Node) -> None:
    residents = Residency.objects.filter(street.subtree_q("household__node")).count()
    print(f"== admin residents changelist (scoped; {residents} residents in the street)")
    for label, kind, node in [
        ("street staff", "street_staff", street),
        ("community staff", "community_staff", community),
    ]:
        client = Client()
        client.force_login(holder(kind, node))
        for url, what in [
            ("/admin/communities/residency/", "first page"),
            (
                "/admin/communities/residency/?status__exact=approved&relation__exact=tenant",
                "filtered",
            ),
            ("/admin/communities/residency/?q=居民4242", "search by name"),
        ]:

            def get(url=url, client=client):
                response = client.get(url, secure=True)
                assert response.status_code == 200, response.status_code

            median, worst = timed(get, 10)
            print(
                f"   {label:<16} {what:<15} median {median:6.1f} ms  worst {worst:6.1f} ms  "
                f"{verdict(median, TARGET_MS)}"
            )


def bench_import(street: Node) -> None:
    import openpyxl

    from communities.services import imports
    from config.celery import app

    app.conf.task_always_eager = True  # the confirm step runs the import task in-process
    units = list(
        street.subtree(["unit"]).select_related("parent").order_by("path")[: IMPORT_ROWS // 2]
    )
    stamp = int(time.time()) % 100000
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["楼栋编码", "单元", "房号", "建筑面积"])
    for i in range(IMPORT_ROWS):
        unit = units[i % len(units)]
        sheet.append([unit.parent.code, unit.name, f"B{stamp}-{i // len(units) + 1}", 75.5])
    buffer = io.BytesIO()
    book.save(buffer)
    user = holder("street_staff", street)
    print(f"== import of {IMPORT_ROWS} households from .xlsx ({len(buffer.getvalue()) // 1024} KB)")
    start = time.perf_counter()
    job = imports.import_job_create(
        user=user,
        kind="households",
        root=street,
        upload=SimpleUploadedFile("bench.xlsx", buffer.getvalue()),
    )
    uploaded = time.perf_counter()
    job = imports.import_job_check(job=job)
    checked = time.perf_counter()
    assert job.status == "checked", job.errors[:3]
    imports.import_job_confirm(job=job, user=user)
    done = time.perf_counter()
    job.refresh_from_db()
    assert job.status == "done", job.errors[:3]
    total = done - start
    print(f"   upload + column check {uploaded - start:5.1f} s")
    print(f"   dry run (every row)   {checked - uploaded:5.1f} s")
    print(f"   check again + write   {done - checked:5.1f} s  ({job.created_rows} created)")
    print(f"   total                 {total:5.1f} s  {verdict(total, 60)}")
    # Leave the data set as it was, so the next run measures the same thing.
    Household.objects.filter(room__startswith=f"B{stamp}-").delete()


def main() -> None:
    if connection.vendor != "postgresql":
        raise SystemExit("set BENCH_DATABASE_URL to a PostgreSQL database")
    ensure_data()
    street = Node.objects.get(code=STREET_CODE)
    community = Node.objects.filter(parent=street).order_by("code").first()
    bench_scope(street, community)
    bench_changelist(street, community)
    bench_import(street)


if __name__ == "__main__":
    main()
