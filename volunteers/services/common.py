"""What every volunteers service shares: the policy, permissions, the community of a user."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from communities.models import Node
from volunteers.models import Membership, Team, TimeBankPolicy, VolunteerProfile


def policy_get() -> TimeBankPolicy:
    """The single policy row, created with the defaults on first use."""
    policy, _created = TimeBankPolicy.objects.get_or_create(pk=1)
    return policy


def star_level(minutes: int, policy: TimeBankPolicy | None = None) -> int:
    """Stars for a verified total: each threshold reached (>=) adds one star."""
    policy = policy or policy_get()
    return sum(1 for hours in policy.star_thresholds if minutes >= hours * 60)


def leads_team(user, team: Team | None) -> bool:
    """The user is the active leader or a deputy of the team."""
    if team is None or not user.is_authenticated:
        return False
    return Membership.objects.filter(
        team=team,
        user=user,
        status=Membership.Status.ACTIVE,
        role__in=[Membership.Role.LEADER, Membership.Role.DEPUTY],
    ).exists()


def require_profile(user) -> VolunteerProfile:
    profile = VolunteerProfile.objects.select_related("community").filter(user=user).first()
    if profile is None:
        raise ValidationError(_("Please register as a volunteer first."), code="not_a_volunteer")
    return profile


def home_community(user) -> Node:
    """The community a user belongs to: their volunteer registration, else their home."""
    profile = VolunteerProfile.objects.select_related("community").filter(user=user).first()
    if profile is not None:
        return profile.community
    from communities.selectors import households_of_user

    household = households_of_user(user).first()
    community = household.node.community if household else None
    if community is None:
        raise ValidationError(
            _("We could not find your community. Please register your home first."),
            code="no_community",
        )
    return community


def refuse(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)
