"""What a signed-in user may do, as a set of role names that pages and navigation read.

Each app that grants a role (communities from posts, the marketplace from merchant staff ...)
registers a provider in its AppConfig.ready(); this module knows none of them.
"""

from collections.abc import Callable

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    RESIDENT = "resident", _("Resident")
    CAPTAIN = "captain", _("Captain")
    GRID_WORKER = "grid_worker", _("Grid worker")
    COMMUNITY_STAFF = "community_staff", _("Community staff")
    STREET_STAFF = "street_staff", _("Street staff")
    TEAM_LEADER = "team_leader", _("Responsibility team leader")
    VOLUNTEER = "volunteer", _("Volunteer")
    MERCHANT = "merchant", _("Merchant")
    PROVIDER = "provider", _("Service provider")


# Roles that run a place (a managing post): their home after log-in is the staff workbench.
STAFF_ROLES = frozenset({Role.GRID_WORKER, Role.COMMUNITY_STAFF, Role.STREET_STAFF})

RoleProvider = Callable[[object], set[str]]
_providers: list[RoleProvider] = []


def register_role_provider(provider: RoleProvider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def user_roles(user) -> set[str]:
    """Roles of the user, computed once per request object (cached on the user instance)."""
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_gongzhi_roles", None)
    if cached is not None:
        return cached
    roles = {Role.RESIDENT.value}
    if user.is_superuser:
        roles.add(Role.STREET_STAFF.value)
    for provider in _providers:
        roles |= provider(user)
    user._gongzhi_roles = roles
    return roles
