"""The staff workbench at street scale: a street's and a grid's page, and the dashboard API.

Run on demand against PostgreSQL (not a test):
    make bench ONLY=workbench   (its own database: BENCH_DATABASE_URL, see bench/harness.py)
Seeds `seed_scale` (6,000 buildings, 100,000 residents), a year of cases (20,000, spread over
the street's buildings and over every stage) and a year of events (3,000 sessions over the
communities and grids, 10 registrations each, every tenth this week) if missing; smaller with
`BENCH_WORKBENCH_SCALE=0.1`. Targets: the street's workbench page under 300 ms, a grid's under
100 ms (median, rendered in-process through the test client, so the figure is the server's
work without the network). Each page's query count is printed beside its time.
`BENCH_PROFILE=1` also prints a pyinstrument profile of one street page.
"""

import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness

harness.configure("workbench")
harness.ensure_database()
harness.django_setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from cases.models import Case, Category, State  # noqa: E402
from communities.models import Node, Post  # noqa: E402
from events.models import Event, Occurrence, Registration  # noqa: E402

STREET_CODE = "440604900"
SCALE = float(os.environ.get("BENCH_WORKBENCH_SCALE", "1"))
BUILDINGS, RESIDENTS, CASES = int(6000 * SCALE), int(100_000 * SCALE), int(20_000 * SCALE)
SESSIONS, REGISTRATIONS_EACH = int(3000 * SCALE), 10
TARGETS_MS = {"street": 300, "grid": 100}


def timed(fn, runs: int) -> tuple[float, float]:
    fn()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), max(samples)


def ensure_data() -> None:
    if not Node.objects.filter(code=STREET_CODE).exists():
        print(f"== seeding seed_scale --buildings {BUILDINGS} --residents {RESIDENTS}")
        start = time.perf_counter()
        call_command(
            "seed_scale", buildings=BUILDINGS, residents=RESIDENTS, street_code=STREET_CODE
        )
        print(f"   seeded in {time.perf_counter() - start:.1f} s")
    if Case.objects.count() < CASES:
        print(f"== adding a year of cases ({CASES})")
        start = time.perf_counter()
        parent, _ = Category.objects.get_or_create(name="市容环境", parent=None, code="B00")
        category, _ = Category.objects.get_or_create(name="暴露垃圾", parent=parent, code="B01")
        buildings = list(Node.objects.filter(kind=Node.Kind.BUILDING).values_list("pk", flat=True))
        reporters = list(User.objects.values_list("pk", flat=True)[:2000])
        now = timezone.now()
        states = [s for s in State.values if s != State.MERGED]
        rng = random.Random(20)
        rows = []
        for _ in range(CASES):
            created = now - dt.timedelta(minutes=rng.randint(0, 365 * 24 * 60))
            rows.append(
                Case(
                    category=category,
                    description="楼道杂物堆放",
                    reporter_id=rng.choice(reporters),
                    node_id=rng.choice(buildings),
                    state=rng.choice(states),
                    response_due_at=created + dt.timedelta(hours=24),
                    resolve_due_at=created + dt.timedelta(hours=48),
                    created_at=created,
                )
            )
        Case.objects.bulk_create(rows, batch_size=2000)
        print(f"   added in {time.perf_counter() - start:.1f} s")
    if Occurrence.objects.count() < SESSIONS:
        add_events()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def add_events() -> None:
    """A year of one-off events at the communities and grids, each with registrations."""
    print(f"== adding a year of events ({SESSIONS} sessions)")
    start = time.perf_counter()
    places = list(
        Node.objects.filter(kind__in=[Node.Kind.COMMUNITY, Node.Kind.GRID]).values_list(
            "pk", flat=True
        )
    )
    people = list(User.objects.values_list("pk", flat=True)[:20_000])
    now = timezone.now()
    rng = random.Random(21)
    events = []
    for number in range(SESSIONS):
        # every tenth this week, the rest over the past year
        days = rng.randint(0, 6) if number % 10 == 0 else -rng.randint(7, 365)
        starts = now + dt.timedelta(days=days, hours=rng.randint(-3, 3))
        events.append(
            Event(
                node_id=rng.choice(places),
                kind=Event.Kind.LECTURE,
                title=f"政策宣讲 {number}",
                place="党群服务中心",
                starts_at=starts,
                ends_at=starts + dt.timedelta(hours=2),
                status=Event.Status.PUBLISHED,
            )
        )
    Event.objects.bulk_create(events, batch_size=1000)
    sessions = Occurrence.objects.bulk_create(
        [Occurrence(event=e, starts_at=e.starts_at, ends_at=e.ends_at) for e in events],
        batch_size=1000,
    )
    registrations = []
    for session in sessions:
        for user_id in rng.sample(people, REGISTRATIONS_EACH):
            registrations.append(
                Registration(
                    occurrence=session,
                    user_id=user_id,
                    registered_by_id=user_id,
                    group=f"g{session.pk}-{user_id}",
                    status=Registration.Status.CONFIRMED,
                    checked_in_at=session.starts_at if session.starts_at < now else None,
                )
            )
    Registration.objects.bulk_create(registrations, batch_size=5000)
    print(f"   added in {time.perf_counter() - start:.1f} s")


def page_timer(user: User, node: Node, suffix: str = ""):
    client = Client()
    client.force_login(user)
    url = f"/workbench/{node.pk}/{suffix}"

    def get():
        response = client.get(url)
        assert response.status_code == 200, response.status_code

    return get


def query_count(fn) -> int:
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured.captured_queries)


def profile(fn) -> None:
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.0005)
    profiler.start()
    fn()
    profiler.stop()
    print(profiler.output_text(unicode=True, color=False, show_all=False))


def main() -> None:
    ensure_data()
    street = Node.objects.get(code=STREET_CODE)
    grid = Node.objects.filter(street.subtree_q(), kind=Node.Kind.GRID).order_by("path").first()
    cases_in_grid = Case.objects.filter(grid.subtree_q("node")).count()
    print(f"== workbench pages ({Case.objects.count()} cases; {cases_in_grid} in the grid)")
    for label, kind, node in [("street", "street_staff", street), ("grid", "grid_worker", grid)]:
        post = (
            Post.objects.select_related("user")
            .filter(kind=kind, node=node, ends_on__isnull=True)
            .first()
        )
        get = page_timer(post.user, node)
        median, worst = timed(get, 15)
        target = TARGETS_MS[label]
        verdict = "OK" if median < target else "OVER TARGET"
        print(
            f"   {label:<7} median {median:6.1f} ms  worst {worst:6.1f} ms  "
            f"{query_count(get)} queries  target {target} ms  {verdict}"
        )
        if label == "street" and os.environ.get("BENCH_PROFILE"):
            profile(get)
        # "How are we doing" (this month so far) and the map's data: no target, shown beside.
        for suffix in ("performance/", "map.json"):
            other = page_timer(post.user, node, suffix)
            median, worst = timed(other, 7)
            print(
                f"   {label:<7} {suffix:<13} median {median:6.1f} ms  worst {worst:6.1f} ms  "
                f"{query_count(other)} queries"
            )


if __name__ == "__main__":
    main()
