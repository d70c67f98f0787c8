"""Volunteers and the time bank: teams, projects and shifts, hour records and their verification,
wishes (微心愿), help paid in time credits, relatives for transfers, certificates.

Data and database constraints only; rules live in services/. Service time itself (the time-bank
balance) lives in the points ledger as MINUTE postings, never here. One module per part; every
model is importable from `volunteers.models`.
"""

from volunteers.models.certificates import Certificate
from volunteers.models.hours import HourRecord
from volunteers.models.profiles import TimeBankPolicy, VolunteerProfile
from volunteers.models.projects import LIVE_SIGNUP, Project, Shift, Signup
from volunteers.models.teams import Membership, Team
from volunteers.models.timebank import HelpRequest, RelativeLink, TimeTransfer
from volunteers.models.wishes import Wish

__all__ = [
    "LIVE_SIGNUP",
    "Certificate",
    "HelpRequest",
    "HourRecord",
    "Membership",
    "Project",
    "RelativeLink",
    "Shift",
    "Signup",
    "Team",
    "TimeBankPolicy",
    "TimeTransfer",
    "VolunteerProfile",
    "Wish",
]
