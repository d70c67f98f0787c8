"""Every write of the consultations app. Import from here: `from consultations import services`."""

from consultations.services.council import (
    council_for_community,
    council_member_add,
    council_member_end,
    meeting_create,
    meeting_record,
    meeting_venue_set,
)
from consultations.services.matters import (
    comment_add,
    comment_hide,
    matter_accept,
    matter_decline,
    matter_propose,
)
from consultations.services.resolutions import (
    follow_up_add,
    follow_up_progress,
    follow_up_remind_overdue,
    resolution_record,
)
from consultations.services.voting import (
    ballot_cast,
    ballot_enter_paper,
    consultation_close,
    consultation_create,
    consultation_notify_opening,
    consultation_publish,
    consultation_remind_closing,
)

__all__ = [
    "ballot_cast",
    "ballot_enter_paper",
    "comment_add",
    "comment_hide",
    "consultation_close",
    "consultation_create",
    "consultation_notify_opening",
    "consultation_publish",
    "consultation_remind_closing",
    "council_for_community",
    "council_member_add",
    "council_member_end",
    "follow_up_add",
    "follow_up_progress",
    "follow_up_remind_overdue",
    "matter_accept",
    "matter_decline",
    "matter_propose",
    "meeting_create",
    "meeting_record",
    "meeting_venue_set",
    "resolution_record",
]
