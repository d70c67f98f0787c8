"""Settings street staff edit: categories and their deadlines, office hours, calendar overrides,
Open311 clients. Each save is audited."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from audit.services import audit_record
from cases.models import Category, Open311Client


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


@transaction.atomic
def config_save(*, actor, obj: models.Model, changed: list[str] | None = None) -> models.Model:
    """Save a category, office hours or calendar override after checking who and what."""
    if actor is not None and not may_configure(actor):
        raise ValidationError(_("Only street staff may change these settings."), code="forbidden")
    if isinstance(obj, Category):
        _check_two_levels(obj)
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
def open311_client_create(*, actor, name: str, account) -> tuple[Open311Client, str]:
    """A new Open311 client and its api_key (shown once; only its hash is kept)."""
    if actor is not None and not may_configure(actor):
        raise ValidationError(_("Only street staff may change these settings."), code="forbidden")
    key = Open311Client.new_key()
    client = Open311Client.objects.create(
        name=name.strip(), account=account, key_hash=Open311Client.hash_key(key), key_prefix=key[:8]
    )
    audit_record(actor=actor, action="cases.open311_client_create", target=client)
    return client, key
