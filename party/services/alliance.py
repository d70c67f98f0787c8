"""党建益联盟: what units offer, their commitments (共建项目) in a community and their follow-up,
the alliances of districts and streets with their member units and teams, and the pairing (结对)
of units with community teams.

Scoping: every write checks the places it touches with `check_scope` (a community's staff
enrol their own units into the street's alliance; a unit and a team are paired by staff whose
area holds both)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from communities.models import Node
from party.models import (
    Alliance,
    AllianceMember,
    AllianceTeam,
    CoBuildingUnit,
    Commitment,
    CommitmentFollowUp,
    Pairing,
    UnitOffer,
)
from party.services.common import check_scope
from volunteers.models import Team

ALLIANCE_KINDS = (Node.Kind.DISTRICT, Node.Kind.STREET)


@transaction.atomic
def commitment_create(
    *, actor, unit: CoBuildingUnit, community: Node, title: str, due_on: datetime.date
) -> Commitment:
    if community.kind != Node.Kind.COMMUNITY:
        raise ValidationError(_("Co-building units work with a community."), code="bad_place")
    check_scope(actor, community)
    check_scope(actor, unit.community)
    if not title.strip():
        raise ValidationError(_("Name the project."), code="no_title")
    commitment = Commitment.objects.create(
        unit=unit, community=community, title=title.strip(), due_on=due_on
    )
    audit_record(
        actor=actor,
        action="party.commitment_create",
        target=commitment,
        scope_path=community.path,
        details={"unit_id": unit.pk},
    )
    return commitment


@transaction.atomic
def commitment_follow_up(
    *, actor, commitment: Commitment, on: datetime.date, note: str, status: str
) -> CommitmentFollowUp:
    """Record progress; a project moves forward only (promised → under way → done) and one
    that is done stays done (its follow-up is what clears the workbench's overdue warning)."""
    commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
    check_scope(actor, commitment.community)
    if commitment.status == Commitment.Status.DONE:
        raise ValidationError(_("This project is already done."), code="done")
    if not note.strip():
        raise ValidationError(_("Say what has been done."), code="no_note")
    if status not in Commitment.Status.values:
        raise ValidationError(_("Choose the project's status."), code="bad_status")
    if status == Commitment.Status.PROMISED and commitment.status != Commitment.Status.PROMISED:
        raise ValidationError(
            _("A project under way does not go back to promised."), code="backwards"
        )
    if on > timezone.localdate():
        raise ValidationError(_("A follow-up cannot be dated in the future."), code="future")
    follow_up = CommitmentFollowUp.objects.create(
        commitment=commitment,
        on=on,
        note=note.strip(),
        status=status,
        recorded_by=actor if actor is not None and actor.is_authenticated else None,
    )
    commitment.status = status
    commitment.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action="party.commitment_follow_up",
        target=commitment,
        scope_path=commitment.community.path,
        details={"status": status},
    )
    return follow_up


def commitments_overdue(commitments, today: datetime.date):
    """The commitments past their date and not done (a staff list's warning)."""
    return commitments.filter(due_on__lt=today).exclude(status=Commitment.Status.DONE)


def _by(actor):
    return actor if actor is not None and actor.is_authenticated else None


@transaction.atomic
def unit_offer_add(*, actor, unit: CoBuildingUnit, kind: str, description: str) -> UnitOffer:
    """Record what a unit offers the communities (a venue, professional help...)."""
    check_scope(actor, unit.community)
    if kind not in UnitOffer.Kind.values:
        raise ValidationError(_("Choose what kind of offer this is."), code="bad_kind")
    if not description.strip():
        raise ValidationError(_("Say what the unit offers."), code="no_description")
    offer = UnitOffer.objects.create(unit=unit, kind=kind, description=description.strip())
    audit_record(
        actor=actor,
        action="party.unit_offer_add",
        target=unit,
        scope_path=unit.community.path,
        details={"offer_id": offer.pk, "kind": kind},
    )
    return offer


@transaction.atomic
def unit_offer_remove(*, actor, offer: UnitOffer) -> None:
    unit = offer.unit
    check_scope(actor, unit.community)
    audit_record(
        actor=actor,
        action="party.unit_offer_remove",
        target=unit,
        scope_path=unit.community.path,
        details={"offer_id": offer.pk, "description": offer.description},
    )
    offer.delete()


@transaction.atomic
def alliance_create(
    *, actor, node: Node, name: str, founded_on: datetime.date | None = None
) -> Alliance:
    """An alliance for a district or a street (one per place). A street's alliance goes under
    its district's; a district's alliance takes in the street alliances already there."""
    if node.kind not in ALLIANCE_KINDS:
        raise ValidationError(_("An alliance belongs to a district or a street."), code="bad_place")
    check_scope(actor, node)
    if not name.strip():
        raise ValidationError(_("Give the alliance a name."), code="no_name")
    if Alliance.objects.filter(node=node).exists():
        raise ValidationError(_("This place already has an alliance."), code="duplicate")
    parent = None
    if node.kind == Node.Kind.STREET and node.district is not None:
        parent = Alliance.objects.filter(node=node.district).first()
    alliance = Alliance.objects.create(
        node=node, name=name.strip(), parent=parent, founded_on=founded_on
    )
    if node.kind == Node.Kind.DISTRICT:
        Alliance.objects.filter(node__path__startswith=node.path, parent__isnull=True).exclude(
            pk=alliance.pk
        ).update(parent=alliance)
    audit_record(
        actor=actor,
        action="party.alliance_create",
        target=alliance,
        scope_path=node.path,
        details={"name": alliance.name},
    )
    return alliance


@transaction.atomic
def alliance_unit_join(
    *, actor, alliance: Alliance, unit: CoBuildingUnit, joined_on: datetime.date
) -> AllianceMember:
    """A unit working in the alliance's area joins it (its community's staff may enrol it)."""
    check_scope(actor, unit.community)
    if not unit.community.is_descendant_of(alliance.node):
        raise ValidationError(
            _("This unit works outside the alliance's area."), code="outside_alliance"
        )
    if AllianceMember.objects.filter(alliance=alliance, unit=unit, left_on__isnull=True).exists():
        raise ValidationError(_("This unit is already a member."), code="already_member")
    member = AllianceMember.objects.create(alliance=alliance, unit=unit, joined_on=joined_on)
    audit_record(
        actor=actor,
        action="party.alliance_unit_join",
        target=alliance,
        scope_path=unit.community.path,
        details={"unit_id": unit.pk, "member_id": member.pk},
    )
    return member


@transaction.atomic
def alliance_unit_leave(*, actor, member: AllianceMember, on: datetime.date) -> AllianceMember:
    member = (
        AllianceMember.objects.select_for_update(of=("self",))
        .select_related("unit__community", "alliance")
        .get(pk=member.pk)
    )
    check_scope(actor, member.unit.community)
    if member.left_on is not None:
        raise ValidationError(_("This unit has already left."), code="already_left")
    if on < member.joined_on:
        raise ValidationError(_("A unit cannot leave before it joined."), code="bad_date")
    member.left_on = on
    member.save(update_fields=["left_on"])
    audit_record(
        actor=actor,
        action="party.alliance_unit_leave",
        target=member.alliance,
        scope_path=member.unit.community.path,
        details={"unit_id": member.unit_id, "on": on.isoformat()},
    )
    return member


@transaction.atomic
def alliance_team_add(
    *, actor, alliance: Alliance, team: Team, joined_on: datetime.date
) -> AllianceTeam:
    """Count a volunteer team of the alliance's area among its teams."""
    check_scope(actor, team.node)
    if not team.node.is_descendant_of(alliance.node):
        raise ValidationError(
            _("This team works outside the alliance's area."), code="outside_alliance"
        )
    if not team.is_active:
        raise ValidationError(_("This team has been retired."), code="team_retired")
    try:
        with transaction.atomic():
            link = AllianceTeam.objects.create(alliance=alliance, team=team, joined_on=joined_on)
    except IntegrityError:
        raise ValidationError(_("This team is already in the alliance."), code="already_member")
    audit_record(
        actor=actor,
        action="party.alliance_team_add",
        target=alliance,
        scope_path=team.node.path,
        details={"team_id": team.pk},
    )
    return link


@transaction.atomic
def pairing_start(
    *, actor, unit: CoBuildingUnit, team: Team, started_on: datetime.date, activities: str
) -> Pairing:
    """Pair (结对) a unit with a community's volunteer team; staff need both in their area.

    Refused: a team not on a community (`not_community_team`), a retired team, no activities,
    a pairing of the two already running (`already_paired`)."""
    check_scope(actor, unit.community)
    check_scope(actor, team.node)
    if team.node.kind != Node.Kind.COMMUNITY:
        raise ValidationError(
            _("Pair the unit with a community's team."), code="not_community_team"
        )
    if not team.is_active:
        raise ValidationError(_("This team has been retired."), code="team_retired")
    if not activities.strip():
        raise ValidationError(
            _("Say what the unit and the team do together."), code="no_activities"
        )
    try:
        with transaction.atomic():
            pairing = Pairing.objects.create(
                unit=unit,
                team=team,
                community=team.node,
                started_on=started_on,
                activities=activities.strip(),
                created_by=_by(actor),
            )
    except IntegrityError:
        raise ValidationError(
            _("This unit and this team are already paired."), code="already_paired"
        )
    audit_record(
        actor=actor,
        action="party.pairing_start",
        target=pairing,
        scope_path=team.node.path,
        details={"unit_id": unit.pk, "team_id": team.pk},
    )
    return pairing


@transaction.atomic
def pairing_end(*, actor, pairing: Pairing, ended_on: datetime.date, record: str) -> Pairing:
    """End a pairing with a record of what came of it; the row stays as history."""
    pairing = (
        Pairing.objects.select_for_update(of=("self",))
        .select_related("community")
        .get(pk=pairing.pk)
    )
    check_scope(actor, pairing.community)
    if pairing.ended_on is not None:
        raise ValidationError(_("This pairing has already ended."), code="already_ended")
    if not record.strip():
        raise ValidationError(_("Record what came of the pairing."), code="no_record")
    if ended_on < pairing.started_on:
        raise ValidationError(_("A pairing cannot end before it started."), code="bad_date")
    if ended_on > timezone.localdate():
        raise ValidationError(_("A pairing cannot end in the future."), code="future")
    pairing.ended_on = ended_on
    pairing.end_record = record.strip()
    pairing.ended_by = _by(actor)
    pairing.save(update_fields=["ended_on", "end_record", "ended_by"])
    audit_record(
        actor=actor,
        action="party.pairing_end",
        target=pairing,
        scope_path=pairing.community.path,
        details={"ended_on": ended_on.isoformat()},
    )
    return pairing
