"""The resident council (居民议事会, 1+X): members and meetings, matters and their discussion,
consultations put to an electorate with their ballots, resolutions and follow-up items.

Data and database constraints only; rules live in services, reads in selectors. One module per
part; every model (and `attachment_path`, which the migrations name) is importable from
`consultations.models`.
"""

from consultations.models.council import Council, CouncilMember, Meeting, MeetingAttendance
from consultations.models.matters import Comment, Matter, MatterAttachment, attachment_path
from consultations.models.resolutions import FollowUp, FollowUpNote, Resolution
from consultations.models.voting import Ballot, Consultation, Option, Voter

__all__ = [
    "Ballot",
    "Comment",
    "Consultation",
    "Council",
    "CouncilMember",
    "FollowUp",
    "FollowUpNote",
    "Matter",
    "MatterAttachment",
    "Meeting",
    "MeetingAttendance",
    "Option",
    "Resolution",
    "Voter",
    "attachment_path",
]
