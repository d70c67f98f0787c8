"""compose.yaml's production shape (issue 19, item 4): a worker per Celery queue and one beat,
the portal reaching PostgreSQL through PgBouncer in transaction mode with prepared statements
off, as `make test-pgbouncer` runs the API tests."""

import configparser
from pathlib import Path

import yaml
from django.conf import settings

REPO_ROOT = Path(__file__).resolve().parents[2]


def _compose() -> dict:
    return yaml.safe_load((REPO_ROOT / "compose.yaml").read_text())


def _commands() -> dict[str, list[str]]:
    return {name: svc.get("command", []) for name, svc in _compose()["services"].items()}


def test_a_worker_per_queue_and_exactly_one_beat():
    workers = {
        name: command[command.index("-Q") + 1]
        for name, command in _commands().items()
        if command[:4] == ["celery", "-A", "config", "worker"]
    }
    assert sorted(workers.values()) == sorted(settings.CELERY_QUEUE_NAMES)
    beats = [name for name, command in _commands().items() if "beat" in command]
    assert beats == ["beat"]
    assert "deploy" not in _compose()["services"]["beat"]  # no replicas: never scaled


def test_the_portal_reaches_postgresql_through_pgbouncer_without_prepared_statements():
    app = _compose()["x-app"]
    assert app["environment"]["DATABASE_URL"].split("@")[1].startswith("pgbouncer:6432/")
    assert app["environment"]["DB_PREPARED_STATEMENTS"] == "0"
    ini = configparser.ConfigParser()
    ini.read(REPO_ROOT / "deploy" / "pgbouncer" / "pgbouncer.ini")
    assert ini["pgbouncer"]["pool_mode"] == "transaction"
    assert ini["databases"]["gongzhi"].startswith("host=db port=5432")
    assert _compose()["services"]["pgbouncer"]["build"] == "deploy/pgbouncer"
