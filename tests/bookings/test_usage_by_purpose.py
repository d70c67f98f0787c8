"""Venue usage split by what the hours were for: event sessions (teams, groups and units run
them), council meetings, bookings a team's leader made for the team, and bookings residents
made for themselves; on the page and in the Excel file."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from bookings import services
from consultations import services as council_services
from events import services as event_services
from tests.bookings.conftest import TZ, at
from tests.events.factories import first_session, make_event
from tests.volunteers.factories import volunteer
from volunteers import services as volunteer_services
from volunteers.models import Team

pytestmark = pytest.mark.django_db


def test_hours_are_split_by_purpose(client, tapo, tapo_staff, resident, open_venue):
    # given: a resident's 2 h, a team's 3 h, an event session's 2 h, a council meeting's 1.5 h
    volunteer(tapo["community"], user=resident)
    team = volunteer_services.team_create(
        actor=None, node=tapo["community"], name="舞蹈队", kind=Team.Kind.CULTURE, leader=resident
    )
    services.booking_request(
        user=resident,
        venue=open_venue,
        starts_at=at(4, 9),
        ends_at=at(4, 12),
        purpose="舞蹈队排练",
        attendees=8,
        team=team,
    )
    services.booking_request(
        user=resident,
        venue=open_venue,
        starts_at=at(3, 14),
        ends_at=at(3, 16),
        purpose="广场舞排练",
        attendees=8,
    )
    session = first_session(
        make_event(
            tapo["community"],
            actor=tapo_staff,
            starts_at=dt.datetime(2026, 3, 6, 9, 0, tzinfo=TZ),
            hours=2,
        )
    )
    event_services.occurrence_venue_set(actor=tapo_staff, occurrence=session, venue=open_venue)
    council_services.meeting_create(
        actor=tapo_staff,
        council=council_services.council_for_community(community=tapo["community"]),
        title="第一季度居民议事",
        starts_at=at(20, 14),
        place="活动点",
        agenda="议程",
        venue=open_venue,
        minutes_long=90,
    )
    # a released booking counts for nothing
    dropped = first_session(
        make_event(
            tapo["community"],
            actor=tapo_staff,
            title="取消的活动",
            starts_at=dt.datetime(2026, 3, 7, 9, 0, tzinfo=TZ),
        )
    )
    event_services.occurrence_venue_set(actor=tapo_staff, occurrence=dropped, venue=open_venue)
    event_services.occurrence_venue_set(actor=tapo_staff, occurrence=dropped, venue=None)
    client.force_login(tapo_staff)

    # when
    page = client.get("/bookings/usage/?month=2026-03")

    # then
    line = next(line for line in page.context["lines"] if line.venue == open_venue)
    assert (line.bookings, line.hours) == (4, 8.5)
    assert (line.hours_events, line.hours_meetings, line.hours_teams, line.hours_direct) == (
        2,
        1.5,
        3,
        2,
    )
    assert "第一季度居民议事" not in page.content.decode()  # figures only, no purposes
    sheet = load_workbook(
        io.BytesIO(client.get("/bookings/usage/?month=2026-03&format=xlsx").content)
    ).active
    header, *rows = list(sheet.iter_rows(values_only=True))
    assert header[5:] == ("活动场次时长", "议事会时长", "服务队预约时长", "居民和工作人员预约时长")
    row = next(row for row in rows if row[0] == open_venue.name)
    assert row[5:] == (2, 1.5, 3, 2)
    assert "服务队预约时长" in page.content.decode()


def test_another_communitys_staff_do_not_see_the_split(client, baoan_staff, resident, open_venue):
    services.booking_request(
        user=resident,
        venue=open_venue,
        starts_at=at(3, 14),
        ends_at=at(3, 16),
        purpose="排练",
        attendees=8,
    )
    client.force_login(baoan_staff)
    assert client.get("/bookings/usage/?month=2026-03").context["lines"] == []
