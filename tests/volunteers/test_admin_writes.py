"""Every write from the volunteers admin goes through the owning service: its audit row, its
notifications and its refusals (shown on the form, nothing saved) are the pages' own."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from audit.models import AuditEntry
from notifications.models import Message
from tests.volunteers.factories import project, shift, volunteer
from tests.volunteers.test_admin_tasks import make_admin_staff
from volunteers import services
from volunteers.models import Membership, Project, Shift, Signup, Team, VolunteerProfile

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 5, 4, 9, 0, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def fixed_instant(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def staff_client(client, tapo_staff):
    make_admin_staff(tapo_staff)
    client.force_login(tapo_staff)
    return client


def no_inlines(*prefixes):
    """The management data of inlines that send no rows."""
    data = {}
    for prefix in prefixes:
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "0",
            }
        )
    return data


def audited(action, target):
    return AuditEntry.objects.filter(action=action, target_id=str(target.pk)).exists()


def test_adding_a_team_in_the_admin_creates_it_with_its_leader_through_the_service(
    staff_client, community, tapo_staff
):
    # given a registered volunteer of the community
    leader = volunteer(community)
    number = VolunteerProfile.objects.get(user=leader).number
    # when staff add a team naming them as leader
    response = staff_client.post(
        "/admin/volunteers/team/add/",
        {
            "node": community.pk,
            "name": "助老服务队",
            "kind": Team.Kind.ELDERLY,
            "description": "",
            "is_active": "on",
            "leader_number": number,
            **no_inlines("memberships"),
        },
    )
    # then the team exists with its leader, and team_create's audit row names the actor
    assert response.status_code == 302, response.content.decode()[:2000]
    team = Team.objects.get(name="助老服务队")
    assert Membership.objects.filter(
        team=team, user=leader, role=Membership.Role.LEADER, status=Membership.Status.ACTIVE
    ).exists()
    assert AuditEntry.objects.get(
        action="volunteers.team_create", target_id=str(team.pk)
    ).actor == (tapo_staff)


def test_a_team_whose_leader_is_not_a_volunteer_of_the_area_is_refused_on_the_form(
    staff_client, community, baoan
):
    outsider = volunteer(baoan["community"])
    number = VolunteerProfile.objects.get(user=outsider).number
    response = staff_client.post(
        "/admin/volunteers/team/add/",
        {
            "node": community.pk,
            "name": "助老服务队",
            "kind": Team.Kind.ELDERLY,
            "is_active": "on",
            "leader_number": number,
            **no_inlines("memberships"),
        },
    )
    assert response.status_code == 200
    assert not Team.objects.filter(name="助老服务队").exists()


def test_the_services_refusal_comes_back_on_the_form_and_nothing_is_saved(
    staff_client, community, tapo
):
    # given a volunteer to lead, and a building (not a place a team can belong to)
    leader = volunteer(community)
    response = staff_client.post(
        "/admin/volunteers/team/add/",
        {
            "node": tapo["building"].pk,
            "name": "助老服务队",
            "kind": Team.Kind.ELDERLY,
            "is_active": "on",
            "leader_number": VolunteerProfile.objects.get(user=leader).number,
            **no_inlines("memberships"),
        },
    )
    # then team_create's refusal is on the page with what was typed, and nothing was written
    page = response.content.decode()
    assert response.status_code == 200
    assert "服务队只能设在社区或街道。" in page and 'value="助老服务队"' in page
    assert not Team.objects.filter(name="助老服务队").exists()
    assert (
        not AuditEntry.objects.filter(action="volunteers.team_create").exclude(actor=None).exists()
    )


def test_changing_a_team_in_the_admin_goes_through_team_update(staff_client, team):
    response = staff_client.post(
        f"/admin/volunteers/team/{team.pk}/change/",
        {
            "name": "环境美化志愿队",
            "kind": team.kind,
            "description": "每周六清扫",
            **no_inlines("memberships"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    team.refresh_from_db()
    assert (team.name, team.is_active) == ("环境美化志愿队", False)
    entry = AuditEntry.objects.get(action="volunteers.team_update", target_id=str(team.pk))
    assert entry.details["fields"] == ["description", "is_active", "name"]


def project_data(project_or_node, **changes):
    values = {
        "title": "周末清洁家园",
        "description": "清理楼道杂物",
        "place": "塔坡社区广场",
        "starts_on": "2026-05-09",
        "ends_on": "2026-05-31",
        "skills_wanted": "",
        **no_inlines("shifts"),
    }
    values.update(changes)
    return values


def test_publishing_a_project_in_the_admin_goes_through_project_create(
    staff_client, community, team, tapo_staff
):
    response = staff_client.post(
        "/admin/volunteers/project/add/",
        project_data(community, node=community.pk, team=team.pk),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    created = Project.objects.get(title="周末清洁家园")
    assert created.created_by == tapo_staff
    assert audited("volunteers.project_create", created)


def test_changing_a_project_in_the_admin_goes_through_project_update_and_its_checks(
    staff_client, team
):
    # given a project with a scheduled shift on 6 May
    the_project = project(team, starts_on=dt.date(2026, 5, 1), ends_on=dt.date(2026, 5, 31))
    shift(the_project, starts_in=dt.timedelta(days=2))
    # when staff move the project's dates past the shift
    url = f"/admin/volunteers/project/{the_project.pk}/change/"
    refused = staff_client.post(url, project_data(team, starts_on="2026-05-20"))
    # then project_update's refusal is on the form and nothing changed
    assert refused.status_code == 200
    the_project.refresh_from_db()
    assert the_project.starts_on == dt.date(2026, 5, 1)
    assert not audited("volunteers.project_update", the_project)
    # when they change only the description, the service saves it with its audit row
    response = staff_client.post(url, project_data(team, starts_on="2026-05-01", title="新标题"))
    assert response.status_code == 302, response.content.decode()[:2000]
    the_project.refresh_from_db()
    assert the_project.title == "新标题"
    assert audited("volunteers.project_update", the_project)


def test_the_shift_inline_is_read_only_and_links_to_the_organisers_page(staff_client, team):
    # given a shift with a volunteer signed up
    the_project = project(team)
    the_shift = shift(the_project, capacity=2)
    signed_up = volunteer(team.node)
    services.shift_signup(user=signed_up, shift=the_shift)
    url = f"/admin/volunteers/project/{the_project.pk}/change/"
    # when the change page is shown, it offers no shift fields, only the organiser's page
    page = staff_client.get(url).content.decode()
    assert 'name="shifts-0-capacity"' not in page
    assert f"/volunteers/organise/shifts/{the_shift.pk}/" in page
    # and a crafted POST of shift rows changes nothing
    staff_client.post(
        url,
        {
            **project_data(
                team, starts_on=str(the_project.starts_on), ends_on=str(the_project.ends_on)
            ),
            "shifts-TOTAL_FORMS": "1",
            "shifts-INITIAL_FORMS": "1",
            "shifts-0-id": the_shift.pk,
            "shifts-0-project": the_project.pk,
            "shifts-0-capacity": "1",
            "shifts-0-DELETE": "on",
        },
    )
    the_shift.refresh_from_db()
    assert (the_shift.capacity, the_shift.status) == (2, Shift.Status.SCHEDULED)
    assert Signup.objects.filter(shift=the_shift, user=signed_up).exists()
    assert not Message.objects.filter(recipient=signed_up, dedupe_key__contains="cancel").exists()


def test_moving_a_volunteer_in_the_admin_goes_through_volunteer_update(
    staff_client, community, tapo
):
    vol = volunteer(community, skills="理发")
    profile = VolunteerProfile.objects.get(user=vol)
    response = staff_client.post(
        f"/admin/volunteers/volunteerprofile/{profile.pk}/change/",
        {
            "community": community.pk,
            "skills": "理发、量血压",
            "availability": "周末",
            "service_areas": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    profile.refresh_from_db()
    assert profile.skills == "理发、量血压"
    entry = AuditEntry.objects.get(action="volunteers.profile_update", target_id=str(profile.pk))
    assert entry.details["fields"] == ["availability", "skills"]


def policy_form(**values):
    data = {
        "storage_cap_hours": 1500,
        "star1_hours": 100,
        "star2_hours": 300,
        "star3_hours": 600,
        "star4_hours": 1000,
        "star5_hours": 1500,
        "points_per_hour": 0,
    }
    data.update(values)
    return data


def test_the_time_bank_policy_changed_in_the_admin_is_audited_and_read_at_once(
    client, tapo, staff_user
):
    from volunteers.models import TimeBankPolicy
    from volunteers.policy import policy_get

    policy, _created = TimeBankPolicy.objects.get_or_create(pk=1)
    assert policy_get(tapo["community"]).storage_cap_hours == 1500
    client.force_login(staff_user)
    response = client.post(
        f"/admin/volunteers/timebankpolicy/{policy.pk}/change/", policy_form(storage_cap_hours=40)
    )
    assert response.status_code == 302
    assert policy_get(tapo["community"]).storage_cap_hours == 40
    entry = AuditEntry.objects.get(action="volunteers.time_bank_policy_change")
    assert entry.actor == staff_user
    assert entry.details == {"old": {"storage_cap_hours": 1500}, "new": {"storage_cap_hours": 40}}


def test_stars_out_of_order_are_refused_on_the_admin_form_and_nothing_is_saved(client, staff_user):
    from volunteers.models import TimeBankPolicy

    policy, _created = TimeBankPolicy.objects.get_or_create(pk=1)
    client.force_login(staff_user)
    response = client.post(
        f"/admin/volunteers/timebankpolicy/{policy.pk}/change/", policy_form(star2_hours=50)
    )
    assert response.status_code == 200
    assert "Each star needs more hours" in response.content.decode() or "每" in (
        response.content.decode()
    )
    policy.refresh_from_db()
    assert policy.star2_hours == 300
    assert not AuditEntry.objects.filter(action="volunteers.time_bank_policy_change").exists()


def test_only_a_superuser_may_change_the_time_bank_policy(tapo_staff):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.time_bank_policy_save(actor=tapo_staff, values={"storage_cap_hours": 1})
