from care.services.register import (
    care_role_end,
    care_role_grant,
    care_tag_add,
    care_tag_remove,
    care_tag_update,
    care_tags_retention_sweep,
    may_grant,
)
from care.services.requests import service_request_progress, visit_finding_to_service_request
from care.services.visits import (
    visit_finding_to_case,
    visit_finding_to_wish,
    visit_plan_set,
    visit_record,
)

__all__ = [
    "service_request_progress",
    "visit_finding_to_service_request",
    "visit_finding_to_case",
    "visit_finding_to_wish",
    "visit_plan_set",
    "visit_record",
    "care_role_end",
    "care_role_grant",
    "care_tag_add",
    "care_tag_remove",
    "care_tag_update",
    "care_tags_retention_sweep",
    "may_grant",
]
