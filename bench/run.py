"""Foundation load test: gunicorn on PostgreSQL, loaded by wrk from a second process on loopback.

Prints each product figure with its ratio to a ceiling measured in the same run (bench/views.py).
Run with `make bench` (needs PostgreSQL and Redis on 127.0.0.1, and Debian's wrk).
Then runs every other bench/bench_*.py script, or only those named: `make bench ONLY=points`.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness


def foundation() -> None:
    harness.configure("foundation")
    harness.ensure_database()
    harness.django_setup()
    from accounts.models import User
    from accounts.tokens import api_token_issue
    from notifications.models import Message

    user, _ = User.objects.get_or_create(phone="13900000001", defaults={"real_name": "压测居民"})
    if user.pk != 1:
        raise SystemExit(
            f"the bench database must start empty (drop {harness.BENCH_DATABASE_URL} and retry)"
        )
    if Message.objects.filter(recipient=user).count() < 200:
        Message.objects.bulk_create(
            Message(recipient=user, title=f"压测消息 {i}", body="正文") for i in range(200)
        )
    message_id = Message.objects.filter(recipient=user).values_list("pk", flat=True).first()
    token = api_token_issue(user=user)
    auth = {"Authorization": f"Token {token}"}

    rounds = int(os.environ.get("BENCH_ROUNDS", "3"))
    seconds = int(os.environ.get("BENCH_SECONDS", "5"))
    print(
        f"== foundation (2 one-worker gunicorns x 4 threads, wrk 8 connections (4 to each), {seconds} s each, "
        f"{rounds} interleaved rounds after a warm-up, medians)"
    )
    # Each product figure and its ceiling run one after the other in every round, so both see
    # the same machine (it is shared); the median of the rounds is reported.
    runs = {
        "read ceiling": ("/bench/bare-read/", "GET", {}),
        "read": ("/api/v1/messages/", "GET", auth),
        "write ceiling": (f"/bench/bare-write/{message_id}/", "POST", {}),
        "write": (f"/api/v1/messages/{message_id}/read/", "POST", auth),
        "healthz": ("/healthz", "GET", {}),
    }
    figures = {name: [] for name in runs}
    loads = []
    with harness.gunicorn() as base:
        for url, method, headers in runs.values():
            harness.wrk(base + url, seconds=1, method=method, headers=headers)
        for _round in range(rounds):
            for name, (url, method, headers) in runs.items():
                figures[name].append(
                    harness.wrk(base + url, seconds=seconds, method=method, headers=headers)
                )
            loads.append(harness.load_average())
    fresh = []
    with harness.gunicorn(CONN_MAX_AGE=0) as base:
        url = base + f"/bench/bare-write/{message_id}/"
        harness.wrk(url, seconds=1, method="POST")
        for _round in range(rounds):
            fresh.append(harness.wrk(url, seconds=seconds, method="POST"))
    median = {name: harness.median_run(values) for name, values in figures.items()}
    harness.report("ceiling: bare read (count + 20 rows)", median["read ceiling"])
    harness.report("GET /api/v1/messages/ (token auth)", median["read"], median["read ceiling"])
    harness.report("ceiling: bare write (1 UPDATE in a transaction)", median["write ceiling"])
    harness.report(
        "POST /api/v1/messages/<id>/read/ (token auth)", median["write"], median["write ceiling"]
    )
    harness.report("GET /healthz (database + broker)", median["healthz"])
    harness.report(
        "bare write with CONN_MAX_AGE=0 (new connection)",
        harness.median_run(fresh),
        median["write ceiling"],
    )
    print("   after each round: " + "; ".join(loads))


def main() -> None:
    harness.bench_targets("check")  # refuse before anything runs
    only = [name for name in os.environ.get("ONLY", "").split(",") if name]
    if not only or "foundation" in only:
        foundation()
    for script in sorted(Path(__file__).parent.glob("bench_*.py")):
        name = script.stem.removeprefix("bench_")
        if only and name not in only:
            continue
        print(f"\n== {name} ({script.name})", flush=True)
        # foundation() pointed this process's DATABASE_URL/REDIS_URL at its own targets.
        harness.run_bench(script, check=True)


if __name__ == "__main__":
    main()
