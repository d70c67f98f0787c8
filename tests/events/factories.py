"""Factories for the events app: events are created through the real service."""

import datetime as dt

from events import services
from events.models import Event
from events.recurrence import LOCAL


def local(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=LOCAL)


def make_event(node, *, actor=None, publish=True, starts_at=None, hours=2, **fields) -> Event:
    """A published event at node through event_save (actor None = the system)."""
    starts_at = starts_at or local(2026, 3, 6, 9, 0)
    fields.setdefault("kind", Event.Kind.LECTURE)
    fields.setdefault("title", "防诈骗知识讲座")
    fields.setdefault("place", "塔坡社区党群服务中心")
    return services.event_create(
        actor=actor,
        publish=publish,
        node=node,
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=hours),
        **fields,
    )


def first_session(event: Event):
    return event.occurrences.order_by("starts_at").first()
