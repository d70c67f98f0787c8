"""Counts kept per place, so a district's workbench reads a few rows instead of counting its
330,000 cases on every view.

A counter is a (place, kind) row whose value covers the place's whole subtree. The service that
changes the counted rows calls `counters_add` in the same transaction as the change, with the
place the change happened at: the delta goes to that place and to every ancestor. Each app that
keeps counters registers a *source* (`register_counter_source`): the kinds it owns and a function
that counts them from scratch at the places where the rows are (path, kind, count). The same app
states the rule once (which rows count for which kind) and uses it both in its services and in
its source, so `counters_rebuild` (the `counters_rebuild` command, `seed_scale`, the bench after
their bulk COPY, and the migration that added the table) gives what the increments give.

Concurrency: the increment is one `INSERT ... ON CONFLICT DO UPDATE SET value = value + delta`
over the rows in a fixed order (no lost update, no deadlock between two increments); it first
locks the place's node row, so a move of the subtree (`counters_move`, which rewrites those rows)
waits for it or is seen by it. The hot rows (the district's) are held only from the increment to
the commit: services call it as their last write.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from django.db import connection, transaction

from communities.models import Node, PlaceCounter

# (path of the place the rows are at, kind, count)
CountRows = Iterable[tuple[str, str, int]]
CODE_CHUNK = 5000


@dataclass(frozen=True)
class CounterSource:
    name: str
    kinds: tuple[str, ...]
    count_rows: Callable[[], CountRows]


SOURCES: dict[str, CounterSource] = {}


def register_counter_source(name: str, kinds: Iterable[str], count_rows: Callable[[], CountRows]):
    """Declare the kinds an app keeps and how to count them from scratch (AppConfig.ready)."""
    SOURCES[name] = CounterSource(name, tuple(kinds), count_rows)


def _upsert(rows: Iterable[tuple[int, str, int]]) -> None:
    """Add each (node id, kind, delta) to its counter, creating missing rows: one statement,
    rows in (node, kind) order so concurrent increments lock them in the same order."""
    rows = sorted((node_id, kind, delta) for node_id, kind, delta in rows if delta)
    if not rows:
        return
    table = connection.ops.quote_name(PlaceCounter._meta.db_table)
    values = ", ".join(["(%s, %s, %s)"] * len(rows))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (node_id, kind, value) VALUES {values} "
            f"ON CONFLICT (node_id, kind) DO UPDATE SET value = {table}.value + EXCLUDED.value",
            [value for row in rows for value in row],
        )


def _ids_of_codes(codes: Iterable[str]) -> dict[str, int]:
    codes = list(codes)
    ids: dict[str, int] = {}
    for start in range(0, len(codes), CODE_CHUNK):
        chunk = codes[start : start + CODE_CHUNK]
        ids.update(Node.objects.filter(code__in=chunk).values_list("code", "pk"))
    return ids


def counters_add(*, node_id: int, deltas: Mapping[str, int]) -> None:
    """Add `deltas` ({kind: delta}) for a change at the place `node_id`, to it and to every
    ancestor. Call it inside the transaction of the change, after the change."""
    deltas = {kind: delta for kind, delta in deltas.items() if delta}
    if not deltas:
        return
    with transaction.atomic():
        # The place's row locked: a move of its subtree waits for this change to commit, or
        # has committed and this reads the new path.
        path = (
            Node.objects.select_for_update(no_key=connection.features.has_select_for_no_key_update)
            .values_list("path", flat=True)
            .get(pk=node_id)
        )
        ids = _ids_of_codes(Node.codes_on_paths([path])).values()
        _upsert((pk, kind, delta) for pk in ids for kind, delta in deltas.items())


def counters_of(*, node: Node, kinds: Iterable[str]) -> dict[str, int]:
    """The values of `kinds` at `node` (0 for a kind never counted there): one query."""
    kinds = list(kinds)
    values = dict.fromkeys(kinds, 0)
    values.update(
        PlaceCounter.objects.filter(node=node, kind__in=kinds).values_list("kind", "value")
    )
    return values


def counters_move(*, node: Node, old_path: str) -> None:
    """`node` moved from `old_path` to `node.path`: what its subtree counts leaves the old
    ancestors and joins the new ones. Call it after the subtree's rows were rewritten (their
    locks keep increments inside the subtree waiting until the move commits)."""
    old = [code for code in Node.codes_on_paths([old_path]) if code != node.code]
    new = list(node.ancestor_codes)
    if set(old) == set(new):
        return
    values = dict(
        PlaceCounter.objects.select_for_update()
        .filter(node=node)
        .exclude(value=0)
        .values_list("kind", "value")
    )
    ids = _ids_of_codes(set(old) | set(new))
    deltas: dict[tuple[int, str], int] = defaultdict(int)
    for kind, value in values.items():
        for code in old:
            deltas[ids[code], kind] -= value
        for code in new:
            deltas[ids[code], kind] += value
    _upsert((pk, kind, delta) for (pk, kind), delta in deltas.items())


@transaction.atomic
def counters_rebuild(names: Iterable[str] | None = None) -> dict[str, int]:
    """Count every registered source (or those named) from scratch and replace its counters.
    Returns the number of counter rows written per source."""
    if connection.vendor == "postgresql":
        # Increments wait until the new counts are in (and the counts see every increment
        # committed before): a change counted twice or never is impossible.
        table = connection.ops.quote_name(PlaceCounter._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")
    written = {}
    for name in list(names) if names is not None else list(SOURCES):
        source = SOURCES[name]
        totals: dict[tuple[str, str], int] = defaultdict(int)
        for path, kind, count in source.count_rows():
            if kind not in source.kinds:
                raise ValueError(f"counter source {name} gave an undeclared kind {kind}")
            for code in Node.codes_on_paths([path]):
                totals[code, kind] += count
        ids = _ids_of_codes({code for code, _kind in totals})
        PlaceCounter.objects.filter(kind__in=source.kinds).delete()
        rows = [
            PlaceCounter(node_id=ids[code], kind=kind, value=value)
            for (code, kind), value in totals.items()
            if value
        ]
        PlaceCounter.objects.bulk_create(rows, batch_size=5000)
        written[name] = len(rows)
    return written
