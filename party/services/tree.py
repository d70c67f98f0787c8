"""The party tree: organisations of every level on their places, officers with terms."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from communities.models import Node
from communities.scoping import scope_for_user
from party.access import OVERSIGHT_POSTS, may_work_in
from party.models import PartyBranch, PartyOfficer
from party.services.common import check_scope

# Higher number = lower in the tree; a child must sit strictly below its parent.
LEVEL_RANK = {
    PartyBranch.Level.WORKING_COMMITTEE: 0,
    PartyBranch.Level.COMMITTEE: 1,
    PartyBranch.Level.JOINT_COMMITTEE: 1,
    PartyBranch.Level.GENERAL_BRANCH: 2,
    PartyBranch.Level.BRANCH: 3,
}


def organisation_check(
    *, level: str, form: str, parent: PartyBranch | None, ends_on: datetime.date | None
) -> None:
    if parent is not None and LEVEL_RANK[parent.level] >= LEVEL_RANK[level]:
        raise ValidationError(
            _("A %(level)s cannot sit under a %(parent)s.")
            % {
                "level": PartyBranch.Level(level).label,
                "parent": PartyBranch.Level(parent.level).label,
            },
            code="bad_parent",
        )
    if form != PartyBranch.Form.REGULAR and level != PartyBranch.Level.BRANCH:
        raise ValidationError(
            _("Compound, temporary and mobile members' organisations are branches."),
            code="bad_form",
        )
    if form == PartyBranch.Form.TEMPORARY and ends_on is None:
        raise ValidationError(_("A temporary branch needs an end date."), code="no_end")


@transaction.atomic
def organisation_create(
    *,
    actor,
    node: Node,
    name: str,
    level: str = PartyBranch.Level.BRANCH,
    form: str = PartyBranch.Form.REGULAR,
    parent: PartyBranch | None = None,
    ends_on: datetime.date | None = None,
    founded_on: datetime.date | None = None,
    other_places: list[Node] | tuple = (),
) -> PartyBranch:
    """An organisation of any level; a joint committee names the further places it spans."""
    check_scope(actor, node)
    for place in other_places:
        check_scope(actor, place)
    organisation_check(level=level, form=form, parent=parent, ends_on=ends_on)
    name = name.strip()
    if PartyBranch.objects.filter(node=node, name=name).exists():
        raise ValidationError(_("This place already has an organisation of that name."), code="dup")
    organisation = PartyBranch.objects.create(
        node=node,
        name=name,
        level=level,
        form=form,
        parent=parent,
        ends_on=ends_on,
        founded_on=founded_on,
    )
    if other_places:
        organisation.other_places.set(other_places)
    audit_record(
        actor=actor,
        action="party.organisation_create",
        target=organisation,
        scope_path=node.path,
        details={"level": level, "form": form, "parent_id": parent.pk if parent else None},
    )
    return organisation


def _check_may_appoint(actor, organisation: PartyBranch) -> None:
    # The officers of the organisation above, or staff over its place, appoint; not the
    # organisation's own officers (nobody appoints themselves).
    if actor is None:
        return
    above = organisation.parent
    if above is not None and may_work_in(actor, above):
        return
    check_scope(actor, organisation.node)
    scope = scope_for_user(actor)
    if not (scope.unrestricted or scope.post_kinds & OVERSIGHT_POSTS):
        raise ValidationError(
            _("Officers are appointed by the organisation above or by staff."), code="forbidden"
        )


@transaction.atomic
def officer_appoint(
    *,
    actor,
    organisation: PartyBranch,
    user,
    role: str,
    starts_on: datetime.date | None = None,
) -> PartyOfficer:
    """Start a term; a new secretary ends the serving secretary's term the day before."""
    _check_may_appoint(actor, organisation)
    starts_on = starts_on or timezone.localdate()
    if role == PartyOfficer.Role.SECRETARY:
        PartyOfficer.objects.filter(
            organisation=organisation, role=role, ends_on__isnull=True
        ).exclude(user=user).update(ends_on=starts_on - datetime.timedelta(days=1))
    try:
        with transaction.atomic():
            officer = PartyOfficer.objects.create(
                organisation=organisation, user=user, role=role, starts_on=starts_on
            )
    except IntegrityError:
        raise ValidationError(
            _("This person already serves this organisation."), code="already_serves"
        ) from None
    audit_record(
        actor=actor,
        action="party.officer_appoint",
        target=officer,
        scope_path=organisation.node.path,
        details={"role": role, "user_id": user.pk},
    )
    return officer


@transaction.atomic
def officer_end(*, actor, officer: PartyOfficer, ends_on: datetime.date | None = None) -> None:
    _check_may_appoint(actor, officer.organisation)
    officer.ends_on = ends_on or timezone.localdate()
    officer.save(update_fields=["ends_on"])
    audit_record(
        actor=actor,
        action="party.officer_end",
        target=officer,
        scope_path=officer.organisation.node.path,
    )
