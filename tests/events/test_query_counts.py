"""The events' list pages and endpoints not covered elsewhere keep a flat query count as rows
grow: my registrations (page and API), topic menus (page, staff page and API), a session's
attendance page."""

import pytest

from events import services
from tests.events.conftest import live_in
from tests.events.factories import first_session, local, make_event
from tests.querycount import assert_flat

pytestmark = pytest.mark.django_db


def register_for_new_sessions(tapo, user, days):
    for day in days:
        event = make_event(tapo["community"], title=f"活动{day}", starts_at=local(2026, 3, day, 9))
        services.registration_create(user=user, occurrence=first_session(event))


def test_my_registrations_keep_a_flat_query_count(client, api_client, tapo, resident, now):
    register_for_new_sessions(tapo, resident, [2])
    client.force_login(resident)
    api_client.force_authenticate(resident)
    grow = iter([range(3, 8), range(8, 13)])  # registration opens 14 days ahead
    assert_flat(
        client, "/events/mine/", lambda: register_for_new_sessions(tapo, resident, next(grow))
    )
    assert_flat(
        api_client,
        "/api/v1/events/registrations/mine/",
        lambda: register_for_new_sessions(tapo, resident, next(grow)),
    )


def new_menus(tapo, staff, count, start=0):
    for i in range(start, start + count):
        services.topic_menu_create(
            actor=staff,
            node=tapo["community"],
            title=f"宣讲菜单{i}",
            topics=[(f"题目{i}-{j}", "讲师") for j in range(3)],
        )


def test_topic_menus_keep_a_flat_query_count(client, api_client, tapo, tapo_staff, resident, now):
    new_menus(tapo, tapo_staff, 1)
    client.force_login(resident)
    assert_flat(client, "/events/topics/", lambda: new_menus(tapo, tapo_staff, 3, start=1))
    api_client.force_authenticate(resident)
    assert_flat(
        api_client, "/api/v1/events/topics/", lambda: new_menus(tapo, tapo_staff, 3, start=4)
    )
    client.force_login(tapo_staff)
    assert_flat(client, "/events/staff/topics/", lambda: new_menus(tapo, tapo_staff, 3, start=7))


def test_the_attendance_page_keeps_a_flat_query_count(client, tapo, tapo_staff, now):
    session = first_session(make_event(tapo["community"], capacity=50))
    households = tapo["households"]
    services.registration_create(user=live_in(households[0]), occurrence=session)
    client.force_login(tapo_staff)

    def more():
        for household in households[1:]:
            services.registration_create(user=live_in(household), occurrence=session)

    assert_flat(client, f"/events/staff/{session.pk}/attendance/", more)


def test_the_staff_lists_of_events_and_menus_keep_a_flat_query_count(client, tapo, tapo_staff, now):
    make_event(tapo["community"], title="活动1", starts_at=local(2026, 3, 2, 9))
    new_menus(tapo, tapo_staff, 1)
    client.force_login(tapo_staff)
    assert_flat(
        client,
        "/events/staff/events/",
        lambda: [
            make_event(tapo["community"], title=f"活动{day}", starts_at=local(2026, 3, day, 9))
            for day in range(3, 7)
        ],
    )
    assert_flat(client, "/events/staff/menus/", lambda: new_menus(tapo, tapo_staff, 3, start=1))


def test_the_events_list_keeps_a_flat_query_count_as_events_grow(client, tapo, resident, now):
    make_event(tapo["community"], title="活动1", starts_at=local(2026, 3, 2, 9))
    client.force_login(resident)
    assert_flat(
        client,
        "/events/",
        lambda: [
            make_event(tapo["community"], title=f"活动{day}", starts_at=local(2026, 3, day, 9))
            for day in range(3, 8)
        ],
    )
