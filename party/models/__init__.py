"""Party building (党建): branches on the governance tree, their members (and 双报到 in-service
members), co-building units (共建单位). Data and database constraints only; rules live in
services.

Import from here: `from party.models import PartyBranch, PartyMember, CoBuildingUnit`.
"""

from party.models.alliance import (
    Alliance,
    AllianceMember,
    AllianceTeam,
    Commitment,
    CommitmentFollowUp,
    Pairing,
    UnitOffer,
)
from party.models.life import PartySession, SessionAttendance, SessionPhoto
from party.models.organisation import (
    CoBuildingUnit,
    PartyBranch,
    PartyMember,
    PartyOfficer,
    PartyTransfer,
)
from party.models.service import PostClaim, ServicePost, ServiceReport

__all__ = [
    "Alliance",
    "AllianceMember",
    "AllianceTeam",
    "CoBuildingUnit",
    "Commitment",
    "CommitmentFollowUp",
    "Pairing",
    "PartyBranch",
    "PartyMember",
    "PartyOfficer",
    "PartySession",
    "PartyTransfer",
    "PostClaim",
    "ServicePost",
    "ServiceReport",
    "SessionAttendance",
    "SessionPhoto",
    "UnitOffer",
]
