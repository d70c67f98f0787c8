"""PostgreSQL clusters of the test's own, for the read-replica tests (tests/core/test_replica.py):
a private primary holding a copy of the test database, and a streaming replica of it made with
pg_basebackup.

Why a private primary rather than a replica of the shared test server: a hot standby opens for
reads only once no transaction of the primary that was running at its start has overflowed its
subtransaction cache (more than 64 savepoints). On a server that other test runs use at the same
time (CI runs the clock-ahead pass beside the main pass; engineers share one server) such a
transaction is nearly always open: every non-transactional test is one long transaction, with a
savepoint per `atomic()`. The standby then never opens, whatever the clock. A copy of the whole
shared server is also as large as every database on it. The private pair holds one small
database, and only the replica tests write to it.

Both clusters live in one folder under /tmp, owned by the `postgres` OS user when the tests run as
root (PostgreSQL refuses to run as root), run on the real clock (never under libfaketime), and
are stopped and removed by `stop()`.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from tests.services import _port_is_free, _without_faketime

PORTS = range(5490, 5530)


def _bindir() -> Path:
    done = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True)
    return Path(done.stdout.strip())


class _Cluster:
    """One PostgreSQL cluster in a folder of its own, on a free port of 5490-5529."""

    def __init__(self, workdir: Path, name: str):
        # Start the search at a place of this process' own: CI's two passes start their pairs
        # at the same moment, and two searches from the same end would pick the same port.
        start = (os.getpid() * 7) % len(PORTS)
        ordered = [*PORTS[start:], *PORTS[:start]]
        self.port = next((p for p in ordered if _port_is_free(p)), None)
        if self.port is None:
            pytest.fail("no free port in 5490-5529 for a test PostgreSQL cluster")
        self.workdir = workdir
        self.data = workdir / name
        self.log_path = workdir / f"{name}.log"
        self.bindir = _bindir()
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def run(self, *command: str, timeout: float = 240, stdin=None, env=None) -> str:
        done = subprocess.run(
            [*self.as_postgres, *command],
            capture_output=True,
            text=True,
            timeout=timeout,
            input=stdin,
            env={**_without_faketime(os.environ), **(env or {})},
        )
        if done.returncode:
            raise RuntimeError(f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def tool(self, name: str) -> str:
        return str(self.bindir / name)

    def configure(self, extra: str = "") -> None:
        """Small config files of our own (Debian keeps its own outside the data folder)."""
        files = {
            "postgresql.conf": (
                f"port = {self.port}\n"
                "listen_addresses = '127.0.0.1'\n"
                f"unix_socket_directories = '{self.workdir}'\n"
                "shared_buffers = 16MB\n"
                "max_connections = 40\n"
                # Throwaway clusters: durability buys nothing here.
                "fsync = off\n"
                "full_page_writes = off\n" + extra
            ),
            "pg_hba.conf": (
                "host all all 127.0.0.1/32 trust\nhost replication all 127.0.0.1/32 trust\n"
            ),
            "pg_ident.conf": "",
        }
        for name, text in files.items():
            path = self.data / name
            path.write_text(text)
            if self.as_postgres:
                shutil.chown(path, "postgres", "postgres")

    def start(self) -> None:
        self.run(
            self.tool("pg_ctl"), "-D", str(self.data), "-l", str(self.log_path),
            # Replaying the WAL written during a copy takes long only on a busy machine.
            "-w", "-t", "180", "start",
        )  # fmt: skip

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            with contextlib.suppress(Exception):
                self.run(self.tool("pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")


class ReplicatedPair:
    """A private primary with a copy of one database of the test server, and its hot standby."""

    def __init__(self, *, source: dict, database: str):
        self.source = source  # host, port, user, password of the server with the test database
        self.database = database
        self.workdir = Path(tempfile.mkdtemp(prefix="gz-replica-"))
        as_postgres = os.geteuid() == 0
        if as_postgres:
            shutil.chown(self.workdir, "postgres", "postgres")
        self.workdir.chmod(0o700)
        self.primary: _Cluster | None = None
        self.replica: _Cluster | None = None

    def start(self) -> None:
        primary = self.primary = _Cluster(self.workdir, "primary")
        primary.run(
            primary.tool("initdb"), "-D", str(primary.data), "-U", "postgres", "-A", "trust",
            "-E", "UTF8", "--locale=C.UTF-8", "-N",
        )  # fmt: skip
        primary.configure("wal_level = replica\nmax_wal_senders = 4\n")
        primary.start()
        here = ["-h", "127.0.0.1", "-p", str(primary.port), "-U", "postgres"]
        primary.run(primary.tool("createdb"), *here, self.database)
        # The test database as migrations left it (schema and the rows data migrations wrote).
        dump = primary.run(
            primary.tool("pg_dump"), "-h", self.source["host"], "-p", str(self.source["port"]),
            "-U", self.source["user"], "--no-owner", "--no-privileges", self.database,
            env={"PGPASSWORD": self.source["password"]} if self.source.get("password") else None,
        )  # fmt: skip
        primary.run(
            primary.tool("psql"), *here, "-q", "-v", "ON_ERROR_STOP=1", "-d", self.database,
            stdin=dump,
        )  # fmt: skip
        replica = self.replica = _Cluster(self.workdir, "replica")
        conninfo = f"host=127.0.0.1 port={primary.port} user=postgres application_name=gz_test"
        # -R writes standby.signal and primary_conninfo; -N: a throwaway copy needs no fsync.
        primary.run(
            primary.tool("pg_basebackup"), "-d", conninfo, "-D", str(replica.data),
            "-R", "-X", "stream", "-c", "fast", "-N",
        )  # fmt: skip
        replica.configure("hot_standby = on\n")
        replica.start()

    def log(self) -> str:
        return "\n".join(
            f"-- {cluster.data.name}:\n{cluster.log()}"
            for cluster in (self.primary, self.replica)
            if cluster is not None
        )

    def stop(self) -> None:
        for cluster in (self.replica, self.primary):
            if cluster is not None:
                cluster.stop()
        shutil.rmtree(self.workdir, ignore_errors=True)
