"""Acting for a resident (代办): one rule for who may act for whom, one audit shape.

A service that a resident calls takes the person acted for and the actor. When they differ,
`act_for_check` requires the person's approved home to lie in the actor's scope (captains
for their building, staff for their place), and `act_for_record` writes the audit entry in
the service's transaction naming both people: action `<app>.<verb>_for`, details
`{"for_user": person, "by_user": actor}`. The printable receipt for the resident reads that
entry (`communities.views_acting`).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from audit.models import AuditEntry
from audit.services import audit_record
from communities.models import Household, Residency
from communities.scoping import scope_for_user

ON_BEHALF_SUFFIX = "_for"


def homes_of(person):
    """The person's approved households (with their places)."""
    return Household.objects.filter(
        residencies__user=person, residencies__status=Residency.Status.APPROVED
    ).select_related("node")


def may_act_for(*, actor, person) -> bool:
    """The actor is the person, or the person lives in the actor's scope."""
    if actor.pk == person.pk:
        return True
    scope = scope_for_user(actor)
    if scope.is_empty:
        return False
    return scope.filter(homes_of(person), "node").exists()


def act_for_check(*, actor, person) -> bool:
    """Refuse (`out_of_scope`) acting for someone outside the actor's scope; answer whether
    this is acting for someone else."""
    if not may_act_for(actor=actor, person=person):
        raise ValidationError(
            _("You can only act for residents of the places you look after."), "out_of_scope"
        )
    return actor.pk != person.pk


def act_for_record(
    *, actor, person, action: str, target=None, scope_path: str = "", details=None
) -> AuditEntry:
    """The audit entry of an action, naming both people when done for someone else."""
    details = dict(details or {})
    if actor.pk != person.pk:
        action += ON_BEHALF_SUFFIX
        details.update({"for_user": person.pk, "by_user": actor.pk})
    return audit_record(
        actor=actor, action=action, target=target, scope_path=scope_path, details=details
    )
