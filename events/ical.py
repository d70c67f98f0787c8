"""iCalendar (.ics) for one event and for a user's "my events" feed, built with `icalendar`.

Times are written with TZID=Asia/Shanghai and a VTIMEZONE block, which calendar apps on phones
and desktops (Apple, Google, Outlook) import as local times.
"""

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, vRecur
from icalendar import Event as VEvent

from events.models import Occurrence
from events.recurrence import LOCAL, lunar_dates


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Gongzhi//Community events//ZH")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    return calendar


def calendar_for_occurrences(
    occurrences: Iterable[Occurrence], *, name: str, base_url: str
) -> bytes:
    calendar = _calendar(name)
    stamp = timezone.now()
    for occurrence in occurrences:
        event = occurrence.event
        vevent = VEvent()
        vevent.add("uid", f"event-session-{occurrence.pk}@gongzhi")
        vevent.add("dtstamp", stamp)
        vevent.add("dtstart", occurrence.starts_at.astimezone(LOCAL))
        vevent.add("dtend", occurrence.ends_at.astimezone(LOCAL))
        vevent.add("summary", event.title)
        vevent.add("location", event.place)
        if event.description:
            vevent.add("description", event.description)
        vevent.add("url", f"{base_url}/events/{occurrence.pk}/")
        if occurrence.status == Occurrence.Status.CANCELLED:
            vevent.add("status", "CANCELLED")
        else:
            vevent.add("status", "CONFIRMED")
        calendar.add_component(vevent)
    calendar.add_missing_timezones()
    return calendar.to_ical()


# How far ahead a lunar series lists its dates (RFC 5545 has no lunar rule, so they are RDATEs).
LUNAR_YEARS_AHEAD = 10


def calendar_for_event_series(event, *, base_url: str) -> bytes:
    """One VEVENT for the whole series: DTSTART, then the RRULE it was set up with (UNTIL in UTC,
    as RFC 5545 asks when DTSTART has a TZID), or each later lunar date as an RDATE; skipped
    dates as EXDATEs. A calendar app expands it to the same sessions the portal holds."""
    calendar = _calendar(event.title)
    start = event.starts_at.astimezone(LOCAL)
    vevent = VEvent()
    vevent.add("uid", f"event-{event.pk}@gongzhi")
    vevent.add("dtstamp", timezone.now())
    vevent.add("dtstart", start)
    vevent.add("dtend", event.ends_at.astimezone(LOCAL))
    vevent.add("summary", event.title)
    vevent.add("location", event.place)
    if event.description:
        vevent.add("description", event.description)
    vevent.add("url", f"{base_url}/events/staff/events/{event.pk}/")
    until = None
    if event.repeat_until:
        until = dt.datetime.combine(event.repeat_until, dt.time(23, 59, 59), tzinfo=LOCAL)
    if event.rrule:
        rule = vRecur.from_ical(event.rrule)
        if until is not None:
            rule["UNTIL"] = [until.astimezone(dt.UTC)]
        vevent.add("rrule", rule)
    elif event.lunar:
        last = event.repeat_until or start.date().replace(year=start.year + LUNAR_YEARS_AHEAD)
        dates = lunar_dates(month=event.lunar[0], day=event.lunar[1], start=start.date(), end=last)
        later = [dt.datetime.combine(day, start.time(), tzinfo=LOCAL) for day in dates[1:]]
        if later:
            vevent.add("rdate", later)
    if event.exdates:
        vevent.add(
            "exdate",
            [
                dt.datetime.combine(dt.date.fromisoformat(day), start.time(), tzinfo=LOCAL)
                for day in event.exdates
            ],
        )
    vevent.add("status", "CANCELLED" if event.status == "cancelled" else "CONFIRMED")
    calendar.add_component(vevent)
    calendar.add_missing_timezones()
    return calendar.to_ical()
