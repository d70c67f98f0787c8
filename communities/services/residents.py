"""Households and the residents linked to them: claims, decisions, moving out, floor areas."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from communities.models import Household, Node, Residency
from communities.scoping import scope_for_user, scope_forget, scope_forget_users
from notifications.services import notify


def _place_label(household: Household) -> str:
    return f"{household.node.full_name} {household.room}"


def may_decide_claims(user, node: Node) -> bool:
    """Captains decide in their building, staff in their area; a plain resident never."""
    scope = scope_for_user(user)
    return not scope.is_empty and scope.contains(node)


@transaction.atomic
def household_create(
    *, actor, node: Node, room: str, floor_area: Decimal | None = None
) -> Household:
    if node.kind not in {Node.Kind.BUILDING, Node.Kind.UNIT}:
        raise ValidationError(_("A household belongs to a building or a unit."), code="bad_place")
    room = room.strip()
    if not room:
        raise ValidationError(_("The room number is missing."), code="room_required")
    if Household.objects.filter(node=node, room=room).exists():
        raise ValidationError(
            _("Room %(room)s already exists here.") % {"room": room}, code="duplicate_room"
        )
    household = Household.objects.create(node=node, room=room, floor_area=floor_area)
    audit_record(
        actor=actor,
        action="communities.household_create",
        target=household,
        scope_path=node.path,
        details={"room": room, "floor_area": str(floor_area) if floor_area else None},
    )
    return household


@transaction.atomic
def household_claim(
    *,
    user,
    household: Household,
    relation: str,
    residence_type: str = Residency.ResidenceType.REGISTERED,
    is_owner: bool = False,
) -> Residency:
    """A resident says they live in `household`; it waits for the captain or staff."""
    if (
        relation not in Residency.Relation.values
        or residence_type not in Residency.ResidenceType.values
    ):
        raise ValidationError(_("Choose a relation and a residence type."), code="invalid")
    live = Residency.objects.filter(
        user=user,
        household=household,
        status__in=[Residency.Status.PENDING, Residency.Status.APPROVED, Residency.Status.INVITED],
    ).first()
    if live is not None and live.status == Residency.Status.INVITED:
        raise ValidationError(
            _("Your community has already listed you here: confirm it under My community."),
            code="invited",
        )
    if live is not None:
        code = "already_pending" if live.status == Residency.Status.PENDING else "already_resident"
        raise ValidationError(_("You have already claimed this household."), code=code)
    try:
        with transaction.atomic():
            residency = Residency.objects.create(
                user=user,
                household=household,
                relation=relation,
                residence_type=residence_type,
                is_owner=is_owner,
            )
    except IntegrityError:
        # A double click raced the check above; the first claim stands.
        raise ValidationError(_("You have already claimed this household."), code="already_pending")
    audit_record(
        actor=user,
        action="communities.claim",
        target=residency,
        scope_path=household.node.path,
        details={"household_id": household.pk, "relation": relation, "is_owner": is_owner},
    )
    return residency


def _decide(*, actor, residency: Residency, status: str, reason: str = "") -> Residency:
    residency = (
        Residency.objects.select_for_update()
        .select_related("household__node", "user")
        .get(pk=residency.pk)
    )
    if not may_decide_claims(actor, residency.household.node):
        raise ValidationError(
            _("You may only decide claims in your own area."), code="out_of_scope"
        )
    if residency.status != Residency.Status.PENDING:
        raise ValidationError(_("This claim has already been decided."), code="not_pending")
    residency.status = status
    residency.decided_by = actor
    residency.decided_at = timezone.now()
    residency.reject_reason = reason
    residency.save(update_fields=["status", "decided_by", "decided_at", "reject_reason"])
    scope_forget_users([residency.user_id])  # an approved claim is a new home
    return residency


@transaction.atomic
def residency_approve(*, actor, residency: Residency) -> Residency:
    residency = _decide(actor=actor, residency=residency, status=Residency.Status.APPROVED)
    audit_record(
        actor=actor,
        action="communities.claim_approve",
        target=residency,
        scope_path=residency.household.node.path,
        details={"user_id": residency.user_id, "household_id": residency.household_id},
    )
    notify(
        residency.user,
        title=_("Your household claim was approved"),
        body=_place_label(residency.household),
        url=reverse("communities:my_community"),
        category="communities",
        dedupe_key=f"communities-claim-{residency.pk}-decided",
    )
    return residency


@transaction.atomic
def residency_reject(*, actor, residency: Residency, reason: str = "") -> Residency:
    residency = _decide(
        actor=actor, residency=residency, status=Residency.Status.REJECTED, reason=reason.strip()
    )
    audit_record(
        actor=actor,
        action="communities.claim_reject",
        target=residency,
        scope_path=residency.household.node.path,
        details={"user_id": residency.user_id, "reason": residency.reject_reason},
    )
    body = _place_label(residency.household)
    if residency.reject_reason:
        body = f"{body}\n{_('Reason')}: {residency.reject_reason}"
    notify(
        residency.user,
        title=_("Your household claim was not approved"),
        body=body,
        url=reverse("communities:my_community"),
        category="communities",
        dedupe_key=f"communities-claim-{residency.pk}-decided",
    )
    return residency


@transaction.atomic
def residency_end(*, actor, residency: Residency) -> Residency:
    """A resident moved out: the link ends, the row stays as history."""
    residency = (
        Residency.objects.select_for_update().select_related("household__node").get(pk=residency.pk)
    )
    if actor.pk != residency.user_id and not may_decide_claims(actor, residency.household.node):
        raise ValidationError(_("You may not change this record."), code="out_of_scope")
    if residency.status != Residency.Status.APPROVED:
        raise ValidationError(_("Only a current residency can end."), code="not_current")
    residency.status = Residency.Status.ENDED
    residency.save(update_fields=["status"])
    if actor.pk == residency.user_id:
        scope_forget(actor)  # the homes kept with the resident's scope for this request
    else:
        scope_forget_users([residency.user_id])
    audit_record(
        actor=actor,
        action="communities.residency_end",
        target=residency,
        scope_path=residency.household.node.path,
        details={"user_id": residency.user_id},
    )
    return residency


@transaction.atomic
def household_set_floor_area(*, actor, household: Household, floor_area: Decimal) -> Household:
    """An approved owner (or staff of the area) records the floor area used in owners' votes."""
    household = Household.objects.select_for_update().select_related("node").get(pk=household.pk)
    is_owner = Residency.objects.filter(
        user=actor, household=household, status=Residency.Status.APPROVED, is_owner=True
    ).exists()
    if not is_owner and not may_decide_claims(actor, household.node):
        raise ValidationError(
            _("Only an owner of this household may record its floor area."), code="not_owner"
        )
    if floor_area is None or floor_area <= 0 or floor_area > Decimal("10000"):
        raise ValidationError(_("Enter the floor area in square metres."), code="bad_area")
    old = household.floor_area
    household.floor_area = floor_area
    household.save(update_fields=["floor_area"])
    audit_record(
        actor=actor,
        action="communities.floor_area_set",
        target=household,
        scope_path=household.node.path,
        details={"old": str(old) if old is not None else None, "new": str(floor_area)},
    )
    return household


def residency_invite_notify(*, residency: Residency) -> None:
    """Tell the person an import listed them in a household (inbox, email and SMS): nothing
    counts until they confirm."""
    notify(
        residency.user,
        title=_("Your community listed you as a resident: please confirm"),
        body=_(
            "%(place)s. If you live there, confirm it under My community; if not, decline. "
            "Until you confirm, you are not counted there."
        )
        % {"place": _place_label(residency.household)},
        url=reverse("communities:my_community"),
        category="communities",
        sms=True,
        dedupe_key=f"communities-invite-{residency.pk}",
    )


def _invitation_answer(*, user, residency: Residency, accept: bool) -> Residency:
    residency = (
        Residency.objects.select_for_update().select_related("household__node").get(pk=residency.pk)
    )
    if residency.user_id != user.pk:
        raise ValidationError(_("You may not change this record."), code="out_of_scope")
    if residency.status != Residency.Status.INVITED:
        raise ValidationError(_("This has already been answered."), code="not_invited")
    residency.status = Residency.Status.APPROVED if accept else Residency.Status.REJECTED
    residency.decided_by = user
    residency.decided_at = timezone.now()
    residency.reject_reason = "" if accept else _("Declined by the resident")
    residency.save(update_fields=["status", "decided_by", "decided_at", "reject_reason"])
    scope_forget(user)  # an accepted invitation is a new home
    audit_record(
        actor=user,
        action="communities.invitation_accept" if accept else "communities.invitation_decline",
        target=residency,
        scope_path=residency.household.node.path,
        details={"household_id": residency.household_id},
    )
    return residency


@transaction.atomic
def residency_invitation_accept(*, user, residency: Residency) -> Residency:
    """The person confirms they live where an import listed them: the link counts from now."""
    return _invitation_answer(user=user, residency=residency, accept=True)


@transaction.atomic
def residency_invitation_decline(*, user, residency: Residency) -> Residency:
    """The person says they do not live there: the link is refused and stays as history."""
    return _invitation_answer(user=user, residency=residency, accept=False)
