"""The time-bank policy (the deployment's one row, overridden per place by the place setting
`volunteers.time_bank`) and what follows from it: the star levels.

Read by services and selectors alike, so it lives beside both rather than in either.
"""

from __future__ import annotations

from communities.models import Node
from communities.place_settings import place_setting_with_source
from volunteers.models import TimeBankPolicy
from volunteers.place_settings import TIME_BANK


def policy_get(node: Node | None = None) -> TimeBankPolicy:
    """The time-bank policy at `node`: the nearest place up the tree that sets its own (a
    place setting), else the deployment's one row (created with the defaults on first use).

    A place's policy comes back as an unsaved copy of the row: read it, never save it.
    """
    policy, _created = TimeBankPolicy.objects.get_or_create(pk=1)
    if node is not None:
        value, source = place_setting_with_source(node, TIME_BANK)
        if source is not None:
            for name, item in value.items():
                setattr(policy, name, item)
    return policy


def star_level(minutes: int, policy: TimeBankPolicy | None = None) -> int:
    """Stars for a verified total: each threshold reached (>=) adds one star."""
    policy = policy or policy_get()
    return sum(1 for hours in policy.star_thresholds if minutes >= hours * 60)
