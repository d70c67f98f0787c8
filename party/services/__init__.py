"""Every write of the party app. Import from here: `from party.services import ...`."""

from party.services.organisation import (
    co_building_unit_save,
    party_branch_create,
    party_member_register,
)

__all__ = ["co_building_unit_save", "party_branch_create", "party_member_register"]
