"""The benches flush what they run on: they refuse anything but targets of their own."""

import os
import subprocess
import sys

import pytest

from bench import harness
from bench.harness import REPO_ROOT, UnsafeTarget, bench_targets

LOCAL = {
    "BENCH_DATABASE_URL": "postgres://postgres@127.0.0.1:5432/gongzhi_bench",
    "BENCH_REDIS_URL": "redis://127.0.0.1:6379/9",
}


def test_each_bench_gets_its_own_database_beside_the_portals():
    environ = {
        **LOCAL,
        "DATABASE_URL": "postgres://app@db.internal:5432/gongzhi",
        "REDIS_URL": "redis://redis.internal:6379/0",
    }
    database, redis = bench_targets("points", environ)
    assert database == "postgres://postgres@127.0.0.1:5432/gongzhi_bench_points"
    assert redis == "redis://127.0.0.1:6379/9"


@pytest.mark.parametrize(
    ("environ", "reason"),
    [
        # production's variables exported, no bench ones: nothing to fall back on
        (
            {
                "DATABASE_URL": "postgres://app@127.0.0.1:5432/gongzhi",
                "REDIS_URL": "redis://127.0.0.1:6379/0",
            },
            "set BENCH_DATABASE_URL",
        ),
        ({**LOCAL, "BENCH_DATABASE_URL": "postgres://app@127.0.0.1/gongzhi"}, "say 'bench'"),
        (
            {**LOCAL, "DATABASE_URL": "postgres://other@127.0.0.1:5432/gongzhi_bench"},
            "portal's own database",
        ),
        (
            {**LOCAL, "DATABASE_URL": "postgres://x@127.0.0.1/gongzhi_bench_points"},
            "portal's own database",
        ),
        ({**LOCAL, "REDIS_URL": "redis://127.0.0.1:6379/9"}, "portal's own Redis"),
        ({**LOCAL, "CELERY_BROKER_URL": "redis://127.0.0.1/9"}, "portal's own Redis"),
        ({**LOCAL, "BENCH_REDIS_URL": "redis://127.0.0.1:6379/x"}, "Redis DB number"),
        ({**LOCAL, "BENCH_DATABASE_URL": "sqlite:///bench.sqlite3"}, "PostgreSQL"),
    ],
)
def test_a_bench_refuses_targets_that_are_not_its_own(environ, reason):
    with pytest.raises(UnsafeTarget) as refused:
        bench_targets("points", environ)
    assert reason in str(refused.value)


def test_a_bench_script_run_with_production_variables_stops_before_touching_anything():
    environ = {
        "PATH": "/usr/bin:/bin",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/must_not_be_touched",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
    }
    for script in ("bench/bench_points.py", "bench/run.py"):
        run = subprocess.run(
            [sys.executable, script],
            cwd=REPO_ROOT,
            env=environ,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert run.returncode != 0, script
        assert "BENCH_DATABASE_URL" in run.stderr, (script, run.stderr[-500:])


def test_a_bench_started_after_another_gets_the_environment_as_it_was_given(monkeypatch):
    # run.py's foundation bench points its own DATABASE_URL/REDIS_URL at its targets (to create
    # fixtures); the benches it starts next must not inherit them, or every guard refuses its
    # own Redis DB as "the portal's".
    for key in ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "DATABASE_REPLICA_URL"):
        monkeypatch.delenv(key, raising=False)
    for key, value in LOCAL.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setattr(harness, "_GIVEN_ENVIRON", None)
    monkeypatch.setattr(harness, "BENCH_DATABASE_URL", "")
    monkeypatch.setattr(harness, "BENCH_REDIS_URL", "")
    harness.configure("foundation")
    saved = dict(os.environ)
    try:
        harness.point_environ_at_bench()
        with pytest.raises(UnsafeTarget, match="portal's own Redis"):
            bench_targets("canteen")  # what the next bench saw before
        given = harness.given_environ()
    finally:  # point_environ_at_bench() sets more than monkeypatch knows of
        os.environ.clear()
        os.environ.update(saved)
    assert "REDIS_URL" not in given and "DATABASE_URL" not in given
    assert bench_targets("canteen", given)[1] == LOCAL["BENCH_REDIS_URL"]
