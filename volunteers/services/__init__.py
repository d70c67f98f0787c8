"""Every write of the volunteers app: `from volunteers import services`."""

from volunteers.permissions import can_claim, can_organise, can_verify
from volunteers.policy import policy_get, star_level
from volunteers.services.certificates import certificate_issue
from volunteers.services.help import (
    help_request_accept,
    help_request_cancel,
    help_request_confirm,
    help_request_create,
    help_request_mark_helped,
)
from volunteers.services.hours import (
    Decision,
    VerificationRefused,
    VerifyDecision,
    hour_record_log,
    hour_record_verify,
    hour_records_verify,
)
from volunteers.services.policy import time_bank_policy_save
from volunteers.services.profiles import volunteer_register, volunteer_update
from volunteers.services.projects import project_update, shift_cancel, shift_update
from volunteers.services.shifts import (
    cancel_deadline,
    checkin_token,
    checkin_token_read,
    project_create,
    project_fields_validate,
    shift_create,
    shift_signup,
    shift_times_validate,
    signup_cancel,
    signup_check_in,
    signup_check_out,
)
from volunteers.services.teams import (
    membership_decide,
    membership_leave,
    membership_request,
    membership_set_role,
    team_create,
    team_update,
)
from volunteers.services.timebank import (
    pool_account,
    relative_link_decide,
    relative_link_request,
    time_donate,
    time_transfer_to_relative,
)
from volunteers.services.wishes import (
    WishContact,
    wish_claim,
    wish_confirm,
    wish_contact_for,
    wish_dispute,
    wish_dispute_resolve,
    wish_mark_done,
    wish_post,
    wish_review,
)

__all__ = [
    "Decision",
    "VerificationRefused",
    "VerifyDecision",
    "WishContact",
    "can_claim",
    "can_organise",
    "can_verify",
    "cancel_deadline",
    "certificate_issue",
    "checkin_token",
    "checkin_token_read",
    "help_request_accept",
    "help_request_cancel",
    "help_request_confirm",
    "help_request_create",
    "help_request_mark_helped",
    "hour_record_log",
    "hour_record_verify",
    "hour_records_verify",
    "membership_decide",
    "membership_leave",
    "membership_request",
    "membership_set_role",
    "policy_get",
    "pool_account",
    "project_create",
    "project_fields_validate",
    "project_update",
    "relative_link_decide",
    "relative_link_request",
    "shift_cancel",
    "shift_create",
    "shift_signup",
    "shift_times_validate",
    "shift_update",
    "signup_cancel",
    "signup_check_in",
    "signup_check_out",
    "star_level",
    "team_create",
    "team_update",
    "time_bank_policy_save",
    "time_donate",
    "time_transfer_to_relative",
    "volunteer_register",
    "volunteer_update",
    "wish_claim",
    "wish_confirm",
    "wish_contact_for",
    "wish_dispute",
    "wish_dispute_resolve",
    "wish_mark_done",
    "wish_post",
    "wish_review",
]
