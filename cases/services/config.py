"""Settings street staff edit: categories and their deadlines, office hours, calendar overrides,
Open311 clients. Each save is audited."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from audit.services import audit_record
from cases.models import Category, Open311Client
from communities.models import Node
from communities.scoping import scope_for_user


def may_configure(user) -> bool:
    """Street staff (and superusers) set the categories, deadlines and calendar."""
    from accounts.roles import Role, user_roles

    return user is not None and Role.STREET_STAFF.value in user_roles(user)


def _check_two_levels(category: Category) -> None:
    if category.parent_id is None:
        return
    if category.parent.parent_id is not None:
        raise ValidationError(
            _("Categories have two levels: a subcategory cannot have subcategories."),
            code="too_deep",
        )
    if category.pk and category.children.exists():
        raise ValidationError(
            _("A category with subcategories cannot itself be a subcategory."), code="too_deep"
        )


def _check_client_place(*, actor, node: Node | None) -> None:
    if node is not None and actor is not None and not scope_for_user(actor).contains(node):
        raise ValidationError(_("Choose a place inside your own area."), code="place_outside_scope")


@transaction.atomic
def config_save(*, actor, obj: models.Model, changed: list[str] | None = None) -> models.Model:
    """Save a category, office hours or calendar override after checking who and what."""
    if actor is not None and not may_configure(actor):
        raise ValidationError(_("Only street staff may change these settings."), code="forbidden")
    if isinstance(obj, Category):
        _check_two_levels(obj)
    if isinstance(obj, Open311Client):
        _check_client_place(actor=actor, node=obj.node)
    creating = obj.pk is None
    obj.full_clean()
    obj.save()
    audit_record(
        actor=actor,
        action=f"cases.config_{'add' if creating else 'change'}_{obj._meta.model_name}",
        target=obj,
        details={"changed": changed or []},
    )
    return obj


@transaction.atomic
def open311_client_create(
    *, actor, name: str, account, node: Node | None = None
) -> tuple[Open311Client, str]:
    """A new Open311 client and its api_key (shown once; only its hash is kept).

    `node` is the place whose cases the client reads in full; it must lie in the issuer's own
    area, so a key never opens more than its issuer could see.
    """
    if actor is not None and not may_configure(actor):
        raise ValidationError(_("Only street staff may change these settings."), code="forbidden")
    _check_client_place(actor=actor, node=node)
    key = Open311Client.new_key()
    client = Open311Client.objects.create(
        name=name.strip(),
        account=account,
        node=node,
        key_hash=Open311Client.hash_key(key),
        key_prefix=key[:8],
    )
    audit_record(
        actor=actor,
        action="cases.open311_client_create",
        target=client,
        details={"node": node.code if node else ""},
    )
    return client, key
