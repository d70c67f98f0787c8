from care.services.register import (
    care_role_end,
    care_role_grant,
    care_tag_add,
    care_tag_remove,
    care_tag_update,
    care_tags_retention_sweep,
    may_grant,
)

__all__ = [
    "care_role_end",
    "care_role_grant",
    "care_tag_add",
    "care_tag_remove",
    "care_tag_update",
    "care_tags_retention_sweep",
    "may_grant",
]
