"""API: the same rules as the pages, errors as {"detail", "code"}, scoping by 404."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events import services
from events.models import Registration
from tests.events.factories import first_session, local, make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(tapo):
    return first_session(make_event(tapo["community"], capacity=1, min_age=60))


def test_list_register_and_my_registrations(api_client, session, resident, now):
    api_client.force_authenticate(resident)
    rows = api_client.get("/api/v1/events/").json()["results"]
    assert [r["id"] for r in rows] == [session.pk]
    assert rows[0]["near"] is True
    refused = api_client.post(f"/api/v1/events/{session.pk}/registrations/", {}, format="json")
    assert refused.status_code == 400
    assert refused.json()["code"] == "birth_year_needed"
    created = api_client.post(
        f"/api/v1/events/{session.pk}/registrations/", {"birth_year": 1950}, format="json"
    )
    assert created.status_code == 201
    assert created.json()[0]["status"] == "confirmed"
    mine = api_client.get("/api/v1/events/registrations/mine/").json()["results"]
    assert mine[0]["session"] == session.pk


def test_full_session_puts_the_next_on_the_waiting_list(
    api_client, session, resident, neighbours, now
):
    services.registration_create(user=resident, occurrence=session, birth_year=1950)
    api_client.force_authenticate(neighbours[0])
    response = api_client.post(
        f"/api/v1/events/{session.pk}/registrations/", {"birth_year": 1955}, format="json"
    )
    assert response.json()[0]["status"] == "waitlisted"


def test_cancel_and_codes(api_client, session, resident, tapo_staff, time_machine, now):
    api_client.force_authenticate(resident)
    [registration] = services.registration_create(
        user=resident, occurrence=session, birth_year=1950
    )
    code = api_client.get(f"/api/v1/events/registrations/{registration.pk}/code/").json()
    assert code["url"].endswith(code["code"])
    time_machine.move_to(local(2026, 3, 6, 9, 0), tick=False)
    api_client.force_authenticate(tapo_staff)
    response = api_client.post(
        "/api/v1/events/check-in/attendee/", {"code": code["code"]}, format="json"
    )
    assert response.status_code == 200 and response.json()["checked_in_at"]
    api_client.force_authenticate(resident)
    late = api_client.post(f"/api/v1/events/registrations/{registration.pk}/cancel/")
    assert late.status_code == 400
    assert late.json()["code"] == "already_checked_in"


def test_door_check_in_via_api(api_client, session, resident, time_machine, now):
    services.registration_create(user=resident, occurrence=session, birth_year=1950)
    time_machine.move_to(local(2026, 3, 6, 9, 0), tick=False)
    api_client.force_authenticate(resident)
    response = api_client.post(
        "/api/v1/events/check-in/door/", {"code": services.door_code(session)}, format="json"
    )
    assert response.status_code == 200
    assert Registration.objects.get().checked_in_at is not None
    bad = api_client.post("/api/v1/events/check-in/door/", {"code": "forged"}, format="json")
    assert bad.json() == {"detail": bad.json()["detail"], "code": "bad_code"}


def test_other_community_is_refused(
    api_client, session, resident, baoan_resident, baoan_staff, now
):
    [registration] = services.registration_create(
        user=resident, occurrence=session, birth_year=1950
    )
    api_client.force_authenticate(baoan_resident)
    assert api_client.get(f"/api/v1/events/{session.pk}/").status_code == 404
    assert api_client.get("/api/v1/events/").json()["results"] == []
    assert api_client.post(f"/api/v1/events/{session.pk}/registrations/", {}).status_code == 404
    assert (
        api_client.get(f"/api/v1/events/registrations/{registration.pk}/code/").status_code == 404
    )
    api_client.force_authenticate(baoan_staff)
    assert api_client.get(f"/api/v1/events/{session.pk}/attendance/").status_code == 404
    response = api_client.post(
        "/api/v1/events/check-in/attendee/",
        {"code": services.attendee_code(registration)},
        format="json",
    )
    assert response.status_code == 404


def test_members_outside_the_household_are_refused(api_client, session, resident, neighbours, now):
    api_client.force_authenticate(resident)
    response = api_client.post(
        f"/api/v1/events/{session.pk}/registrations/",
        {"members": [neighbours[0].pk], "birth_year": 1950},
        format="json",
    )
    assert response.json()["code"] == "not_household"


def test_session_list_query_count_is_flat(api_client, tapo, resident, now):
    api_client.force_authenticate(resident)
    make_event(tapo["community"], title="一")
    api_client.get("/api/v1/events/")  # warm-up (content types and the like are cached)

    def count():
        # households, places, scope posts, the page of sessions, its count
        with CaptureQueriesContext(connection) as queries:
            assert api_client.get("/api/v1/events/").status_code == 200
        return len(queries)

    few = count()
    for day in range(2, 12):
        make_event(tapo["community"], title=f"活动{day}", starts_at=local(2026, 3, day, 9, 0))
    assert count() == few


def test_attendance_list_query_count_is_flat(api_client, tapo, tapo_staff, neighbours, now):
    session = first_session(make_event(tapo["community"]))
    api_client.force_authenticate(tapo_staff)
    services.registration_create(user=neighbours[0], occurrence=session)
    api_client.get(f"/api/v1/events/{session.pk}/attendance/")

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert api_client.get(f"/api/v1/events/{session.pk}/attendance/").status_code == 200
        return len(queries)

    few = count()
    for person in neighbours[1:]:
        services.registration_create(user=person, occurrence=session)
    assert count() == few


def test_topics_vote_once_via_api(api_client, tapo, tapo_staff, resident):
    menu = services.topic_menu_create(
        actor=tapo_staff, node=tapo["community"], title="菜单", topics=[("消防安全", "消防员")]
    )
    topic = menu.topics.get()
    api_client.force_authenticate(resident)
    assert (
        api_client.get("/api/v1/events/topics/").json()["results"][0]["topics"][0]["title"]
        == "消防安全"
    )
    assert api_client.post(f"/api/v1/events/topics/{topic.pk}/vote/").status_code == 201
    again = api_client.post(f"/api/v1/events/topics/{topic.pk}/vote/")
    assert again.json()["code"] == "already_voted"


def test_feed_address(api_client, resident):
    api_client.force_authenticate(resident)
    assert api_client.get("/api/v1/events/feed/").json()["url"].endswith(".ics")
