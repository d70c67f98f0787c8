"""Admin: scoped lists, objects and choices; events saved through the service."""

import pytest

from events.models import Event
from tests.events.factories import first_session, make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, tapo_staff):
    tapo_staff.is_staff = True
    tapo_staff.is_superuser = False
    tapo_staff.save()
    from django.contrib.auth.models import Permission

    tapo_staff.user_permissions.set(Permission.objects.filter(content_type__app_label="events"))
    client.force_login(tapo_staff)
    return client


def test_admin_lists_only_the_own_community(staff_client, tapo, baoan, now):
    mine = make_event(tapo["community"], title="塔坡讲座")
    theirs = make_event(baoan["community"], title="保安讲座")
    html = staff_client.get("/admin/events/event/").content.decode()
    assert "塔坡讲座" in html and "保安讲座" not in html
    assert staff_client.get(f"/admin/events/event/{theirs.pk}/change/").status_code == 404
    assert staff_client.get(f"/admin/events/event/{mine.pk}/change/").status_code == 200
    session = first_session(theirs)
    assert staff_client.get(f"/admin/events/occurrence/{session.pk}/change/").status_code == 404


def test_admin_place_choices_stay_in_scope(staff_client, tapo, baoan):
    form = staff_client.get("/admin/events/event/add/").context["adminform"].form
    places = set(form.fields["node"].queryset.values_list("pk", flat=True))
    assert tapo["community"].pk in places
    assert baoan["community"].pk not in places
    assert not baoan["community"].subtree().filter(pk__in=places).exists()


def test_admin_creates_a_recurring_event_through_the_service(staff_client, tapo, now):
    response = staff_client.post(
        "/admin/events/event/add/",
        {
            "node": tapo["community"].pk,
            "kind": "cleanup",
            "title": "文明日",
            "place": "塔坡花园",
            "starts_at_0": "2026-03-06",
            "starts_at_1": "09:00",
            "ends_at_0": "2026-03-06",
            "ends_at_1": "11:00",
            "rrule": "FREQ=MONTHLY;BYMONTHDAY=6",
            "exdates_text": "2026-04-06",
            "registration_opens_days": 14,
            "registration_closes_hours": 0,
            "cancel_cutoff_hours": 2,
            "reminder_offsets": "[1440, 60]",
            "points_for_attendance": 2,
            "occurrences-TOTAL_FORMS": 0,
            "occurrences-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    event = Event.objects.get()
    assert event.exdates == ["2026-04-06"]
    # within the 90-day horizon from March 1st: March 6th and May 6th (April is skipped)
    assert event.occurrences.count() == 2
    from audit.models import AuditEntry

    assert AuditEntry.objects.filter(action="events.create").exists()


def test_admin_refuses_a_bad_rule_with_a_message(staff_client, tapo, now):
    response = staff_client.post(
        "/admin/events/event/add/",
        {
            "node": tapo["community"].pk,
            "kind": "cleanup",
            "title": "文明日",
            "place": "塔坡花园",
            "starts_at_0": "2026-03-06",
            "starts_at_1": "09:00",
            "ends_at_0": "2026-03-06",
            "ends_at_1": "11:00",
            "rrule": "FREQ=MONTHLY;BYMONTHDAY=40",
            "registration_opens_days": 14,
            "registration_closes_hours": 0,
            "cancel_cutoff_hours": 2,
            "reminder_offsets": "[1440, 60]",
            "points_for_attendance": 0,
            "occurrences-TOTAL_FORMS": 0,
            "occurrences-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200
    assert not Event.objects.exists()


def test_admin_topic_menus_are_written_through_the_services(staff_client, tapo, tapo_staff, now):
    """Adding a menu is topic_menu_create (audited with the actor, topics from the inline);
    changing it is topic_menu_update (audited with the fields changed)."""
    from audit.models import AuditEntry
    from events.models import TopicMenu

    inline = {
        "topics-TOTAL_FORMS": "1",
        "topics-INITIAL_FORMS": "0",
        "topics-MIN_NUM_FORMS": "0",
        "topics-MAX_NUM_FORMS": "1000",
        "topics-0-title": "防范电信诈骗",
        "topics-0-speaker": "派出所民警",
        "topics-0-description": "",
    }
    response = staff_client.post(
        "/admin/events/topicmenu/add/",
        {"node": tapo["community"].pk, "title": "宣讲菜单", "is_open": "on", **inline},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    menu = TopicMenu.objects.get(title="宣讲菜单")
    assert (menu.created_by, menu.is_open) == (tapo_staff, True)
    assert list(menu.topics.values_list("title", flat=True)) == ["防范电信诈骗"]
    created = AuditEntry.objects.get(action="events.create_menu", target_id=str(menu.pk))
    assert created.actor == tapo_staff

    topic = menu.topics.get()
    response = staff_client.post(
        f"/admin/events/topicmenu/{menu.pk}/change/",
        {
            "title": "宣讲菜单（三月）",
            "description": "",
            **inline,
            "topics-INITIAL_FORMS": "1",
            "topics-0-id": topic.pk,
            "topics-0-menu": menu.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    menu.refresh_from_db()
    assert (menu.title, menu.is_open) == ("宣讲菜单（三月）", False)
    changed = AuditEntry.objects.get(action="events.change_menu", target_id=str(menu.pk))
    assert changed.details["fields"] == ["is_open", "title"]
