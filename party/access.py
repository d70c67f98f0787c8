"""Who sees which party organisations: the rule lives here, the place arithmetic in
`communities.scoping`.

- Officers serving an organisation (secretary, deputy, committee member) see it and every
  organisation under it in the party tree; a branch secretary therefore sees their branch only.
- Governance staff above the compound (community, street, district) see the organisations
  anchored in their scope.
- Superusers see everything.

Transfers and appointments are one level up: see `may_manage`.
"""

from django.db.models import Q, QuerySet

from communities.models import Post
from communities.scoping import scope_for_user
from party.models import PartyBranch, PartyOfficer

# Posts whose holders oversee party work at their places; a branch secretary's post is not
# among them: their reach comes from their office in the party tree.
OVERSIGHT_POSTS = frozenset(
    {
        Post.Kind.DISTRICT_STAFF,
        Post.Kind.STREET_STAFF,
        Post.Kind.COMMUNITY_SECRETARY,
        Post.Kind.COMMUNITY_STAFF,
    }
)
# At most this many levels below an office (党工委 → 党委 → 总支 → 支部, and a spare).
MAX_DEPTH = 5


def _with_descendants(ids: set[int]) -> set[int]:
    found, frontier = set(ids), set(ids)
    for _level in range(MAX_DEPTH):
        if not frontier:
            break
        frontier = (
            set(PartyBranch.objects.filter(parent__in=frontier).values_list("pk", flat=True))
            - found
        )
        found |= frontier
    return found


def offices_of(user) -> set[int]:
    """The organisations the user serves as an officer now."""
    if not user.is_authenticated:
        return set()
    return set(
        PartyOfficer.objects.filter(user=user, ends_on__isnull=True).values_list(
            "organisation_id", flat=True
        )
    )


def organisations_for(user) -> QuerySet[PartyBranch]:
    """The organisations the user may see and work in (see the module's rules)."""
    if not user.is_authenticated:
        return PartyBranch.objects.none()
    scope = scope_for_user(user)
    if scope.unrestricted:
        return PartyBranch.objects.all()
    reach = Q(pk__in=_with_descendants(offices_of(user)))
    if scope.post_kinds & OVERSIGHT_POSTS:
        reach |= scope.q("node")
    return PartyBranch.objects.filter(reach)


def may_work_in(user, organisation: PartyBranch) -> bool:
    return organisations_for(user).filter(pk=organisation.pk).exists()


def may_manage(user, organisation: PartyBranch) -> bool:
    """Transfers and appointments of an organisation are made by the organisation above (its
    officers) or by staff over its place, never by the organisation's own officers (nobody
    appoints themselves)."""
    if user is None or not user.is_authenticated:
        return False
    if organisation.parent_id and may_work_in(user, organisation.parent):
        return True
    scope = scope_for_user(user)
    if scope.unrestricted:
        return True
    return bool(scope.post_kinds & OVERSIGHT_POSTS) and scope.contains(organisation.node)
