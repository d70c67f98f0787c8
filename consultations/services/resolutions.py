"""After a decision: resolutions, their follow-up items, progress notes and overdue reminders."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from consultations.models import (
    Consultation,
    FollowUp,
    FollowUpNote,
    Matter,
    Meeting,
    Resolution,
)
from consultations.selectors import user_manages_node
from notifications.services import notify


def _require_manager(actor, node) -> None:
    if not user_manages_node(actor, node):
        raise ValidationError(
            _("Only the council or community staff of this place may do this."), code="forbidden"
        )


@transaction.atomic
def resolution_record(
    *,
    actor,
    matter: Matter,
    text: str,
    decided_on: datetime.date,
    consultation: Consultation | None = None,
    meeting: Meeting | None = None,
) -> Resolution:
    """Record what was decided; the matter becomes decided and its follow-up public."""
    matter = Matter.objects.select_for_update().select_related("node").get(pk=matter.pk)
    _require_manager(actor, matter.node)
    if matter.status not in {Matter.Status.ACCEPTED, Matter.Status.DECIDED}:
        raise ValidationError(
            _("Only a matter under discussion can be decided."), code="matter_not_accepted"
        )
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Write the resolution."), code="invalid")
    if consultation is not None and (
        consultation.matter_id != matter.pk or consultation.window_state() != "closed"
    ):
        raise ValidationError(
            _("Base the resolution on a closed consultation of this matter."),
            code="bad_consultation",
        )
    if meeting is not None and not matter.node.is_descendant_of(meeting.council.community):
        raise ValidationError(_("The meeting is not of this community."), code="bad_meeting")
    resolution = Resolution.objects.create(
        matter=matter,
        consultation=consultation,
        meeting=meeting,
        text=text,
        decided_on=decided_on,
        created_by=actor,
    )
    if matter.status != Matter.Status.DECIDED:
        matter.status = Matter.Status.DECIDED
        matter.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action="consultations.resolution_record",
        target=resolution,
        scope_path=matter.node.path,
        details={
            "matter_id": matter.pk,
            "consultation_id": consultation.pk if consultation else None,
            "meeting_id": meeting.pk if meeting else None,
        },
    )
    return resolution


@transaction.atomic
def follow_up_add(
    *, actor, resolution: Resolution, title: str, owner, due_on: datetime.date
) -> FollowUp:
    node = resolution.matter.node
    _require_manager(actor, node)
    title = (title or "").strip()
    if not title:
        raise ValidationError(_("Say what is to be done."), code="invalid")
    follow_up = FollowUp.objects.create(
        resolution=resolution, title=title, owner=owner, due_on=due_on
    )
    audit_record(
        actor=actor,
        action="consultations.follow_up_add",
        target=follow_up,
        scope_path=node.path,
        details={"owner_id": owner.pk, "due_on": due_on.isoformat()},
    )
    notify(
        owner,
        title=_("You are responsible for: %(t)s") % {"t": title},
        body=_("Due on %(d)s.") % {"d": due_on.isoformat()},
        url=reverse("consultations:matter", args=[resolution.matter_id]),
        category="consultations",
        dedupe_key=f"consultations-followup-{follow_up.pk}-assigned",
    )
    return follow_up


@transaction.atomic
def follow_up_progress(*, actor, follow_up: FollowUp, text: str, status: str) -> FollowUpNote:
    """The responsible person (or staff) reports progress; residents read it on the matter."""
    follow_up = (
        FollowUp.objects.select_for_update()
        .select_related("resolution__matter__node")
        .get(pk=follow_up.pk)
    )
    node = follow_up.resolution.matter.node
    if actor.pk != follow_up.owner_id and not user_manages_node(actor, node):
        raise ValidationError(
            _("Only the responsible person or staff may report progress."), code="forbidden"
        )
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Write what was done."), code="invalid")
    if status not in FollowUp.Status.values:
        raise ValidationError(_("Choose a status."), code="invalid")
    note = FollowUpNote.objects.create(follow_up=follow_up, author=actor, text=text, status=status)
    follow_up.status = status
    follow_up.done_at = timezone.now() if status == FollowUp.Status.DONE else None
    follow_up.save(update_fields=["status", "done_at"])
    audit_record(
        actor=actor,
        action="consultations.follow_up_progress",
        target=follow_up,
        scope_path=node.path,
        details={"status": status},
    )
    return note


def follow_up_remind_overdue(*, follow_up: FollowUp) -> bool:
    """Remind the responsible person of an overdue item, once per due date (dedupe key)."""
    if follow_up.status == FollowUp.Status.DONE or follow_up.due_on >= timezone.localdate():
        return False
    key = f"consultations-followup-{follow_up.pk}-overdue-{follow_up.due_on.isoformat()}"
    return notify(
        follow_up.owner,
        title=_("Overdue: %(t)s") % {"t": follow_up.title},
        body=_("It was due on %(d)s. Please report progress.")
        % {"d": follow_up.due_on.isoformat()},
        url=reverse("consultations:matter", args=[follow_up.resolution.matter_id]),
        category="consultations",
        dedupe_key=key,
    ).created
