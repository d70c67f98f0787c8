"""Providers: registered by the staff looking after a place, staffed like a merchant's counter.

Every write is audited in its transaction; the cached "works for a provider" answer of each
staff member concerned is dropped now and again after commit.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.phones import normalize_phone, validate_mobile
from accounts.selectors import user_get_by_login
from audit.services import audit_record
from bookings.models import Provider, ProviderStaff
from bookings.selectors.providers import (
    may_manage_provider_staff,
    provider_managed_by,
    provider_role_forget,
)
from communities.models import Node
from communities.scoping import scope_for_user
from party.models import CoBuildingUnit

REGISTERING_KINDS = (Node.Kind.DISTRICT, Node.Kind.STREET, Node.Kind.COMMUNITY)


def _forget_roles(provider: Provider) -> None:
    for user_id in provider.staff.values_list("user_id", flat=True):
        provider_role_forget(user_id)
        transaction.on_commit(lambda uid=user_id: provider_role_forget(uid))


def _check_fields(
    *, actor, name: str, kind: str, node: Node, places: list[Node], unit: CoBuildingUnit | None
) -> None:
    scope = scope_for_user(actor)
    if not scope.manages(node):
        raise ValidationError(
            _("Only staff responsible for this place can register providers there."),
            code="not_allowed",
        )
    if node.kind not in REGISTERING_KINDS:
        raise ValidationError(
            _("Register a provider at a street or a community."), code="invalid_place"
        )
    if kind not in Provider.Kind.values:
        raise ValidationError(_("Choose the kind of provider."), code="invalid_kind")
    if not (name or "").strip():
        raise ValidationError(_("Give the provider's name."), code="missing_name")
    if not places:
        raise ValidationError(_("Choose at least one place it serves."), code="no_places")
    for place in places:
        if not place.is_descendant_of(node) or not scope.manages(place):
            raise ValidationError(
                _("%(place)s is not under the provider's place.") % {"place": place.full_name},
                code="place_outside",
            )
    if unit is not None and (
        kind != Provider.Kind.CO_BUILDING or not node.overlaps(unit.community)
    ):
        raise ValidationError(
            _("Only a co-building provider names a co-building unit, one of its place."),
            code="invalid_unit",
        )


@transaction.atomic
def provider_create(
    *,
    actor,
    name: str,
    kind: str,
    node: Node,
    places: Iterable[Node],
    co_building_unit: CoBuildingUnit | None = None,
    address: str = "",
    contact_name: str = "",
    contact_phone: str = "",
) -> Provider:
    """Staff managing `node` register a provider there, serving `places` (all under `node`)."""
    places = list(places)
    _check_fields(
        actor=actor, name=name, kind=kind, node=node, places=places, unit=co_building_unit
    )
    provider = Provider.objects.create(
        name=name.strip(),
        kind=kind,
        node=node,
        co_building_unit=co_building_unit,
        address=address.strip(),
        contact_name=contact_name.strip(),
        contact_phone=contact_phone.strip(),
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    provider.places.set(places)
    audit_record(
        actor=actor,
        action="bookings.provider_create",
        target=provider,
        scope_path=node.path,
        details={"kind": kind, "places": [place.code for place in places]},
    )
    return provider


@transaction.atomic
def provider_update(
    *,
    actor,
    provider: Provider,
    places: Iterable[Node] | None = None,
    **fields,
) -> Provider:
    """Change a provider's name, contact, places served or active state (staff managing it)."""
    provider = Provider.objects.select_for_update().select_related("node").get(pk=provider.pk)
    allowed = {"name", "kind", "address", "contact_name", "contact_phone", "is_active"}
    allowed |= {"co_building_unit"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"provider_update cannot change {sorted(unknown)}")
    places = list(places) if places is not None else list(provider.places.all())
    for name, value in fields.items():
        setattr(provider, name, value.strip() if isinstance(value, str) else value)
    _check_fields(
        actor=actor,
        name=provider.name,
        kind=provider.kind,
        node=provider.node,
        places=places,
        unit=provider.co_building_unit,
    )
    if fields:
        provider.save(update_fields=sorted(fields))
    provider.places.set(places)
    audit_record(
        actor=actor,
        action="bookings.provider_update",
        target=provider,
        scope_path=provider.node.path,
        details={"fields": sorted(fields), "places": [place.code for place in places]},
    )
    _forget_roles(provider)
    return provider


def _require_staff_admin(actor, provider: Provider) -> None:
    if not may_manage_provider_staff(actor, provider):
        raise ValidationError(
            _("Only the provider's manager or staff responsible for its place can do that."),
            code="not_allowed",
        )


@transaction.atomic
def provider_staff_add(*, actor, provider: Provider, user, is_manager: bool = False):
    """Give a user a log-in at the provider (its counter and menus)."""
    _require_staff_admin(actor, provider)
    member, created = ProviderStaff.objects.get_or_create(
        provider=provider, user=user, defaults={"is_manager": is_manager}
    )
    changed = not created and member.is_manager != is_manager
    if changed:
        member.is_manager = is_manager
        member.save(update_fields=["is_manager"])
    if created or changed:
        audit_record(
            actor=actor,
            action="bookings.provider_staff_add",
            target=provider,
            scope_path=provider.node.path,
            details={"user": user.pk, "manager": is_manager},
        )
    provider_role_forget(user.pk)
    transaction.on_commit(lambda: provider_role_forget(user.pk))
    return member


@transaction.atomic
def provider_staff_add_by_phone(*, actor, provider: Provider, phone: str, is_manager: bool = False):
    """Give the account with this mobile number a log-in at the provider (the person signs up
    first: no account is made here)."""
    _require_staff_admin(actor, provider)
    phone = normalize_phone(phone)
    validate_mobile(phone)
    user = user_get_by_login(phone)
    if user is None or not user.is_active:
        raise ValidationError(
            _("No account has this mobile number: ask the person to sign up first."),
            code="no_user",
        )
    return provider_staff_add(actor=actor, provider=provider, user=user, is_manager=is_manager)


@transaction.atomic
def provider_staff_remove(*, actor, member: ProviderStaff) -> None:
    provider = member.provider
    _require_staff_admin(actor, provider)
    user_id = member.user_id
    if user_id == actor.pk and not provider_managed_by(actor, provider):
        # A manager removing themselves would leave no one able to add them back.
        raise ValidationError(
            _("You cannot remove yourself; ask the staff responsible for the provider."),
            code="self",
        )
    member.delete()
    audit_record(
        actor=actor,
        action="bookings.provider_staff_remove",
        target=provider,
        scope_path=provider.node.path,
        details={"user": user_id},
    )
    provider_role_forget(user_id)
    transaction.on_commit(lambda: provider_role_forget(user_id))
