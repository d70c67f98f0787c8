"""Offers: a merchant drafts one, street staff approve it, then residents can redeem it."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from communities.models import Node
from marketplace.models import Merchant, MerchantStaff, Offer
from marketplace.services.merchants import _require_reviewer

ZERO = Decimal("0")


def _require_merchant_staff(actor, merchant: Merchant) -> None:
    if not MerchantStaff.objects.filter(merchant=merchant, user=actor).exists():
        raise ValidationError(_("You do not work for this shop."), code="not_merchant_staff")
    if merchant.status != Merchant.Status.APPROVED:
        raise ValidationError(
            _("The shop must be approved before it can publish offers."),
            code="merchant_not_approved",
        )


def offer_face_value(
    *, kind: str, amount_off: Decimal, max_discount: Decimal, gift_value: Decimal
) -> Decimal:
    """What one coupon is worth at most (the figure the street reports in yuan)."""
    return {
        Offer.Kind.AMOUNT_OFF: amount_off,
        Offer.Kind.PERCENT_OFF: max_discount,
        Offer.Kind.GIFT: gift_value,
    }[kind]


def offer_validate(
    *,
    merchant: Merchant,
    node: Node,
    kind: str,
    threshold: Decimal,
    amount_off: Decimal,
    percent_off: int,
    max_discount: Decimal,
    gift: str,
    gift_value: Decimal,
    points_price: int,
    stock_total: int,
    per_user_limit: int,
    redeem_from: dt.datetime,
    redeem_until: dt.datetime,
    use_from: dt.datetime,
    use_until: dt.datetime,
) -> None:
    """Every rule of a well-formed offer, each refused with its own message and code."""
    if kind == Offer.Kind.AMOUNT_OFF:
        if amount_off <= ZERO:
            raise ValidationError(_("Give the amount taken off."), code="invalid_amount_off")
        if threshold and threshold < amount_off:
            raise ValidationError(
                _("The minimum spend cannot be less than the amount taken off."),
                code="invalid_threshold",
            )
    elif kind == Offer.Kind.PERCENT_OFF:
        if not 1 <= percent_off <= 99:
            raise ValidationError(
                _("The discount must be between 1 and 99 percent."), code="invalid_percent"
            )
        if max_discount <= ZERO:
            raise ValidationError(
                _("Give the largest discount in yuan."), code="invalid_max_discount"
            )
    elif kind == Offer.Kind.GIFT:
        if not gift.strip():
            raise ValidationError(_("Say what the gift is."), code="invalid_gift")
    else:
        raise ValidationError(_("Choose the kind of coupon."), code="invalid_kind")
    if min(threshold, amount_off, max_discount, gift_value) < ZERO:
        raise ValidationError(_("Amounts cannot be negative."), code="invalid_amount")
    if points_price < 1:
        raise ValidationError(_("The points price must be at least 1."), code="invalid_price")
    if stock_total < 1:
        raise ValidationError(_("The stock must be at least 1."), code="invalid_stock")
    if per_user_limit < 1:
        raise ValidationError(
            _("Each resident must be allowed at least one coupon."), code="invalid_limit"
        )
    if redeem_until <= redeem_from or use_until <= use_from:
        raise ValidationError(_("Each period must end after it starts."), code="invalid_window")
    if use_until < redeem_until:
        raise ValidationError(
            _("Coupons must stay usable at least until the last day they can be redeemed."),
            code="invalid_window",
        )
    # An offer reaches the shop's own community or the whole street around it.
    if node.kind not in (Node.Kind.STREET, Node.Kind.COMMUNITY) or not (
        merchant.node.is_descendant_of(node)
    ):
        raise ValidationError(
            _("An offer is for the shop's own community or for the whole street."),
            code="invalid_place",
        )


@transaction.atomic
def offer_create(
    *,
    actor,
    merchant: Merchant,
    node: Node,
    title: str,
    kind: str,
    points_price: int,
    stock_total: int,
    redeem_from: dt.datetime,
    redeem_until: dt.datetime,
    use_from: dt.datetime,
    use_until: dt.datetime,
    per_user_limit: int = 1,
    description: str = "",
    threshold: Decimal = ZERO,
    amount_off: Decimal = ZERO,
    percent_off: int = 0,
    max_discount: Decimal = ZERO,
    gift: str = "",
    gift_value: Decimal = ZERO,
    refund_on_expiry: bool = False,
) -> Offer:
    """A merchant's new offer, waiting for approval by street staff."""
    _require_merchant_staff(actor, merchant)
    fields = {
        "kind": kind,
        "threshold": threshold or ZERO,
        "amount_off": amount_off or ZERO,
        "percent_off": percent_off or 0,
        "max_discount": max_discount or ZERO,
        "gift": gift or "",
        "gift_value": gift_value or ZERO,
        "points_price": points_price,
        "stock_total": stock_total,
        "per_user_limit": per_user_limit,
        "redeem_from": redeem_from,
        "redeem_until": redeem_until,
        "use_from": use_from,
        "use_until": use_until,
    }
    offer_validate(merchant=merchant, node=node, **fields)
    if not (title or "").strip():
        raise ValidationError(_("Give the offer a title."), code="invalid_title")
    offer = Offer.objects.create(
        merchant=merchant,
        node=node,
        title=title.strip(),
        description=(description or "").strip(),
        refund_on_expiry=refund_on_expiry,
        stock_left=stock_total,
        face_value=offer_face_value(
            kind=kind,
            amount_off=fields["amount_off"],
            max_discount=fields["max_discount"],
            gift_value=fields["gift_value"],
        ),
        created_by=actor,
        **fields,
    )
    audit_record(
        actor=actor,
        action="marketplace.offer_created",
        target=offer,
        scope_path=node.path,
        details={"kind": kind, "points_price": points_price, "stock": stock_total},
    )
    return offer


def _offer_set_status(*, actor, offer: Offer, status: str, allowed: set, note: str, action: str):
    with transaction.atomic():
        offer = (
            Offer.objects.select_for_update().select_related("node", "merchant").get(pk=offer.pk)
        )
        if offer.status not in allowed:
            raise ValidationError(
                _("This offer is %(status)s; that cannot be done now.")
                % {"status": offer.get_status_display()},
                code="invalid_status",
            )
        previous = offer.status
        offer.status, offer.review_note = status, note[:200]
        fields = ["status", "review_note"]
        if action != "marketplace.offer_withdrawn":
            offer.reviewed_by, offer.reviewed_at = actor, timezone.now()
            fields += ["reviewed_by", "reviewed_at"]
        offer.save(update_fields=fields)
        audit_record(
            actor=actor,
            action=action,
            target=offer,
            scope_path=offer.node.path,
            details={"from": previous, "to": status, "note": note},
        )
    return offer


def offer_approve(*, actor, offer: Offer, note: str = "") -> Offer:
    """Street staff put an offer live; its shop must itself be approved."""
    _require_reviewer(actor, offer.node)
    if offer.merchant.status != Merchant.Status.APPROVED:
        raise ValidationError(
            _("The shop must be approved before its offers."), code="merchant_not_approved"
        )
    return _offer_set_status(
        actor=actor,
        offer=offer,
        status=Offer.Status.APPROVED,
        allowed={Offer.Status.PENDING},
        note=note,
        action="marketplace.offer_approved",
    )


def offer_reject(*, actor, offer: Offer, note: str) -> Offer:
    _require_reviewer(actor, offer.node)
    if not (note or "").strip():
        raise ValidationError(_("Say why the offer is rejected."), code="note_required")
    return _offer_set_status(
        actor=actor,
        offer=offer,
        status=Offer.Status.REJECTED,
        allowed={Offer.Status.PENDING},
        note=note.strip(),
        action="marketplace.offer_rejected",
    )


def offer_withdraw(*, actor, offer: Offer) -> Offer:
    """The shop takes an offer off the market; coupons already issued stay valid."""
    if not MerchantStaff.objects.filter(merchant_id=offer.merchant_id, user=actor).exists():
        _require_reviewer(actor, offer.node)
    return _offer_set_status(
        actor=actor,
        offer=offer,
        status=Offer.Status.WITHDRAWN,
        allowed={Offer.Status.PENDING, Offer.Status.APPROVED},
        note="",
        action="marketplace.offer_withdrawn",
    )
