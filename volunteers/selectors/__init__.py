"""Reads of the volunteers app, with the joins they need so query counts stay flat.

One module per part; every selector is importable from `volunteers.selectors`.
"""

from volunteers.selectors.certificates import certificate_by_number, certificates_of_user
from volunteers.selectors.export import volunteer_export_for_user
from volunteers.selectors.hours import (
    hour_record_for_verifier,
    hour_records_for_verifier,
    hour_records_of_user,
    hour_records_pending_for_user,
    hours_by_team_month,
    projects_for_logging,
)
from volunteers.selectors.profiles import next_star, profile_for_user
from volunteers.selectors.queues import verified_minutes_by_place, volunteer_queue_counts
from volunteers.selectors.shifts import (
    project_get_for_organiser,
    project_shifts,
    projects_organised_by,
    roster_prefetch,
    shift_get,
    shift_get_for_organiser,
    shift_roster,
    shifts_open,
    signup_of,
    signups_of_user,
)
from volunteers.selectors.teams import (
    join_requests_for_leader,
    membership_of,
    memberships_of_user,
    team_get,
    team_roster,
    teams_for_organiser,
    teams_led_by,
    teams_list,
)
from volunteers.selectors.timebank import (
    help_request_get_for_user,
    help_requests_of_user,
    help_requests_open,
    relatives_of_user,
    time_bank_summary,
    time_postings,
    verified_relatives,
)
from volunteers.selectors.wishes import (
    wish_claim_candidates,
    wish_get_for_user,
    wishes_claimable,
    wishes_claimed_by,
    wishes_for_staff,
    wishes_of_resident,
)

__all__ = [
    "certificate_by_number",
    "certificates_of_user",
    "help_request_get_for_user",
    "help_requests_of_user",
    "help_requests_open",
    "hour_record_for_verifier",
    "hour_records_for_verifier",
    "hour_records_of_user",
    "hour_records_pending_for_user",
    "hours_by_team_month",
    "join_requests_for_leader",
    "membership_of",
    "memberships_of_user",
    "next_star",
    "profile_for_user",
    "project_get_for_organiser",
    "project_shifts",
    "projects_for_logging",
    "projects_organised_by",
    "relatives_of_user",
    "roster_prefetch",
    "shift_get",
    "shift_get_for_organiser",
    "shift_roster",
    "shifts_open",
    "signup_of",
    "signups_of_user",
    "team_get",
    "team_roster",
    "teams_for_organiser",
    "teams_led_by",
    "teams_list",
    "time_bank_summary",
    "time_postings",
    "verified_minutes_by_place",
    "verified_relatives",
    "volunteer_export_for_user",
    "volunteer_queue_counts",
    "wish_claim_candidates",
    "wish_get_for_user",
    "wishes_claimable",
    "wishes_claimed_by",
    "wishes_for_staff",
    "wishes_of_resident",
]
