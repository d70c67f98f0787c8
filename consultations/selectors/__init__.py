"""Reads of the consultations app: who may see what, electorates, tallies, lists.

Residents reach a matter through the places they live in or under (their units, buildings and
every ancestor: `Scope.home_q`); staff through their managing scope (`communities.scoping`).
Proposers always see their own matters.
"""

# One module per concern; everything is importable from `consultations.selectors` as before.

from consultations.selectors.access import (
    PUBLIC_STATUSES,
    matter_comments,
    matter_get_for_user,
    matter_may_comment,
    matter_visibility,
    matters_for_user,
    proposable_nodes_for_user,
    user_manages_node,
)
from consultations.selectors.council import (
    council_get_for_manager,
    council_meetings,
    council_members,
    councils_for_user,
    meetings_for_user,
)
from consultations.selectors.personal_data import (
    personal_data_export,
)
from consultations.selectors.resolutions import (
    follow_up_get_for_user,
    follow_ups_for_user,
    follow_ups_overdue,
    resolutions_for_matter,
    today,
)
from consultations.selectors.voting import (
    ElectorateRow,
    OptionResult,
    Tally,
    ballot_of_voter,
    ballots_for_entry,
    consultation_get_for_manager,
    consultation_get_for_user,
    consultation_tally,
    consultations_closing_at,
    consultations_due_for_reminder,
    consultations_due_to_close,
    consultations_due_to_open,
    consultations_for_user,
    electorate_compute,
    owned_households_without_area,
    percent,
    results_visible,
    tally_as_record,
    voter_for_user,
    voter_ids_between,
    voters_to_notify,
)

__all__ = [
    "ElectorateRow",
    "OptionResult",
    "PUBLIC_STATUSES",
    "Tally",
    "ballot_of_voter",
    "ballots_for_entry",
    "consultation_get_for_manager",
    "consultation_get_for_user",
    "consultation_tally",
    "consultations_closing_at",
    "consultations_due_for_reminder",
    "consultations_due_to_close",
    "consultations_due_to_open",
    "consultations_for_user",
    "council_get_for_manager",
    "council_meetings",
    "council_members",
    "councils_for_user",
    "meetings_for_user",
    "electorate_compute",
    "follow_up_get_for_user",
    "follow_ups_for_user",
    "follow_ups_overdue",
    "matter_comments",
    "matter_get_for_user",
    "matter_may_comment",
    "matter_visibility",
    "matters_for_user",
    "owned_households_without_area",
    "percent",
    "personal_data_export",
    "proposable_nodes_for_user",
    "resolutions_for_matter",
    "results_visible",
    "tally_as_record",
    "today",
    "user_manages_node",
    "voter_for_user",
    "voter_ids_between",
    "voters_to_notify",
]
