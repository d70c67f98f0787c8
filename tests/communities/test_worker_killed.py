"""A killed worker loses nothing (issue 17, item 4): a real worker is SIGKILLed mid-import.

The import's task is given back to the queue when the pool process running it dies
(task_reject_on_worker_lost); when the whole worker dies, the import stops beating and the
stuck-job task queues it again for the next worker. Either way it is imported exactly once.
"""

import os
import signal
import time

import pytest

from audit.models import AuditEntry
from communities.models import Household, ImportJob
from communities.services import imports
from core.tasks import stuck_jobs_recover_task
from tests.communities.factories import appoint, make_tree
from tests.communities.test_imports import xlsx
from tests.conftest import wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

ROWS = 4000  # a few seconds of checking: long enough to be killed in the middle


@pytest.fixture
def confirmed_import(on_own_redis):
    """Returns a function that uploads a large households file, lets the worker check it,
    confirms it and returns once the worker is importing (progress saved)."""

    def start(worker):
        tapo = make_tree()["塔坡社区"]
        staff = appoint("community_staff", tapo["community"]).user
        code = tapo["building"].code
        rows = [[code, f"{i % 2 + 1}单元", f"{1000 + i}", 66] for i in range(ROWS)]
        upload = xlsx(["楼栋编码", "单元", "房号", "建筑面积"], rows)
        job = imports.import_job_create(
            user=staff, kind="households", root=tapo["community"], upload=upload
        )
        checked = wait_for(lambda: _job(job).status == "checked", timeout=180)
        assert checked, worker.log()
        imports.import_job_confirm(job=job, user=staff)
        importing = wait_for(
            lambda: _job(job).status == "importing" and _job(job).processed_rows > 0,
            timeout=60,
            interval=0.05,
        )
        assert importing, worker.log()
        return job

    return start


def _job(job) -> ImportJob:
    return ImportJob.objects.get(pk=job.pk)


def _imported_once(job):
    job = _job(job)
    assert job.status == ImportJob.Status.DONE
    assert job.created_rows == ROWS
    assert Household.objects.filter(room__in=[str(1000 + i) for i in range(ROWS)]).count() == ROWS
    assert AuditEntry.objects.filter(action="communities.import").count() == 1


def test_a_killed_pool_process_gives_the_import_back_and_it_is_imported_once(
    on_own_redis, confirmed_import, tmp_path
):
    # given a prefork worker importing a file
    worker = on_own_redis(tmp_path, pool="prefork", name="prefork")
    job = confirmed_import(worker)
    # when the pool process running the import is killed in the middle
    (child,) = worker.child_pids()
    os.kill(child, signal.SIGKILL)
    # then the worker puts the task back, a new pool process runs it, and it is imported once
    done = wait_for(lambda: _job(job).status == "done", timeout=180)
    assert done, worker.log()
    assert "SIGKILL" in worker.log()
    _imported_once(job)


def test_a_killed_worker_s_import_is_queued_again_for_the_next_worker_and_imported_once(
    on_own_redis, confirmed_import, tmp_path
):
    # given a worker importing a file; jobs count as stuck after 3 silent seconds
    quick = {"JOB_STALE_AFTER_SECONDS": "3"}
    worker = on_own_redis(tmp_path, env=quick, name="first")
    job = confirmed_import(worker)
    # when the whole worker is killed: its message stays unacknowledged in Redis
    worker.kill()
    stopped_at = _job(job).processed_rows
    time.sleep(1)
    assert _job(job).status == "importing" and _job(job).processed_rows == stopped_at
    # and a new worker starts, and the beat's stuck-job task runs after the job went silent
    successor = on_own_redis(tmp_path, env=quick, name="successor")
    time.sleep(3.5)
    stuck_jobs_recover_task.delay()
    # then the import is run again from the start and written exactly once
    done = wait_for(lambda: _job(job).status == "done", timeout=180)
    assert done, successor.log()
    _imported_once(job)
