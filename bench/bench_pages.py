"""Resident pages under gunicorn on PostgreSQL, signed in, load from wrk on loopback.

Run on demand (not a test); it drops and refills its own database and Redis DB
(BENCH_DATABASE_URL / BENCH_REDIS_URL, see bench/harness.py): make bench ONLY=pages

Data: the demo street (seed_demo), signed in as its demo resident (a session made in-process,
sent by wrk with the CSRF cookie, as a browser holds them). Each page is asked once before the load (its caches filled, the
quiz's question served), then every URL is loaded for SECONDS in turn, ROUNDS times
(interleaved: each sees the same machine), and the median of the rounds is reported, with
the median of the rounds' ratios, which the targets are checked on:

- ceiling `HttpResponse("ok")` (bench/pages_views.ok) through the product's middleware;
- a bare page on the base layout (bench/pages_views.layout): target >= 0.8 of "ok";
- home, quiz list, quiz play, leaderboard, market search, events list, my points: each
  target >= 0.5 of the bare layout page.
"""

import os
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness

harness.configure("pages")
SETTINGS = "bench.pages_settings"
SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
LAYOUT_TARGET, PAGE_TARGET = 0.8, 0.5
PORT = 8767


def prepare() -> tuple[dict[str, str], str]:
    """The URLs to load and the session cookie of the demo resident."""
    harness.drop_database()
    harness.ensure_database()
    subprocess.run(
        [sys.executable, "manage.py", "seed_demo"],
        cwd=harness.REPO_ROOT,
        env=harness.bench_env(),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    harness.django_setup()
    from django.conf import settings

    settings.ROOT_URLCONF = "bench.pages_views"  # as SETTINGS, which the server runs with
    from django.test import Client

    from accounts.models import User
    from quizzes.models import Campaign

    resident = User.objects.get(phone="13800000010")
    campaign = Campaign.objects.order_by("pk").first()
    client = Client()
    client.force_login(resident)
    urls = {
        "ceiling: HttpResponse('ok')": "/bench/ok/",
        "bare page on the layout": "/bench/layout/",
        "home": "/",
        "quiz list": "/quizzes/",
        "quiz play": f"/quizzes/{campaign.pk}/play/",
        "leaderboard": f"/quizzes/{campaign.pk}/leaderboard/",
        "market search": "/market/search/?q=%E8%8C%B6",  # 茶
        "events list": "/events/",
        "my points": "/points/",
    }
    for name, url in urls.items():
        status = client.get(url).status_code
        if status != 200:
            raise SystemExit(f"{name} ({url}) answered {status} before the load")
    # The cookies a browser holds after its first page: the session and the CSRF cookie (without
    # it every request would make the resident a new CSRF secret, which no browser does).
    cookies = (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME)
    return urls, "; ".join(
        f"{name}={client.cookies[name].value}" for name in cookies if name in client.cookies
    )


def main() -> None:
    print("== preparing the bench database (seed_demo) and the demo resident's session")
    urls, cookie = prepare()
    print(
        f"== 2 one-worker gunicorns x 4 threads, wrk 8 connections (4 to each), {SECONDS} s per page, "
        f"{ROUNDS} interleaved rounds, medians"
    )
    runs: dict[str, list[dict]] = {name: [] for name in urls}
    loads = []
    database = harness.BENCH_DATABASE_URL.rsplit("/", 1)[-1]
    with harness.gunicorn(port=PORT, settings=SETTINGS) as base:
        for url in urls.values():  # warm each worker's caches and templates
            harness.wrk(base + url, seconds=1, headers={"Cookie": cookie})
        for _round in range(ROUNDS):
            for name, url in urls.items():
                before = harness.cpu_seconds(port=PORT, database=database)
                run = harness.wrk(base + url, seconds=SECONDS, headers={"Cookie": cookie})
                after = harness.cpu_seconds(port=PORT, database=database)
                # CPU per request of this bench's gunicorn and database sessions: steadier than
                # the rate on a shared machine (Redis, shared by everyone, is left out).
                used = sum(
                    after.get(kind, 0.0) - before.get(kind, 0.0)
                    for kind in ("gunicorn", "postgres")
                )
                run["cpu_us"] = 1e6 * used / max(1.0, run["rps"] * SECONDS)
                runs[name].append(run)
            loads.append(harness.load_average())
    figures = {
        name: {
            "rps": statistics.median(r["rps"] for r in values),
            "p50": statistics.median(r.get("p50", 0) for r in values),
            "p99": statistics.median(r.get("p99", 0) for r in values),
            "non_2xx": sum(r["non_2xx"] for r in values),
            "cpu_us": statistics.median(r["cpu_us"] for r in values),
        }
        for name, values in runs.items()
    }
    names = list(urls)
    ok, layout = figures[names[0]], figures[names[1]]
    harness.report(names[0], ok)
    harness.report(names[1], layout, ok)
    for name in names[2:]:
        harness.report(name, figures[name], layout)
    # Each round's pages ran back to back, on the same machine: the median of the rounds' ratios
    # is steadier on a shared machine than the ratio of the medians (the targets use it).
    ratios = {names[1]: _round_ratios(runs[names[1]], runs[names[0]])}
    ratios.update({name: _round_ratios(runs[name], runs[names[1]]) for name in names[2:]})
    print(
        "   ratios per round (layout to 'ok', pages to the layout): "
        + "; ".join(
            f"{name.split(':')[0]} {', '.join(f'{r:.2f}' for r in values)}"
            f" (median {statistics.median(values):.2f})"
            for name, values in ratios.items()
        )
    )
    print(
        "   CPU per request (this gunicorn + this database's sessions, median of rounds): "
        + ", ".join(f"{name.split(':')[0]} {figures[name]['cpu_us']:,.0f} µs" for name in names)
    )
    print("   after each round: " + "; ".join(loads))
    layout_ok = statistics.median(ratios[names[1]]) >= LAYOUT_TARGET
    slow = [n for n in names[2:] if statistics.median(ratios[n]) < PAGE_TARGET]
    errors = [n for n in names if figures[n]["non_2xx"]]
    print(
        f"   targets: layout >= {LAYOUT_TARGET} of 'ok' {'OK' if layout_ok else 'OVER TARGET'}; "
        f"pages >= {PAGE_TARGET} of the layout: "
        + ("OK" if not slow else "OVER TARGET (" + ", ".join(slow) + ")")
        + (f"; non-2xx on {', '.join(errors)}!" if errors else "")
    )


def _round_ratios(runs: list[dict], ceilings: list[dict]) -> list[float]:
    return [run["rps"] / ceiling["rps"] for run, ceiling in zip(runs, ceilings, strict=True)]


if __name__ == "__main__":
    main()
