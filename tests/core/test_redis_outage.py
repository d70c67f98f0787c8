"""A Redis outage degrades the portal, it does not break it (issue 17, item 3).

Each test runs its own redis-server (port 6390-6399) as cache and Celery broker, and kills it
mid-test: signed-in pages, the API and log-in keep working from the database, /healthz says
"degraded", a form that saves answers normally, and the email it queued (and an uploaded
spreadsheet's check) is done by a real worker once Redis is back (the outbox), exactly once.
"""

import datetime as dt
import logging
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse

from accounts.tokens import api_token_issue
from cases.models import Case
from communities.models import ImportJob, Post
from communities.services.imports import import_job_create
from core.models import OutboxTask
from notifications.models import Message
from tests.accounts.factories import DEFAULT_PASSWORD, UserFactory
from tests.cases.factories import category
from tests.communities.factories import ResidencyFactory, appoint, make_tree
from tests.communities.test_imports import xlsx
from tests.conftest import wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

# Real processes wait on real clocks: the clock runs (tick=True) from a fixed instant.
START = dt.datetime(2026, 3, 10, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_the_fail_open_cache_misses_while_redis_is_down_and_says_so_once(
    on_own_redis, redis_server, caplog
):
    # given a value in the cache
    cache.set("greeting", "你好")
    assert cache.get("greeting") == "你好"
    # when Redis dies
    redis_server.stop()
    with caplog.at_level(logging.WARNING, logger="core.cache"):
        # then reads miss, writes are dropped, and add() lets lock takers through
        assert cache.get("greeting", "miss") == "miss"
        assert cache.get_many(["greeting"]) == {}
        assert cache.set("greeting", "再见") is None
        assert cache.add("lock", 1) is True
        assert cache.delete("greeting") is False
        assert cache.ping() is False
    assert sum("cache unreachable" in r.getMessage() for r in caplog.records) == 1
    # and once Redis is back (after the pause), the cache works again
    redis_server.start()
    from core import cache as fail_open_cache

    fail_open_cache._down_since.clear()
    cache.set("greeting", "回来了")
    assert cache.get("greeting") == "回来了"


def test_with_redis_down_pages_api_and_log_in_work_and_a_report_is_emailed_once_it_is_back(
    on_own_redis, redis_server, client, tmp_path, _media_root, caplog
):
    with time_machine.travel(START, tick=True):
        # given a community with staffed posts and a resident signed in (session in the database)
        tree = make_tree(community_names=("塔坡社区",))
        tapo = tree["塔坡社区"]
        grid_worker = appoint(Post.Kind.GRID_WORKER, tapo["grid"])
        staff = appoint(Post.Kind.COMMUNITY_STAFF, tapo["community"]).user
        rubbish = category()
        resident = ResidencyFactory(household=tapo["households"][0]).user
        client.force_login(resident)
        token = api_token_issue(user=UserFactory())

        # when Redis (cache and broker) goes away
        redis_server.stop()

        # then signed-in pages answer from the database (the roles lookup misses the cache)
        with caplog.at_level(logging.WARNING):
            for url in ("/", "/me/", "/market/", "/cases/new/", "/inbox/"):
                assert client.get(url).status_code == 200, url
            # the API answers (its throttles fail open)
            api = client.__class__()
            response = api.get("/api/v1/messages/", HTTP_AUTHORIZATION=f"Token {token}")
            assert response.status_code == 200
            # log-in works (allauth's rate limit fails open)
            login = client.__class__()
            response = login.post(
                reverse("account_login"), {"login": resident.phone, "password": DEFAULT_PASSWORD}
            )
            assert response.status_code == 302
            # /healthz says degraded and keeps the instance in the load balancer
            health = client.get("/healthz")
            assert health.status_code == 200
            assert health.json()["status"] == "degraded"
            assert health.json()["checks"] == {
                "database": "ok",
                "broker": "unreachable",
                "cache": "unreachable",
            }
            # a form that saves answers normally, not with a 500 after the commit
            response = client.post(
                reverse("cases:new"),
                {
                    "category": rubbish.pk,
                    "description": "单元门口垃圾堆积",
                    "node": tapo["units"][0].pk,
                },
            )
            case = Case.objects.get()
            assert response.status_code == 302
            assert response.url == reverse("cases:detail", args=[case.pk])
            # and staff upload a spreadsheet, whose check is queued the same way
            rows = [[tapo["building"].code, "1单元", f"6{i:02d}", 66] for i in range(3)]
            job = import_job_create(
                user=staff,
                kind="households",
                root=tapo["community"],
                upload=xlsx(["楼栋编码", "单元", "房号", "建筑面积"], rows),
            )
        # the cache outage is logged once, not once per request
        cache_warnings = [r for r in caplog.records if "cache unreachable" in r.getMessage()]
        assert len(cache_warnings) == 1
        # and the emails the report queued wait in the outbox
        messages = list(Message.objects.filter(recipient__email__gt=""))
        assert grid_worker.user_id in {m.recipient_id for m in messages}
        waiting = OutboxTask.objects.filter(task_name="notifications.tasks.message_email_task")
        assert waiting.count() == len(messages) > 0
        assert not waiting.filter(published_at__isnull=False).exists()
        assert client.get("/healthz").json()["queued_tasks_unsent"] >= len(messages)

        # when Redis comes back (empty: it keeps nothing) and a worker starts
        redis_server.start()
        worker = on_own_redis(tmp_path)

        # then every email is sent, exactly once, the spreadsheet is checked, the outbox is empty
        assert wait_for(lambda: not OutboxTask.objects.exists(), timeout=60), worker.log()
        assert ImportJob.objects.get(pk=job.pk).status == ImportJob.Status.CHECKED
        assert all(m.email_sent_at for m in Message.objects.filter(pk__in=[m.pk for m in messages]))
        mails = list(worker.mail_dir.iterdir())
        assert len(mails) == len(messages)
        assert any(grid_worker.user.email in mail.read_text() for mail in mails)


def test_forgetting_a_settled_period_s_live_board_after_commit_survives_redis_being_down(
    on_own_redis, redis_server
):
    from points import leaderboard_cache

    redis_server.stop()
    # a settlement's after-commit clean-up: best effort, it must not turn a saved page into a 500
    leaderboard_cache.delete(1, "2026-W10")
