"""Pages: residents find, register, cancel, check in; staff see the calendar, attendance, export;
other communities are refused."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from icalendar import Calendar
from openpyxl import load_workbook

from events import services
from events.models import Registration
from tests.events.factories import first_session, local, make_event
from tests.querycount import layout_queries, scope_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(tapo):
    return first_session(make_event(tapo["community"], capacity=20, title="防诈骗知识讲座"))


def test_upcoming_lists_my_community_first(client, tapo, tree, resident, now):
    street_event = make_event(
        tree["street"], title="街道健步走", starts_at=local(2026, 3, 2, 8, 0), open_to_all=True
    )
    community_event = make_event(tapo["community"], title="塔坡义诊")
    make_event(tree["保安社区"]["community"], title="保安社区专场")
    client.force_login(resident)
    html = client.get("/events/").content.decode()
    assert html.index("塔坡义诊") < html.index("街道健步走")
    assert "保安社区专场" not in html
    assert street_event and community_event


def test_upcoming_query_count_stays_flat(client, tapo, resident, now):
    for day in range(2, 8):
        make_event(tapo["community"], title=f"活动{day}", starts_at=local(2026, 3, day, 9, 0))
    client.force_login(resident)
    client.get("/events/")  # warm-up: the first request after log-in also saves the session

    def count():
        client.get("/events/")  # the statements prepared on this connection
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/events/").status_code == 200
        return len(queries)

    # on the layout and the user's scope, the page of sessions as cards: one prepared statement
    # (events.upcoming; a first page holding every session is not counted)
    few = count()
    assert few == layout_queries(client) + scope_queries() + 1
    for day in range(8, 20):
        make_event(tapo["community"], title=f"活动{day}", starts_at=local(2026, 3, day, 9, 0))
    assert count() == few
    for day in range(20, 26):
        make_event(tapo["community"], title=f"活动{day}", starts_at=local(2026, 3, day, 9, 0))
    # and the count of the sessions once there is a second page
    assert count() == few + 1


def test_a_resident_registers_from_the_page_and_sees_the_code(client, session, resident, now):
    client.force_login(resident)
    response = client.post(f"/events/{session.pk}/register/", follow=True)
    assert "您已报名" in response.content.decode() or "registered" in response.content.decode()
    assert Registration.objects.get(user=resident).status == "confirmed"
    html = client.get(f"/events/{session.pk}/").content.decode()
    assert "data:image/svg+xml;base64," in html


def test_the_page_explains_an_age_limit_refusal(client, tapo, resident, now):
    session = first_session(make_event(tapo["community"], min_age=60, title="长者生日会"))
    client.force_login(resident)
    response = client.post(f"/events/{session.pk}/register/", {"birth_year": 1990}, follow=True)
    assert "60" in response.content.decode()
    assert not Registration.objects.exists()


def test_door_page_checks_in(client, session, resident, time_machine, now):
    services.registration_create(user=resident, occurrence=session)
    code = services.door_code(session)
    time_machine.move_to(local(2026, 3, 6, 8, 45), tick=False)
    client.force_login(resident)
    assert client.get(f"/events/door/?code={code}").status_code == 200
    client.post("/events/door/", {"code": code})
    assert Registration.objects.get(user=resident).checked_in_at is not None


def test_other_communities_get_404_on_pages(client, session, baoan_resident, baoan_staff):
    client.force_login(baoan_resident)
    assert client.get(f"/events/{session.pk}/").status_code == 404
    assert client.post(f"/events/{session.pk}/register/").status_code == 404
    client.force_login(baoan_staff)
    assert client.get(f"/events/staff/{session.pk}/attendance/").status_code == 404
    assert client.get(f"/events/staff/{session.pk}/attendance.xlsx").status_code == 404
    assert client.get(f"/events/staff/{session.pk}/summary/").status_code == 404


def test_residents_cannot_open_staff_pages(client, session, resident):
    client.force_login(resident)
    assert client.get(f"/events/staff/{session.pk}/attendance/").status_code == 404
    assert client.get("/events/staff/calendar/").status_code == 404


def test_staff_calendar_attendance_and_excel(client, session, resident, tapo_staff, now):
    services.registration_create(user=resident, occurrence=session)
    client.force_login(tapo_staff)
    html = client.get("/events/staff/calendar/?month=2026-03").content.decode()
    assert "防诈骗知识讲座" in html
    html = client.get(f"/events/staff/{session.pk}/attendance/").content.decode()
    assert resident.masked_phone in html
    response = client.get(f"/events/staff/{session.pk}/attendance.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[4][1] == resident.phone  # staff of the community call attendees


def test_calendar_query_count_stays_flat(client, tapo, tapo_staff, now):
    make_event(tapo["community"], rrule="FREQ=WEEKLY;BYDAY=MO", title="周一太极")
    client.force_login(tapo_staff)
    client.get("/events/staff/calendar/?month=2026-03")

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/events/staff/calendar/?month=2026-03").status_code == 200
        return len(queries)

    few = count()
    make_event(tapo["community"], rrule="FREQ=WEEKLY;BYDAY=WE,FR", title="合唱")
    assert count() == few


def test_organiser_checks_in_from_the_list_and_by_scanning(
    client, session, resident, neighbours, tapo_staff, time_machine, now
):
    [first] = services.registration_create(user=resident, occurrence=session)
    [second] = services.registration_create(user=neighbours[0], occurrence=session)
    time_machine.move_to(local(2026, 3, 6, 9, 0), tick=False)
    client.force_login(tapo_staff)
    client.post(f"/events/staff/registrations/{first.pk}/checkin/")
    code = services.attendee_code(second)
    assert client.get(f"/events/checkin/?code={code}").status_code == 200
    client.post("/events/checkin/", {"code": code})
    assert Registration.objects.filter(checked_in_at__isnull=False).count() == 2


def test_scanning_someone_elses_event_code_is_404(client, session, resident, baoan_staff, now):
    [registration] = services.registration_create(user=resident, occurrence=session)
    client.force_login(baoan_staff)
    code = services.attendee_code(registration)
    assert client.get(f"/events/checkin/?code={code}").status_code == 404


def test_ics_of_an_event_and_the_personal_feed(client, session, resident, now):
    services.registration_create(user=resident, occurrence=session)
    client.force_login(resident)
    calendar = Calendar.from_ical(client.get(f"/events/event/{session.event_id}.ics").content)
    assert calendar.walk("VEVENT")[0].decoded("dtstart") == local(2026, 3, 6, 9, 0)
    feed = services.calendar_feed_for_user(user=resident)
    client.logout()
    response = client.get(f"/events/feed/{feed.token}.ics")
    assert response["Content-Type"].startswith("text/calendar")
    [vevent] = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(vevent["summary"]) == "防诈骗知识讲座"
    services.calendar_feed_reset(user=resident)
    assert client.get(f"/events/feed/{feed.token}.ics").status_code == 404


def test_summary_with_photos_and_rating_pages(
    client, session, resident, tapo_staff, time_machine, now
):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    services.registration_create(user=resident, occurrence=session)
    time_machine.move_to(local(2026, 3, 6, 9, 0), tick=False)
    services.door_check_in(user=resident, code=services.door_code(session))
    time_machine.move_to(local(2026, 3, 6, 12, 0), tick=False)
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(buffer, format="JPEG")
    client.force_login(tapo_staff)
    client.post(
        f"/events/staff/{session.pk}/summary/",
        {
            "summary": "到场30人，民警讲解了常见诈骗手法。",
            "photos": [SimpleUploadedFile("a.jpg", buffer.getvalue(), "image/jpeg")],
        },
    )
    session.refresh_from_db()
    assert session.summary_published_at is not None
    assert session.photos.count() == 1
    client.force_login(resident)
    client.post(f"/events/{session.pk}/rate/", {"score": 5, "comment": "讲得很清楚"})
    assert session.ratings.get().score == 5
    html = client.get(f"/events/{session.pk}/").content.decode()
    assert "民警讲解了常见诈骗手法" in html


def test_topic_pages(client, tapo, tapo_staff, resident, now):
    menu = services.topic_menu_create(
        actor=tapo_staff, node=tapo["community"], title="宣讲菜单", topics=[("垃圾分类", "")]
    )
    topic = menu.topics.get()
    client.force_login(resident)
    assert "垃圾分类" in client.get("/events/topics/").content.decode()
    client.post(f"/events/topics/{topic.pk}/vote/")
    topic.refresh_from_db()
    assert topic.vote_count == 1
    client.force_login(tapo_staff)
    response = client.post(
        f"/events/staff/topics/{topic.pk}/schedule/",
        {
            "starts_at": "2026-03-20T15:00",
            "ends_at": "2026-03-20T16:00",
            "place": "社区活动室",
        },
    )
    assert response.status_code == 302
    assert topic.events.get().title == "垃圾分类"


def test_my_activities_page(client, session, resident, now):
    services.registration_create(user=resident, occurrence=session)
    client.force_login(resident)
    html = client.get("/events/mine/").content.decode()
    assert "防诈骗知识讲座" in html and "webcal://" in html


def test_a_formula_name_reaches_the_attendance_workbook_as_text_and_the_export_is_audited(
    client, session, resident, tapo_staff, now
):
    from audit.models import AuditEntry

    # given a resident who named themselves as a formula
    resident.real_name = '=HYPERLINK("http://evil.example","领奖")'
    resident.save(update_fields=["real_name"])
    services.registration_create(user=resident, occurrence=session)
    client.force_login(tapo_staff)
    # when the staff download the attendance workbook (with full phone numbers)
    response = client.get(f"/events/staff/{session.pk}/attendance.xlsx")
    # then the name is plain text beside the number, and the download is in the audit log
    sheet = load_workbook(io.BytesIO(response.content)).active
    name_cell = sheet.cell(row=5, column=1)
    assert name_cell.data_type == "s"
    assert name_cell.value == "'" + resident.real_name
    entry = AuditEntry.objects.get(action="export.event_attendance")
    assert entry.actor == tapo_staff
    assert entry.details["rows"] == 1
    assert entry.details["phones"] == "full"
    assert entry.scope_path == session.event.node.path
