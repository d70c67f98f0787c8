"""承责团队: setting up a responsibility team and assigning its places, leaders and units."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from audit.services import audit_record
from communities.models import Node, ResponsibilityTeam
from communities.scoping import scope_for_user, scope_forget_users
from core.layout import layout_forget
from notifications.services import notify
from party.models import CoBuildingUnit

# A team answers for streets and communities, and is organised by a district or a street.
TEAM_PLACE_KINDS = {Node.Kind.STREET, Node.Kind.COMMUNITY}
TEAM_OWNER_KINDS = {Node.Kind.CITY, Node.Kind.DISTRICT, Node.Kind.STREET}


def team_check(*, actor, owner: Node, name: str, places: list[Node], units: list[CoBuildingUnit]):
    """Refuse (ValidationError) a team its actor may not set up or whose places do not fit."""
    if owner.kind not in TEAM_OWNER_KINDS:
        raise ValidationError(
            _("A responsibility team is organised by a district or a street."), code="bad_owner"
        )
    if actor is not None and not scope_for_user(actor).manages(owner):
        raise ValidationError(_("This place is outside your area."), code="out_of_scope")
    if not name:
        raise ValidationError(_("A team needs a name."), code="name_required")
    if not places:
        raise ValidationError(_("Assign at least one street or community."), code="no_places")
    for place in places:
        if place.kind not in TEAM_PLACE_KINDS or not place.is_descendant_of(owner):
            raise ValidationError(
                _("%(place)s is not a street or community of %(owner)s.")
                % {"place": place.full_name, "owner": owner.name},
                code="bad_place",
            )
    for unit in units:
        if not unit.community.is_descendant_of(owner):
            raise ValidationError(
                _("%(unit)s works outside %(owner)s.") % {"unit": unit.name, "owner": owner.name},
                code="bad_unit",
            )


@transaction.atomic
def team_save(
    *,
    actor,
    owner: Node,
    name: str,
    places: Iterable[Node],
    leaders: Iterable = (),
    units: Iterable[CoBuildingUnit] = (),
    team: ResponsibilityTeam | None = None,
) -> ResponsibilityTeam:
    """Create or change a team: its places (streets, communities under `owner`), leaders, units.

    The leaders' scope becomes exactly the assigned places (from their next request); new
    leaders are told in their inbox. Staff managing the owner may do this; audited.
    """
    name = (name or "").strip()
    places, leaders, units = list(places), list(leaders), list(units)
    team_check(actor=actor, owner=owner, name=name, places=places, units=units)
    creating = team is None
    if creating:
        team = ResponsibilityTeam.objects.create(owner=owner, name=name)
        old_leaders: set[int] = set()
    else:
        team = ResponsibilityTeam.objects.select_for_update().get(pk=team.pk)
        old_leaders = set(team.leaders.values_list("pk", flat=True))
        team.owner, team.name = owner, name
        team.save(update_fields=["owner", "name"])
    team.places.set(places)
    team.leaders.set(leaders)
    team.units.set(units)
    audit_record(
        actor=actor,
        action=f"communities.team_{'create' if creating else 'change'}",
        target=team,
        scope_path=owner.path,
        details={
            "places": sorted(p.code for p in places),
            "leaders": sorted(u.pk for u in leaders),
            "units": sorted(u.pk for u in units),
        },
    )
    for leader in leaders:
        if leader.pk not in old_leaders:
            notify(
                leader,
                title=_("You lead the responsibility team %(team)s") % {"team": team.name},
                body=", ".join(p.name for p in places),
                url=reverse("communities:teams"),
                category="communities",
            )
    # Leaders gained or lost the team's links (leaders' roles) and places (their scope).
    layout_forget(old_leaders | {leader.pk for leader in leaders})
    scope_forget_users(old_leaders | {leader.pk for leader in leaders})
    return team
