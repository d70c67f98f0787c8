"""The party tree: organisations of every level on their places, officers with terms."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from communities.models import Node
from party.access import may_manage
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


def _descendant_ids(organisation: PartyBranch) -> set[int]:
    found, frontier = set(), {organisation.pk}
    while frontier:
        frontier = (
            set(PartyBranch.objects.filter(parent__in=frontier).values_list("pk", flat=True))
            - found
        )
        found |= frontier
    return found


@transaction.atomic
def organisation_update(
    *,
    actor,
    organisation: PartyBranch,
    node: Node,
    name: str,
    level: str,
    form: str,
    parent: PartyBranch | None,
    ends_on: datetime.date | None,
    founded_on: datetime.date | None,
    other_places: list[Node] | tuple | None = None,
) -> PartyBranch:
    """Change an organisation under the tree's rules: inside the actor's area (where it stood
    and where it goes), still below its parent and above its sub-organisations, never under
    itself. `other_places` None leaves them as they are."""
    current = PartyBranch.objects.select_for_update().select_related("node").get(pk=organisation.pk)
    check_scope(actor, current.node)
    check_scope(actor, node)
    for place in other_places or ():
        check_scope(actor, place)
    organisation_check(level=level, form=form, parent=parent, ends_on=ends_on)
    if parent is not None and (parent.pk == current.pk or parent.pk in _descendant_ids(current)):
        raise ValidationError(
            _("An organisation cannot sit under itself or its own sub-organisations."),
            code="bad_parent",
        )
    children = PartyBranch.objects.filter(parent=current).values_list("level", flat=True)
    if any(LEVEL_RANK[child] <= LEVEL_RANK[level] for child in children):
        raise ValidationError(
            _("Its sub-organisations must stay below it: move them first."), code="bad_level"
        )
    name = name.strip()
    if PartyBranch.objects.filter(node=node, name=name).exclude(pk=current.pk).exists():
        raise ValidationError(_("This place already has an organisation of that name."), code="dup")
    values = {
        "node": node,
        "name": name,
        "level": level,
        "form": form,
        "parent": parent,
        "ends_on": ends_on,
        "founded_on": founded_on,
    }
    changed = [field for field, value in values.items() if getattr(current, field) != value]
    for field, value in values.items():
        setattr(current, field, value)
    current.save(update_fields=[*values])
    if other_places is not None and set(current.other_places.all()) != set(other_places):
        current.other_places.set(other_places)
        changed.append("other_places")
    audit_record(
        actor=actor,
        action="party.organisation_update",
        target=current,
        scope_path=node.path,
        details={"fields": changed},
    )
    return current


def _check_may_appoint(actor, organisation: PartyBranch) -> None:
    # The officers of the organisation above, or staff over its place (party.access).
    if actor is not None and not may_manage(actor, organisation):
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
    ends_on = ends_on or timezone.localdate()
    if officer.ends_on is not None:
        raise ValidationError(_("This term has already ended."), code="ended")
    if ends_on < officer.starts_on:
        raise ValidationError(_("A term cannot end before it starts."), code="bad_date")
    officer.ends_on = ends_on
    officer.save(update_fields=["ends_on"])
    audit_record(
        actor=actor,
        action="party.officer_end",
        target=officer,
        scope_path=officer.organisation.node.path,
    )
