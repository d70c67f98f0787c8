"""Every write of the party app. Import from here: `from party.services import ...`."""

from party.services.alliance import (
    alliance_create,
    alliance_team_add,
    alliance_unit_join,
    alliance_unit_leave,
    commitment_create,
    commitment_follow_up,
    pairing_end,
    pairing_start,
    unit_offer_add,
    unit_offer_remove,
)
from party.services.life import session_attendance_record, session_record, session_schedule
from party.services.organisation import (
    co_building_unit_save,
    member_transfer,
    member_transfer_in,
    party_branch_create,
    party_member_register,
)
from party.services.service import (
    in_service_report,
    report_issue,
    service_post_claim,
    service_post_publish,
    service_post_unclaim,
)
from party.services.tree import (
    officer_appoint,
    officer_end,
    organisation_create,
    organisation_update,
)

__all__ = [
    "alliance_create",
    "alliance_team_add",
    "alliance_unit_join",
    "alliance_unit_leave",
    "co_building_unit_save",
    "commitment_create",
    "commitment_follow_up",
    "in_service_report",
    "member_transfer",
    "member_transfer_in",
    "officer_appoint",
    "officer_end",
    "organisation_create",
    "organisation_update",
    "pairing_end",
    "pairing_start",
    "party_branch_create",
    "party_member_register",
    "report_issue",
    "service_post_claim",
    "service_post_unclaim",
    "service_post_publish",
    "session_attendance_record",
    "session_record",
    "session_schedule",
    "unit_offer_add",
    "unit_offer_remove",
]
