"""Appointment slots under a rush: 200 residents book one slot of 20 places at the same instant.

Real concurrency on PostgreSQL: worker processes (each with a few threads, each thread with its
own database session) wait on one barrier, then call `appointment_book` (the real path: the
conditional UPDATE on the slot, the appointment row, the act-for audit row); half of them pay
with time-bank hours, so the winners' ledger postings race on the provider's account too.
Exactly 20 must win, the other 180 be refused as "full", the slot's counter must say 20, the
provider's hours account must hold what the paying winners paid, and `verify_ledger` must be
clean: otherwise the bench exits with status 1 and says why.

Run on demand against PostgreSQL (not a test), on its own database and Redis DB
(BENCH_DATABASE_URL / BENCH_REDIS_URL, see bench/harness.py):
    make bench ONLY=bookings     (or: .venv/bin/python bench/bench_bookings.py [--reuse])
Options by environment: BENCH_ROUNDS (5: a new slot each round, the median rate is reported),
BENCH_WORKERS (8 processes) and BENCH_THREADS (2 per process): 16 sessions at once by default,
small enough for a PostgreSQL shared with others (max_connections 100).
"""

import datetime as dt
import multiprocessing
import os
import statistics
import sys
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness

harness.configure("bookings")
if "--reuse" not in sys.argv:
    harness.drop_database()
harness.ensure_database()
harness.django_setup()

from django.core.exceptions import ValidationError  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from bookings import services  # noqa: E402
from bookings.models import Appointment, Provider, ServiceOffer, Slot  # noqa: E402
from bookings.services.appointments import hours_account  # noqa: E402
from communities.models import Node, Post, Residency  # noqa: E402
from points.models import Currency  # noqa: E402
from points.selectors.ledger import ledger_verify  # noqa: E402
from points.services import points_award  # noqa: E402

STREET_CODE = "440604902"
PEOPLE = 200
PLACES = 20
PRICE_MINUTES = 60
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "8"))
THREADS = int(os.environ.get("BENCH_THREADS", "2"))


def ensure_data() -> tuple[Node, User]:
    if not Node.objects.filter(code=STREET_CODE).exists():
        print("== seeding (seed_scale --buildings 40 --residents 400 --communities 1)")
        start = time.perf_counter()
        call_command(
            "seed_scale",
            buildings=40,
            residents=400,
            communities=1,
            street_code=STREET_CODE,
            phone_prefix="172",
        )
        print(f"   seeded in {time.perf_counter() - start:.1f} s")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    street = Node.objects.get(code=STREET_CODE)
    staff = Post.objects.filter(kind="street_staff", node=street, ends_on__isnull=True).first()
    return street, staff.user


def ensure_offer(street: Node, staff: User) -> ServiceOffer:
    provider = Provider.objects.filter(node=street, kind=Provider.Kind.HOME_SERVICE).first()
    if provider is None:
        provider = services.provider_create(
            actor=staff,
            name="云家庭助浴服务",
            kind=Provider.Kind.HOME_SERVICE,
            node=street,
            places=[street],
        )
        services.provider_staff_add(actor=staff, provider=provider, user=staff, is_manager=True)
    offer = ServiceOffer.objects.filter(provider=provider).first() or (
        services.service_offer_create(actor=staff, provider=provider, kind="bath", name="助浴")
    )
    # The price is set where the provider sets it (the admin); a field, not a rule.
    ServiceOffer.objects.filter(pk=offer.pk).update(price_minutes=PRICE_MINUTES)
    offer.refresh_from_db()
    return offer


def ensure_people() -> list[tuple[int, bool]]:
    """200 residents of the street, each with 10 hours banked; every other one pays in hours."""
    people = list(
        Residency.objects.filter(status="approved", household__node__path__startswith=STREET_CODE)
        .order_by("user_id")
        .values_list("user_id", flat=True)
        .distinct()[:PEOPLE]
    )
    if len(people) < PEOPLE:
        raise SystemExit(f"only {len(people)} residents on the street; reseed without --reuse")
    for user in User.objects.filter(pk__in=people):
        # Keyed: a --reuse run tops nobody up twice.
        points_award(
            user=user,
            amount=600,
            key=f"bench:bookings:{user.pk}",
            reason="压测",
            currency=Currency.MINUTE,
        )
    return [(user_id, index % 2 == 0) for index, user_id in enumerate(people)]


def _book_all(slot_id: int, people: list[tuple[int, bool]], go, out) -> None:
    """One worker process: THREADS threads share `people`, all released by the barrier `go`."""
    slot = Slot.objects.get(pk=slot_id)
    users = User.objects.in_bulk([user_id for user_id, _pays in people])
    connections.close_all()
    results, lock = [], threading.Lock()

    def run(share):
        for user_id, pays in share:
            user = users[user_id]
            start = time.monotonic()
            try:
                services.appointment_book(actor=user, person=user, slot=slot, pay_with_hours=pays)
                outcome = "booked_paid" if pays else "booked"
            except ValidationError as error:
                outcome = error.code or "invalid"
            except Exception as error:  # every failure is counted and shown, never lost
                outcome = f"error: {type(error).__name__}: {error}"
            with lock:
                results.append((outcome, start, time.monotonic()))
        connections.close_all()

    threads = [threading.Thread(target=run, args=(people[i::THREADS],)) for i in range(THREADS)]
    go.wait()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    out.put(results)


def one_round(offer: ServiceOffer, staff: User, people, number: int) -> dict:
    starts = timezone.localtime() + dt.timedelta(days=1 + number)
    starts = starts.replace(hour=9, minute=0, second=0, microsecond=0)
    slot = services.slot_create(
        actor=staff,
        offer=offer,
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=1),
        capacity=PLACES,
    )
    paid_before = hours_account(offer.provider).balance
    connections.close_all()  # the children must not share this process's session
    context = multiprocessing.get_context("fork")
    go, out = context.Barrier(WORKERS + 1), context.Queue()
    workers = [
        context.Process(target=_book_all, args=(slot.pk, people[i::WORKERS], go, out))
        for i in range(WORKERS)
    ]
    for worker in workers:
        worker.start()
    go.wait()
    results = [row for _ in workers for row in out.get(timeout=300)]
    for worker in workers:
        worker.join(timeout=60)
    seconds = max(end for _o, _s, end in results) - min(start for _o, start, _e in results)
    outcomes = Counter(outcome for outcome, _s, _e in results)
    latencies = sorted(end - start for _o, start, end in results)
    slot.refresh_from_db()
    return {
        "slot": slot,
        "seconds": seconds,
        "rate": len(results) / seconds,
        "outcomes": outcomes,
        "p50": latencies[len(latencies) // 2] * 1000,
        "p99": latencies[int(len(latencies) * 0.99) - 1] * 1000,
        "held": Appointment.objects.filter(slot=slot, status="booked").count(),
        "paid": hours_account(offer.provider).balance - paid_before,
    }


def main() -> None:
    street, staff = ensure_data()
    offer = ensure_offer(street, staff)
    people = ensure_people()
    print(
        f"== {PEOPLE} bookings at once for a slot of {PLACES} places, {ROUNDS} rounds"
        f" ({WORKERS} processes x {THREADS} threads, half paying {PRICE_MINUTES} time-bank"
        " minutes)"
    )
    failures, rates = [], []
    for number in range(ROUNDS):
        run = one_round(offer, staff, people, number)
        won = run["outcomes"]["booked"] + run["outcomes"]["booked_paid"]
        expected_paid = run["outcomes"]["booked_paid"] * PRICE_MINUTES
        print(
            f"   round {number + 1}: {run['rate']:6.0f} bookings/s ({run['seconds'] * 1000:.0f} ms"
            f" for {sum(run['outcomes'].values())}; p50 {run['p50']:.0f} ms, p99"
            f" {run['p99']:.0f} ms)  outcomes {dict(sorted(run['outcomes'].items()))}"
            f"  slot booked {run['slot'].booked}, appointments held {run['held']},"
            f" minutes paid {run['paid']}"
        )
        rates.append(run["rate"])
        checks = {
            f"{won} bookings won, not {PLACES}": won == PLACES,
            f"slot counter {run['slot'].booked}, not {PLACES}": run["slot"].booked == PLACES,
            f"{run['held']} appointments held, not {PLACES}": run["held"] == PLACES,
            "refusals other than 'full'": run["outcomes"]["full"] == PEOPLE - PLACES,
            f"{run['paid']} minutes paid, not {expected_paid}": run["paid"] == expected_paid,
        }
        failures += [f"round {number + 1}: {what}" for what, ok in checks.items() if not ok]
    print(
        f"   median {statistics.median(rates):.0f} bookings/s (best {max(rates):.0f});"
        f" {harness.load_average()}"
    )
    report = ledger_verify()
    print(
        f"== verify_ledger: {'clean' if report.ok else 'NOT CLEAN'}"
        f" ({report.postings_checked} postings, {report.accounts_checked} accounts)"
    )
    if not report.ok:
        failures.append("verify_ledger is not clean")
    if failures:
        print("FAILED:\n   " + "\n   ".join(failures), flush=True)
        raise SystemExit(1)
    print(f"OK: exactly {PLACES} of {PEOPLE} in every round, ledger clean")


if __name__ == "__main__":
    main()
