"""Reads from a PostgreSQL streaming replica, writes and reads-after-write on the primary.

With `DATABASE_REPLICA_URL` set, settings add a `replica` database and this router sends the
ORM's reads there (selectors, list pages, the API's GETs), until something in the same request or
task touches the primary; from then on every read goes to the primary too ("pinned"), so a
service's write followed by a selector's read returns the new row. Pinned are:

- a request, from its first statement on the primary (a write, a `select_for_update`, anything in
  `transaction.atomic`) to its end; a browser that wrote is pinned for REPLICA_PIN_SECONDS more
  (a cookie), so the page it is redirected to shows its change even while the replica lags;
- a Celery task, from its start: every task is queued by a commit the replica may not have
  replayed yet, and loading its row by id from there could find nothing. A read-only task that
  can live with a lag of seconds opts in with `@shared_task(replica_reads=True)`;
- anything else (shell, management commands) after its first statement on the primary.

If the replica cannot be reached, reads go to the primary (logged once) and the replica is tried
again after REPLICA_RETRY_SECONDS: losing the replica makes the primary busier, never the portal
unavailable.

Without the setting nothing here runs: the router answers the default database and the
middleware returns at once.
"""

from __future__ import annotations

import contextvars
import logging
import threading
import time
from contextlib import contextmanager

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

logger = logging.getLogger(__name__)

REPLICA = "replica"
PIN_COOKIE = "gz_primary"

_pinned: contextvars.ContextVar[bool] = contextvars.ContextVar("pinned_to_primary", default=False)


def replica_configured() -> bool:
    return REPLICA in connections.databases


class _ReplicaState:
    """What this process knows of the replica: when connecting to it last failed (0 = fine)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.down_at = 0.0

    def usable(self) -> bool:
        if self.down_at and time.monotonic() - self.down_at < settings.REPLICA_RETRY_SECONDS:
            return False
        replica = connections[REPLICA]
        # Django's own check of a kept connection (CONN_HEALTH_CHECKS), once per request or task,
        # done here so that a replica gone since the last request is noticed before a query.
        replica.close_if_health_check_failed()
        if replica.connection is not None:
            return True
        try:
            replica.ensure_connection()
        except DatabaseError as error:
            with self.lock:
                first = not self.down_at
                self.down_at = time.monotonic()
            if first:
                logger.warning("replica unreachable: reads go to the primary (%s)", error)
            return False
        if self.down_at:
            with self.lock:
                self.down_at = 0.0
            logger.warning("replica reachable again: reads go to it")
        return True


replica_state = _ReplicaState()


def pinned_to_primary() -> bool:
    return _pinned.get()


def pin_to_primary() -> None:
    """Send this request's (or task's) remaining reads to the primary."""
    _pinned.set(True)


@contextmanager
def pinned_scope(pinned: bool):
    """A request or task: starts pinned or not, and leaves the caller's flag as it found it."""
    token = _pinned.set(pinned)
    try:
        yield
    finally:
        _pinned.reset(token)


def _pin_on_primary_statement(execute, sql, params, many, context):
    # Only pinned work, transactions and writes reach the primary: each of them pins.
    _pinned.set(True)
    return execute(sql, params, many, context)


@contextmanager
def watching_the_primary():
    """Pin as soon as a statement runs on the primary (raw SQL included, not only the ORM)."""
    wrappers = connections[DEFAULT_DB_ALIAS].execute_wrappers
    wrappers.append(_pin_on_primary_statement)
    try:
        yield
    finally:
        wrappers.remove(_pin_on_primary_statement)


class PrimaryReplicaRouter:
    """The one rule of where a query goes (settings.DATABASE_ROUTERS)."""

    def db_for_read(self, model, **hints):
        if not replica_configured() or _pinned.get():
            return DEFAULT_DB_ALIAS
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            # A read inside a service's transaction belongs to that transaction.
            _pinned.set(True)
            return DEFAULT_DB_ALIAS
        return REPLICA if replica_state.usable() else DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        if replica_configured():
            _pinned.set(True)
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one database, two copies of it

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS


class PinToPrimaryMiddleware:
    """One pinning flag per request; a request that wrote pins the browser for a few seconds."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not replica_configured():
            return self.get_response(request)
        carried_cookie = PIN_COOKIE in request.COOKIES
        with pinned_scope(carried_cookie), watching_the_primary():
            response = self.get_response(request)
            touched_primary = _pinned.get() and not carried_cookie
        if touched_primary or request.method not in ("GET", "HEAD", "OPTIONS"):
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.REPLICA_PIN_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response


class _TaskScope:
    def __init__(self, *, pinned: bool):
        self.pinned = pinned
        self._scopes = [pinned_scope(pinned), watching_the_primary()]

    def enter(self) -> None:
        for scope in self._scopes:
            scope.__enter__()

    def leave(self) -> None:
        for scope in reversed(self._scopes):
            scope.__exit__(None, None, None)


# A stack per task id: an eager task retried runs again, inside its first run, under its own id.
_task_scopes: dict[str, list[_TaskScope]] = {}


def task_scope_enter(task_id=None, task=None, **_kwargs) -> None:
    """celery task_prerun: a task starts pinned unless it asked for replica reads."""
    if not replica_configured() or task_id is None:
        return
    scope = _TaskScope(pinned=not getattr(task, "replica_reads", False))
    scope.enter()
    _task_scopes.setdefault(task_id, []).append(scope)


def task_scope_leave(task_id=None, **_kwargs) -> None:
    """celery task_postrun: back to the flag of whoever ran the task (eager tasks run inline)."""
    scopes = _task_scopes.get(task_id)
    if not scopes:
        return
    scopes.pop().leave()
    if not scopes:
        del _task_scopes[task_id]
