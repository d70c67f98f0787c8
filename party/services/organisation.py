"""Party organisation: branches on places, members (and 双报到 in-service members), 共建单位."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import audit_record
from communities.models import Node
from communities.scoping import scope_for_user
from party.models import CoBuildingUnit, PartyBranch, PartyMember


def _check_scope(actor, node: Node) -> None:
    if actor is not None and not scope_for_user(actor).contains(node):
        raise ValidationError(_("This place is outside your area."), code="out_of_scope")


@transaction.atomic
def party_branch_create(
    *, actor, node: Node, name: str, founded_on: datetime.date | None = None
) -> PartyBranch:
    _check_scope(actor, node)
    branch = PartyBranch.objects.create(node=node, name=name.strip(), founded_on=founded_on)
    audit_record(
        actor=actor,
        action="party.branch_create",
        target=branch,
        scope_path=node.path,
        details={"name": branch.name},
    )
    return branch


@transaction.atomic
def party_member_register(
    *,
    actor,
    user,
    branch: PartyBranch | None = None,
    reported_community: Node | None = None,
    work_unit: str = "",
    reported_on: datetime.date | None = None,
) -> PartyMember:
    """Record a member of a local branch, or an in-service member reporting here (双报到)."""
    if branch is None and reported_community is None:
        raise ValidationError(
            _("Give the member's branch or the community they report to."), code="no_place"
        )
    if reported_community is not None and reported_community.kind != Node.Kind.COMMUNITY:
        raise ValidationError(_("Members report to a community."), code="bad_place")
    place = branch.node if branch else reported_community
    _check_scope(actor, place)
    member, _created = PartyMember.objects.update_or_create(
        user=user,
        defaults={
            "branch": branch,
            "reported_community": reported_community,
            "is_in_service": reported_community is not None,
            "work_unit": work_unit.strip(),
            "reported_on": reported_on,
        },
    )
    audit_record(
        actor=actor,
        action="party.member_register",
        target=member,
        scope_path=place.path,
        details={"branch_id": branch.pk if branch else None, "in_service": member.is_in_service},
    )
    return member


@transaction.atomic
def co_building_unit_save(
    *,
    actor,
    community: Node,
    kind: str,
    name: str,
    contact_name: str = "",
    contact_phone: str = "",
    pledged_resources: str = "",
    signed_on: datetime.date | None = None,
) -> CoBuildingUnit:
    """Add or update (by name within the community) a 共建单位 and what it pledged."""
    if community.kind != Node.Kind.COMMUNITY:
        raise ValidationError(_("Co-building units work with a community."), code="bad_place")
    _check_scope(actor, community)
    unit, created = CoBuildingUnit.objects.update_or_create(
        community=community,
        name=name.strip(),
        defaults={
            "kind": kind,
            "contact_name": contact_name,
            "contact_phone": contact_phone,
            "pledged_resources": pledged_resources,
            "signed_on": signed_on,
        },
    )
    audit_record(
        actor=actor,
        action="party.co_building_unit_save",
        target=unit,
        scope_path=community.path,
        details={"created": created, "kind": kind},
    )
    return unit
