"""Staff run activities and topic menus on their own pages (no admin, no superuser), inside
their scope: another community's staff get a 404, residents too."""

import datetime as dt

import pytest
from django.urls import reverse

from events.models import Event, Occurrence, TopicMenu
from tests.events.factories import local, make_event

pytestmark = pytest.mark.django_db


def _form(node, **extra):
    data = {
        "node": node.pk,
        "kind": Event.Kind.CLINIC,
        "title": "义诊",
        "place": "社区卫生站",
        "starts_at": "2026-03-11T09:00",
        "ends_at": "2026-03-11T11:00",
        "repeat": "once",
        "registration_opens_days": 14,
        "registration_closes_hours": 0,
        "cancel_cutoff_hours": 2,
        "points_for_attendance": 0,
        "reminders": ["1440", "60"],
    }
    data.update(extra)
    return data


def test_staff_create_a_2nd_and_4th_wednesday_clinic_and_publish_it(client, tapo, tapo_staff, now):
    client.force_login(tapo_staff)
    assert client.get(reverse("events:event_new")).status_code == 200
    data = _form(
        tapo["community"],
        repeat="monthly_weekday",
        month_weeks=["2", "4"],
        month_weekday="WE",
        repeat_until="2026-04-30",
        publish="1",
    )
    response = client.post(reverse("events:event_new"), data)
    event = Event.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("events:staff_event", args=[event.pk])
    assert event.rrule == "FREQ=MONTHLY;BYDAY=2WE,4WE"
    assert event.status == Event.Status.PUBLISHED and event.reminder_offsets == [1440, 60]
    days = [
        o.starts_at.astimezone(local(2026, 1, 1).tzinfo).date() for o in event.occurrences.all()
    ]
    assert days == [
        dt.date(2026, 3, 11),
        dt.date(2026, 3, 25),
        dt.date(2026, 4, 8),
        dt.date(2026, 4, 22),
    ]
    # the first session is the rule's first date (RFC 5545 always counts DTSTART)
    assert event.starts_at == local(2026, 3, 11, 9, 0)
    page = client.get(reverse("events:staff_event", args=[event.pk])).content.decode()
    assert "2026-04-08" in page
    ics = client.get(reverse("events:event_series_ics", args=[event.pk]))
    assert b"BYDAY=2WE,4WE" in ics.content


def test_a_mid_autumn_activity_moves_to_the_festival_and_repeats_yearly(
    client, tapo, tapo_staff, time_machine
):
    time_machine.move_to(local(2027, 8, 1, 10, 0), tick=False)
    client.force_login(tapo_staff)
    data = _form(
        tapo["community"],
        starts_at="2027-08-01T19:00",
        ends_at="2027-08-01T21:00",
        repeat="lunar",
        lunar_festival="8-15",
    )
    response = client.post(reverse("events:event_new"), data)
    assert response.status_code == 302
    event = Event.objects.get()
    assert event.lunar == (8, 15) and event.rrule == ""
    assert event.starts_at == local(2027, 9, 15, 19, 0)  # 中秋 2027
    assert [o.starts_at for o in event.occurrences.all()] == [local(2027, 9, 15, 19, 0)]


def test_a_weekly_activity_starts_on_its_first_chosen_day(client, tapo, tapo_staff, now):
    # 2026-03-11 is a Wednesday; every Friday starts on the 13th
    client.force_login(tapo_staff)
    client.post(
        reverse("events:event_new"), _form(tapo["community"], repeat="weekly", weekdays=["FR"])
    )
    assert Event.objects.get().starts_at == local(2026, 3, 13, 9, 0)


def test_the_picker_says_what_is_missing_in_chinese(client, tapo, tapo_staff, now):
    client.force_login(tapo_staff)
    response = client.post(reverse("events:event_new"), _form(tapo["community"], repeat="weekly"))
    assert response.status_code == 200
    assert "请至少勾选" in response.content.decode()
    bad_end = _form(tapo["community"], ends_at="2026-03-11T08:00")
    assert "结束" in client.post(reverse("events:event_new"), bad_end).content.decode()
    assert Event.objects.count() == 0


def test_edit_and_cancel_and_another_communitys_staff_is_refused(
    client, tapo, tapo_staff, baoan, baoan_staff, resident, now
):
    event = make_event(tapo["community"], rrule="FREQ=MONTHLY;BYMONTHDAY=6", publish=False)
    edit = reverse("events:staff_event", args=[event.pk])
    for outsider in (baoan_staff, resident):
        client.force_login(outsider)
        assert client.get(edit).status_code == 404
        assert client.post(reverse("events:event_publish", args=[event.pk])).status_code == 404
        assert client.get(reverse("events:event_series_ics", args=[event.pk])).status_code == 404
    # the other community's places are not offered either
    client.force_login(baoan_staff)
    offered = client.get(reverse("events:event_new")).context["form"].fields["node"].queryset
    assert tapo["community"] not in offered and baoan["community"] in offered
    client.force_login(tapo_staff)
    page = client.get(edit)
    assert page.context["form"].initial["repeat"] == "monthly_day"
    assert page.context["form"].initial["month_day"] == 6
    client.post(reverse("events:event_publish", args=[event.pk]))
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED
    client.post(reverse("events:event_cancel", args=[event.pk]), {"reason": "场地维修"})
    event.refresh_from_db()
    assert event.status == Event.Status.CANCELLED
    assert not event.occurrences.filter(status=Occurrence.Status.SCHEDULED).exists()


def test_staff_create_and_extend_a_topic_menu_in_their_scope(
    client, tapo, tapo_staff, baoan_staff, resident
):
    client.force_login(resident)
    assert client.get(reverse("events:menu_new")).status_code == 404
    client.force_login(tapo_staff)
    response = client.post(
        reverse("events:menu_new"),
        {
            "node": tapo["community"].pk,
            "title": "2026年宣讲菜单",
            "is_open": "on",
            "new_topics": "垃圾分类知识 | 李老师\n\n防范电信诈骗",
        },
    )
    menu = TopicMenu.objects.get()
    assert response.status_code == 302
    assert sorted(menu.topics.values_list("title", "speaker")) == [
        ("垃圾分类知识", "李老师"),
        ("防范电信诈骗", ""),
    ]
    client.post(
        reverse("events:staff_menu", args=[menu.pk]),
        {"title": "2026年宣讲菜单（更新）", "new_topics": "健康养生"},
    )
    menu.refresh_from_db()
    assert menu.title == "2026年宣讲菜单（更新）" and not menu.is_open
    assert menu.topics.count() == 3
    assert "（更新）" in client.get(reverse("events:staff_menus")).content.decode()
    client.force_login(baoan_staff)
    assert client.get(reverse("events:staff_menu", args=[menu.pk])).status_code == 404
    assert "2026年宣讲菜单" not in client.get(reverse("events:staff_menus")).content.decode()


def test_the_staff_lists_query_count_stays_flat(client, tapo, tapo_staff, now):
    from events import services
    from tests.querycount import assert_flat

    client.force_login(tapo_staff)

    def more_events():
        for day in (10, 11, 12):
            make_event(tapo["community"], starts_at=local(2026, 3, day, 9, 0), publish=False)

    def more_menus():
        for number in range(3):
            services.topic_menu_create(
                actor=tapo_staff, node=tapo["grid"], title=f"菜单{number}", topics=[("题目", "")]
            )

    more_events()
    more_menus()
    assert_flat(client, reverse("events:staff_events"), more_events)
    assert_flat(client, reverse("events:staff_menus"), more_menus)
