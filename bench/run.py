"""Foundation load test: gunicorn on PostgreSQL, loaded by wrk from a second process on loopback.

Prints each product figure with its ratio to a ceiling measured in the same run (bench/views.py).
Run with `make bench` (needs PostgreSQL and Redis on 127.0.0.1, and Debian's wrk).
Then runs every other bench/bench_*.py script, or only those named: `make bench ONLY=points`.
"""

import os
import subprocess
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

    print("== foundation (gunicorn 2 workers x 4 threads, wrk 8 connections, 8 s each)")
    with harness.gunicorn() as base:
        read_ceiling = harness.wrk(base + "/bench/bare-read/")
        harness.report("ceiling: bare read (count + 20 rows)", read_ceiling)
        harness.report(
            "GET /api/v1/messages/ (token auth)",
            harness.wrk(base + "/api/v1/messages/", headers=auth),
            read_ceiling,
        )
        write_ceiling = harness.wrk(base + f"/bench/bare-write/{message_id}/", method="POST")
        harness.report("ceiling: bare write (1 UPDATE in a transaction)", write_ceiling)
        harness.report(
            "POST /api/v1/messages/<id>/read/ (token auth)",
            harness.wrk(base + f"/api/v1/messages/{message_id}/read/", method="POST", headers=auth),
            write_ceiling,
        )
        harness.report("GET /healthz (database + broker)", harness.wrk(base + "/healthz"))
    with harness.gunicorn(CONN_MAX_AGE=0) as base:
        harness.report(
            "bare write with CONN_MAX_AGE=0 (new connection)",
            harness.wrk(base + f"/bench/bare-write/{message_id}/", method="POST"),
            write_ceiling,
        )


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
        subprocess.run([sys.executable, str(script)], check=True)


if __name__ == "__main__":
    main()
