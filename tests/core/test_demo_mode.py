"""`make run` as a newcomer meets it: links on the port it runs on, the demo log-ins last in the
output and on the home page in demo mode only."""

import os
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command

from core.demo import demo_logins, demo_logins_save
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db
ROWS = [("楼长 building captain", "13800000023", "Gongzhi@2026")]


@pytest.fixture(autouse=True)
def _var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path


def _base_url(**env) -> str:
    environment = {k: v for k, v in os.environ.items() if k not in {"PORT", "PORTAL_BASE_URL"}}
    environment.update(DEBUG="1", DJANGO_SETTINGS_MODULE="config.settings", **env)
    code = "import django; django.setup(); from django.conf import settings; print(settings.PORTAL_BASE_URL)"
    return subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=True
    ).stdout.strip()


def test_links_name_the_port_the_server_runs_on_unless_an_address_is_set():
    assert _base_url(PORT="8123") == "http://127.0.0.1:8123"
    assert _base_url() == "http://127.0.0.1:8000"
    assert (
        _base_url(PORT="8123", PORTAL_BASE_URL="https://gz.example.cn") == "https://gz.example.cn"
    )


def test_make_run_gives_the_worker_the_web_servers_address():
    # honcho hands each process a PORT of its own (web 8000, worker 8100 ...): the worker, which
    # writes the links, must be told the web server's address.
    with open("Makefile") as file:
        run = file.read().split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert "PORTAL_BASE_URL=$${PORTAL_BASE_URL:-http://127.0.0.1:$(PORT)}" in run
    assert "DEMO_MODE=1" in run


def test_seed_demo_keeps_the_log_ins_and_demo_logins_prints_them_last():
    with open("Procfile.dev") as file:
        assert "demo_logins --wait --stay" in file.read()
    call_command("seed_demo", stdout=StringIO())
    rows = demo_logins()
    assert ("楼长 building captain", "13800000023", "Gongzhi@2026") in rows
    out = StringIO()
    call_command("demo_logins", stdout=out)
    printed = out.getvalue()
    assert "13800000023" in printed and "Gongzhi@2026" in printed
    assert "http://127.0.0.1:" in printed


def test_the_home_page_shows_the_demo_log_ins_only_in_demo_mode(client, settings):
    demo_logins_save(ROWS)
    settings.DEMO_MODE = False
    assert "13800000023" not in client.get("/").content.decode()
    settings.DEMO_MODE = True
    html = client.get("/").content.decode()
    assert "演示账号" in html and "13800000023" in html and "Gongzhi@2026" in html
    client.force_login(UserFactory())
    assert "13800000023" not in client.get("/").content.decode()


def test_demo_mode_is_off_by_default(settings):
    from config import settings as project_settings

    assert "DEMO_MODE" not in os.environ
    assert project_settings.DEMO_MODE is False
