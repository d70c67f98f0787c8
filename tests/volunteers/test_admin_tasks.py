import datetime as dt

import pytest
from django.utils import timezone

from notifications.models import Message
from tests.accounts.factories import UserFactory
from tests.communities.factories import ResidencyFactory
from tests.conftest import wait_for
from tests.volunteers.factories import pending_record
from volunteers import services, tasks
from volunteers.models import HourRecord, Team

pytestmark = pytest.mark.django_db


def make_admin_staff(*users):
    """Community staff with the volunteers model permissions (the scope does the rest)."""
    from django.contrib.auth.models import Permission

    perms = list(Permission.objects.filter(content_type__app_label="volunteers"))
    for user in users:
        user.is_staff = True
        user.save()
        user.user_permissions.add(*perms)


def test_admin_lists_only_the_staff_members_community(client, team, vol, tapo_staff, baoan_staff):
    record = pending_record(team, vol)
    make_admin_staff(tapo_staff, baoan_staff)
    client.force_login(baoan_staff)
    assert team.name not in client.get("/admin/volunteers/team/").content.decode()
    assert client.get(f"/admin/volunteers/team/{team.pk}/change/").status_code == 404
    assert client.get(f"/admin/volunteers/hourrecord/{record.pk}/change/").status_code == 404
    client.force_login(tapo_staff)
    assert team.name in client.get("/admin/volunteers/team/").content.decode()


def test_admin_team_form_offers_only_places_in_scope(client, tapo_staff, baoan):
    make_admin_staff(tapo_staff)
    client.force_login(tapo_staff)
    form = client.get("/admin/volunteers/team/add/").content.decode()
    assert baoan["community"].full_name not in form


def test_admin_approve_action_goes_through_the_service(client, team, vol, tapo_staff):
    record = pending_record(team, vol, minutes=30)
    make_admin_staff(tapo_staff)
    client.force_login(tapo_staff)
    client.post(
        "/admin/volunteers/hourrecord/",
        {"action": "approve", "_selected_action": [record.pk]},
    )
    record.refresh_from_db()
    assert record.status == HourRecord.Status.VERIFIED


def test_pending_reminder_after_48_hours_runs_once(team, leader, vol, time_machine):
    record = pending_record(team, vol)
    assert tasks.hours_pending_remind_task() == 0
    time_machine.move_to(timezone.now() + dt.timedelta(hours=49))
    assert tasks.hours_pending_remind_task() == 1
    assert tasks.hours_pending_remind_task() == 0  # idempotent
    assert Message.objects.filter(
        recipient=leader, dedupe_key=f"volunteers:pending-48h:{record.pk}:{leader.pk}"
    ).exists()


def test_unclaimed_wish_reminds_staff_after_72_hours(tapo, tapo_staff, time_machine):
    resident = UserFactory()
    ResidencyFactory(user=resident, household=tapo["households"][0])
    wish = services.wish_post(resident=resident, title="帮忙贴春联")
    services.wish_review(actor=tapo_staff, wish=wish, decision="open")
    assert tasks.wishes_unclaimed_remind_task() == 0
    time_machine.move_to(timezone.now() + dt.timedelta(hours=73))
    assert tasks.wishes_unclaimed_remind_task() == 1
    assert tasks.wishes_unclaimed_remind_task() == 0


def test_beat_schedules_exist():
    from django_celery_beat.models import PeriodicTask

    names = set(PeriodicTask.objects.values_list("task", flat=True))
    assert {
        "volunteers.tasks.hours_pending_remind_task",
        "volunteers.tasks.wishes_unclaimed_remind_task",
    } <= names


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_the_reminder_runs_on_a_real_worker(celery_worker_process, tapo):
    from tests.volunteers.factories import team_with_leader, volunteer

    community = tapo["community"]
    team, leader = team_with_leader(community)
    record = pending_record(team, volunteer(community))
    HourRecord.objects.filter(pk=record.pk).update(
        created_at=timezone.now() - dt.timedelta(hours=50)
    )
    tasks.hours_pending_remind_task.delay()
    assert wait_for(lambda: Message.objects.filter(recipient=leader).exists(), timeout=60)
    assert Team.objects.count() == 1


def test_personal_data_export_has_a_volunteering_section(client, vol):
    from accounts.selectors import user_personal_data

    data = user_personal_data(vol)
    assert data["volunteering"]["profile"]["number"] == vol.volunteer_profile.number
