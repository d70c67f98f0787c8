"""Who may do what in the volunteers app: the checks that services, selectors and views share.

Each is a plain question about a user and an object, answered from the memberships and the one
scoping layer (`communities.scoping`); services refuse with their own message and code. Living
here (not in services) lets the selectors ask them without importing the services.
"""

from __future__ import annotations

from communities.models import Node, Post
from communities.scoping import scope_for_user
from party.models import PartyMember
from volunteers.models import HourRecord, Membership, Project, Team, VolunteerProfile, Wish

# The posts told about a community's wishes and pending records when no team leader is.
STAFF_POSTS = [Post.Kind.COMMUNITY_STAFF, Post.Kind.COMMUNITY_SECRETARY]


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


def is_team_leader(user, team: Team) -> bool:
    """The user is the team's active leader (deputies are not)."""
    return Membership.objects.filter(
        team=team, user=user, role=Membership.Role.LEADER, status=Membership.Status.ACTIVE
    ).exists()


def can_set_up_team(user, node: Node) -> bool:
    """Staff whose scope holds the place set up teams there."""
    return scope_for_user(user).manages(node)


def can_manage_team(user, team: Team) -> bool:
    """Decide join requests: the team's leaders, or staff whose scope holds its place."""
    return leads_team(user, team) or scope_for_user(user).manages(team.node)


def can_set_roles(user, team: Team) -> bool:
    """Change members' roles: the team's leader (not a deputy), or staff of its place."""
    return is_team_leader(user, team) or scope_for_user(user).manages(team.node)


def can_publish_project(user, team: Team | None, node: Node) -> bool:
    """Publish a project: the leaders of its team, or staff whose scope holds its place."""
    return leads_team(user, team) or scope_for_user(user).manages(node)


def can_organise(user, project: Project) -> bool:
    """Change a project and its shifts: the leaders of its team, or staff of its place."""
    return can_publish_project(user, project.team, project.node)


def can_verify(user, record: HourRecord) -> bool:
    """The leaders of the record's team, or staff whose scope holds its place; never oneself."""
    if not user.is_authenticated or user.pk == record.volunteer_id:
        return False
    return leads_team(user, record.team) or scope_for_user(user).manages(record.node)


def can_claim(user, wish: Wish) -> bool:
    """A wish dispatched to a team is claimed by its members; an open one by any registered
    volunteer or party member, never by the resident who posted it."""
    if user.pk == wish.resident_id:
        return False
    if wish.team_id is not None:
        return Membership.objects.filter(
            team_id=wish.team_id, user=user, status=Membership.Status.ACTIVE
        ).exists()
    return (
        VolunteerProfile.objects.filter(user=user).exists()
        or PartyMember.current.filter(user=user).exists()
    )


def can_review_wish(user, wish: Wish) -> bool:
    """Review a wish and settle its disputes: staff whose scope holds its place."""
    return scope_for_user(user).manages(wish.node)


def can_check_relatives(user, node: Node) -> bool:
    """Verify a declared relation: staff whose scope holds the community."""
    return scope_for_user(user).manages(node)
