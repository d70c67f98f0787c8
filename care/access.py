"""Who may see the care register: care roles intersected with the holder's current posts.

A post alone gives nothing here (a community's staff do not all see who is 低保 or 社区矫正);
a care role alone gives nothing either for captains and grid workers, whose right ends with
their post. The subtree arithmetic is communities.scoping's (`scope_of_places`); this module
only decides which places count.

- `register`: the places whose tags and visits the user may read (captain: their building,
  grid worker: their grid, care staff: their community);
- `staff`: the places where the user is care staff (write tags, import, see the legal basis
  and retention, grant roles);
- `advises`, `counsels`: places of the legal adviser and the counsellor (no register access);
- `mediates`: where the user mediates disputes (grid workers and care staff).

Computed once per request and kept on the user object, like the scope.
"""

from __future__ import annotations

from dataclasses import dataclass

from care.models import CareRole
from communities.models import Node, Post
from communities.scoping import CAPTAIN_POSTS, Scope, scope_for_user, scope_of_places

_CACHE_ATTRIBUTE = "_gongzhi_care_access"
# The kind of place each role is granted at, and the post its holder must have there.
ROLE_PLACE_KINDS = {
    CareRole.Kind.CAPTAIN: {Node.Kind.BUILDING, Node.Kind.STREET_SEGMENT},
    CareRole.Kind.GRID_WORKER: {Node.Kind.GRID},
    CareRole.Kind.CARE_STAFF: {Node.Kind.COMMUNITY, Node.Kind.STREET},
    CareRole.Kind.LEGAL_ADVISER: {Node.Kind.COMMUNITY},
    CareRole.Kind.COUNSELLOR: {Node.Kind.COMMUNITY},
}


@dataclass(frozen=True)
class CareAccess:
    register: Scope
    staff: Scope
    advises: Scope
    counsels: Scope
    mediates: Scope

    @property
    def has_register(self) -> bool:
        return not self.register.is_empty

    def sees_basis(self, node: Node) -> bool:
        """Field-level rule: the legal basis, evidence and retention only for care staff."""
        return self.staff.contains(node)


def role_backed_by_post(role: CareRole, scope: Scope) -> bool:
    """Whether the holder's current posts still carry this care role."""
    if role.kind == CareRole.Kind.CAPTAIN:
        return bool(scope.post_kinds & CAPTAIN_POSTS) and scope.contains(role.node)
    if role.kind == CareRole.Kind.GRID_WORKER:
        return Post.Kind.GRID_WORKER in scope.post_kinds and scope.contains(role.node)
    if role.kind == CareRole.Kind.CARE_STAFF:
        return scope.manages(role.node)
    return True  # advisers and counsellors are outside professionals, without posts


def care_access_compute(user) -> CareAccess:
    if user is None or not user.is_authenticated or not user.is_active:
        empty = Scope()
        return CareAccess(empty, empty, empty, empty, empty)
    scope = scope_for_user(user)
    roles = list(
        CareRole.objects.filter(user=user, ended_at__isnull=True)
        .select_related("node")
        .only("kind", "user_id", "node__path", "node__code", "node__kind", "node__name")
    )
    live = [role for role in roles if role_backed_by_post(role, scope)]

    def of(kinds, managing=False):
        nodes = [role.node for role in live if role.kind in kinds]
        return scope_of_places(nodes, user=user, managing=managing)

    return CareAccess(
        register=of({CareRole.Kind.CAPTAIN, CareRole.Kind.GRID_WORKER, CareRole.Kind.CARE_STAFF}),
        staff=of({CareRole.Kind.CARE_STAFF}, managing=True),
        advises=of({CareRole.Kind.LEGAL_ADVISER}),
        counsels=of({CareRole.Kind.COUNSELLOR}),
        mediates=of({CareRole.Kind.GRID_WORKER, CareRole.Kind.CARE_STAFF}),
    )


def care_access_for_user(user) -> CareAccess:
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is None:
        cached = care_access_compute(user)
        if user is not None and user.is_authenticated:
            setattr(user, _CACHE_ATTRIBUTE, cached)
    return cached


def care_access_forget(user) -> None:
    if hasattr(user, _CACHE_ATTRIBUTE):
        delattr(user, _CACHE_ATTRIBUTE)
