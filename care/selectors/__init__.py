from care.selectors.register import (
    RegisterFilters,
    care_person_read,
    care_register_audit,
    care_register_page,
    care_register_queryset,
    care_tag_read,
    live_tags,
    people_in_care_scope,
    residents_for_tagging,
    tag_types_in_use,
)

__all__ = [
    "RegisterFilters",
    "care_person_read",
    "care_register_audit",
    "care_register_page",
    "care_register_queryset",
    "care_tag_read",
    "live_tags",
    "people_in_care_scope",
    "residents_for_tagging",
    "tag_types_in_use",
]
