"""Writes of the care register: care roles, tags, removal and retention."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from care.access import (
    ROLE_PLACE_KINDS,
    care_access_for_user,
    care_access_forget,
    role_backed_by_post,
)
from care.common import care_audit, refuse, today
from care.models import CareRole, CareTag, CareTagType
from communities.models import Node, Post, Residency
from communities.scoping import scope_compute, scope_for_user

MAX_RETENTION_DAYS = 366 * 10
NOTE_MAX = CareTag._meta.get_field("note").max_length


def may_grant(actor, node: Node) -> bool:
    """Street staff over the place, or care staff of it, may grant care roles there."""
    if actor.is_superuser:
        return True
    scope = scope_for_user(actor)
    if not scope.manages(node):
        return False
    return Post.Kind.STREET_STAFF in scope.post_kinds or care_access_for_user(actor).staff.contains(
        node
    )


@transaction.atomic
def care_role_grant(*, actor, user, node: Node, kind: str) -> CareRole:
    """Give `user` a care role at `node`; captains and grid workers must hold their post there."""
    if not may_grant(actor, node):
        raise refuse(_("You may not grant care roles at this place."))
    if node.kind not in ROLE_PLACE_KINDS[kind]:
        raise refuse(_("This care role is not given at this kind of place."), "bad_place")
    role = CareRole(user=user, node=node, kind=kind, granted_by=actor)
    if not role_backed_by_post(role, scope_compute(user)):
        raise refuse(_("This person does not hold the post this care role needs here."), "no_post")
    try:
        with transaction.atomic():
            role.save()
    except IntegrityError:
        raise refuse(_("This person already has this care role here."), "duplicate")
    care_audit(actor=actor, action="role.grant", target=role, node=node, kind=kind, user=user.pk)
    care_access_forget(user)
    return role


@transaction.atomic
def care_role_end(*, actor, role: CareRole) -> CareRole:
    if not may_grant(actor, role.node):
        raise refuse(_("You may not change care roles at this place."))
    if role.ended_at is None:
        role.ended_at = timezone.now()
        role.save(update_fields=["ended_at"])
        care_audit(actor=actor, action="role.end", target=role, node=role.node, kind=role.kind)
    care_access_forget(role.user)
    return role


def _check_tag_fields(*, level: int, note: str, legal_basis: str, consent_on, retain_until) -> str:
    note = (note or "").strip()
    if level not in CareTag.Level.values:
        raise refuse(_("Choose a level."), "bad_level")
    if len(note) > NOTE_MAX:
        raise refuse(
            _("The note may be at most %(count)d characters.") % {"count": NOTE_MAX},
            "note_too_long",
        )
    if legal_basis not in CareTag.LegalBasis.values:
        raise refuse(_("Choose the legal basis of this record."), "basis_required")
    now = today()
    if legal_basis == CareTag.LegalBasis.CONSENT:
        if consent_on is None:
            raise refuse(_("Give the date the person consented."), "consent_date_required")
        if consent_on > now:
            raise refuse(_("The consent date cannot be in the future."), "bad_consent_date")
    if retain_until is None or retain_until <= now:
        raise refuse(_("The date to keep the record until must be in the future."), "bad_retention")
    if retain_until > now + datetime.timedelta(days=MAX_RETENTION_DAYS):
        raise refuse(_("A care record is kept at most ten years."), "bad_retention")
    return note


def _require_staff(actor, node: Node) -> None:
    if not care_access_for_user(actor).staff.contains(node):
        raise refuse(_("Only care staff of this place may change the care register."))


@transaction.atomic
def care_tag_add(
    *,
    actor,
    residency: Residency,
    tag_type: CareTagType,
    level: int,
    legal_basis: str,
    retain_until: datetime.date,
    note: str = "",
    consent_on: datetime.date | None = None,
    basis_note: str = "",
    source: str = "form",
) -> CareTag:
    """Put a tag on a resident (care staff of their place only)."""
    node = residency.household.node
    _require_staff(actor, node)
    if residency.status != Residency.Status.APPROVED:
        raise refuse(_("Only a confirmed resident can be recorded."), "not_resident")
    if not tag_type.is_active:
        raise refuse(_("This tag is no longer in use."), "bad_tag")
    note = _check_tag_fields(
        level=level,
        note=note,
        legal_basis=legal_basis,
        consent_on=consent_on,
        retain_until=retain_until,
    )
    tag = CareTag(
        residency=residency,
        tag_type=tag_type,
        level=level,
        note=note,
        legal_basis=legal_basis,
        consent_on=consent_on,
        basis_note=(basis_note or "").strip()[:200],
        retain_until=retain_until,
        created_by=actor,
    )
    try:
        with transaction.atomic():
            tag.save()
    except IntegrityError:
        raise refuse(_("This resident already has this tag."), "duplicate")
    care_audit(
        actor=actor,
        action="tag.add",
        target=tag,
        node=node,
        tag_type=tag_type.name,
        level=level,
        basis=legal_basis,
        source=source,
    )
    return tag


@transaction.atomic
def care_tag_update(
    *,
    actor,
    tag: CareTag,
    level: int,
    note: str,
    legal_basis: str,
    consent_on: datetime.date | None,
    basis_note: str,
    retain_until: datetime.date,
) -> CareTag:
    node = tag.residency.household.node
    _require_staff(actor, node)
    tag = CareTag.objects.select_for_update().get(pk=tag.pk)
    if not tag.is_live:
        raise refuse(_("This tag was removed."), "removed")
    tag.note = _check_tag_fields(
        level=level,
        note=note,
        legal_basis=legal_basis,
        consent_on=consent_on,
        retain_until=retain_until,
    )
    tag.level, tag.legal_basis, tag.consent_on = level, legal_basis, consent_on
    tag.basis_note, tag.retain_until = (basis_note or "").strip()[:200], retain_until
    tag.save()
    care_audit(
        actor=actor, action="tag.update", target=tag, node=node, level=level, basis=legal_basis
    )
    return tag


def _wipe(tag: CareTag, reason: str) -> None:
    # Removal keeps that a tag existed (visits point to it) but not what was written about the
    # person: the note and the evidence go (PIPL art. 47, deletion when the purpose is served).
    tag.removed_at = timezone.now()
    tag.removal_reason = reason[:200]
    tag.note = ""
    tag.basis_note = ""
    tag.save(update_fields=["removed_at", "removal_reason", "note", "basis_note", "updated_at"])


@transaction.atomic
def care_tag_remove(*, actor, tag: CareTag, reason: str) -> CareTag:
    """Remove a tag (the person withdrew consent, moved, no longer needs it)."""
    node = tag.residency.household.node
    _require_staff(actor, node)
    reason = (reason or "").strip()
    if not reason:
        raise refuse(_("Say why the tag is removed."), "reason_required")
    tag = CareTag.objects.select_for_update().get(pk=tag.pk)
    if tag.is_live:
        _wipe(tag, reason)
        care_audit(actor=actor, action="tag.remove", target=tag, node=node, reason=reason[:200])
    return tag


def care_tags_retention_sweep(*, on: datetime.date | None = None) -> int:
    """Remove every live tag whose retention date has passed; safe to run any number of times
    (a removed tag is not live, so a second run finds nothing)."""
    on = on or today()
    removed = 0
    expired = CareTag.objects.filter(removed_at__isnull=True, retain_until__lt=on).values_list(
        "pk", flat=True
    )
    for pk in list(expired):
        with transaction.atomic():
            tag = (
                CareTag.objects.select_for_update()
                .select_related("residency__household__node")
                .filter(pk=pk, removed_at__isnull=True)
                .first()
            )
            if tag is None:
                continue
            _wipe(tag, _("Retention period ended"))
            care_audit(
                actor=None, action="tag.expire", target=tag, node=tag.residency.household.node
            )
            removed += 1
    return removed
