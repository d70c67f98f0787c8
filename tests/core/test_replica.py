"""The replica router against a real streaming replica (issue 19, item 4).

The module copies the test database into a private PostgreSQL primary and makes a streaming
replica of that with pg_basebackup (tests/pg_clusters.py says why not of the shared test server);
the module's tests run against that pair. Each test pauses the replica's replay (pg_wal_replay_pause) before its marker
row is written, so a row written afterwards is on the primary only: a request that sees it was
served by the primary, one that does not was served by the replica.
"""

import subprocess
import time
from contextlib import contextmanager

import psycopg2
import pytest
from django.db import close_old_connections, connections
from django.urls import reverse

from core.replica import PIN_COOKIE, REPLICA, pinned_scope, replica_state
from notifications.models import Message
from notifications.services import notify
from notifications.tasks import message_email_task
from tests.accounts.factories import UserFactory
from tests.pg_clusters import ReplicatedPair

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, databases=["default", REPLICA]),
]


def _connect(settings_dict, port=None):
    return psycopg2.connect(
        host=settings_dict["HOST"] or "127.0.0.1",
        port=port or settings_dict["PORT"] or 5432,
        user=settings_dict["USER"] or "postgres",
        password=settings_dict["PASSWORD"] or None,
        dbname=settings_dict["NAME"],
    )


def _wait(predicate, what: str, timeout: float = 60.0):
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.1)


class Replica:
    """Control of the running replica: its alias' settings, catching up, pausing its replay."""

    def __init__(self, pair: ReplicatedPair, primary_settings: dict):
        self.pair = pair
        self.primary_settings = primary_settings
        self.sql = _connect(primary_settings, port=pair.replica.port)
        self.sql.autocommit = True

    def scalar(self, sql: str):
        with self.sql.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchone()[0]

    def catch_up(self) -> None:
        primary = _connect(self.primary_settings)
        try:
            with primary.cursor() as cursor:
                # The insert position, not the write position: under synchronous_commit=off
                # (CI's server) a commit returns before its WAL is written, and a replica
                # "caught up" to the write position could still miss the row just committed.
                cursor.execute("SELECT pg_current_wal_insert_lsn()::text")
                target = cursor.fetchone()[0]
        finally:
            primary.close()
        _wait(
            lambda: self.scalar(f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn"),
            "the replica to replay the primary's last write",
        )

    @contextmanager
    def replay_paused(self):
        """Everything committed before is visible on the replica, nothing committed inside."""
        self.catch_up()
        self.scalar("SELECT pg_wal_replay_pause()::text")
        _wait(lambda: self.scalar("SELECT pg_get_wal_replay_pause_state()") == "paused", "pause")
        try:
            yield
        finally:
            self.scalar("SELECT pg_wal_replay_resume()::text")


@contextmanager
def _default_database_on(host: str, port: int):
    """Point the `default` alias (the test database) at another server for a while."""
    default = connections["default"]
    saved = {key: default.settings_dict[key] for key in ("HOST", "PORT")}
    default.close()
    default.settings_dict.update(HOST=host, PORT=port)
    try:
        yield
    finally:
        connections["default"].close()
        connections["default"].settings_dict.update(saved)


@pytest.fixture(scope="module")
def replica(django_db_setup, django_db_blocker):
    primary = connections["default"].settings_dict
    pair = ReplicatedPair(
        source={
            "host": primary["HOST"] or "127.0.0.1",
            "port": int(primary["PORT"] or 5432),
            "user": primary["USER"] or "postgres",
            "password": primary["PASSWORD"] or "",
        },
        database=primary["NAME"],
    )
    try:
        pair.start()
    except (RuntimeError, OSError, subprocess.TimeoutExpired) as error:
        log = pair.log()
        pair.stop()
        pytest.fail(f"could not start a private primary and its streaming replica.\n{error}\n{log}")
    try:
        # The module's tests run against the private primary (a copy of the test database).
        with _default_database_on("127.0.0.1", pair.primary.port):
            control = Replica(pair, connections["default"].settings_dict)
            _wait(
                lambda: control.scalar("SELECT count(*) FROM pg_stat_wal_receiver "
                                       "WHERE status = 'streaming'"),
                "the replica to stream",
            )  # fmt: skip
            # The router's replica alias: the same test database, on the replica's port.
            connections.databases[REPLICA] = {
                **connections["default"].settings_dict,
                "PORT": pair.replica.port,
                "TEST": {"MIRROR": "default"},
            }
            try:
                yield control
            finally:
                control.sql.close()
    finally:
        replica_state.down_at = 0.0
        connections.databases.pop(REPLICA, None)
        if hasattr(connections._connections, REPLICA):
            connections[REPLICA].close()
            del connections[REPLICA]
        pair.stop()


@pytest.fixture(autouse=True)
def _unpinned():
    """Each test starts unpinned, as a fresh shell would, and leaves the test process' flag as it
    found it: the test's own writes (outside any request) pin it, and that must not outlive the
    test (test_replica_scopes.py reads the flag)."""
    with pinned_scope(False):
        yield


@pytest.fixture
def resident(client):
    user = UserFactory()
    client.force_login(user)
    notify(user, title="before the pause", email=False)
    return user


@pytest.mark.urls("tests.core.replica_urls")
def test_a_read_right_after_a_write_in_one_request_returns_the_new_row(replica, client, resident):
    with replica.replay_paused():
        # when one request writes a message (a service) and then lists the inbox (a selector)
        response = client.post("/notice-then-inbox/", {"title": "written in this request"})
        # then the list has the new row: after the write, the request read from the primary
        assert response.status_code == 200
        assert sorted(response.json()["titles"]) == ["before the pause", "written in this request"]
        # and the replica, paused, has not seen it (so the primary served the read)
        assert replica.scalar("SELECT count(*) FROM notifications_message") == 1
        # and the browser is pinned to the primary for a few seconds (the redirect's next page)
        assert response.cookies[PIN_COOKIE]["max-age"] == 10


def test_a_read_only_request_is_served_by_the_replica(replica, client, resident):
    with replica.replay_paused():
        # given a row written on the primary after the replica stopped replaying
        notify(resident, title="only on the primary", email=False)
        # when the resident reads the inbox
        response = client.get(reverse("api-messages"))
        # then the answer comes from the replica: the old row, not the new one
        assert response.status_code == 200
        assert [m["title"] for m in response.json()["results"]] == ["before the pause"]
        assert PIN_COOKIE not in response.cookies
    # and once the replica has replayed it, the same read shows it
    replica.catch_up()
    titles = [m["title"] for m in client.get(reverse("api-messages")).json()["results"]]
    assert sorted(titles) == ["before the pause", "only on the primary"]


def test_a_browser_that_wrote_reads_from_the_primary_on_its_next_page(replica, client, resident):
    message = Message.objects.get(recipient=resident)
    with replica.replay_paused():
        # when the resident marks a message read (a POST), then opens the inbox
        assert client.post(reverse("api-message-read", args=[message.pk])).status_code == 200
        notify(resident, title="after the write", email=False)
        response = client.get(reverse("api-messages"))
        # then the inbox comes from the primary (the pin cookie), with everything in it
        titles = [m["title"] for m in response.json()["results"]]
        assert sorted(titles) == ["after the write", "before the pause"]


def test_a_task_reads_its_row_from_the_primary_even_while_the_replica_lags(
    replica, resident, settings
):
    resident.email = "resident@example.com"
    resident.save(update_fields=["email"])
    with replica.replay_paused():
        # given a message committed on the primary only
        message = notify(resident, title="to be emailed", email=False).message
        # when its email task runs (queued by that commit)
        # (an eager result: nothing to wait for, even after a test ran a worker in this process)
        sent = message_email_task.apply(args=[message.pk]).get(disable_sync_subtasks=False)
        # then the task found its row: tasks read from the primary
        assert sent is True


# Last in the module: it stops the replica.
def test_with_the_replica_gone_reads_go_to_the_primary_and_healthz_says_degraded(
    replica, client, resident, caplog
):
    # given a resident who read the inbox from the replica (the connection is kept open), once
    # the replica has replayed the log-in (a real log-in is a POST, which pins the browser)
    replica.catch_up()
    assert client.get(reverse("api-messages")).status_code == 200
    # when the replica stops
    replica.sql.close()
    replica.pair.replica.stop()
    notify(resident, title="while the replica is away", email=False)
    # (what a server does at each request's start, and Django's test client leaves out)
    close_old_connections()
    # then the inbox is served by the primary, with everything in it
    response = client.get(reverse("api-messages"))
    assert response.status_code == 200
    assert "while the replica is away" in [m["title"] for m in response.json()["results"]]
    assert "replica unreachable: reads go to the primary" in caplog.text
    # and /healthz tells the operator, without taking the web process out of rotation
    health = client.get(reverse("healthz"))
    assert health.status_code == 200
    assert health.json()["status"] == "degraded"
    assert health.json()["checks"]["replica"] == "unreachable"
