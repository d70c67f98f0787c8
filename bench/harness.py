"""Shared plumbing for load tests: a PostgreSQL bench database, gunicorn, and wrk on loopback.

Everything stays on 127.0.0.1 and every load run is bounded in time.
"""

import os
import re
import shutil
import statistics
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO_ROOT = Path(__file__).resolve().parent.parent
# Set by configure(): this bench's own database and Redis DB.
BENCH_DATABASE_URL = ""
BENCH_REDIS_URL = ""


class UnsafeTarget(SystemExit):
    """A bench was pointed at something that is not its own: it would flush it."""


def _database_key(url: str) -> tuple[str, int, str]:
    parts = urlsplit(url)
    return (parts.hostname or "localhost", parts.port or 5432, parts.path.lstrip("/"))


def _redis_key(url: str) -> tuple[str, int, int]:
    parts = urlsplit(url)
    number = parts.path.lstrip("/") or "0"
    return (parts.hostname or "localhost", parts.port or 6379, int(number))


def bench_targets(name: str, environ=os.environ) -> tuple[str, str]:
    """The database URL and Redis URL bench `name` may flush, or UnsafeTarget.

    Benches empty and refill their database and Redis DB, so they never take DATABASE_URL or
    REDIS_URL (which may be production's, exported in the same shell): the targets come only
    from BENCH_DATABASE_URL and BENCH_REDIS_URL (`make bench` sets local defaults), the
    database's name must say "bench", each bench gets its own database (`<name>_<bench>`), and
    neither may be what the portal's own variables name.
    """
    database = environ.get("BENCH_DATABASE_URL", "")
    redis = environ.get("BENCH_REDIS_URL", "")
    if not database or not redis:
        raise UnsafeTarget(
            "set BENCH_DATABASE_URL and BENCH_REDIS_URL to a database and a Redis DB of the "
            "benches' own (make bench sets local ones); DATABASE_URL/REDIS_URL are never used"
        )
    if not database.startswith(("postgres://", "postgresql://")):
        raise UnsafeTarget("BENCH_DATABASE_URL must name a PostgreSQL database")
    host, port, base = _database_key(database)
    if "bench" not in base:
        raise UnsafeTarget(f"the bench database's name must say 'bench' (got {base!r})")
    own = urlunsplit(urlsplit(database)._replace(path=f"/{base}_{name}"))
    portal_databases = {
        _database_key(environ[key])
        for key in ("DATABASE_URL", "DATABASE_REPLICA_URL")
        if environ.get(key, "").startswith(("postgres://", "postgresql://"))
    }
    if {_database_key(own), (host, port, base)} & portal_databases:
        raise UnsafeTarget("BENCH_DATABASE_URL names the portal's own database: refused")
    try:
        redis_key = _redis_key(redis)
    except ValueError:
        raise UnsafeTarget("BENCH_REDIS_URL must end in a Redis DB number") from None
    portal_redis = {
        _redis_key(environ[key])
        for key in ("REDIS_URL", "CELERY_BROKER_URL")
        if environ.get(key, "").startswith(("redis://", "rediss://"))
    }
    if redis_key in portal_redis:
        raise UnsafeTarget("BENCH_REDIS_URL names the portal's own Redis DB: refused")
    return own, redis


def configure(name: str) -> None:
    """Point this process's bench at its own targets (see bench_targets)."""
    global BENCH_DATABASE_URL, BENCH_REDIS_URL
    BENCH_DATABASE_URL, BENCH_REDIS_URL = bench_targets(name)


def bench_env(**extra) -> dict:
    if not BENCH_DATABASE_URL:
        raise UnsafeTarget("harness.configure(<bench name>) first")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": BENCH_DATABASE_URL,
        "REDIS_URL": BENCH_REDIS_URL,
        "SECURE_COOKIES": "0",
        "DEBUG": "0",
        "SECRET_KEY": "bench-" + "k" * 60,
        "VAR_DIR": str(REPO_ROOT / "var" / "bench"),
    }
    env.update({k: str(v) for k, v in extra.items()})
    return env


def _maintenance_url() -> str:
    """The bench server's `postgres` database, to create and drop the bench's own."""
    return urlunsplit(urlsplit(BENCH_DATABASE_URL)._replace(path="/postgres"))


def drop_database() -> None:
    """Start this bench from nothing: its own database (checked by configure()) is dropped.

    Not `flush`: the audit table refuses TRUNCATE, as it should anywhere.
    """
    name = _database_key(BENCH_DATABASE_URL)[2]
    _psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _psql(statement: str) -> str:
    return subprocess.run(
        ["psql", _maintenance_url(), "-tAc", statement],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def ensure_database() -> None:
    name = _database_key(BENCH_DATABASE_URL)[2]
    if not _psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}'"):
        _psql(f'CREATE DATABASE "{name}"')
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v", "0"],
        cwd=REPO_ROOT,
        env=bench_env(),
        check=True,
    )
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
        cwd=REPO_ROOT,
        env=bench_env(),
        check=True,
    )


def vacuum() -> None:
    """VACUUM ANALYZE the bench's database, as autovacuum would on a production server.

    This machine's PostgreSQL runs with autovacuum off (a CI setting, conf.d/90-ci.conf), and a
    bench database kept between runs (the quiz bench's) carried the dead versions of every
    board score and counter its earlier runs updated: 297,114 dead rows beside 1,152 live ones
    in points_boardscore after three runs, and the answer rows slowed from one round to the
    next. A bench that updates rows calls this before its runs and between its rounds.
    """
    subprocess.run(["psql", BENCH_DATABASE_URL, "-qc", "VACUUM ANALYZE"], check=True)


# The environment as this process was given it, before django_setup() pointed DATABASE_URL and
# REDIS_URL at the bench's own targets: another bench started from here gets this one, or its
# guard would see its own Redis DB named by REDIS_URL and refuse.
_GIVEN_ENVIRON: dict[str, str] | None = None


def point_environ_at_bench() -> None:
    """Make this process's environment the bench's (bench_env), remembering the given one."""
    global _GIVEN_ENVIRON
    if _GIVEN_ENVIRON is None:
        _GIVEN_ENVIRON = dict(os.environ)
    os.environ.update(bench_env())


def given_environ() -> dict[str, str]:
    """The environment to start another bench with (see _GIVEN_ENVIRON)."""
    return dict(os.environ if _GIVEN_ENVIRON is None else _GIVEN_ENVIRON)


def run_bench(script: Path, **kwargs) -> subprocess.CompletedProcess:
    """Run another bench script as a process of its own, in the environment this one was given."""
    return subprocess.run([sys.executable, str(script)], env=given_environ(), **kwargs)


def django_setup() -> None:
    """Use the bench database from this process (to create fixtures for the load)."""
    point_environ_at_bench()
    import django

    django.setup()


# The ports of the one-worker servers behind a bench's address (see gunicorn()); wrk() spreads
# its connections evenly over them.
_SERVER_PORTS: dict[int, list[int]] = {}


@contextmanager
def gunicorn(
    port: int = 8765,
    workers: int = 2,
    settings: str = "bench.settings",
    threads: int = 4,
    **env_extra,
):
    """`workers` gunicorn servers of one gthread worker (`threads` threads) each, on port,
    port + 1, ...

    Not one server of `workers` workers: there, whichever worker wakes first accepts wrk's
    keep-alive connections, and 8 connections were seen split 8/0, 3/5 and 7/1 between two
    workers from one run to the next, so a run measured one process or two by chance (a page's
    rate moved 2x between runs doing the same work per request). One worker a port, with wrk's
    connections spread evenly over the ports (wrk()), keeps the split the same in every run.
    """
    ports = [port + offset for offset in range(workers)]
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi",
                "--bind",
                f"127.0.0.1:{server_port}",
                "--workers",
                "1",
                "--worker-class",
                "gthread",
                "--threads",
                str(threads),
                "--log-level",
                "warning",
                # Each server's own: the default control socket is one path for all of them.
                "--control-socket",
                str(REPO_ROOT / "var" / "bench" / f"gunicorn-{server_port}.ctl"),
                "--env",
                f"DJANGO_SETTINGS_MODULE={settings}",
            ],
            cwd=REPO_ROOT,
            env=bench_env(DJANGO_SETTINGS_MODULE=settings, **env_extra),
        )
        for server_port in ports
    ]
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        for server_port in ports:
            while True:
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{server_port}/healthz", timeout=2)
                    break
                except Exception:
                    if time.monotonic() > deadline or any(p.poll() is not None for p in processes):
                        raise RuntimeError("gunicorn did not start") from None
                    time.sleep(0.3)
        _SERVER_PORTS[port] = ports
        yield base
    finally:
        _SERVER_PORTS.pop(port, None)
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=15)


_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0}


def wrk(
    url: str,
    *,
    seconds: int = 8,
    connections: int = 8,
    threads: int = 1,
    method: str = "GET",
    headers: dict | None = None,
    body: str = "",
    script: Path | None = None,
    counters: dict[str, str] | None = None,
) -> dict:
    """Run wrk for a bounded time; return requests/s and latency percentiles in ms.

    On a server of several one-worker gunicorns (gunicorn()), one wrk a port runs at the same
    time with an equal share of the connections and threads; their rates add up, their
    percentiles are weighted by each one's rate. A `script` of the bench's own replaces the
    request made of method, headers and body; each wrk passes it the index of its first thread
    (its first argument), for a script whose threads each take rows of their own. `counters`:
    name -> a regular expression whose number, printed by the script, is summed.
    """
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install wrk")
    if script is None:
        script = REPO_ROOT / "var" / "bench" / "request.lua"
        script.parent.mkdir(parents=True, exist_ok=True)
        lines = [f'wrk.method = "{method}"']
        if body:
            lines.append(f"wrk.body = [[{body}]]")
        for key, value in (headers or {}).items():
            lines.append(f'wrk.headers["{key}"] = "{value}"')
        script.write_text("\n".join(lines) + "\n")
    address = urlsplit(url)
    ports = _SERVER_PORTS.get(address.port, [address.port])[: max(1, connections)]
    each = max(1, threads // len(ports))
    runs = [
        subprocess.Popen(
            [
                "wrk",
                f"-t{each}",
                f"-c{max(each, connections // len(ports))}",
                f"-d{seconds}s",
                "--latency",
                "-s",
                str(script),
                urlunsplit(address._replace(netloc=f"{address.hostname}:{server_port}")),
                "--",
                str(number * each),
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        for number, server_port in enumerate(ports)
    ]
    outputs = []
    for run in runs:
        out, _err = run.communicate(timeout=seconds + 30)
        if run.returncode:
            raise subprocess.CalledProcessError(run.returncode, run.args, out)
        outputs.append(out)
    figures = [_wrk_figures(out) for out in outputs]
    rps = sum(figure["rps"] for figure in figures)
    merged = {"rps": rps, "non_2xx": sum(figure["non_2xx"] for figure in figures)}
    for name, pattern in (counters or {}).items():
        merged[name] = sum(
            int(found.group(1)) for out in outputs if (found := re.search(pattern, out))
        )
    for key in ("p50", "p90", "p99"):
        if all(key in figure for figure in figures):
            merged[key] = sum(f[key] * f["rps"] for f in figures) / rps if rps else 0.0
    return merged


def _wrk_figures(out: str) -> dict:
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    latency = {}
    for pct, value, unit in re.findall(r"^\s+(50|90|99)%\s+([\d.]+)(us|ms|s)$", out, re.M):
        latency[f"p{pct}"] = float(value) * _UNITS[unit]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": rps, **latency, "non_2xx": int(errors.group(1)) if errors else 0}


def load_average() -> str:
    """'load average 1.52 1.80 1.75': printed with every figure (the machine is shared)."""
    return "load average " + " ".join(f"{value:.2f}" for value in os.getloadavg())


def median_run(runs: list[dict]) -> dict:
    """One figure from interleaved rounds of the same run: the median of each of wrk's values."""
    return {
        key: statistics.median(run.get(key, 0) for run in runs)
        for key in ("rps", "p50", "p99", "non_2xx")
    }


def report(name: str, figure: dict, ceiling: dict | None = None) -> None:
    line = f"{name:<46} {figure['rps']:>9.0f} req/s   p50 {figure.get('p50', 0):6.1f} ms   p99 {figure.get('p99', 0):7.1f} ms"
    if ceiling:
        line += f"   ratio to ceiling {figure['rps'] / ceiling['rps']:.2f}"
    if figure.get("non_2xx"):
        line += f"   ({figure['non_2xx']} non-2xx!)"
    print(line, flush=True)


def cpu_seconds(*, port: int | None = None, database: str | None = None) -> dict[str, float]:
    """CPU seconds used so far by the processes of a load test, by kind (Linux /proc).

    Two snapshots around a run, divided by its requests, tell where each request's CPU goes:
    on a 2-core machine the web workers, PostgreSQL, Redis and wrk share the same cores, so a
    request's throughput is bounded by the CPU all of them spend on it. (wrk has exited by the
    second snapshot, so its own share is not counted.)
    """
    ticks = os.sysconf("SC_CLK_TCK")
    totals: dict[str, float] = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
            command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2 :].split()
        kind = "gunicorn" if "gunicorn" in command else name.split()[0].split(":")[0]
        # On a shared machine: only this bench's server (its port) and database's sessions.
        server_ports = _SERVER_PORTS.get(port, [port])
        others_server = (
            kind == "gunicorn"
            and port is not None
            and not any(f":{server_port}" in command for server_port in server_ports)
        )
        others_database = (
            kind == "postgres" and database is not None and f" {database} " not in command
        )
        if kind not in ("gunicorn", "postgres", "redis-server") or others_server or others_database:
            kind = "other"
        totals[kind] = totals.get(kind, 0.0) + (int(fields[11]) + int(fields[12])) / ticks
    return totals


def cpu_per_request(before: dict, after: dict, requests: float) -> str:
    """'gunicorn 2,357 µs, postgres 1,119 µs, ...': CPU per request between two snapshots."""
    parts = []
    for kind in ("gunicorn", "postgres", "redis-server"):
        used = after.get(kind, 0.0) - before.get(kind, 0.0)
        if requests and used > 0:
            parts.append(f"{kind} {1e6 * used / requests:,.0f} µs")
    return ", ".join(parts)
