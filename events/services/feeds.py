"""The secret address of a user's calendar feed."""

from django.db import transaction

from audit.services import audit_record
from events.models import CalendarFeed, new_feed_token


def calendar_feed_for_user(*, user) -> CalendarFeed:
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


@transaction.atomic
def calendar_feed_reset(*, user) -> CalendarFeed:
    """A new address; calendars subscribed to the old one stop receiving updates."""
    feed = calendar_feed_for_user(user=user)
    feed.token = new_feed_token()
    feed.save(update_fields=["token"])
    audit_record(actor=user, action="events.reset_feed", target=feed)
    return feed
