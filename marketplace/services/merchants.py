"""Merchants: application by a shop, review by street staff, staff who work the counter."""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from communities.models import Node
from marketplace.models import Merchant, MerchantStaff
from marketplace.selectors import merchant_role_forget, user_can_review
from notifications.services import notify

# 统一社会信用代码: 18 characters of digits and capital letters (older licences: 15 digits).
LICENCE_PATTERN = re.compile(r"^(?:[0-9A-HJ-NP-RT-UW-Y]{18}|\d{15})$")


def _require_reviewer(actor, node: Node) -> None:
    if not user_can_review(actor, node):
        raise ValidationError(
            _("Only street office staff responsible for this place can review it."),
            code="not_reviewer",
        )


def merchant_apply(
    *,
    user,
    name: str,
    category: str,
    address: str,
    licence_number: str,
    contact_name: str,
    contact_phone: str,
    node: Node,
    description: str = "",
) -> Merchant:
    """A shop applies to join the market; the applicant becomes its manager once approved."""
    licence_number = re.sub(r"\s", "", licence_number or "").upper()
    if not LICENCE_PATTERN.match(licence_number):
        raise ValidationError(
            _("The licence number must be the 18-character unified social credit code."),
            code="invalid_licence",
        )
    if category not in Merchant.Category.values:
        raise ValidationError(_("Choose a category."), code="invalid_category")
    if node.kind not in (Node.Kind.STREET, Node.Kind.COMMUNITY):
        raise ValidationError(
            _("Choose the community (or street) the shop is in."), code="invalid_place"
        )
    if not (name or "").strip() or not (address or "").strip():
        raise ValidationError(_("Give the shop's name and address."), code="missing_fields")
    with transaction.atomic():
        if (
            Merchant.objects.select_for_update()
            .filter(licence_number=licence_number)
            .exclude(status=Merchant.Status.REJECTED)
            .exists()
        ):
            raise ValidationError(
                _("A shop with this licence number has already applied."),
                code="licence_taken",
            )
        merchant = Merchant.objects.create(
            name=name.strip(),
            category=category,
            description=description.strip(),
            address=address.strip(),
            licence_number=licence_number,
            contact_name=contact_name.strip(),
            contact_phone=contact_phone.strip(),
            node=node,
            applied_by=user,
        )
        MerchantStaff.objects.create(merchant=merchant, user=user, is_manager=True)
        audit_record(
            actor=user,
            action="marketplace.merchant_applied",
            target=merchant,
            scope_path=node.path,
            details={"name": merchant.name, "category": category},
        )
    return merchant


def _merchant_review(*, actor, merchant: Merchant, status: str, note: str, action: str):
    _require_reviewer(actor, merchant.node)
    with transaction.atomic():
        merchant = Merchant.objects.select_for_update().select_related("node").get(pk=merchant.pk)
        allowed = {
            Merchant.Status.APPROVED: {Merchant.Status.PENDING, Merchant.Status.SUSPENDED},
            Merchant.Status.REJECTED: {Merchant.Status.PENDING},
            Merchant.Status.SUSPENDED: {Merchant.Status.APPROVED},
        }[status]
        if merchant.status not in allowed:
            raise ValidationError(
                _("This shop is %(status)s; that cannot be done now.")
                % {"status": merchant.get_status_display()},
                code="invalid_status",
            )
        previous = merchant.status
        merchant.status, merchant.review_note = status, note[:200]
        merchant.reviewed_by, merchant.reviewed_at = actor, timezone.now()
        merchant.save(update_fields=["status", "review_note", "reviewed_by", "reviewed_at"])
        audit_record(
            actor=actor,
            action=action,
            target=merchant,
            scope_path=merchant.node.path,
            details={"from": previous, "to": status, "note": note},
        )
        staff = list(merchant.staff.select_related("user"))
        for member in staff:
            # Now and again after commit: a page read in between may have cached the old answer.
            merchant_role_forget(member.user_id)
            transaction.on_commit(lambda uid=member.user_id: merchant_role_forget(uid))
        for member in staff:
            if member.is_manager:
                notify(
                    member.user,
                    title=_("Your shop %(name)s: %(status)s")
                    % {"name": merchant.name, "status": merchant.get_status_display()},
                    body=note,
                    url=reverse("marketplace:shop"),
                    category="marketplace",
                    dedupe_key=f"marketplace:merchant:{merchant.pk}:{status}:{merchant.reviewed_at:%Y%m%d%H%M%S}",
                )
    return merchant


def merchant_approve(*, actor, merchant: Merchant, note: str = "") -> Merchant:
    return _merchant_review(
        actor=actor,
        merchant=merchant,
        status=Merchant.Status.APPROVED,
        note=note,
        action="marketplace.merchant_approved",
    )


def merchant_reject(*, actor, merchant: Merchant, note: str) -> Merchant:
    if not (note or "").strip():
        raise ValidationError(_("Say why the application is rejected."), code="note_required")
    return _merchant_review(
        actor=actor,
        merchant=merchant,
        status=Merchant.Status.REJECTED,
        note=note.strip(),
        action="marketplace.merchant_rejected",
    )


def merchant_suspend(*, actor, merchant: Merchant, note: str) -> Merchant:
    """A suspended shop's offers leave the market and its staff can no longer verify."""
    return _merchant_review(
        actor=actor,
        merchant=merchant,
        status=Merchant.Status.SUSPENDED,
        note=(note or "").strip(),
        action="marketplace.merchant_suspended",
    )


def merchant_staff_add(*, actor, merchant: Merchant, user, is_manager: bool = False):
    """Add a counter worker to a shop: the shop's manager or a reviewer may do it."""
    is_manager_actor = MerchantStaff.objects.filter(
        merchant=merchant, user=actor, is_manager=True
    ).exists()
    if not is_manager_actor and not user_can_review(actor, merchant.node):
        raise ValidationError(
            _("Only the shop's manager or street staff can add staff."), code="not_allowed"
        )
    with transaction.atomic():
        member, created = MerchantStaff.objects.get_or_create(
            merchant=merchant, user=user, defaults={"is_manager": is_manager}
        )
        if created:
            audit_record(
                actor=actor,
                action="marketplace.merchant_staff_added",
                target=merchant,
                scope_path=merchant.node.path,
                details={"user": user.pk, "manager": is_manager},
            )
            merchant_role_forget(user.pk)
            transaction.on_commit(lambda: merchant_role_forget(user.pk))
    return member
