"""Prepared statements: once per server session, per thread, again after a reconnect."""

import threading

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from core.prepared import execute_prepared

pytestmark = pytest.mark.django_db

SQL = "SELECT CAST(%s AS integer) + CAST(%s AS integer), '%%'"


def _run(a: int, b: int):
    with connection.cursor() as cursor:
        execute_prepared(cursor, SQL, [a, b])
        return cursor.fetchone()


@pytest.mark.postgres
def test_a_statement_is_prepared_once_then_executed():
    with CaptureQueriesContext(connection) as queries:
        assert _run(1, 2) == (3, "%")
        assert _run(40, 2) == (42, "%")
    sql = [query["sql"] for query in queries]
    assert (
        sql[0].startswith("PREPARE gz_")
        and "CAST($1 AS integer) + CAST($2 AS integer), '%'" in sql[0]
    )
    assert [s.split(" (")[0] for s in sql[1:]] == [
        sql[0].split(" AS ")[0].replace("PREPARE", "EXECUTE")
    ] * 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_each_thread_and_each_new_session_prepares_its_own():
    results = []

    def work():
        try:
            results.append([_run(i, 1)[0] for i in range(3)])
        except Exception as error:  # asserted on below
            results.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert results == [[1, 2, 3]] * 4
    assert _run(2, 2)[0] == 4
    # a new server session (the old one closed) has nothing prepared: it prepares again
    connection.close()
    assert _run(3, 3)[0] == 6


def test_without_postgresql_or_when_switched_off_it_is_a_plain_execute(settings):
    settings.DB_PREPARED_STATEMENTS = False
    with CaptureQueriesContext(connection) as queries:
        assert _run(1, 2) == (3, "%")
    assert queries[0]["sql"].startswith("SELECT")
