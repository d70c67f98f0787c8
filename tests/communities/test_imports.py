"""Bulk import from Excel: good file, file with bad rows (dry run, nothing written), wrong columns."""

import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import AuditEntry
from communities.models import Household, ImportJob, Node, Residency
from communities.services import imports
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def xlsx(headers, rows, name="住户.xlsx") -> SimpleUploadedFile:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def _run(job, user, django_capture_on_commit_callbacks):
    """Check, confirm and import, running the queued tasks as a worker would."""
    with django_capture_on_commit_callbacks(execute=True):
        pass
    job.refresh_from_db()
    if job.status == ImportJob.Status.CHECKED:
        with django_capture_on_commit_callbacks(execute=True):
            imports.import_job_confirm(job=job, user=user)
        job.refresh_from_db()
    return job


def _create(user, kind, root, upload, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = imports.import_job_create(user=user, kind=kind, root=root, upload=upload)
    job.refresh_from_db()
    return job


def test_a_good_households_file_is_checked_then_imported(
    tapo, tapo_staff, django_capture_on_commit_callbacks
):
    code = tapo["building"].code
    upload = xlsx(
        ["楼栋编码", "单元", "房号", "建筑面积"],
        [[code, "1单元", "301", 88.5], [code, "2单元", "301", "92"], [code, "1单元", "101", 70]],
    )
    job = _create(
        tapo_staff, "households", tapo["community"], upload, django_capture_on_commit_callbacks
    )
    # the dry run found nothing wrong and wrote nothing
    assert job.status == ImportJob.Status.CHECKED
    assert job.processed_rows == job.total_rows == 3
    assert not Household.objects.filter(room="301").exists()
    with django_capture_on_commit_callbacks(execute=True):
        imports.import_job_confirm(job=job, user=tapo_staff)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert (job.created_rows, job.updated_rows) == (2, 1)  # 101 existed: its area is updated
    assert Household.objects.get(node=tapo["units"][0], room="301").floor_area == 88.5
    assert Household.objects.get(node=tapo["units"][0], room="101").floor_area == 70
    assert AuditEntry.objects.get(action="communities.import").details["created"] == 2
    # running the import task again changes nothing
    from communities.tasks import import_job_run_task

    assert import_job_run_task(job.pk) == "done"
    assert Household.objects.filter(room="301").count() == 2


def test_a_file_with_bad_rows_lists_them_in_chinese_and_writes_nothing(
    tapo, baoan, tapo_staff, django_capture_on_commit_callbacks
):
    code = tapo["building"].code
    upload = xlsx(
        ["楼栋编码", "单元", "房号", "建筑面积"],
        [
            [code, "1单元", "501", 80],  # fine
            ["999", "1单元", "502", 80],  # no such building
            [baoan["building"].code, "1单元", "503", 80],  # another community
            [code, "9单元", "504", 80],  # no such unit
            [code, "1单元", "", "abc"],  # no room, bad area
            [code, "1单元", "501", 81],  # twice in the file
        ],
    )
    job = _create(
        tapo_staff, "households", tapo["community"], upload, django_capture_on_commit_callbacks
    )
    assert job.status == ImportJob.Status.INVALID
    rows = {e["row"]: e["errors"] for e in job.errors}
    assert sorted(rows) == [3, 4, 5, 6, 7]
    assert "不存在" in rows[3][0]
    assert "不存在" in rows[4][0]  # outside the area looks the same as missing
    assert any("房号" in m for m in rows[6])
    assert any("面积" in m for m in rows[6])
    assert "两次" in rows[7][0]
    assert not Household.objects.filter(room__in=["501", "502"]).exists()
    with pytest.raises(ValidationError):
        imports.import_job_confirm(job=job, user=tapo_staff)


def test_wrong_columns_are_refused_whole(tapo, tapo_staff):
    upload = xlsx(["楼号", "房间"], [["1", "101"]])
    with pytest.raises(ValidationError) as error:
        imports.import_job_create(
            user=tapo_staff, kind="households", root=tapo["community"], upload=upload
        )
    assert error.value.code == "wrong_columns"
    assert "楼栋编码" in error.value.messages[0]
    assert not ImportJob.objects.exists()


def test_a_file_that_is_not_xlsx_is_refused(tapo, tapo_staff):
    fake = SimpleUploadedFile("住户.xlsx", b"\xd0\xcf\x11\xe0 old excel or anything")
    with pytest.raises(ValidationError) as error:
        imports.import_job_create(
            user=tapo_staff, kind="households", root=tapo["community"], upload=fake
        )
    assert error.value.code == "not_xlsx"
    csv = SimpleUploadedFile("住户.csv", "楼栋编码,单元,房号,建筑面积\n".encode())
    with pytest.raises(ValidationError):
        imports.import_job_create(
            user=tapo_staff, kind="households", root=tapo["community"], upload=csv
        )


def test_staff_cannot_import_into_another_community(baoan, tapo_staff):
    upload = xlsx(["楼栋编码", "单元", "房号", "建筑面积"], [["1", "1单元", "1", 1]])
    with pytest.raises(ValidationError) as error:
        imports.import_job_create(
            user=tapo_staff, kind="households", root=baoan["community"], upload=upload
        )
    assert error.value.code == "out_of_scope"


def test_residents_import_creates_accounts_and_invites_existing_ones(
    tapo, tapo_staff, django_capture_on_commit_callbacks
):
    existing = UserFactory(phone="13911112222")
    code = tapo["building"].code
    upload = xlsx(
        ["姓名", "手机号", "楼栋编码", "单元", "房号", "与户主关系", "是否产权人", "户籍类型"],
        [
            ["陈大文", "13800138000", code, "1单元", "101", "户主", "是", "户籍"],
            ["陈小文", "13800138001", code, "1单元", "101", "家庭成员", "否", "户籍"],
            ["老住户", "13911112222", code, "2单元", "102", "租户", "否", "非户籍常住"],
        ],
        name="居民.xlsx",
    )
    job = _create(
        tapo_staff, "residents", tapo["community"], upload, django_capture_on_commit_callbacks
    )
    job = _run(job, tapo_staff, django_capture_on_commit_callbacks)
    assert job.status == ImportJob.Status.DONE, job.errors
    head = Residency.objects.get(user__phone="13800138000")
    assert head.status == "approved" and head.is_owner and head.relation == "head"
    assert not head.user.has_usable_password()
    existing_link = Residency.objects.get(user=existing)
    assert existing_link.residence_type == "non_registered"
    assert existing_link.status == "invited"  # an existing account confirms first


def test_residents_import_rejects_bad_values(tapo, tapo_staff, django_capture_on_commit_callbacks):
    code = tapo["building"].code
    upload = xlsx(
        ["姓名", "手机号", "楼栋编码", "单元", "房号", "与户主关系", "是否产权人", "户籍类型"],
        [["", "12345", code, "1单元", "909", "朋友", "也许", "外地"]],
    )
    job = _create(
        tapo_staff, "residents", tapo["community"], upload, django_capture_on_commit_callbacks
    )
    assert job.status == ImportJob.Status.INVALID
    assert len(job.errors[0]["errors"]) == 6
    assert not Residency.objects.exists()


def test_the_dry_run_refuses_values_longer_than_their_columns_so_the_import_never_meets_the_database(
    tapo, tapo_staff, django_capture_on_commit_callbacks
):
    # given: a name of 51 characters (the column holds 50) and a room number of 40 (holds 32)
    code = tapo["building"].code
    upload = xlsx(
        ["姓名", "手机号", "楼栋编码", "单元", "房号", "与户主关系", "是否产权人", "户籍类型"],
        [["陈" * 51, "13800138000", code, "1单元", "101", "户主", "是", "户籍"]],
        name="居民.xlsx",
    )
    rooms = xlsx(["楼栋编码", "单元", "房号", "建筑面积"], [[code, "1单元", "9" * 40, 80]])
    # when
    job = _create(
        tapo_staff, "residents", tapo["community"], upload, django_capture_on_commit_callbacks
    )
    rooms_job = _create(
        tapo_staff, "households", tapo["community"], rooms, django_capture_on_commit_callbacks
    )
    # then: both are refused at the dry run, in Chinese, naming the column and its limit
    assert job.status == ImportJob.Status.INVALID
    assert job.errors == [{"row": 2, "errors": ["“姓名”最多 50 个字，这里有 51 个"]}]
    assert rooms_job.status == ImportJob.Status.INVALID
    assert "“房号”最多 32 个字" in rooms_job.errors[0]["errors"][0]
    assert not Residency.objects.exists()


def test_the_buildings_dry_run_checks_names_addresses_and_codes(
    tapo, tapo_staff, django_capture_on_commit_callbacks
):
    used = tapo["building"].code
    upload = xlsx(
        ["社区", "网格", "小区", "楼栋", "单元数", "地址", "楼栋编码"],
        [
            ["塔坡社区", "第1网格", "新" * 101, "1栋", 1, "", ""],
            ["塔坡社区", "第1网格", "新城花园", "2栋", 1, "路" * 201, ""],
            ["塔坡社区", "第1网格", "新城花园", "3栋", 1, "", used],
            ["塔坡社区", "第1网格", "新城花园", "4栋", 1, "", "1" * 33],
            ["塔坡社区", "第1网格", "新城花园", "5栋", 1, "", "44060400100199"],
            ["塔坡社区", "第1网格", "新城花园", "6栋", 1, "", "44060400100199"],
        ],
        name="楼栋.xlsx",
    )
    job = _create(
        tapo_staff, "buildings", tapo["community"], upload, django_capture_on_commit_callbacks
    )
    assert job.status == ImportJob.Status.INVALID
    assert [error["row"] for error in job.errors] == [2, 3, 4, 5, 7]
    assert not Node.objects.filter(name="新城花园").exists()


def test_an_import_failing_in_the_database_says_so_without_the_databases_words(
    tapo, tapo_staff, django_capture_on_commit_callbacks, monkeypatch
):
    from django.db import DataError

    from communities.services.imports.checkers import HouseholdChecker

    def refuse(self, rows, actor):
        raise DataError("value too long for type character varying(32)")

    monkeypatch.setattr(HouseholdChecker, "write", refuse)
    code = tapo["building"].code
    upload = xlsx(["楼栋编码", "单元", "房号", "建筑面积"], [[code, "1单元", "301", 80]])
    job = _create(
        tapo_staff, "households", tapo["community"], upload, django_capture_on_commit_callbacks
    )
    job = _run(job, tapo_staff, django_capture_on_commit_callbacks)
    assert job.status == ImportJob.Status.FAILED
    message = job.errors[0]["errors"][0]
    assert message.startswith("导入失败") and "varying" not in message


def test_buildings_import_creates_compounds_buildings_and_units(
    tapo, tapo_staff, django_capture_on_commit_callbacks
):
    upload = xlsx(
        ["社区", "网格", "小区", "楼栋", "单元数", "地址"],
        [
            ["塔坡社区", "第1网格", "新城花园", "1栋", 2, "佛山市禅城区新城路1号"],
            ["塔坡社区", "第1网格", "新城花园", "2栋", 3, ""],
            ["塔坡社区", "第1网格", "塔坡小区", "5栋", 2, ""],  # exists: nothing new
        ],
        name="楼栋.xlsx",
    )
    job = _create(
        tapo_staff, "buildings", tapo["community"], upload, django_capture_on_commit_callbacks
    )
    job = _run(job, tapo_staff, django_capture_on_commit_callbacks)
    assert job.status == ImportJob.Status.DONE, job.errors
    building = Node.objects.get(name="2栋", parent__name="新城花园")
    assert building.full_name == "祖庙街道 / 塔坡社区 / 第1网格 / 新城花园 / 2栋"
    assert building.children.count() == 3
    assert job.created_rows == 2


def test_the_import_pages_show_progress_errors_and_a_confirm_button(
    client, tapo, tapo_staff, django_capture_on_commit_callbacks
):
    client.force_login(tapo_staff)
    upload = xlsx(["楼栋编码", "单元", "房号", "建筑面积"], [["404", "1单元", "1", 1]])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/community/imports/",
            {"kind": "households", "root": tapo["community"].pk, "file": upload},
        )
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert "不存在" in html and "没有保存" in html
    wrong = xlsx(["甲", "乙"], [["1", "2"]])
    response = client.post(
        "/community/imports/", {"kind": "households", "root": tapo["community"].pk, "file": wrong}
    )
    assert response.status_code == 200
    assert "缺少" in response.content.decode()


def test_import_pages_are_404_for_another_communitys_staff(
    client, tapo, baoan_staff, tapo_staff, django_capture_on_commit_callbacks
):
    upload = xlsx(["楼栋编码", "单元", "房号", "建筑面积"], [["404", "1单元", "1", 1]])
    job = _create(
        tapo_staff, "households", tapo["community"], upload, django_capture_on_commit_callbacks
    )
    client.force_login(baoan_staff)
    assert client.get(f"/community/imports/{job.pk}/").status_code == 404
    assert client.post(f"/community/imports/{job.pk}/confirm/").status_code == 404


@pytest.fixture
def shared_media(settings, monkeypatch):
    """The worker process reads uploads from the same media folder as the test process."""
    monkeypatch.setenv("MEDIA_ROOT", str(settings.MEDIA_ROOT))


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_checks_and_imports_a_file(shared_media, celery_worker_process):
    from tests.communities.factories import appoint, make_tree
    from tests.conftest import wait_for

    tapo = make_tree()["塔坡社区"]
    staff = appoint("community_staff", tapo["community"]).user
    code = tapo["building"].code
    rows = [[code, "1单元", f"8{i:02d}", 66] for i in range(40)]
    upload = xlsx(["楼栋编码", "单元", "房号", "建筑面积"], rows)
    # the upload queues the dry run through the broker; the worker (another process) runs it
    job = imports.import_job_create(
        user=staff, kind="households", root=tapo["community"], upload=upload
    )
    checked = wait_for(lambda: ImportJob.objects.get(pk=job.pk).status == "checked")
    assert checked, celery_worker_process.log_path.read_text()
    imports.import_job_confirm(job=job, user=staff)
    done = wait_for(lambda: ImportJob.objects.get(pk=job.pk).status == "done")
    assert done, celery_worker_process.log_path.read_text()
    assert Household.objects.filter(room__startswith="8").count() == 40
