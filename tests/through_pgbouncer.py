"""Run the suite's API tests through a real PgBouncer in transaction mode (`make test-pgbouncer`).

Production puts PgBouncer (pool_mode = transaction) between the web and worker processes and
PostgreSQL (compose.yaml, deploy/k8s/). In that mode one client's statements may run on a
different server session at each transaction, so anything kept in a session breaks: server-side
prepared statements (DB_PREPARED_STATEMENTS=0 there), session advisory locks, SET without LOCAL.
This starts Debian's `pgbouncer` on a free port in front of DATABASE_URL's server, runs the API
tests (migrations included: the test database is built through it) with DATABASE_URL pointing at
it, then stops it and drops the test database directly on PostgreSQL (PgBouncer keeps server
connections open, which would make Django's own DROP DATABASE fail).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gongzhi make test-pgbouncer [ARGS="-k quiz"]
"""

from __future__ import annotations

import glob
import os
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

REPO_ROOT = Path(__file__).resolve().parent.parent
API_TESTS = sorted(glob.glob(str(REPO_ROOT / "tests" / "*" / "test_api*.py")))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def psql(server, sql: str) -> None:
    subprocess.run(
        ["psql", "-h", server.hostname or "127.0.0.1", "-p", str(server.port or 5432),
         "-U", server.username or "postgres", "-d", "postgres", "-qAtc", sql],
        check=True,
        env={**os.environ, **({"PGPASSWORD": server.password} if server.password else {})},
    )  # fmt: skip


def write_config(workdir: Path, server, port: int) -> Path:
    host, server_port = server.hostname or "127.0.0.1", server.port or 5432
    ini = workdir / "pgbouncer.ini"
    ini.write_text(
        "[databases]\n"
        # Any database name (the test database too) goes to the same server.
        f"* = host={host} port={server_port}\n"
        "[pgbouncer]\n"
        f"listen_addr = 127.0.0.1\nlisten_port = {port}\n"
        f"unix_socket_dir = {workdir}\n"
        f"logfile = {workdir / 'pgbouncer.log'}\npidfile = {workdir / 'pgbouncer.pid'}\n"
        # The server trusts 127.0.0.1 (as the test server does); a real one uses scram + auth_query.
        "auth_type = trust\n"
        f"auth_file = {workdir / 'userlist.txt'}\n"
        "pool_mode = transaction\n"
        "default_pool_size = 10\nmax_client_conn = 200\n"
        # Few server sessions for many clients: the point of the exercise.
        "max_db_connections = 20\n"
    )
    user = server.username or "postgres"
    (workdir / "userlist.txt").write_text(f'"{user}" ""\n')
    return ini


def main(argv: list[str]) -> int:
    database_url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/gongzhi")
    server = urlparse(database_url)
    if not server.scheme.startswith("postgres"):
        print("make test-pgbouncer needs DATABASE_URL=postgres://...", file=sys.stderr)
        return 2
    if shutil.which("pgbouncer") is None:
        print("pgbouncer is not installed (apt-get install pgbouncer)", file=sys.stderr)
        return 2
    name = server.path.lstrip("/") or "gongzhi"
    test_database = f"test_{name}_pgbouncer"
    port = free_port()
    workdir = Path(tempfile.mkdtemp(prefix="gz-pgbouncer-"))
    ini = write_config(workdir, server, port)
    # PgBouncer refuses to run as root: -u drops to the postgres user, who must own its files.
    as_user = ["-u", "postgres"] if os.geteuid() == 0 else []
    if as_user:
        for path in [workdir, *workdir.iterdir()]:
            shutil.chown(path, "postgres", "postgres")
    psql(server, f'DROP DATABASE IF EXISTS "{test_database}"')
    bouncer = subprocess.Popen(["pgbouncer", "-q", *as_user, str(ini)])
    try:
        deadline = time.monotonic() + 15
        while True:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            if bouncer.poll() is not None or time.monotonic() > deadline:
                log = workdir / "pgbouncer.log"
                print(log.read_text() if log.exists() else "", file=sys.stderr)
                print("pgbouncer did not start", file=sys.stderr)
                return 2
            time.sleep(0.1)
        credentials = server.username or "postgres"
        if server.password:
            credentials += f":{server.password}"
        env = {
            **os.environ,
            "DATABASE_URL": f"postgres://{credentials}@127.0.0.1:{port}/{name}",
            "DB_PREPARED_STATEMENTS": "0",
        }
        command = [
            sys.executable, "-m", "pytest", *API_TESTS, "-m", "not e2e and not fuzz",
            "-p", "no:cacheprovider", "--reuse-db", "-q", *argv,
        ]  # fmt: skip
        # A test database of its own: this run never meets the suite's (config/test_settings.py).
        env["TEST_DATABASE_NAME"] = test_database
        print(f"== API tests through PgBouncer (transaction mode) on 127.0.0.1:{port}", flush=True)
        print(f"   {len(API_TESTS)} files: {shlex.join(command[3:])}", flush=True)
        return subprocess.run(command, cwd=REPO_ROOT, env=env).returncode
    finally:
        bouncer.terminate()
        bouncer.wait(timeout=15)
        psql(server, f'DROP DATABASE IF EXISTS "{test_database}"')
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
