"""党建益联盟: units' commitments (共建项目) in a community and their follow-up."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import audit_record
from communities.models import Node
from party.models import CoBuildingUnit, Commitment, CommitmentFollowUp
from party.services.common import check_scope


@transaction.atomic
def commitment_create(
    *, actor, unit: CoBuildingUnit, community: Node, title: str, due_on: datetime.date
) -> Commitment:
    if community.kind != Node.Kind.COMMUNITY:
        raise ValidationError(_("Co-building units work with a community."), code="bad_place")
    check_scope(actor, community)
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
    """Record progress; a project that is done stays done."""
    commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
    check_scope(actor, commitment.community)
    if commitment.status == Commitment.Status.DONE:
        raise ValidationError(_("This project is already done."), code="done")
    if not note.strip():
        raise ValidationError(_("Say what has been done."), code="no_note")
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
