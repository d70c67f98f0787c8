"""Every write of the events app. Import from here: `from events.services import ...`."""

from events.services.feeds import calendar_feed_for_user, calendar_feed_reset
from events.services.followup import (
    occurrence_summary_publish,
    rating_submit,
    reminders_send,
    summary_reminders_send,
)
from events.services.registrations import (
    attendee_code,
    attendee_profile_set,
    door_check_in,
    door_code,
    registration_cancel,
    registration_check_in,
    registration_check_in_by_code,
    registration_create,
    registration_for_code_or_none,
    registration_window,
    waitlist_promote,
)
from events.services.schedule import (
    event_cancel,
    event_create,
    event_publish,
    event_save,
    event_validate,
    occurrence_cancel,
    occurrence_venue_set,
    occurrences_materialise,
)
from events.services.topics import (
    topic_event_create,
    topic_menu_create,
    topic_menu_update,
    topic_vote,
    topic_vote_withdraw,
)

__all__ = [
    "occurrence_venue_set",
    "attendee_code",
    "attendee_profile_set",
    "calendar_feed_for_user",
    "calendar_feed_reset",
    "door_check_in",
    "door_code",
    "event_cancel",
    "event_create",
    "event_publish",
    "event_save",
    "event_validate",
    "occurrence_cancel",
    "occurrence_summary_publish",
    "occurrences_materialise",
    "rating_submit",
    "registration_cancel",
    "registration_check_in",
    "registration_check_in_by_code",
    "registration_create",
    "registration_for_code_or_none",
    "registration_window",
    "reminders_send",
    "summary_reminders_send",
    "topic_event_create",
    "topic_menu_create",
    "topic_menu_update",
    "topic_vote",
    "topic_vote_withdraw",
    "waitlist_promote",
]
