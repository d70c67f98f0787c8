"""Resident imports that name someone else's number invite them (never take the account over),
and imports whose worker died are run again once."""

import pytest

from audit.models import AuditEntry
from communities.models import Household, ImportJob, Residency
from communities.services import imports
from tests.accounts.factories import UserFactory
from tests.communities.test_imports import _create, _run, xlsx

pytestmark = pytest.mark.django_db


RESIDENT_HEADERS = [
    "姓名",
    "手机号",
    "楼栋编码",
    "单元",
    "房号",
    "与户主关系",
    "是否产权人",
    "户籍类型",
]


def test_an_import_naming_another_communitys_resident_only_invites_them(
    client, tapo, baoan, tapo_staff, django_capture_on_commit_callbacks, settings
):
    from notifications.models import Message
    from notifications.sms import LocmemSmsBackend

    settings.SMS_BACKEND = "notifications.sms.LocmemSmsBackend"
    LocmemSmsBackend.outbox.clear()
    # given a resident of 保安社区 (community B) with an approved home there
    neighbour = UserFactory(phone="13922223333", real_name="王秀兰", display_name="")
    Residency.objects.create(
        user=neighbour, household=baoan["households"][0], relation="head", status="approved"
    )
    # when 塔坡社区 (community A) imports a file that names her number as an owner there
    code = tapo["building"].code
    upload = xlsx(
        RESIDENT_HEADERS,
        [["冒名", "13922223333", code, "1单元", "101", "户主", "是", "户籍"]],
        name="居民.xlsx",
    )
    job = _create(
        tapo_staff, "residents", tapo["community"], upload, django_capture_on_commit_callbacks
    )
    with django_capture_on_commit_callbacks(execute=True):
        job = _run(job, tapo_staff, django_capture_on_commit_callbacks)
    # then she is not a resident (nor an owner who votes) in A: only invited, and told
    assert job.status == ImportJob.Status.DONE, job.errors
    assert (job.created_rows, job.invited_rows) == (0, 1)
    invitation = Residency.objects.get(
        tapo["community"].subtree_q("household__node"), user=neighbour
    )
    assert invitation.status == Residency.Status.INVITED
    assert invitation.decided_by is None
    assert Message.objects.filter(recipient=neighbour, url="/community/").exists()
    assert [phone for phone, _text in LocmemSmsBackend.outbox] == ["13922223333"]
    neighbour.refresh_from_db()
    assert neighbour.real_name == "王秀兰"  # the file's name did not overwrite hers
    # and the importer sees her name masked, in the list, the change page and the export
    client.force_login(tapo_staff)
    listing = client.get("/admin/communities/residency/").content.decode()
    change = client.get(f"/admin/communities/residency/{invitation.pk}/change/").content.decode()
    searched = client.get("/admin/communities/residency/", {"q": "王秀"}).context["cl"].result_count
    for page in (listing, change):
        assert "王秀兰" not in page
        assert "王**" in page
    assert searched == 0
    # when she confirms, she is linked and the name is hers to show
    client.force_login(neighbour)
    page = client.get("/community/").content.decode()
    assert "是的，我住这里" in page
    response = client.post(f"/community/invitations/{invitation.pk}/accept/")
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == Residency.Status.APPROVED
    assert AuditEntry.objects.filter(
        action="communities.invitation_accept", actor=neighbour
    ).exists()


def test_only_the_invited_person_may_answer_an_invitation(
    client, api_client, tapo, baoan, tapo_staff
):
    invited = UserFactory()
    invitation = Residency.objects.create(
        user=invited, household=tapo["households"][0], relation="head", status="invited"
    )
    client.force_login(tapo_staff)
    assert client.post(f"/community/invitations/{invitation.pk}/accept/").status_code == 404
    api_client.force_authenticate(invited)
    response = api_client.post(f"/api/v1/community/invitations/{invitation.pk}/decline/")
    assert response.status_code == 200
    assert response.json()["status"] == "rejected"
    assert (
        api_client.post(f"/api/v1/community/invitations/{invitation.pk}/accept/").status_code == 404
    )


def test_a_new_number_in_an_import_is_still_linked_at_once(
    tapo, tapo_staff, django_capture_on_commit_callbacks
):
    code = tapo["building"].code
    upload = xlsx(
        RESIDENT_HEADERS,
        [["陈大文", "13800138000", code, "1单元", "101", "户主", "是", "户籍"]],
        name="居民.xlsx",
    )
    job = _create(
        tapo_staff, "residents", tapo["community"], upload, django_capture_on_commit_callbacks
    )
    job = _run(job, tapo_staff, django_capture_on_commit_callbacks)
    assert (job.created_rows, job.invited_rows) == (1, 0)
    assert Residency.objects.get(user__phone="13800138000").status == "approved"


def _confirmed(tapo, staff, rows, django_capture_on_commit_callbacks):
    """A checked and confirmed households import whose run task was queued but never ran."""
    upload = xlsx(["楼栋编码", "单元", "房号", "建筑面积"], rows)
    job = _create(
        staff, "households", tapo["community"], upload, django_capture_on_commit_callbacks
    )
    assert job.status == ImportJob.Status.CHECKED
    with django_capture_on_commit_callbacks(execute=False):
        imports.import_job_confirm(job=job, user=staff)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.IMPORTING
    return job


def test_an_import_whose_worker_died_is_rerun_by_the_stuck_job_task_and_imported_once(
    tapo, tapo_staff, django_capture_on_commit_callbacks
):
    import datetime as dt
    from zoneinfo import ZoneInfo

    import time_machine

    from core.tasks import stuck_jobs_recover_task

    start = dt.datetime(2026, 3, 10, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    code = tapo["building"].code
    rows = [[code, "1单元", f"9{i:02d}", 66] for i in range(12)]
    with time_machine.travel(start, tick=False):
        # given an import left at "importing" by a worker that died
        job = _confirmed(tapo, tapo_staff, rows, django_capture_on_commit_callbacks)
    # when the recovery looks a minute later, the job still counts as alive
    with time_machine.travel(start + dt.timedelta(minutes=1), tick=False):
        assert stuck_jobs_recover_task()["communities.import"] == 0
    # and three minutes later it is stuck: queued again and imported
    with (
        time_machine.travel(start + dt.timedelta(minutes=3), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert stuck_jobs_recover_task()["communities.import"] == 1
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and job.created_rows == 12
    # then a later round leaves the finished job alone, and it was imported once
    with time_machine.travel(start + dt.timedelta(minutes=10), tick=False):
        assert stuck_jobs_recover_task()["communities.import"] == 0
    assert Household.objects.filter(room__startswith="9").count() == 12
    assert AuditEntry.objects.filter(action="communities.import").count() == 1


def test_a_second_run_of_one_import_finds_it_written_and_writes_nothing(
    tapo, tapo_staff, django_capture_on_commit_callbacks
):
    # given two runs of the same confirmed job (the slow original and its rerun)
    code = tapo["building"].code
    rows = [[code, "2单元", f"7{i:02d}", 70] for i in range(5)]
    job = _confirmed(tapo, tapo_staff, rows, django_capture_on_commit_callbacks)
    original = ImportJob.objects.select_related("root", "created_by").get(pk=job.pk)
    rerun = ImportJob.objects.select_related("root", "created_by").get(pk=job.pk)
    # when both run, one after the other, each having read the job as "importing"
    assert imports.import_job_run(job=rerun).status == ImportJob.Status.DONE
    assert imports.import_job_run(job=original).status == ImportJob.Status.DONE
    # then the rows were written once
    assert Household.objects.filter(room__startswith="7").count() == 5
    assert AuditEntry.objects.filter(action="communities.import").count() == 1
