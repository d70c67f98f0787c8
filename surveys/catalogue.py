"""Writes of the needs catalogue (需求清单): street and district staff add, rename and retire
its categories and items, each change audited. Items are retired, never deleted, so residents'
marks and the demand figures keep their history."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import audit_record
from surveys.models import NeedCategory, NeedItem
from surveys.selectors import can_keep_catalogue
from volunteers.models import Team


def _require_keeper(actor) -> None:
    if not can_keep_catalogue(actor):
        raise PermissionDenied


def _clean_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise ValidationError(_("Give a name."), code="required")
    return name


@transaction.atomic
def need_category_save(
    *, actor, name: str, position: int = 0, category: NeedCategory | None = None
) -> NeedCategory:
    """Add a category, or rename / reorder one. Refused: a name already used (`duplicate`)."""
    _require_keeper(actor)
    name = _clean_name(name)
    taken = NeedCategory.objects.filter(name__iexact=name)
    if category is not None:
        taken = taken.exclude(pk=category.pk)
    if taken.exists():
        raise ValidationError(_("A category with this name exists already."), code="duplicate")
    before = None if category is None else {"name": category.name, "position": category.position}
    category = category or NeedCategory()
    category.name, category.position = name, position
    category.save()
    audit_record(
        actor=actor,
        action="surveys.need_category_add" if before is None else "surveys.need_category_change",
        target=category,
        details={"before": before, "name": name, "position": position},
    )
    return category


@transaction.atomic
def need_item_save(
    *,
    actor,
    category: NeedCategory,
    name: str,
    team_kind: str = "",
    services: str = "",
    position: int = 0,
    item: NeedItem | None = None,
) -> NeedItem:
    """Add an item, or rename it, move it to another category, or change the team kind and
    services that meet it. Refused: a name already used in the category (`duplicate`)."""
    _require_keeper(actor)
    name = _clean_name(name)
    if team_kind and team_kind not in Team.Kind.values:
        raise ValidationError(_("Choose a kind of volunteer team from the list."), code="invalid")
    taken = NeedItem.objects.filter(category=category, name__iexact=name)
    if item is not None:
        taken = taken.exclude(pk=item.pk)
    if taken.exists():
        raise ValidationError(_("This category has a need with this name already."), "duplicate")
    fields = ["category_id", "name", "team_kind", "services", "position"]
    before = None if item is None else {f: getattr(item, f) for f in fields}
    item = item or NeedItem()
    item.category, item.name, item.position = category, name, position
    item.team_kind, item.services = team_kind, (services or "").strip()
    item.save()
    audit_record(
        actor=actor,
        action="surveys.need_item_add" if before is None else "surveys.need_item_change",
        target=item,
        details={"before": before, "after": {f: getattr(item, f) for f in fields}},
    )
    return item


@transaction.atomic
def need_items_set_active(*, actor, items, active: bool) -> int:
    """Retire items (residents no longer see them; marks stay for the history) or bring them
    back; retiring a category retires all its items. Returns how many changed."""
    _require_keeper(actor)
    changed = [item for item in items if item.is_active != active]
    for item in changed:
        item.is_active = active
    NeedItem.objects.bulk_update(changed, ["is_active"])
    for item in changed:
        audit_record(
            actor=actor,
            action="surveys.need_item_restore" if active else "surveys.need_item_retire",
            target=item,
        )
    return len(changed)
