"""The pinning flag's scopes (core.replica) without a replica: what a task or request leaves
behind. The routing itself is tested against a real replica in test_replica.py."""

from types import SimpleNamespace

import pytest
from django.db import DEFAULT_DB_ALIAS, connections

from core import replica


@pytest.fixture
def replica_on(monkeypatch):
    monkeypatch.setattr(replica, "replica_configured", lambda: True)


def test_without_a_replica_every_read_goes_to_the_default_database():
    router = replica.PrimaryReplicaRouter()
    assert router.db_for_read(None) == DEFAULT_DB_ALIAS
    assert router.db_for_write(None) == DEFAULT_DB_ALIAS
    assert replica.pinned_to_primary() is False
    assert router.allow_migrate(replica.REPLICA, "core") is False


def test_a_task_starts_pinned_and_leaves_the_callers_flag_as_it_found_it(replica_on):
    wrappers = list(connections[DEFAULT_DB_ALIAS].execute_wrappers)
    with replica.pinned_scope(False):
        replica.task_scope_enter(task_id="t1", task=SimpleNamespace())
        assert replica.pinned_to_primary() is True
        replica.task_scope_leave(task_id="t1")
        assert replica.pinned_to_primary() is False
    assert connections[DEFAULT_DB_ALIAS].execute_wrappers == wrappers


def test_a_read_only_task_may_read_from_the_replica(replica_on):
    with replica.pinned_scope(False):
        replica.task_scope_enter(task_id="t2", task=SimpleNamespace(replica_reads=True))
        assert replica.pinned_to_primary() is False
        replica.task_scope_leave(task_id="t2")


def test_an_eager_retry_under_the_same_id_unwinds_both_runs(replica_on):
    wrappers = list(connections[DEFAULT_DB_ALIAS].execute_wrappers)
    with replica.pinned_scope(False):
        replica.task_scope_enter(task_id="t3", task=SimpleNamespace())
        replica.task_scope_enter(task_id="t3", task=SimpleNamespace())
        replica.task_scope_leave(task_id="t3")
        assert replica.pinned_to_primary() is True
        replica.task_scope_leave(task_id="t3")
        assert replica.pinned_to_primary() is False
    assert connections[DEFAULT_DB_ALIAS].execute_wrappers == wrappers
    assert "t3" not in replica._task_scopes
