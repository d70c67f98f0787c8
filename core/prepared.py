"""Server-side prepared statements for the few hottest hand-written statements (PostgreSQL).

psycopg2 sends every statement as text, so PostgreSQL parses and plans it on each execution.
For a wide join that costs more than running it: measured with pgbench on the quiz answer's
read (five tables, one row), 0.60 ms as text against 0.20 ms prepared. `execute_prepared()`
PREPAREs a statement once per database connection (the connections are kept: CONN_MAX_AGE),
then EXECUTEs it. It is what psycopg 3 does by itself after five executions; the stack is on
psycopg2.

A prepared statement lives in the server session. A pooler that hands one session to many
clients (PgBouncer in transaction mode) would lose them: set DB_PREPARED_STATEMENTS=0 there.
It survives a rolled-back transaction, so recording it as prepared once PREPARE succeeded holds.
"""

import hashlib
import re

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

_PLACEHOLDER = re.compile(r"%(s|%)")


def _numbered(sql: str) -> tuple[str, int]:
    """`sql` with psycopg2's %s placeholders as $1, $2, ... (and %% as %); their count."""
    count = 0

    def number(match):
        nonlocal count
        if match.group(1) == "%":
            return "%"
        count += 1
        return f"${count}"

    return _PLACEHOLDER.sub(number, sql), count


def execute_prepared(cursor, sql: str, params) -> None:
    """cursor.execute(sql, params), as a prepared statement on PostgreSQL when enabled.

    `sql` is a fixed text (its placeholders %s): one prepared statement per distinct text.
    """
    # The thread's own connection (django.db.connection is a proxy shared by all threads).
    db = connections[DEFAULT_DB_ALIAS]
    if db.vendor != "postgresql" or not getattr(settings, "DB_PREPARED_STATEMENTS", True):
        cursor.execute(sql, params)
        return
    raw = db.connection
    state = db.__dict__.get("_prepared_statements")
    if state is None or state[0] is not raw:  # a new server session: nothing prepared in it yet
        state = (raw, {})
        db.__dict__["_prepared_statements"] = state
    prepared = state[1]
    known = prepared.get(sql)
    if known is None:
        numbered, count = _numbered(sql)
        name = "gz_" + hashlib.sha1(sql.encode()).hexdigest()[:20]
        cursor.execute(f"PREPARE {name} AS {numbered}")
        known = prepared[sql] = (name, count)
    name, count = known
    if count:
        cursor.execute(f"EXECUTE {name} ({', '.join(['%s'] * count)})", params)
    else:
        cursor.execute(f"EXECUTE {name}")


def any_of(column: str, values) -> tuple[str, list]:
    """(`column` among `values` as SQL, its parameters) for a statement given to execute_prepared.

    On PostgreSQL one array parameter (`column = ANY(%s)`): the statement's text, hence the
    prepared statement, is the same whatever the number of values. Elsewhere `IN (%s, ...)`.
    """
    values = list(values)
    if connections[DEFAULT_DB_ALIAS].vendor == "postgresql":
        return f"{column} = ANY(%s)", [values]
    if not values:
        return "1 = 0", []
    return f"{column} IN ({', '.join(['%s'] * len(values))})", values


class PreparedRows:
    """A list read written by hand as prepared statements, as a sequence a Paginator pages through.

    A subclass sets `_from` (its FROM ... WHERE) with `_params`, and gives `_page()`: the page's
    SELECT ... ORDER BY over the same FROM and the parameters its columns take before `_params`;
    `_cards(rows)` turns the fetched rows into what the template shows. A slice is one statement
    (LIMIT/OFFSET); `count()` one COUNT(*) over the same FROM, kept for the object's life.
    """

    ordered = True  # for the Paginator: the statement has its ORDER BY
    _from: str
    _params: list
    _count: int | None = None

    def _page(self) -> tuple[str, list]:
        raise NotImplementedError

    def _cards(self, rows: list[tuple]) -> list:
        raise NotImplementedError

    def count(self) -> int:
        if self._count is None:
            with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
                execute_prepared(cursor, f"SELECT COUNT(*) {self._from}", self._params)
                self._count = cursor.fetchone()[0]
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, rows: slice) -> list:
        if not isinstance(rows, slice) or rows.step is not None:
            raise TypeError(f"{type(self).__name__} pages by slices")
        start = rows.start or 0
        limit = (rows.stop - start) if rows.stop is not None else 1000
        sql, leading = self._page()
        params = [*leading, *self._params, max(0, limit), start]
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            execute_prepared(cursor, f"{sql} LIMIT %s OFFSET %s", params)
            return self._cards(cursor.fetchall())
