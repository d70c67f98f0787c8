"""Every write of the communities app. Import from here: `from communities.services import ...`."""

from communities.services.allowances import (
    allowances_compute_month,
    excellent_captains_from_duties,
)
from communities.services.captains import (
    allowance_mark_paid,
    daily_report_submit,
    evaluation_entry_score,
    evaluation_publish,
    evaluation_round_create,
    patrol_log_create,
)
from communities.services.nodes import district_place_streets, node_create, node_update
from communities.services.posts import post_appoint, post_end
from communities.services.residents import (
    household_claim,
    household_create,
    household_set_floor_area,
    residency_approve,
    residency_end,
    residency_invitation_accept,
    residency_invitation_decline,
    residency_reject,
)
from communities.services.teams import team_save

__all__ = [
    "allowance_mark_paid",
    "allowances_compute_month",
    "daily_report_submit",
    "district_place_streets",
    "evaluation_entry_score",
    "excellent_captains_from_duties",
    "evaluation_publish",
    "evaluation_round_create",
    "household_claim",
    "household_create",
    "household_set_floor_area",
    "node_create",
    "node_update",
    "patrol_log_create",
    "post_appoint",
    "post_end",
    "residency_approve",
    "residency_end",
    "residency_invitation_accept",
    "residency_invitation_decline",
    "residency_reject",
    "team_save",
]
