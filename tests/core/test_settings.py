import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection

from tests.conftest import REPO_ROOT


@pytest.mark.skipif(os.environ.get("REQUIRE_SERVICES") != "1", reason="CI runs on the services")
def test_ci_runs_on_postgresql_and_redis():
    assert connection.vendor == "postgresql"
    assert settings.CELERY_BROKER_URL.startswith("redis://")
    assert settings.CACHES["default"]["BACKEND"] == "core.cache.FailOpenRedisCache"


def test_embedded_default_is_sqlite_wal_and_filesystem_broker(tmp_path):
    # given a bare environment (no DATABASE_URL, no REDIS_URL)
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(DJANGO_SETTINGS_MODULE="config.settings", VAR_DIR=str(tmp_path))
    code = (
        "import django; django.setup();"
        "from django.conf import settings; from django.db import connection;"
        "c = connection.cursor(); c.execute('PRAGMA journal_mode');"
        "print(connection.vendor, c.fetchone()[0], settings.CELERY_BROKER_URL,"
        " settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1],"
        " settings.DATABASES['default']['OPTIONS']['transaction_mode'])"
    )
    # when the settings load
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, env=env, capture_output=True, text=True
    )
    # then
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["sqlite", "wal", "filesystem://", "LocMemCache", "IMMEDIATE"]


def test_check_deploy_is_clean_with_production_variables(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"TESTING", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        VAR_DIR=str(tmp_path),
        DEBUG="0",
        SECRET_KEY="p" * 20 + "x9Q!fK2#mZ7$wL4^tR8&yB1*hN6(vC3)sD5-gJ0+",
        ALLOWED_HOSTS="gongzhi.example.gov.cn",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/gongzhi",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )
    out = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert "no issues" in out.stdout


def test_production_keeps_database_connections_open(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "VAR_DIR": str(tmp_path),
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/gongzhi",
    }
    code = (
        "import django; django.setup(); from django.conf import settings;"
        "print(settings.DATABASES['default']['CONN_MAX_AGE'])"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, env=env, capture_output=True, text=True
    )
    assert int(out.stdout.strip()) >= 60, out.stderr


def _load_settings(tmp_path, **variables):
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "TESTING"}}
    env.update(DJANGO_SETTINGS_MODULE="config.settings", VAR_DIR=str(tmp_path), **variables)
    code = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"
    return subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, env=env, capture_output=True, text=True
    )


def test_without_debug_and_without_a_secret_key_the_portal_refuses_to_start(tmp_path):
    out = _load_settings(tmp_path, DEBUG="0")
    assert out.returncode != 0
    assert "ImproperlyConfigured" in out.stderr
    assert "SECRET_KEY is not set" in out.stderr


def test_development_and_production_with_a_key_start(tmp_path):
    assert _load_settings(tmp_path, DEBUG="1").returncode == 0
    production = _load_settings(tmp_path, DEBUG="0", SECRET_KEY="s" * 60)
    assert production.returncode == 0, production.stderr
