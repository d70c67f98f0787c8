"""Party organisation: branches on places, members (and 双报到 in-service members), 共建单位."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import audit_record
from communities.models import Node
from party.access import may_manage
from party.models import CoBuildingUnit, PartyBranch, PartyMember, PartyOfficer, PartyTransfer
from party.services.common import check_scope


@transaction.atomic
def party_branch_create(
    *, actor, node: Node, name: str, founded_on: datetime.date | None = None
) -> PartyBranch:
    check_scope(actor, node)
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
    status: str = PartyMember.Status.FULL,
    joined_on: datetime.date | None = None,
    home_branch: PartyBranch | None = None,
) -> PartyMember:
    """Record a member of a local branch, or an in-service member reporting here (双报到); a
    member whose home branch is elsewhere (流动党员) takes part in `branch`."""
    if branch is None and reported_community is None:
        raise ValidationError(
            _("Give the member's branch or the community they report to."), code="no_place"
        )
    if reported_community is not None and reported_community.kind != Node.Kind.COMMUNITY:
        raise ValidationError(_("Members report to a community."), code="bad_place")
    place = branch.node if branch else reported_community
    check_scope(actor, place)
    member, _created = PartyMember.objects.update_or_create(
        user=user,
        defaults={
            "branch": branch,
            "reported_community": reported_community,
            "is_in_service": reported_community is not None,
            "work_unit": work_unit.strip(),
            "reported_on": reported_on,
            "status": status,
            "joined_on": joined_on,
            "is_mobile": home_branch is not None,
            "home_branch": home_branch,
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
    check_scope(actor, community)
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


def _check_may_manage(actor, organisation: PartyBranch) -> None:
    if actor is not None and not may_manage(actor, organisation):
        raise ValidationError(
            _("Transfers are made by the organisation above or by staff."), code="forbidden"
        )


@transaction.atomic
def member_transfer_in(
    *,
    actor,
    user,
    to_branch: PartyBranch,
    other_organisation: str,
    on: datetime.date,
    status: str = PartyMember.Status.FULL,
    joined_on: datetime.date | None = None,
    note: str = "",
) -> PartyTransfer:
    """A member's relation transferred in from outside the portal: a person new to the party
    here is registered, one who left (or reports here in service) takes a branch again."""
    _check_may_manage(actor, to_branch)
    if not other_organisation.strip():
        raise ValidationError(
            _("Name the organisation outside the portal."), code="no_organisation"
        )
    member = PartyMember.objects.select_for_update().filter(user=user).first()
    if member is not None and member.branch_id and member.left_on is None:
        raise ValidationError(
            _("This person is already a member of a branch here: move them between branches."),
            code="already_member",
        )
    if member is None:
        member = PartyMember.objects.create(
            user=user, branch=to_branch, status=status, joined_on=joined_on
        )
    else:
        member.branch, member.left_on = to_branch, None
        member.status, member.joined_on = status, joined_on or member.joined_on
        member.save(update_fields=["branch", "left_on", "status", "joined_on"])
    record = PartyTransfer.objects.create(
        member=member,
        direction=PartyTransfer.Direction.IN,
        to_branch=to_branch,
        other_organisation=other_organisation.strip(),
        on=on,
        note=note.strip(),
        recorded_by=actor if actor is not None and actor.is_authenticated else None,
    )
    audit_record(
        actor=actor,
        action="party.member_transfer",
        target=member,
        scope_path=to_branch.node.path,
        details={"direction": PartyTransfer.Direction.IN, "transfer_id": record.pk},
    )
    return record


@transaction.atomic
def member_transfer(
    *,
    actor,
    member: PartyMember,
    direction: str,
    on: datetime.date,
    to_branch: PartyBranch | None = None,
    other_organisation: str = "",
    note: str = "",
) -> PartyTransfer:
    """Move a member's organisational relation (组织关系转接) and keep the record.

    In: from an organisation outside the portal into `to_branch`. Within: from their branch to
    `to_branch`. Out: to `other_organisation`; the member keeps their row (and its history)
    with `left_on` set, and no longer counts as a member here.
    """
    member = (
        PartyMember.objects.select_for_update(of=("self",))
        .select_related("branch__node")
        .get(pk=member.pk)
    )
    other_organisation = other_organisation.strip()
    moving_in = direction in (PartyTransfer.Direction.IN, PartyTransfer.Direction.WITHIN)
    if moving_in and to_branch is None:
        raise ValidationError(_("Choose the branch the member moves to."), code="no_branch")
    if direction != PartyTransfer.Direction.WITHIN and not other_organisation:
        raise ValidationError(
            _("Name the organisation outside the portal."), code="no_organisation"
        )
    if direction != PartyTransfer.Direction.IN and member.branch is None:
        raise ValidationError(_("The member has no branch here to leave."), code="no_branch")
    if to_branch is not None and to_branch == member.branch:
        raise ValidationError(_("The member is already in this branch."), code="same_branch")
    for branch in (member.branch, to_branch):
        if branch is not None:
            _check_may_manage(actor, branch)
    record = PartyTransfer.objects.create(
        member=member,
        direction=direction,
        from_branch=member.branch if direction != PartyTransfer.Direction.IN else None,
        to_branch=to_branch if moving_in else None,
        other_organisation=other_organisation,
        on=on,
        note=note.strip(),
        recorded_by=actor if actor is not None and actor.is_authenticated else None,
    )
    place = (to_branch if moving_in else member.branch).node
    if direction != PartyTransfer.Direction.IN:
        # Offices held in the branch left end with the move: the person no longer works there.
        PartyOfficer.objects.filter(
            organisation=member.branch, user_id=member.user_id, ends_on__isnull=True
        ).update(ends_on=on)
    if moving_in:
        member.branch, member.left_on = to_branch, None
    else:
        member.left_on = on
    member.save(update_fields=["branch", "left_on"])
    audit_record(
        actor=actor,
        action="party.member_transfer",
        target=member,
        scope_path=place.path,
        details={"direction": direction, "transfer_id": record.pk},
    )
    return record
