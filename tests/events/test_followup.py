"""Check-in by code, attendance points, reminders once, summaries, ratings, topic menus, .ics."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from icalendar import Calendar

from events import services, tasks
from events.ical import calendar_for_occurrences
from events.models import Registration, Topic
from events.recurrence import LOCAL
from notifications.models import Message
from points.selectors import balances_for_user
from tests.events.factories import first_session, local, make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(tapo):
    return first_session(make_event(tapo["community"], capacity=10, points_for_attendance=5))


def test_attendee_scans_the_door_code_and_checks_in_the_household(
    session, resident, spouse, time_machine, now
):
    services.registration_create(user=resident, occurrence=session, members=[spouse])
    code = services.door_code(session)
    time_machine.move_to(local(2026, 3, 6, 8, 30), tick=False)
    checked = services.door_check_in(user=resident, code=code)
    assert {r.user for r in checked} == {resident, spouse}
    assert all(r.checked_in_at for r in checked)
    # attendance points through the ledger, once per registration, even on a second scan
    services.door_check_in(user=resident, code=code)
    assert balances_for_user(resident).get("POINT") == 5
    assert balances_for_user(spouse).get("POINT") == 5


def test_door_code_is_refused_too_early_forged_or_without_a_place(
    session, resident, neighbours, time_machine, now
):
    services.registration_create(user=resident, occurrence=session)
    code = services.door_code(session)
    with pytest.raises(ValidationError) as error:
        services.door_check_in(user=resident, code=code)
    assert error.value.code == "checkin_not_open"
    time_machine.move_to(local(2026, 3, 6, 9, 0), tick=False)
    with pytest.raises(ValidationError) as error:
        services.door_check_in(user=resident, code=code + "x")
    assert error.value.code == "bad_code"
    with pytest.raises(ValidationError) as error:
        services.door_check_in(user=neighbours[0], code=code)
    assert error.value.code == "not_registered"


def test_organiser_scans_the_attendee_code(
    session, resident, tapo_staff, baoan_staff, time_machine, now
):
    [registration] = services.registration_create(user=resident, occurrence=session)
    code = services.attendee_code(registration)
    time_machine.move_to(local(2026, 3, 6, 9, 5), tick=False)
    with pytest.raises(PermissionDenied):
        services.registration_check_in_by_code(actor=baoan_staff, code=code)
    registration = services.registration_check_in_by_code(actor=tapo_staff, code=code)
    assert registration.checked_in_at == local(2026, 3, 6, 9, 5)


def test_a_waitlisted_person_cannot_be_checked_in(
    tapo, resident, neighbours, tapo_staff, time_machine, now
):
    session = first_session(make_event(tapo["community"], capacity=1))
    services.registration_create(user=resident, occurrence=session)
    [waiting] = services.registration_create(user=neighbours[0], occurrence=session)
    time_machine.move_to(local(2026, 3, 6, 9, 0), tick=False)
    with pytest.raises(ValidationError) as error:
        services.registration_check_in(actor=tapo_staff, registration=waiting)
    assert error.value.code == "not_confirmed"


def test_reminders_a_day_and_an_hour_before_are_sent_once_each(
    session, resident, neighbours, time_machine, now
):
    services.registration_create(user=resident, occurrence=session)
    services.registration_create(user=neighbours[0], occurrence=session)
    # two days before: nothing due
    assert tasks.reminders_send_task() == 0
    # a day before: the "tomorrow" reminder, once, even if beat runs the task twice
    time_machine.move_to(local(2026, 3, 5, 9, 0), tick=False)
    assert tasks.reminders_send_task() == 2
    assert tasks.reminders_send_task() == 0
    assert Message.objects.filter(title__contains="防诈骗知识讲座").count() == 2
    # an hour before: the second reminder, once
    time_machine.move_to(local(2026, 3, 6, 8, 10), tick=False)
    assert tasks.reminders_send_task() == 2
    assert tasks.reminders_send_task() == 0
    assert Message.objects.filter(recipient=resident).count() == 2


def test_the_day_before_reminder_goes_by_sms_only_to_those_who_chose_it(
    session, resident, neighbours, time_machine, now, django_capture_on_commit_callbacks
):
    from notifications.channels import channel_set
    from notifications.models import ChannelPreference, SmsRecord

    channel_set(user=resident, channel=ChannelPreference.Channel.SMS)
    services.registration_create(user=resident, occurrence=session)
    services.registration_create(user=neighbours[0], occurrence=session)
    time_machine.move_to(local(2026, 3, 5, 9, 0), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.reminders_send_task() == 2
    assert list(SmsRecord.objects.values_list("phone", flat=True)) == [resident.phone]


def test_reminder_offsets_are_configurable(tapo, resident, time_machine, now):
    session = first_session(make_event(tapo["community"], reminder_offsets=[180]))
    services.registration_create(user=resident, occurrence=session)
    time_machine.move_to(local(2026, 3, 5, 9, 0), tick=False)
    assert services.reminders_send() == 0
    time_machine.move_to(local(2026, 3, 6, 6, 30), tick=False)
    assert services.reminders_send() == 1


def test_organisers_are_reminded_once_to_publish_the_summary(tapo, tapo_staff, time_machine, now):
    event = make_event(tapo["community"], actor=tapo_staff, organiser_user=tapo_staff)
    session = first_session(event)
    time_machine.move_to(local(2026, 3, 6, 12, 0), tick=False)
    assert tasks.summary_reminders_send_task() == 1
    tasks.summary_reminders_send_task()
    assert Message.objects.filter(recipient=tapo_staff).count() == 1
    services.occurrence_summary_publish(
        actor=tapo_staff, occurrence=session, summary="到场42人，识别诈骗短信演练。"
    )
    time_machine.move_to(local(2026, 3, 7, 12, 0), tick=False)
    assert tasks.summary_reminders_send_task() == 0


def test_only_attendees_rate_once_between_one_and_five(
    session, resident, neighbours, time_machine, now
):
    services.registration_create(user=resident, occurrence=session)
    services.registration_create(user=neighbours[0], occurrence=session)
    time_machine.move_to(local(2026, 3, 6, 9, 0), tick=False)
    services.door_check_in(user=resident, code=services.door_code(session))
    with pytest.raises(ValidationError) as error:
        services.rating_submit(user=neighbours[0], occurrence=session, score=5)
    assert error.value.code == "not_attended"
    with pytest.raises(ValidationError) as error:
        services.rating_submit(user=resident, occurrence=session, score=6)
    assert error.value.code == "invalid_score"
    services.rating_submit(user=resident, occurrence=session, score=4, comment="很实用")
    with pytest.raises(ValidationError) as error:
        services.rating_submit(user=resident, occurrence=session, score=5)
    assert error.value.code == "already_rated"


def test_topic_menu_votes_once_and_the_favourite_becomes_an_event(
    tapo, tapo_staff, resident, neighbours, now
):
    menu = services.topic_menu_create(
        actor=tapo_staff,
        node=tapo["community"],
        title="2026年春季宣讲菜单",
        topics=[("防范电信诈骗", "派出所民警"), ("慢病用药常识", "社区医生")],
    )
    fraud, medicine = menu.topics.order_by("pk")
    for person in [resident, *neighbours[:2]]:
        services.topic_vote(user=person, topic=medicine)
    services.topic_vote(user=resident, topic=fraud)
    with pytest.raises(ValidationError) as error:
        services.topic_vote(user=resident, topic=medicine)
    assert error.value.code == "already_voted"
    favourite = Topic.objects.filter(menu=menu).first()
    assert (favourite, favourite.vote_count) == (medicine, 3)
    event = services.topic_event_create(
        actor=tapo_staff,
        topic=favourite,
        starts_at=local(2026, 3, 20, 15, 0),
        ends_at=local(2026, 3, 20, 16, 30),
        place="塔坡社区党群服务中心二楼",
    )
    assert event.topic == medicine and event.status == "published"
    assert Message.objects.filter(title__contains="慢病用药常识").count() == 3


def test_ics_parses_and_holds_shanghai_times(tapo, now):
    event = make_event(
        tapo["community"],
        title="义诊",
        starts_at=local(2026, 3, 11, 8, 30),
        hours=3,
        rrule="FREQ=MONTHLY;BYDAY=2WE,4WE",
    )
    content = calendar_for_occurrences(
        event.occurrences.order_by("starts_at"), name=event.title, base_url="http://testserver"
    )
    calendar = Calendar.from_ical(content)
    vevents = calendar.walk("VEVENT")
    assert len(vevents) == event.occurrences.count() >= 4
    first = vevents[0]
    start = first.decoded("dtstart")
    assert str(first.get("summary")) == "义诊"
    assert start == local(2026, 3, 11, 8, 30)
    assert start.astimezone(dt.UTC).hour == 0  # 08:30 Shanghai = 00:30 UTC
    assert first["dtstart"].params["TZID"] == "Asia/Shanghai"
    assert calendar.walk("VTIMEZONE")[0]["tzid"] == "Asia/Shanghai"
    assert first.decoded("dtend") - start == dt.timedelta(hours=3)
    assert LOCAL.key == "Asia/Shanghai"


def test_materialise_task_is_idempotent(tapo, now):
    make_event(tapo["community"], rrule="FREQ=WEEKLY;BYDAY=FR")
    before = tasks.occurrences_materialise_task()
    assert before == 0  # the save already created the horizon
    assert tasks.occurrences_materialise_task() == 0


def test_registrations_stay_unique_per_person(session, resident):
    assert Registration.objects.count() == 0
