"""A volunteer's registration, their community and the next star to reach."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from communities.models import Node
from communities.selectors import households_of_user
from volunteers.models import VolunteerProfile
from volunteers.policy import policy_get


def profile_for_user(user) -> VolunteerProfile | None:
    if not user.is_authenticated:
        return None
    return VolunteerProfile.objects.select_related("community").filter(user=user).first()


def next_star(profile: VolunteerProfile) -> dict | None:
    """The next star level and the hours still missing, or None at five stars."""
    thresholds = policy_get(profile.community).star_thresholds
    if profile.stars >= len(thresholds):
        return None
    target = thresholds[profile.stars]
    return {
        "stars": profile.stars + 1,
        "hours": target,
        "missing_minutes": max(0, target * 60 - profile.verified_minutes),
    }


def home_community(user) -> Node:
    """The community a user belongs to: their volunteer registration, else their home.

    Refused (`no_community`) when there is neither: the services that need it stop there.
    """
    profile = VolunteerProfile.objects.select_related("community").filter(user=user).first()
    if profile is not None:
        return profile.community
    household = households_of_user(user).first()
    community = household.node.community if household else None
    if community is None:
        raise ValidationError(
            _("We could not find your community. Please register your home first."),
            code="no_community",
        )
    return community
