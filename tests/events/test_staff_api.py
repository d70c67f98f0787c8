"""Staff API: create, change, publish and cancel events, cancel a session, cover, calendar.

Scoped like the admin: staff of another community get 404s, residents too."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

from audit.models import AuditEntry
from events import services
from events.models import Event, Occurrence
from notifications.models import Message
from tests.core.images import blank_png
from tests.events.factories import first_session, local, make_event

pytestmark = pytest.mark.django_db

URL = "/api/v1/events/staff/events/"


def payload(node, **changes) -> dict:
    data = {
        "node": node.pk,
        "kind": "cleanup",
        "title": "文明日大扫除",
        "place": "塔坡小区门口",
        "starts_at": "2026-03-06T09:00:00+08:00",
        "ends_at": "2026-03-06T11:00:00+08:00",
        "rrule": "FREQ=MONTHLY;BYMONTHDAY=6",
        "exdates": ["2026-05-06"],
        "capacity": 30,
        "min_age": 18,
        "residents_only": True,
        "reminder_offsets": [60, 1440],
    }
    return data | changes


def png(name="cover.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def test_staff_create_a_recurring_draft_then_publish_it(
    api_client, tapo, tapo_staff, resident, now
):
    api_client.force_authenticate(tapo_staff)
    # when
    response = api_client.post(URL, payload(tapo["community"]), format="json")
    # then: a draft with its sessions, skipping the exception date
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "draft" and body["rrule"] == "FREQ=MONTHLY;BYMONTHDAY=6"
    assert body["reminder_offsets"] == [1440, 60]
    event = Event.objects.get(pk=body["id"])
    starts = [o.starts_at for o in event.occurrences.order_by("starts_at")]
    assert starts[:2] == [local(2026, 3, 6, 9, 0), local(2026, 4, 6, 9, 0)]
    assert local(2026, 5, 6, 9, 0) not in starts
    assert AuditEntry.objects.filter(action="events.create").count() == 1
    api_client.force_authenticate(resident)
    assert api_client.get("/api/v1/events/").json()["results"] == []
    # when published
    api_client.force_authenticate(tapo_staff)
    published = api_client.post(f"{URL}{event.pk}/publish/")
    assert published.status_code == 200 and published.json()["status"] == "published"
    again = api_client.post(f"{URL}{event.pk}/publish/")
    assert again.status_code == 400 and again.json()["code"] == "not_draft"
    api_client.force_authenticate(resident)
    # the 90-day horizon holds March and April (May 6 is skipped)
    assert len(api_client.get("/api/v1/events/").json()["results"]) == 2


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"ends_at": "2026-03-06T08:00:00+08:00"}, "ends_before_start"),
        ({"rrule": "FREQ=MONTHLY;BYMONTHDAY=40"}, "invalid_rrule"),
        ({"rrule": "FREQ=MINUTELY"}, "invalid_rrule"),
        ({"reminder_offsets": [0]}, "invalid_reminders"),
        ({"repeat_until": "2026-01-01"}, "invalid_until"),
    ],
)
def test_create_refuses_bad_schedules_with_a_code(api_client, tapo, tapo_staff, now, changes, code):
    api_client.force_authenticate(tapo_staff)
    response = api_client.post(URL, payload(tapo["community"], **changes), format="json")
    assert response.status_code == 400
    assert response.json()["code"] == code
    assert response.json()["detail"]
    assert not Event.objects.exists()


def test_create_refuses_bad_fields_field_by_field(api_client, tapo, tapo_staff, now):
    api_client.force_authenticate(tapo_staff)
    response = api_client.post(
        URL,
        payload(tapo["community"], capacity=0, kind="party", exdates=["6th of May"]),
        format="json",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert set(body["errors"]) == {"capacity", "kind", "exdates"}


def test_change_rule_and_audience_limits(api_client, tapo, tapo_staff, neighbours, now):
    event = make_event(tapo["community"], rrule="FREQ=MONTHLY;BYMONTHDAY=6", capacity=2)
    services.registration_create(user=neighbours[0], occurrence=first_session(event))
    services.registration_create(user=neighbours[1], occurrence=first_session(event))
    api_client.force_authenticate(tapo_staff)
    # when: every 2nd and 4th Wednesday, 60+ only
    response = api_client.patch(
        f"{URL}{event.pk}/",
        {"rrule": "FREQ=MONTHLY;BYDAY=2WE,4WE", "min_age": 60, "party_members_only": True},
        format="json",
    )
    # then
    assert response.status_code == 200, response.json()
    event.refresh_from_db()
    assert (event.rrule, event.min_age, event.party_members_only) == (
        "FREQ=MONTHLY;BYDAY=2WE,4WE",
        60,
        True,
    )
    starts = set(event.occurrences.values_list("starts_at", flat=True))
    assert local(2026, 3, 11, 9, 0) in starts and local(2026, 3, 25, 9, 0) in starts
    # the 6th has people registered: kept for staff to cancel, not silently dropped
    assert local(2026, 3, 6, 9, 0) in starts
    assert AuditEntry.objects.filter(action="events.change").exists()
    # a limit under the seats already taken is refused
    lower = api_client.patch(f"{URL}{event.pk}/", {"capacity": 1}, format="json")
    assert lower.status_code == 400 and lower.json()["code"] == "capacity_below_taken"


def test_cancel_event_tells_people_and_freezes_it(api_client, tapo, tapo_staff, resident, now):
    event = make_event(tapo["community"])
    services.registration_create(user=resident, occurrence=first_session(event))
    api_client.force_authenticate(tapo_staff)
    no_reason = api_client.post(f"{URL}{event.pk}/cancel/", {"reason": ""}, format="json")
    assert no_reason.status_code == 400 and "reason" in no_reason.json()["errors"]
    response = api_client.post(f"{URL}{event.pk}/cancel/", {"reason": "台风预警"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    assert Message.objects.filter(recipient=resident, body="台风预警").exists()
    changed = api_client.patch(f"{URL}{event.pk}/", {"title": "改"}, format="json")
    assert changed.status_code == 400 and changed.json()["code"] == "event_cancelled"


def test_cancel_one_session_only(api_client, tapo, tapo_staff, resident, now):
    event = make_event(tapo["community"], rrule="FREQ=MONTHLY;BYMONTHDAY=6")
    session = first_session(event)
    services.registration_create(user=resident, occurrence=session)
    api_client.force_authenticate(tapo_staff)
    url = f"/api/v1/events/staff/sessions/{session.pk}/cancel/"
    response = api_client.post(url, {"reason": "场地维修"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    assert Message.objects.filter(recipient=resident, body="场地维修").count() == 1
    assert event.occurrences.filter(status=Occurrence.Status.SCHEDULED).count() >= 2
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED


def test_cover_upload_is_cleaned_and_fakes_refused(api_client, tapo, tapo_staff, now):
    event = make_event(tapo["community"])
    api_client.force_authenticate(tapo_staff)
    url = f"{URL}{event.pk}/cover/"
    response = api_client.post(url, {"cover": png()}, format="multipart")
    assert response.status_code == 200, response.json()
    assert response.json()["cover_url"].endswith(".jpg")
    fake = SimpleUploadedFile("cover.jpg", b"not a photo", content_type="image/jpeg")
    refused = api_client.post(url, {"cover": fake}, format="multipart")
    assert refused.status_code == 400 and refused.json()["code"] == "not_an_image"


def test_a_decompression_bomb_cover_is_a_400(api_client, tapo, tapo_staff, now):
    event = make_event(tapo["community"])
    api_client.force_authenticate(tapo_staff)
    bomb = SimpleUploadedFile("cover.png", blank_png(30000, 30000), content_type="image/png")
    refused = api_client.post(f"{URL}{event.pk}/cover/", {"cover": bomb}, format="multipart")
    assert refused.status_code == 400 and refused.json()["code"] == "photo_too_large"
    event.refresh_from_db()
    assert not event.cover


def test_calendar_lists_sessions_in_the_range(api_client, tapo, baoan, tapo_staff, now):
    make_event(tapo["community"], rrule="FREQ=MONTHLY;BYMONTHDAY=6", title="文明日")
    make_event(baoan["community"], title="保安的活动")
    api_client.force_authenticate(tapo_staff)
    rows = api_client.get(
        "/api/v1/events/staff/calendar/", {"start": "2026-03-01", "end": "2026-04-30"}
    ).json()
    assert [(r["title"], r["starts_at"][:10]) for r in rows] == [
        ("文明日", "2026-03-06"),
        ("文明日", "2026-04-06"),
    ]
    too_long = api_client.get(
        "/api/v1/events/staff/calendar/", {"start": "2026-01-01", "end": "2026-12-31"}
    )
    assert too_long.status_code == 400 and too_long.json()["code"] == "range_too_long"
    backwards = api_client.get(
        "/api/v1/events/staff/calendar/", {"start": "2026-03-02", "end": "2026-03-01"}
    )
    assert backwards.json()["code"] == "invalid_range"
    missing = api_client.get("/api/v1/events/staff/calendar/")
    assert missing.status_code == 400 and set(missing.json()["errors"]) == {"start", "end"}


def test_staff_of_another_community_and_residents_are_refused(
    api_client, tapo, baoan, tapo_staff, baoan_staff, resident, now
):
    event = make_event(tapo["community"])
    session = first_session(event)
    api_client.force_authenticate(baoan_staff)
    assert api_client.get(f"{URL}{event.pk}/").status_code == 404
    assert api_client.patch(f"{URL}{event.pk}/", {"title": "x"}, format="json").status_code == 404
    assert api_client.post(f"{URL}{event.pk}/publish/").status_code == 404
    assert api_client.post(f"{URL}{event.pk}/cancel/", {"reason": "x"}).status_code == 404
    assert api_client.post(f"{URL}{event.pk}/cover/", {"cover": png()}).status_code == 404
    cancel_url = f"/api/v1/events/staff/sessions/{session.pk}/cancel/"
    assert api_client.post(cancel_url, {"reason": "x"}).status_code == 404
    assert api_client.get(URL).json()["results"] == []
    calendar = api_client.get(
        "/api/v1/events/staff/calendar/", {"start": "2026-03-01", "end": "2026-03-31"}
    )
    assert calendar.json() == []
    # a place of another community is not a choice
    created = api_client.post(URL, payload(tapo["community"]), format="json")
    assert created.status_code == 400 and "node" in created.json()["errors"]
    # a move of one's own event into another community is refused the same way
    own = make_event(baoan["community"])
    moved = api_client.patch(f"{URL}{own.pk}/", {"node": tapo["community"].pk}, format="json")
    assert moved.status_code == 400 and "node" in moved.json()["errors"]
    # residents do not see the staff API at all
    api_client.force_authenticate(resident)
    assert api_client.get(URL).status_code == 404
    assert api_client.post(URL, payload(tapo["community"]), format="json").status_code == 404
    assert api_client.get(f"{URL}{event.pk}/").status_code == 404
    assert api_client.post(cancel_url, {"reason": "x"}).status_code == 404
    event.refresh_from_db()
    session.refresh_from_db()
    assert event.title == "防诈骗知识讲座" and session.status == Occurrence.Status.SCHEDULED


def test_staff_lists_have_flat_query_counts(api_client, tapo, tapo_staff, now):
    make_event(tapo["community"], title="一")
    api_client.force_authenticate(tapo_staff)
    calendar = ("/api/v1/events/staff/calendar/", {"start": "2026-03-01", "end": "2026-03-31"})
    api_client.get(URL)  # warm-up (content types and the like are cached)

    def count(url, params=None):
        # scope posts, the page of events (with place and organisers joined), its count;
        # the calendar: scope posts, the sessions with their counts in one query
        with CaptureQueriesContext(connection) as queries:
            assert api_client.get(url, params).status_code == 200
        return len(queries)

    few_events, few_sessions = count(URL), count(*calendar)
    for day in range(2, 12):
        make_event(tapo["community"], title=f"活动{day}", starts_at=local(2026, 3, day, 9, 0))
    assert count(URL) == few_events
    assert count(*calendar) == few_sessions


def test_the_admin_shows_an_error_for_a_cancelled_event_instead_of_failing(
    client, tapo, tapo_staff, now
):
    from events.forms import EventAdminForm

    event = make_event(tapo["community"])
    services.event_cancel(actor=tapo_staff, event=event, reason="台风")
    data = EventAdminForm(instance=event).initial | {"title": "改名", "exdates_text": ""}
    data = {k: v for k, v in data.items() if v is not None and k != "cover"}
    form = EventAdminForm(data=data, instance=event)
    assert not form.is_valid()
    assert [e.code for e in form.errors.as_data()["__all__"]] == ["event_cancelled"]
    assert set(form.errors) == {"__all__"}
