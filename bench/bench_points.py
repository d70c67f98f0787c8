"""Points at street scale: the ledger's write throughput, leaderboard reads, settlement.

Run on demand against PostgreSQL (not a test); it migrates and refills its own database and
Redis DB (BENCH_DATABASE_URL / BENCH_REDIS_URL, see bench/harness.py; never DATABASE_URL):
    make bench ONLY=points      (or: .venv/bin/python bench/bench_points.py [--reuse])
(--reuse measures again on the data of the previous run.)

Data: 100,000 users with a points account and 1,000,000 award postings (bulk-loaded with COPY:
balances and the 100,000-user weekly board are computed from them by SQL), then:
- posting_create() throughput over 5,000 calls, as a ratio to a bare PostgreSQL transaction
  doing the same writes (insert posting, the user's balance update, score upsert; "issuance" is
  a source account whose balance is derived, not written) in the same run (target >= 0.5);
- a user's rank (< 5 ms) and the top 100 (< 20 ms) on the database path and the Redis path;
- settlement of a 100,000-user board (< 30 s); verify_ledger over everything (for information).
"""

import datetime as dt
import io
import json
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness

harness.configure("points")
if "--reuse" not in sys.argv:
    harness.drop_database()
harness.ensure_database()  # migrated before anything reads a table
harness.django_setup()

import psycopg2  # noqa: E402
from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from points import leaderboard_cache, selectors, services  # noqa: E402
from points.models import (  # noqa: E402
    Account,
    Board,
    BoardPrize,
    BoardScore,
    Currency,
    Period,
    Posting,
    PrizeItem,
)
from points.periods import current_period_key, period_bounds  # noqa: E402

USERS = 100_000
POSTINGS = 1_000_000
CALLS = 5_000
SCOPE = "campaign:bench"
RANK_TARGET_MS, TOP_TARGET_MS, SETTLE_TARGET_S, RATIO_TARGET = 5, 20, 30, 0.5
rng = random.Random(2026)
RUN = int(time.time())  # keeps the keys of a --reuse run apart from earlier runs


def verdict(ok: bool) -> str:
    return "OK" if ok else "OVER TARGET"


def samples_ms(fn, args_list) -> list[float]:
    fn(*args_list[0])  # warm-up
    out = []
    for args in args_list:
        start = time.perf_counter()
        fn(*args)
        out.append((time.perf_counter() - start) * 1000)
    return out


def p95(values: list[float]) -> float:
    return sorted(values)[int(len(values) * 0.95) - 1]


def copy_rows(table: str, columns: list[str], rows) -> None:
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join(r"\N" if v is None else str(v) for v in row))
        buffer.write("\n")
    buffer.seek(0)
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(
            f"COPY {table} ({', '.join(columns)}) FROM STDIN WITH (FORMAT text)", buffer
        )


def load_data() -> tuple[Board, list[Account], Account]:
    print("== loading (on a new database)")
    start = time.perf_counter()
    now = timezone.now()
    board = Board.objects.create(name="bench weekly", scope=SCOPE, period=Period.WEEK)
    period = current_period_key(board, now)
    week_start = period_bounds(Period.WEEK, period)[0]
    span = max(1.0, (now - week_start).total_seconds() - 60)

    batch = [User(phone=f"150{i:08d}", password="!") for i in range(USERS)]
    User.objects.bulk_create(batch, batch_size=10_000)
    user_ids = list(User.objects.order_by("pk").values_list("pk", flat=True))
    issuance = services.system_account(services.ISSUANCE, Currency.POINT)
    created = now.isoformat()
    copy_rows(
        Account._meta.db_table,
        ["owner_id", "code", "name", "currency", "balance", "is_source", "created_at"],
        ((uid, "", "", "POINT", 0, "f", created) for uid in user_ids),
    )
    accounts = list(Account.objects.filter(owner__isnull=False).order_by("pk"))
    print(f"   {USERS:,} users and accounts in {time.perf_counter() - start:.1f} s")

    start = time.perf_counter()
    scored = json.dumps([[board.pk, period]])

    def postings():
        for i in range(POSTINGS):
            # Every user gets at least one posting, the rest at random.
            account = accounts[i] if i < USERS else accounts[rng.randrange(USERS)]
            when = week_start + dt.timedelta(seconds=rng.random() * span)
            yield (
                issuance.pk,
                account.pk,
                rng.randint(1, 10),
                "POINT",
                "bench award",
                "",
                f"bench:{i}",
                when.isoformat(),
                json.dumps([SCOPE]),
                scored,
            )

    copy_rows(
        Posting._meta.db_table,
        [
            "debit_id",
            "credit_id",
            "amount",
            "currency",
            "reason",
            "source_id",
            "key",
            "created_at",
            "board_keys",
            "scored_on",
        ],
        postings(),
    )
    with connection.cursor() as cursor:
        # Balances and the board follow from the postings, as the services would have left them
        # (issuance is a source account: it stores no balance).
        cursor.execute(
            "UPDATE points_account a SET balance = s.total FROM "
            "(SELECT credit_id, SUM(amount) AS total FROM points_posting GROUP BY credit_id) s "
            "WHERE a.id = s.credit_id"
        )
        cursor.execute(
            "INSERT INTO points_boardscore (board_id, period_key, user_id, score, reached_at) "
            "SELECT %s, %s, a.owner_id, SUM(p.amount), MAX(p.created_at) "
            "FROM points_posting p JOIN points_account a ON a.id = p.credit_id "
            "GROUP BY a.owner_id",
            [board.pk, period],
        )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE points_posting")
        cursor.execute("VACUUM ANALYZE points_account")
        cursor.execute("VACUUM ANALYZE points_boardscore")
    print(f"   {POSTINGS:,} postings, balances and board in {time.perf_counter() - start:.1f} s")
    issuance.refresh_from_db()
    return board, accounts, issuance


def bench_throughput(board: Board, accounts: list[Account], issuance: Account) -> None:
    print(f"== posting throughput over {CALLS:,} calls each")
    period = current_period_key(board)
    db = connection.settings_dict
    bare = psycopg2.connect(
        dbname=db["NAME"],
        user=db.get("USER") or "postgres",
        password=db.get("PASSWORD") or None,
        host=db.get("HOST") or "127.0.0.1",
        port=db.get("PORT") or 5432,
    )
    targets = [accounts[rng.randrange(USERS)] for _ in range(CALLS)]

    def bare_run(chunk: list[Account], offset: int) -> float:
        start = time.perf_counter()
        with bare.cursor() as cursor:
            for i, account in enumerate(chunk, start=offset):
                now = timezone.now()
                cursor.execute(
                    "INSERT INTO points_posting (debit_id, credit_id, amount, currency, reason, "
                    "source_id, key, created_at, board_keys, scored_on) "
                    "VALUES (%s, %s, %s, 'POINT', 'bench bare', '', %s, %s, %s, %s)",
                    [
                        issuance.pk,
                        account.pk,
                        3,
                        f"bare:{RUN}:{i}",
                        now,
                        json.dumps([SCOPE]),
                        json.dumps([[board.pk, period]]),
                    ],
                )
                # Issuance is a source account: posting_create writes no balance for it, so
                # neither does the ceiling (the same writes: posting, user balance, score).
                cursor.execute(
                    "UPDATE points_account SET balance = balance + 3 WHERE id = %s", [account.pk]
                )
                cursor.execute(
                    "INSERT INTO points_boardscore (board_id, period_key, user_id, score, "
                    "reached_at) VALUES (%s, %s, %s, 3, %s) "
                    "ON CONFLICT (board_id, period_key, user_id) DO UPDATE SET "
                    "score = points_boardscore.score + excluded.score, "
                    "reached_at = excluded.reached_at",
                    [board.pk, period, account.owner_id, now],
                )
                bare.commit()
        return time.perf_counter() - start

    def service_run(chunk: list[Account], offset: int) -> float:
        start = time.perf_counter()
        for i, account in enumerate(chunk, start=offset):
            services.posting_create(
                debit=issuance,
                credit=account,
                amount=3,
                key=f"svc:{RUN}:{i}",
                reason="bench service",
                boards=[SCOPE],
            )
        return time.perf_counter() - start

    # Interleaved chunks, so both see the same cache and disk state.
    bare_s = service_s = 0.0
    for offset in range(0, CALLS, 500):
        chunk = targets[offset : offset + 500]
        bare_s += bare_run(chunk, offset)
        service_s += service_run(chunk, offset)
    bare.close()
    bare_rate, service_rate = CALLS / bare_s, CALLS / service_s
    ratio = service_rate / bare_rate
    print(f"   bare PostgreSQL transaction: {bare_rate:,.0f} /s")
    print(f"   posting_create():            {service_rate:,.0f} /s")
    print(f"   ratio {ratio:.2f} (target >= {RATIO_TARGET}) {verdict(ratio >= RATIO_TARGET)}")


def bench_reads(board: Board, label: str) -> None:
    period = current_period_key(board)
    users = list(User.objects.order_by("?")[:300])
    ranks = samples_ms(lambda u: selectors.board_rank(board, period, u), [(u,) for u in users])
    tops = samples_ms(lambda: selectors.board_top(board, period, 100), [()] * 50)
    near = samples_ms(
        lambda u: selectors.board_neighbours(board, period, u, k=5), [(u,) for u in users[:100]]
    )
    count = BoardScore.objects.filter(board=board, period_key=period).count()
    print(f"== {label} path, board of {count:,} users")
    rank_p95, top_p95 = p95(ranks), p95(tops)
    print(
        f"   my rank:    median {statistics.median(ranks):6.2f} ms, p95 {rank_p95:6.2f} ms, "
        f"max {max(ranks):6.2f} ms (target < {RANK_TARGET_MS} ms) "
        f"{verdict(rank_p95 < RANK_TARGET_MS)}"
    )
    print(
        f"   top 100:    median {statistics.median(tops):6.2f} ms, p95 {top_p95:6.2f} ms, "
        f"max {max(tops):6.2f} ms (target < {TOP_TARGET_MS} ms) "
        f"{verdict(top_p95 < TOP_TARGET_MS)}"
    )
    print(
        f"   neighbours: median {statistics.median(near):6.2f} ms, p95 {p95(near):6.2f} ms "
        "(for information)"
    )


def bench_settlement(board: Board) -> None:
    ended = Board.objects.create(
        name="bench campaign",
        scope=f"campaign:bench-ended-{int(time.time())}",
        period=Period.CAMPAIGN,
        ends_at=timezone.now() - dt.timedelta(hours=1),
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO points_boardscore (board_id, period_key, user_id, score, reached_at) "
            "SELECT %s, 'campaign', user_id, score, reached_at FROM points_boardscore "
            "WHERE board_id = %s AND period_key = %s",
            [ended.pk, board.pk, current_period_key(board)],
        )
        cursor.execute("ANALYZE points_boardscore")
    item = PrizeItem.objects.create(name="bench hotel night", stock=50)
    BoardPrize.objects.create(board=ended, rank_from=1, rank_to=10, points=500)
    BoardPrize.objects.create(board=ended, rank_from=11, rank_to=100, item=item)
    start = time.perf_counter()
    settlement = services.settlement_run(board=ended, period_key="campaign")
    elapsed = time.perf_counter() - start
    print(f"== settlement of a {settlement.ranked_count:,}-user board")
    print(
        f"   {elapsed:.2f} s, state {settlement.state}, {settlement.awards.count()} prize "
        f"awards (target < {SETTLE_TARGET_S} s) {verdict(elapsed < SETTLE_TARGET_S)}"
    )
    start = time.perf_counter()
    again = services.settlement_run(board=ended, period_key="campaign")  # nothing left to do
    print(f"   re-run (idempotent): {time.perf_counter() - start:.3f} s, state {again.state}")


def bench_verify() -> None:
    start = time.perf_counter()
    report = selectors.ledger_verify()
    print(
        f"== verify_ledger: {report.postings_checked:,} postings, "
        f"{report.accounts_checked:,} accounts, ok={report.ok}, "
        f"{time.perf_counter() - start:.1f} s"
    )


def main() -> None:
    if connection.vendor != "postgresql":
        sys.exit("bench_points needs PostgreSQL: set BENCH_DATABASE_URL")
    settings.DEBUG = False
    redis_url = settings.REDIS_URL
    # Bulk loading and the database path first, without Redis.
    settings.REDIS_URL = ""
    board = Board.objects.filter(scope=SCOPE).first()
    if "--reuse" in sys.argv and board is not None:
        # Measure again on the data of an earlier run (skips the few minutes of loading).
        print("== reusing the loaded data")
        Board.objects.exclude(pk=board.pk).update(is_active=False)
        accounts = list(Account.objects.filter(owner__isnull=False).order_by("pk"))
        issuance = services.system_account(services.ISSUANCE, Currency.POINT)
    else:
        board, accounts, issuance = load_data()
    bench_reads(board, "database (indexed count)")
    if redis_url:
        settings.REDIS_URL = redis_url
        leaderboard_cache.client().flushdb()
        start = time.perf_counter()
        selectors.cache_rebuild(board, current_period_key(board))
        print(f"== Redis set rebuilt from the database in {time.perf_counter() - start:.2f} s")
        bench_reads(board, "Redis sorted set")
    else:
        print("== Redis path skipped (set REDIS_URL)")
    # The write path with Redis on when available, as in production (after-commit set update).
    bench_throughput(board, accounts, issuance)
    bench_settlement(board)
    bench_verify()


if __name__ == "__main__":
    main()
