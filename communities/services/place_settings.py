"""Changing a place's settings (communities.place_settings reads them): checked, audited with
the old and new value, and the place's cached values dropped once the change is committed."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import audit_record
from communities.models import Node, PlaceSetting, Post
from communities.place_settings import (
    PlaceSettingSpec,
    place_setting_forget,
    place_setting_spec,
)
from communities.scoping import scope_for_user

# Who sets a place's settings: the office of the place or of a level above it (a community's
# secretary for the community only); grid workers, captains and team leaders do not.
SETTING_POSTS = {Post.Kind.DISTRICT_STAFF, Post.Kind.STREET_STAFF}


def may_edit_settings(user, node: Node) -> bool:
    scope = scope_for_user(user)
    if not scope.manages(node):
        return False
    if scope.unrestricted or scope.post_kinds & SETTING_POSTS:
        # A street's staff manage their street's subtree; a district's staff their district's.
        return True
    return node.kind == Node.Kind.COMMUNITY and Post.Kind.COMMUNITY_SECRETARY in scope.post_kinds


def _spec_for(*, actor, node: Node, key: str) -> PlaceSettingSpec:
    try:
        spec = place_setting_spec(key)
    except KeyError:
        raise ValidationError(_("Unknown setting."), code="unknown_setting") from None
    if node.kind not in spec.kinds:
        raise ValidationError(_("This setting is not set on this kind of place."), code="bad_place")
    if actor is not None and not may_edit_settings(actor, node):
        raise ValidationError(_("You may not change the settings of this place."), code="forbidden")
    return spec


@transaction.atomic
def place_setting_set(*, actor, node: Node, key: str, value: dict) -> PlaceSetting:
    """Set `key` on `node` (for its subtree, unless a place below sets its own).

    `value` is checked with the setting's form (types and cross-field rules); a refusal is a
    ValidationError naming the fields and changes nothing.
    """
    spec = _spec_for(actor=actor, node=node, key=key)
    form = spec.form(data=spec.encode(value))
    if not form.is_valid():
        raise ValidationError(
            [
                f"{form.fields[name].label if name in form.fields else ''} {message}".strip()
                for name, messages in form.errors.items()
                for message in messages
            ],
            code="invalid_value",
        )
    if spec.check is not None:
        spec.check(form.cleaned_data)
    stored = spec.encode(form.cleaned_data)
    current = PlaceSetting.objects.select_for_update().filter(node=node, key=key).first()
    old = current.value if current else None
    if current is None:
        current = PlaceSetting.objects.create(node=node, key=key, value=stored, updated_by=actor)
    else:
        current.value, current.updated_by = stored, actor
        current.save(update_fields=["value", "updated_by", "updated_at"])
    audit_record(
        actor=actor,
        action="communities.place_setting_set",
        target=node,
        scope_path=node.path,
        details={"key": key, "old": old, "new": stored},
    )
    transaction.on_commit(lambda: place_setting_forget(node.code))
    return current


@transaction.atomic
def place_setting_clear(*, actor, node: Node, key: str) -> None:
    """Remove `node`'s own value: it inherits again from above (or the deployment default)."""
    _spec_for(actor=actor, node=node, key=key)
    current = PlaceSetting.objects.select_for_update().filter(node=node, key=key).first()
    if current is None:
        return
    old = current.value
    current.delete()
    audit_record(
        actor=actor,
        action="communities.place_setting_clear",
        target=node,
        scope_path=node.path,
        details={"key": key, "old": old, "new": None},
    )
    transaction.on_commit(lambda: place_setting_forget(node.code))
