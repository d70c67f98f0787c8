"""Every write of the cases app. Import from here: `from cases.services import case_report`."""

from cases.services.config import config_save, may_configure, open311_client_create
from cases.services.deadlines import case_escalate, case_remind, deadlines_check
from cases.services.reports import case_report
from cases.services.transitions import (
    case_accept,
    case_dispatch,
    case_hold,
    case_merge,
    case_rate,
    case_reject,
    case_reopen,
    case_return,
    case_start,
    case_submit,
    case_verify,
    cases_bulk_dispatch,
)

__all__ = [
    "case_accept",
    "case_dispatch",
    "case_escalate",
    "case_hold",
    "case_merge",
    "case_rate",
    "case_reject",
    "case_remind",
    "case_reopen",
    "case_report",
    "case_return",
    "case_start",
    "case_submit",
    "case_verify",
    "cases_bulk_dispatch",
    "config_save",
    "deadlines_check",
    "may_configure",
    "open311_client_create",
]
