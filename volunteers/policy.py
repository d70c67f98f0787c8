"""The street's time-bank policy (one row) and what follows from it: the star levels.

Read by services and selectors alike, so it lives beside both rather than in either.
"""

from __future__ import annotations

from volunteers.models import TimeBankPolicy


def policy_get() -> TimeBankPolicy:
    """The single policy row, created with the defaults on first use."""
    policy, _created = TimeBankPolicy.objects.get_or_create(pk=1)
    return policy


def star_level(minutes: int, policy: TimeBankPolicy | None = None) -> int:
    """Stars for a verified total: each threshold reached (>=) adds one star."""
    policy = policy or policy_get()
    return sum(1 for hours in policy.star_thresholds if minutes >= hours * 60)
