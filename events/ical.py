"""iCalendar (.ics) for one event and for a user's "my events" feed, built with `icalendar`.

Times are written with TZID=Asia/Shanghai and a VTIMEZONE block, which calendar apps on phones
and desktops (Apple, Google, Outlook) import as local times.
"""

from collections.abc import Iterable

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as VEvent

from events.models import Occurrence
from events.recurrence import LOCAL


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
