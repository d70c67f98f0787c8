"""Real service processes for the outage and crash tests: a Redis server and Celery workers.

Each test that stops Redis gets its own redis-server on a port of 6390-6399 (never the shared
one), started and stopped by the test; workers are real `celery worker` processes.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
REDIS_PORTS = range(6390, 6400)


def _claim(port: int):
    """An exclusive lock on `port` for the holder's life: the clock-ahead pass runs beside the main
    pass, and a test that stops its Redis must not lose the port to the other pass meanwhile."""
    handle = open(f"/tmp/gongzhi-test-redis-{port}.lock", "w")  # noqa: SIM115 (held open)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        return None
    return handle


def _port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _without_faketime(env) -> dict:
    """redis-server (jemalloc) cannot start under libfaketime, which CI uses to run the suite a
    year ahead; its clock does not matter to the tests, so it runs on the real one."""
    return {
        key: value
        for key, value in env.items()
        if key not in {"LD_PRELOAD", "FAKETIME"} and not key.startswith("FAKETIME_")
    }


class RedisServer:
    """A redis-server of the test's own, without persistence (as in compose.yaml)."""

    def __init__(self, workdir: Path):
        if shutil.which("redis-server") is None:
            pytest.fail("redis-server is not installed (Debian package redis-server)")
        self.workdir = workdir
        self.port, self._lock = None, None
        for port in REDIS_PORTS:
            if _port_is_free(port) and (lock := _claim(port)) is not None:
                self.port, self._lock = port, lock
                break
        if self.port is None:
            pytest.fail("no free port in 6390-6399 for a test Redis")
        self.process: subprocess.Popen | None = None

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self) -> None:
        log = open(self.workdir / f"redis-{self.port}.log", "a")  # noqa: SIM115 (kept by Popen)
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.workdir)],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=_without_faketime(os.environ),
        )  # fmt: skip
        deadline = time.monotonic() + 15
        while not self.answers():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                pytest.fail(f"redis-server did not start on port {self.port}")
            time.sleep(0.05)

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as conn:
                conn.sendall(b"PING\r\n")
                return conn.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        """Stop it the hard way (SIGKILL): queued messages and cache entries are gone."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None


class Worker:
    """A `celery worker` process using the test database; its emails land in `mail_dir`."""

    def __init__(self, process: subprocess.Popen, log_path: Path, mail_dir: Path):
        self.process = process
        self.log_path = log_path
        self.mail_dir = mail_dir
        self.pid = process.pid

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def child_pids(self) -> list[int]:
        """Pids of the prefork pool's children (none for a solo worker)."""
        children = Path(f"/proc/{self.pid}/task/{self.pid}/children")
        try:
            return [int(pid) for pid in children.read_text().split()]
        except FileNotFoundError:
            return []

    def kill(self) -> None:
        """SIGKILL the whole worker: no clean shutdown, no acknowledgement, no goodbye."""
        for pid in [*self.child_pids(), self.pid]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        self.process.wait(timeout=15)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()


def start_worker(
    tmp_path: Path,
    *,
    database_url: str,
    env: dict | None = None,
    pool: str = "solo",
    name: str = "test",
    mail_dir: Path | None = None,
    queues: tuple[str, ...] = (),
) -> Worker:
    from django.conf import settings

    mail_dir = mail_dir or tmp_path / "mail"
    mail_dir.mkdir(exist_ok=True)
    full_env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "TESTING": "1",
        "DATABASE_URL": database_url,
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
        "CELERY_BROKER_DIR": str(getattr(settings, "CELERY_BROKER_DIR", "")),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        **(env or {}),
    }
    log_path = tmp_path / f"worker-{name}-{time.monotonic_ns()}.log"
    pool_args = ["--pool=solo"] if pool == "solo" else [f"--pool={pool}", "--concurrency=1"]
    # Without -Q a worker consumes every queue of settings.CELERY_TASK_QUEUES (as `make run`'s).
    queue_args = ["-Q", ",".join(queues)] if queues else []
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", *pool_args, *queue_args,
             "--loglevel=INFO", "--without-gossip", "--without-mingle", "--without-heartbeat",
             "-n", f"{name}-{os.getpid()}-{time.monotonic_ns()}@%h"],
            cwd=REPO_ROOT,
            env=full_env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
    worker = Worker(process, log_path, mail_dir)
    deadline = time.monotonic() + 60
    while "ready." not in worker.log():
        if process.poll() is not None or time.monotonic() > deadline:
            worker.stop()
            pytest.fail(f"Celery worker did not start:\n{worker.log()}")
        time.sleep(0.2)
    return worker
