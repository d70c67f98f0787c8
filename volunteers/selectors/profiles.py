"""A volunteer's registration and the next star to reach."""

from __future__ import annotations

from volunteers.models import VolunteerProfile
from volunteers.services.common import policy_get


def profile_for_user(user) -> VolunteerProfile | None:
    if not user.is_authenticated:
        return None
    return VolunteerProfile.objects.select_related("community").filter(user=user).first()


def next_star(profile: VolunteerProfile) -> dict | None:
    """The next star level and the hours still missing, or None at five stars."""
    thresholds = policy_get().star_thresholds
    if profile.stars >= len(thresholds):
        return None
    target = thresholds[profile.stars]
    return {
        "stars": profile.stars + 1,
        "hours": target,
        "missing_minutes": max(0, target * 60 - profile.verified_minutes),
    }
