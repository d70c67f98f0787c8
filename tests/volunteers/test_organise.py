"""Organisers publish projects with shifts, change them and cancel shifts: services, pages, API.

A leader of another team (and staff of another community) never reaches the project."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audit.models import AuditEntry
from notifications.models import Message
from tests.volunteers.factories import team_with_leader, volunteer
from volunteers import services
from volunteers.models import Project, Shift, Signup

pytestmark = pytest.mark.django_db


def at(days: int, hour: int = 9) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_current_timezone())


def publish(leader, team, *, shifts=((2, 3),)):
    today = timezone.localdate()
    return services.project_create(
        actor=leader,
        node=team.node,
        team=team,
        title="周末清洁家园",
        description="清理小区公共区域",
        place="塔坡花园中心广场",
        starts_on=today,
        ends_on=today + dt.timedelta(days=30),
        shifts=[
            {"starts_at": at(days), "ends_at": at(days, 12), "capacity": capacity}
            for days, capacity in shifts
        ],
    )


@pytest.fixture
def other_leader(community):
    return team_with_leader(community, name="敬老助老服务队")[1]


# --- services ---------------------------------------------------------------------------------


def test_a_leader_publishes_a_project_with_its_shifts(team, leader):
    project = publish(leader, team, shifts=[(2, 3), (9, 5)])
    assert [s.capacity for s in project.shifts.order_by("starts_at")] == [3, 5]
    assert AuditEntry.objects.filter(action="volunteers.shift_create").count() == 2


@pytest.mark.parametrize(
    ("shift", "code"),
    [
        ({"starts_at": at(2), "ends_at": at(2, 8), "capacity": 2}, "invalid_times"),
        ({"starts_at": at(-1), "ends_at": at(-1, 12), "capacity": 2}, "shift_in_past"),
        ({"starts_at": at(40), "ends_at": at(40, 12), "capacity": 2}, "outside_project_dates"),
        ({"starts_at": at(2), "ends_at": at(2, 12), "capacity": 0}, "invalid_capacity"),
    ],
)
def test_a_bad_shift_refuses_the_whole_project(team, leader, shift, code):
    with pytest.raises(ValidationError) as refused:
        services.project_create(
            actor=leader,
            node=team.node,
            team=team,
            title="周末清洁家园",
            description="清理",
            place="广场",
            starts_on=timezone.localdate(),
            ends_on=timezone.localdate() + dt.timedelta(days=30),
            shifts=[shift],
        )
    assert refused.value.code == code
    assert not Project.objects.exists()


def test_more_places_let_the_waiting_list_in_and_fewer_than_taken_is_refused(team, leader):
    project = publish(leader, team, shifts=[(2, 1)])
    shift = project.shifts.get()
    first, second = volunteer(team.node), volunteer(team.node)
    services.shift_signup(user=first, shift=shift)
    waiting = services.shift_signup(user=second, shift=shift)
    assert waiting.status == Signup.Status.WAITLISTED
    services.shift_update(
        actor=leader, shift=shift, starts_at=shift.starts_at, ends_at=shift.ends_at, capacity=2
    )
    waiting.refresh_from_db()
    assert waiting.status == Signup.Status.CONFIRMED
    with pytest.raises(ValidationError) as refused:
        services.shift_update(
            actor=leader,
            shift=shift,
            starts_at=shift.starts_at,
            ends_at=shift.ends_at,
            capacity=1,
        )
    assert refused.value.code == "capacity_below_taken"


def test_moving_a_shift_tells_the_people_on_it(team, leader, vol):
    shift = publish(leader, team).shifts.get()
    services.shift_signup(user=vol, shift=shift)
    services.shift_update(actor=leader, shift=shift, starts_at=at(3), ends_at=at(3, 12), capacity=3)
    assert Message.objects.filter(recipient=vol, title__contains="周末清洁家园").count() == 1


def test_cancelling_a_shift_cancels_sign_ups_and_notifies_once(team, leader, vol):
    shift = publish(leader, team, shifts=[(2, 1)]).shifts.get()
    waiting = volunteer(team.node)
    services.shift_signup(user=vol, shift=shift)
    services.shift_signup(user=waiting, shift=shift)
    with pytest.raises(ValidationError) as no_reason:
        services.shift_cancel(actor=leader, shift=shift, reason=" ")
    assert no_reason.value.code == "no_reason"
    services.shift_cancel(actor=leader, shift=shift, reason="暴雨预警")
    services.shift_cancel(actor=leader, shift=shift, reason="暴雨预警")  # twice: nothing new
    shift.refresh_from_db()
    assert shift.status == Shift.Status.CANCELLED
    assert set(Signup.objects.values_list("status", flat=True)) == {Signup.Status.CANCELLED}
    assert Message.objects.filter(body="暴雨预警").count() == 2
    assert AuditEntry.objects.filter(action="volunteers.shift_cancel").count() == 1
    with pytest.raises(ValidationError) as closed:
        services.shift_signup(user=volunteer(team.node), shift=shift)
    assert closed.value.code == "shift_cancelled"


def test_a_leader_of_another_team_cannot_change_or_cancel(team, leader, other_leader):
    project = publish(leader, team)
    shift = project.shifts.get()
    with pytest.raises(ValidationError) as refused:
        services.shift_cancel(actor=other_leader, shift=shift, reason="x")
    assert refused.value.code == "forbidden"
    with pytest.raises(ValidationError) as refused_edit:
        services.project_update(
            actor=other_leader,
            project=project,
            title="改",
            description="",
            place="x",
            starts_on=project.starts_on,
            ends_on=project.ends_on,
        )
    assert refused_edit.value.code == "forbidden"


# --- pages ------------------------------------------------------------------------------------


def test_leader_publishes_edits_and_cancels_through_pages(client, team, leader, vol):
    client.force_login(leader)
    assert client.get("/volunteers/organise/").status_code == 200
    day = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    response = client.post(
        "/volunteers/organise/new/",
        {
            "team": team.pk,
            "title": "敬老院探访",
            "description": "陪老人聊天",
            "place": "祖庙敬老院",
            "starts_on": timezone.localdate().isoformat(),
            "ends_on": (timezone.localdate() + dt.timedelta(days=20)).isoformat(),
            "shift-day": day,
            "shift-start": "09:00",
            "shift-end": "11:00",
            "shift-capacity": "4",
            "shift-cancel_cutoff_hours": "2",
        },
    )
    project = Project.objects.get(title="敬老院探访")
    assert response.status_code == 302 and response.url.endswith(f"/organise/{project.pk}/")
    shift = project.shifts.get()
    services.shift_signup(user=vol, shift=shift)
    page = client.get(f"/volunteers/organise/{project.pk}/")
    assert "敬老院探访" in page.content.decode()
    # a shift with the end before the start gets a clear error and loses nothing
    bad = client.post(
        f"/volunteers/organise/{project.pk}/",
        {"day": day, "start": "10:00", "end": "09:00", "capacity": "2", "cancel_cutoff_hours": 2},
    )
    assert bad.status_code == 200 and project.shifts.count() == 1
    edit = client.post(
        f"/volunteers/organise/shifts/{shift.pk}/",
        {"day": day, "start": "14:00", "end": "16:00", "capacity": "6", "cancel_cutoff_hours": 2},
    )
    assert edit.status_code == 302
    shift.refresh_from_db()
    assert (timezone.localtime(shift.starts_at).hour, shift.capacity) == (14, 6)
    client.post(f"/volunteers/organise/shifts/{shift.pk}/cancel/", {"reason": "下雨"})
    shift.refresh_from_db()
    assert shift.status == Shift.Status.CANCELLED
    assert Message.objects.filter(recipient=vol, body="下雨").exists()


def test_leader_of_another_team_and_residents_get_404_on_pages(
    client, team, leader, other_leader, vol, baoan_staff
):
    project = publish(leader, team)
    shift = project.shifts.get()
    for user in (other_leader, baoan_staff):
        client.force_login(user)
        assert client.get(f"/volunteers/organise/{project.pk}/").status_code == 404
        assert client.get(f"/volunteers/organise/{project.pk}/edit/").status_code == 404
        assert client.get(f"/volunteers/organise/shifts/{shift.pk}/").status_code == 404
        cancel = client.post(f"/volunteers/organise/shifts/{shift.pk}/cancel/", {"reason": "x"})
        assert cancel.status_code == 404
    client.force_login(other_leader)
    # the team choices list only the teams one leads
    form = client.get("/volunteers/organise/new/").context["form"]
    assert team not in form.fields["team"].queryset
    client.force_login(vol)
    assert client.get("/volunteers/organise/").status_code == 404
    shift.refresh_from_db()
    assert shift.status == Shift.Status.SCHEDULED


def test_staff_publish_a_community_project_and_list_queries_stay_flat(
    client, community, tapo_staff, team, leader
):
    client.force_login(tapo_staff)
    form = client.get("/volunteers/organise/new/").context["form"]
    assert list(form.fields["node"].queryset) == [community]
    publish(leader, team)
    client.get("/volunteers/organise/")

    def count():
        # session, user, scope posts, led teams (tile check), projects with their shift counts
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/volunteers/organise/").status_code == 200
        return len(queries)

    few = count()
    for _ in range(5):
        publish(leader, team, shifts=[(2, 3), (4, 3)])
    assert count() == few


# --- API --------------------------------------------------------------------------------------


def test_api_publish_change_add_and_cancel(api_client, team, leader, vol):
    api_client.force_authenticate(leader)
    today = timezone.localdate()
    response = api_client.post(
        "/api/v1/volunteers/projects/",
        {
            "team": team.pk,
            "title": "义诊服务",
            "description": "量血压",
            "place": "社区卫生站",
            "starts_on": today.isoformat(),
            "ends_on": (today + dt.timedelta(days=10)).isoformat(),
            "shifts": [
                {"starts_at": at(2).isoformat(), "ends_at": at(2, 11).isoformat(), "capacity": 2}
            ],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert [s["capacity"] for s in body["shifts"]] == [2]
    pk, shift_id = body["id"], body["shifts"][0]["id"]
    changed = api_client.patch(
        f"/api/v1/volunteers/projects/{pk}/", {"place": "卫生站二楼"}, format="json"
    )
    assert changed.json()["place"] == "卫生站二楼"
    narrower = api_client.patch(
        f"/api/v1/volunteers/projects/{pk}/", {"ends_on": today.isoformat()}, format="json"
    )
    assert narrower.status_code == 400 and narrower.json()["code"] == "shifts_outside_dates"
    added = api_client.post(
        f"/api/v1/volunteers/projects/{pk}/shifts/",
        {"starts_at": at(5).isoformat(), "ends_at": at(5, 11).isoformat(), "capacity": 3},
        format="json",
    )
    assert added.status_code == 201
    outside = api_client.post(
        f"/api/v1/volunteers/projects/{pk}/shifts/",
        {"starts_at": at(20).isoformat(), "ends_at": at(20, 11).isoformat(), "capacity": 3},
        format="json",
    )
    assert outside.json()["code"] == "outside_project_dates"
    resized = api_client.patch(
        f"/api/v1/volunteers/shifts/{shift_id}/", {"capacity": 4}, format="json"
    )
    assert resized.json()["capacity"] == 4
    services.shift_signup(user=vol, shift=Shift.objects.get(pk=shift_id))
    cancelled = api_client.post(
        f"/api/v1/volunteers/shifts/{shift_id}/cancel/", {"reason": "医生临时有事"}, format="json"
    )
    assert cancelled.json()["status"] == "cancelled"
    assert Message.objects.filter(recipient=vol, body="医生临时有事").exists()
    rows = api_client.get("/api/v1/volunteers/projects/").json()["results"]
    assert rows[0]["upcoming_shifts"] == 1


def test_api_refuses_another_teams_leader_and_foreign_teams(
    api_client, team, leader, other_leader, baoan, baoan_staff
):
    project = publish(leader, team)
    shift = project.shifts.get()
    for user in (other_leader, baoan_staff):
        api_client.force_authenticate(user)
        assert api_client.get(f"/api/v1/volunteers/projects/{project.pk}/").status_code == 404
        assert (
            api_client.patch(
                f"/api/v1/volunteers/projects/{project.pk}/", {"title": "x"}, format="json"
            ).status_code
            == 404
        )
        assert (
            api_client.post(
                f"/api/v1/volunteers/projects/{project.pk}/shifts/", {}, format="json"
            ).status_code
            == 404
        )
        assert (
            api_client.patch(f"/api/v1/volunteers/shifts/{shift.pk}/", {}, format="json")
        ).status_code == 404
        assert (
            api_client.post(f"/api/v1/volunteers/shifts/{shift.pk}/cancel/", {"reason": "x"})
        ).status_code == 404
        assert api_client.get("/api/v1/volunteers/projects/").json()["results"] == []
        foreign = api_client.post(
            "/api/v1/volunteers/projects/",
            {
                "team": team.pk,
                "title": "x",
                "description": "x",
                "place": "x",
                "starts_on": "2030-01-01",
                "ends_on": "2030-01-02",
            },
            format="json",
        )
        assert foreign.status_code == 400 and "team" in foreign.json()["errors"]


def test_api_project_list_query_count_is_flat(api_client, team, leader):
    publish(leader, team)
    api_client.force_authenticate(leader)
    api_client.get("/api/v1/volunteers/projects/")

    def count():
        # scope posts, the page of projects with shift counts, its count
        with CaptureQueriesContext(connection) as queries:
            assert api_client.get("/api/v1/volunteers/projects/").status_code == 200
        return len(queries)

    few = count()
    for _ in range(5):
        publish(leader, team, shifts=[(2, 3), (4, 3)])
    assert count() == few
