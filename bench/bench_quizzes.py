"""Quiz answer throughput under gunicorn on PostgreSQL, load from wrk on loopback.

Run on demand (not a test); it uses its own database and Redis DB (BENCH_DATABASE_URL /
BENCH_REDIS_URL, see bench/harness.py): make bench ONLY=quizzes

"Answer a question" is POST /api/v1/quizzes/answer/ with a token log-in: the full rules, the
one-time token check, a ledger posting and the campaign, weekly and annual board scores (every
answer is right and past the streak, so every answer posts: the heaviest path). Served questions
are made beforehand, one signed token per answer, and fed to wrk from a Lua table (each wrk
thread answers for its own users). The ceiling is bench/quizzes_views.bare_answer: one bare
transaction of the same shape, its statements prepared as the
product's are (core/prepared.py): four, as the answer path's. Both are warmed, then measured in
interleaved rounds (ceiling, answer, ceiling, answer, ...; each wrk run answers served
questions of its own), and the medians are reported with the load average after each round.
Targets: >= 0.5 of the ceiling and >= 300 answers/s.
"""

import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness, quizzes_html

harness.configure("quizzes")

THREADS = 8
USERS_PER_THREAD = 8
ANSWERS_PER_THREAD = 2_500
SECONDS = 10  # one run of bench_district.py
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
ROUND_SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
WARM_SECONDS = 1
# Served questions each wrk connection may answer per second of a run: above either path's rate,
# so no run runs out (a repeated answer would be refused, or cost the ceiling less).
PER_CONNECTION_RATE = 250
PORT = 8766
SETTINGS = "bench.quizzes_settings"
RATIO_TARGET, RATE_TARGET = 0.5, 300
# The browser's answer (result and next question in one reply) against the API's, same run.
HTML_TARGET = 0.7
LUA_DIR = harness.REPO_ROOT / "var" / "bench"


WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
WORKER_THREADS = int(os.environ.get("BENCH_THREADS", "4"))


def gunicorn(port: int = PORT, workers: int = WORKERS):
    """harness.gunicorn with this bench's settings module and threads."""
    return harness.gunicorn(port, workers, settings=SETTINGS, threads=WORKER_THREADS)


def wrk_lua(url: str, script: Path, seconds: int = SECONDS) -> dict:
    """wrk with a script whose threads each post rows of their own, a connection each."""
    return harness.wrk(
        url,
        seconds=seconds,
        connections=THREADS,
        threads=THREADS,
        script=script,
        counters={"reloads": r"play-page reloads: (\d+)"},
    )


def lua_script(name: str, per_thread: list[list[tuple[str, str]]]) -> Path:
    """A wrk script where thread i POSTs the bodies of per_thread[i] in turn, once each."""
    LUA_DIR.mkdir(parents=True, exist_ok=True)
    data = LUA_DIR / f"{name}-data.lua"
    lines = ["return {"]
    for rows in per_thread:
        items = ", ".join("{{[[{}]], [[{}]]}}".format(*row) for row in rows)
        lines.append("  {" + items + "},")
    lines.append("}")
    data.write_text("\n".join(lines))
    script = LUA_DIR / f"{name}.lua"
    script.write_text(
        f"""
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("tid", counter)
end
function init(args)
  rows = dofile("{data}")[tid + (tonumber(args[1]) or 0)]
  i = 0
end
function request()
  i = i + 1
  local row = rows[i]
  if row == nil then row = rows[#rows] end
  return wrk.format("POST", nil, {{
    ["Authorization"] = "Token " .. row[1],
    ["Content-Type"] = "application/json",
  }}, row[2])
end
"""
    )
    return script


def prepare(street_code: str = "440604901", answers_per_thread: int = ANSWERS_PER_THREAD):
    """Served questions for a campaign of `street_code` (made when missing), with the wrk
    bodies of the product and the ceiling (bench_district.py runs it in a district's street)."""
    harness.ensure_database()
    harness.django_setup()
    import json

    from django.utils import timezone

    from accounts.models import User
    from accounts.tokens import api_token_issue
    from communities.models import Node
    from communities.services import node_create
    from points.models import Board, Period
    from points.services import ISSUANCE, account_for_user, system_account
    from quizzes import services
    from quizzes.boards import campaign_board
    from quizzes.models import Category, Question, ServedQuestion
    from quizzes.services.play import day_record_for, token_for

    run = int(time.time())
    street = Node.objects.filter(code=street_code).first() or node_create(
        actor=None, kind=Node.Kind.STREET, name="压测街道", code=street_code
    )
    category, _created = Category.objects.get_or_create(name="禁毒")
    questions = []
    for i in range(10):
        questions.append(
            services.question_create(
                actor=None,
                node=street,
                kind=Question.Kind.TRUE_FALSE,
                text=f"压测判断题{run}-{i}：吸毒违法。",
                choices=[("正确", True), ("错误", False)],
                category=category,
                audit=False,
            )
        )
    now = timezone.now()
    campaign = services.campaign_create(
        actor=None,
        node=street,
        title=f"压测竞答{run}",
        starts_at=now - dt.timedelta(hours=1),
        ends_at=now + dt.timedelta(days=7),
        categories=[category],
        streak_length=1,
        daily_point_cap=1_000_000,
    )
    if not Board.objects.filter(scope="all", period=Period.YEAR).exists():
        Board.objects.create(name="年度总榜", scope="all", period=Period.YEAR)
    boards = [campaign_board(campaign).pk, campaign_board(campaign, Period.WEEK).pk]
    boards += list(
        Board.objects.filter(scope="all", period=Period.YEAR).values_list("pk", flat=True)
    )
    issuance = system_account(ISSUANCE, "POINT")

    product: list[list[tuple[str, str]]] = []
    ceiling: list[list[tuple[str, str]]] = []
    for t in range(THREADS):
        product.append([])
        ceiling.append([])
        users = []
        for u in range(USERS_PER_THREAD):
            user = User.objects.create(
                phone=f"17{run % 10**6:06d}{t:01d}{u:02d}"[:11], password="!"
            )
            token = api_token_issue(user=user)
            participant = services.participant_start(user=user, campaign=campaign)
            day_record_for(participant=participant, campaign=campaign, now=timezone.now())
            users.append((user, token, participant, account_for_user(user, "POINT")))
        rows = []
        for n in range(answers_per_thread * 2):
            user, token, participant, account = users[n % USERS_PER_THREAD]
            question = questions[n % len(questions)]
            rows.append(
                ServedQuestion(
                    campaign=campaign,
                    participant=participant,
                    question=question,
                    served_at=timezone.now(),
                )
            )
        created = ServedQuestion.objects.bulk_create(rows, batch_size=2000)
        right = {q.pk: q.choices.get(is_correct=True).pk for q in questions}
        for n, served in enumerate(created):
            user, token, participant, account = users[n % USERS_PER_THREAD]
            served.participant = participant
            if n % 2 == 0:
                body = json.dumps(
                    {"token": token_for(served), "choices": [right[served.question_id]]}
                )
                product[t].append((token, body))
            else:
                body = json.dumps(
                    {
                        "served": served.pk,
                        "debit": issuance.pk,
                        "credit": account.pk,
                        "boards": boards,
                    }
                )
                ceiling[t].append((token, body))
    # The browser's residents: their own users (one question served at a time, as on the page).
    residents = [
        User.objects.create(phone=f"16{run % 10**6:06d}{t:01d}{u:02d}"[:11], password="!")
        for t in range(THREADS)
        for u in range(USERS_PER_THREAD)
    ]
    signed_in = quizzes_html.players_sign_in(campaign=campaign, users=residents)
    browser = [signed_in[t * USERS_PER_THREAD : (t + 1) * USERS_PER_THREAD] for t in range(THREADS)]
    return campaign, product, ceiling, (browser, quizzes_html.right_choice_ids(campaign))


def main() -> None:
    runs = [WARM_SECONDS] + [ROUND_SECONDS] * ROUNDS
    slices, start = [], 0
    for seconds in runs:  # each run answers served questions of its own
        slices.append((start, start + seconds * PER_CONNECTION_RATE))
        start = slices[-1][1]
    print("== preparing the bench database and the served questions")
    campaign, product, ceiling, (browser, right) = prepare(answers_per_thread=start)
    from django.urls import reverse
    from django.utils import timezone

    from points.models import Posting
    from quizzes.models import ServedQuestion

    play_url = reverse("quizzes:play", args=[campaign.pk])
    # name: (url, pre-made bodies for lua_script, or None for the browser's play form with htmx
    # (True) or without (False))
    paths = {
        "bare": ("/bench/bare-answer/", ceiling, None),
        "answer": ("/api/v1/quizzes/answer/", product, None),
        "htmx": (play_url, None, True),
        "page": (play_url, None, False),
    }
    print(
        f"== wrk on loopback, {THREADS} connections spread over {WORKERS} one-worker gunicorns x "
        f"{WORKER_THREADS} threads; a {WARM_SECONDS} s warm-up each, then {ROUNDS} interleaved "
        f"rounds of {ROUND_SECONDS} s (ceiling, API answer, HTML answer with htmx, HTML answer "
        "as a full page), medians"
    )
    started = timezone.now()
    figures = {name: [] for name in paths}
    cpu = {name: {} for name in paths}
    requests = dict.fromkeys(paths, 0.0)
    loads = []
    database = harness.BENCH_DATABASE_URL.rsplit("/", 1)[-1]
    with gunicorn() as base:
        for number, ((first, last), seconds) in enumerate(zip(slices, runs, strict=True)):
            for name, (url, per_thread, htmx) in paths.items():
                if per_thread is None:
                    script = quizzes_html.html_script(
                        LUA_DIR / f"quizzes-{name}.lua",
                        campaign=campaign,
                        per_thread=browser,
                        right=right,
                        origin=base,
                        htmx=htmx,
                    )
                else:
                    rows = [rows[first:last] for rows in per_thread]
                    script = lua_script(f"quizzes-{name}", rows)
                before = harness.cpu_seconds(port=PORT, database=database)
                run = wrk_lua(base + url, script, seconds)
                after = harness.cpu_seconds(port=PORT, database=database)
                if per_thread and run["rps"] * seconds > 0.95 * (last - first) * THREADS:
                    print(f"   ({name} ran out of served questions: raise PER_CONNECTION_RATE)")
                if number == 0:
                    continue  # the warm-up
                figures[name].append(run)
                requests[name] += run["rps"] * seconds
                for kind, used in after.items():
                    cpu[name][kind] = cpu[name].get(kind, 0.0) + used - before.get(kind, 0.0)
            if number:
                loads.append(harness.load_average())
            harness.vacuum()  # what autovacuum does between a production server's minutes
    median = {name: harness.median_run(values) for name, values in figures.items()}
    bare, answer = median["bare"], median["answer"]
    harness.report("ceiling: bare transaction of the same shape", bare)
    harness.report("API answer (rules + ledger + boards)", answer, bare)
    harness.report("HTML answer, htmx (result + next question)", median["htmx"])
    harness.report("HTML answer, full page (no JavaScript)", median["page"])
    for name, label in (("answer", "API"), ("htmx", "htmx"), ("page", "page"), ("bare", "ceiling")):
        print(
            f"   {label} per round: "
            + ", ".join(f"{run['rps']:.0f}" for run in figures[name])
            + f"; CPU per request (this gunicorn and database): "
            f"{harness.cpu_per_request({}, cpu[name], requests[name])}"
        )
    reloads = sum(run["reloads"] for name in ("htmx", "page") for run in figures[name])
    print(f"   play-page reloads after a refused answer (HTML rows, all rounds): {reloads}")
    print("   after each round: " + "; ".join(loads))
    answers = ServedQuestion.objects.filter(campaign=campaign, points__gt=0).count()
    postings = Posting.objects.filter(
        key__startswith="quiz:answer:", created_at__gte=started
    ).count()
    print(f"   answers given points: {answers:,}; answer postings in the ledger: {postings:,}")
    ratio = answer["rps"] / bare["rps"]
    ok = ratio >= RATIO_TARGET and answer["rps"] >= RATE_TARGET and not answer["non_2xx"]
    print(
        f"   API answer: target >= {RATIO_TARGET} of the ceiling and >= {RATE_TARGET} "
        f"answers/s: {'OK' if ok else 'OVER TARGET'}"
    )
    for name in ("htmx", "page"):
        # Each round's HTML run and API run follow each other: their ratio sees one state of
        # the shared machine; its median is the verdict (the ratio of medians beside it).
        shares = [
            html["rps"] / api["rps"]
            for html, api in zip(figures[name], figures["answer"], strict=True)
        ]
        share = statistics.median(shares)
        ok = share >= HTML_TARGET and not median[name]["non_2xx"]
        print(
            f"   HTML answer ({name}) / API answer: per round "
            + ", ".join(f"{value:.2f}" for value in shares)
            + f", median {share:.2f} (ratio of the medians "
            f"{median[name]['rps'] / answer['rps']:.2f}); target >= {HTML_TARGET}: "
            f"{'OK' if ok else 'OVER TARGET'}"
        )


if __name__ == "__main__":
    main()
