"""A coupon's life: issued (redeemed with points, or as a prize), verified once, or expired.

Lock order of a redemption, the same for every request so none can deadlock: the (offer, user)
counter row -> the offer row (conditional UPDATE of the stock) -> the two ledger accounts
(points.services, lower id first).
"""

import re
import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.selectors import phone_verification_needed
from audit.services import audit_record
from core.request_keys import request_key_check
from marketplace.models import Coupon, Merchant, Offer, OfferUserCount
from marketplace.selectors import offer_user_is_eligible
from points.models import Currency
from points.services import points_spend, posting_reverse, system_account

# No 0/O, 1/I/L: a code read out or typed at a counter cannot be misread.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 12  # 31**12 ~ 8e17 codes: guessing one is hopeless


class CouponRefused(ValidationError):
    """Verification refused; `coupon` is the coupon found (None for an unknown code)."""

    def __init__(self, message: str, *, code: str, coupon: Coupon | None = None):
        super().__init__(message, code=code)
        self.coupon = coupon


def coupon_code_new() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def coupon_code_normalize(raw: str) -> str:
    """What staff typed or scanned, as stored: capitals, no spaces or dashes."""
    return re.sub(r"[^0-9A-Za-z]", "", raw or "").upper()


def _coupon_insert(**fields) -> Coupon:
    # A clash of random codes is astronomically rare; retry rather than fail the request.
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Coupon.objects.create(code=coupon_code_new(), **fields)
        except IntegrityError:
            if Coupon.objects.filter(
                user=fields["user"], request_key=fields["request_key"]
            ).exists():
                raise
    raise RuntimeError("could not draw a unique coupon code")


def _existing_for_request(*, user, request_key: str, offer_id: int) -> Coupon | None:
    coupon = Coupon.objects.filter(user=user, request_key=request_key).first()
    if coupon is not None and coupon.offer_id != offer_id:
        raise ValidationError(
            _("This request was already used for another offer; reload the page and try again."),
            code="key_conflict",
        )
    if coupon is not None:
        coupon.is_new = False
    return coupon


def _check_redeemable(*, offer: Offer, user, now) -> None:
    if offer.status != Offer.Status.APPROVED or offer.merchant.status != Merchant.Status.APPROVED:
        raise ValidationError(_("This offer is not on the market."), code="offer_not_live")
    if now < offer.redeem_from:
        raise ValidationError(_("This offer cannot be redeemed yet."), code="not_started")
    if now >= offer.redeem_until:
        raise ValidationError(_("This offer has ended."), code="offer_ended")
    if not offer_user_is_eligible(offer=offer, user=user):
        raise ValidationError(
            _("This offer is only for residents of %(place)s.") % {"place": offer.node.name},
            code="not_eligible",
        )


def coupon_redeem(*, user, offer_id: int, request_key: str) -> Coupon:
    """Buy one coupon of an offer with points; once per `request_key` (a retry gets the same).

    Refusals (ValidationError codes): phone_unverified, offer_not_live, not_started,
    offer_ended, not_eligible, limit_reached, sold_out, insufficient_balance, key_conflict,
    invalid_request. Nothing is charged or taken from the stock when refused.
    `coupon.is_new` tells whether this call issued it.
    """
    request_key_check(request_key)
    if phone_verification_needed(user):
        # Points turn into something a merchant pays for: a verified person, not a script.
        raise ValidationError(
            _("Please verify your mobile number once before your first coupon."),
            code="phone_unverified",
        )
    existing = _existing_for_request(user=user, request_key=request_key, offer_id=offer_id)
    if existing is not None:
        return existing
    now = timezone.now()
    with transaction.atomic():
        counter, _created = OfferUserCount.objects.get_or_create(offer_id=offer_id, user=user)
        counter = OfferUserCount.objects.select_for_update().get(pk=counter.pk)
        # A twin of this request waited on the lock above; now it finds the first one's coupon.
        existing = _existing_for_request(user=user, request_key=request_key, offer_id=offer_id)
        if existing is not None:
            return existing
        offer = Offer.objects.select_related("merchant", "node").get(pk=offer_id)
        _check_redeemable(offer=offer, user=user, now=now)
        if counter.count >= offer.per_user_limit:
            raise ValidationError(
                _("You already have as many of these coupons as one person may (%(limit)d).")
                % {"limit": offer.per_user_limit},
                code="limit_reached",
            )
        # Never oversold: the stock is taken by one conditional UPDATE on the offer row.
        taken = Offer.objects.filter(pk=offer.pk, stock_left__gt=0).update(
            stock_left=F("stock_left") - 1, issued_count=F("issued_count") + 1
        )
        if not taken:
            raise ValidationError(_("Sorry, this offer is sold out."), code="sold_out")
        OfferUserCount.objects.filter(pk=counter.pk).update(count=F("count") + 1)
        merchant = offer.merchant
        payment = points_spend(
            user=user,
            amount=offer.points_price,
            key=f"marketplace:redeem:{user.pk}:{request_key}",
            reason=_("Coupon: %(merchant)s · %(title)s")
            % {"merchant": merchant.name, "title": offer.title},
            to_account=system_account(
                merchant.settlement_account_code, Currency.POINT, name=merchant.name[:100]
            ),
            source=offer,
            actor=user,
        )
        coupon = _coupon_insert(
            offer=offer,
            merchant=merchant,
            user=user,
            source=Coupon.Source.POINTS,
            request_key=request_key,
            points_paid=offer.points_price,
            face_value=offer.face_value,
            payment=payment,
            issued_at=now,
            use_from=offer.use_from,
            use_until=offer.use_until,
        )
        audit_record(
            actor=user,
            action="marketplace.coupon_redeemed",
            target=coupon,
            scope_path=offer.node.path,
            details={"offer": offer.pk, "points": offer.points_price, "posting": payment.pk},
        )
    coupon.is_new = True
    return coupon


def coupon_issue_prize(*, offer: Offer, user, key: str, actor=None) -> Coupon:
    """Give a coupon of `offer` without points (a quiz draw, a leaderboard prize); once per key.

    The prize's own stock is the caller's (e.g. points.PrizeItem.stock); the offer's market stock
    is left for residents who pay with points.
    """
    if not key or len(key) > 200:
        raise ValidationError(_("A prize coupon needs a key."), code="invalid_request")
    existing = Coupon.objects.filter(user=user, request_key=key).first()
    if existing is not None:
        existing.is_new = False
        return existing
    now = timezone.now()
    offer = Offer.objects.select_related("merchant", "node").get(pk=offer.pk)
    if offer.status != Offer.Status.APPROVED or offer.merchant.status != Merchant.Status.APPROVED:
        raise ValidationError(_("This offer is not on the market."), code="offer_not_live")
    if offer.use_until <= now:
        raise ValidationError(_("This offer's coupons can no longer be used."), code="offer_ended")
    try:
        with transaction.atomic():
            coupon = _coupon_insert(
                offer=offer,
                merchant=offer.merchant,
                user=user,
                source=Coupon.Source.PRIZE,
                request_key=key,
                face_value=offer.face_value,
                issued_at=now,
                use_from=offer.use_from,
                use_until=offer.use_until,
            )
            Offer.objects.filter(pk=offer.pk).update(issued_count=F("issued_count") + 1)
            audit_record(
                actor=actor,
                action="marketplace.coupon_prize_issued",
                target=coupon,
                scope_path=offer.node.path,
                details={"offer": offer.pk, "user": user.pk, "key": key},
            )
    except IntegrityError:
        # The same prize issued concurrently: the first one stands.
        existing = Coupon.objects.get(user=user, request_key=key)
        existing.is_new = False
        return existing
    coupon.is_new = True
    return coupon


def prize_issuer(*, item, user, key: str) -> dict:
    """points.prizes issuer for PrizeItem kind "coupon": `item.reference` names the offer.

    The reference is the offer id, written "offer:<id>" (or the bare id).
    """
    reference = (item.reference or "").strip().removeprefix("offer:")
    if not reference.isdigit():
        raise ValidationError(
            _("The prize %(name)s does not name a marketplace offer (reference offer:<id>).")
            % {"name": item.name},
            code="invalid_prize_reference",
        )
    offer = Offer.objects.filter(pk=int(reference)).first()
    if offer is None:
        raise ValidationError(
            _("The prize's offer does not exist."), code="invalid_prize_reference"
        )
    coupon = coupon_issue_prize(offer=offer, user=user, key=key)
    return {"coupon": coupon.pk, "offer": offer.pk}


def _refuse(*, merchant: Merchant, actor, code: str, message: str, coupon: Coupon | None):
    # The refusal is audited in its own transaction: repeated bad codes should be visible.
    audit_record(
        actor=actor,
        action="marketplace.coupon_verify_refused",
        target=coupon,
        outcome="failure",
        scope_path=merchant.node.path if merchant.node_id else "",
        details={"merchant": merchant.pk, "reason": code},
    )
    raise CouponRefused(message, code=code, coupon=coupon)


def coupon_verify(*, merchant: Merchant, code: str, actor) -> Coupon:
    """核销: mark the coupon used, once, by its own merchant, inside its use window.

    Refused (CouponRefused codes): unknown_code, wrong_merchant, already_used, expired,
    not_yet_valid, merchant_not_approved.
    """
    now = timezone.now()
    if merchant.status != Merchant.Status.APPROVED:
        _refuse(
            merchant=merchant,
            actor=actor,
            code="merchant_not_approved",
            message=_("This shop is not approved to verify coupons."),
            coupon=None,
        )
    normalized = coupon_code_normalize(code)
    coupon = (
        Coupon.objects.select_related("offer", "merchant").filter(code=normalized).first()
        if len(normalized) == CODE_LENGTH
        else None
    )
    if coupon is None:
        _refuse(
            merchant=merchant,
            actor=actor,
            code="unknown_code",
            message=_("No coupon has this code. Check the code and try again."),
            coupon=None,
        )
    if coupon.merchant_id != merchant.pk:
        # Say no more than needed: the other shop's name is not this counter's business.
        _refuse(
            merchant=merchant,
            actor=actor,
            code="wrong_merchant",
            message=_("This coupon is for another shop and cannot be used here."),
            coupon=None,
        )
    if coupon.status == Coupon.Status.USED:
        _refuse(
            merchant=merchant,
            actor=actor,
            code="already_used",
            message=_("This coupon was already used on %(when)s.")
            % {"when": timezone.localtime(coupon.used_at).strftime("%Y-%m-%d %H:%M")},
            coupon=coupon,
        )
    if coupon.status == Coupon.Status.EXPIRED or now > coupon.use_until:
        _refuse(
            merchant=merchant,
            actor=actor,
            code="expired",
            message=_("This coupon expired on %(when)s.")
            % {"when": timezone.localtime(coupon.use_until).strftime("%Y-%m-%d %H:%M")},
            coupon=coupon,
        )
    if now < coupon.use_from:
        _refuse(
            merchant=merchant,
            actor=actor,
            code="not_yet_valid",
            message=_("This coupon can only be used from %(when)s.")
            % {"when": timezone.localtime(coupon.use_from).strftime("%Y-%m-%d %H:%M")},
            coupon=coupon,
        )
    with transaction.atomic():
        # Once only: two counters scanning the same code at once cannot both succeed.
        done = Coupon.objects.filter(
            pk=coupon.pk, status=Coupon.Status.UNUSED, use_until__gte=now
        ).update(status=Coupon.Status.USED, used_at=now, verified_by=actor)
        if done:
            coupon.refresh_from_db()
            audit_record(
                actor=actor,
                action="marketplace.coupon_verified",
                target=coupon,
                scope_path=merchant.node.path,
                details={"merchant": merchant.pk, "offer": coupon.offer_id},
            )
    if not done:
        coupon.refresh_from_db()
        _refuse(
            merchant=merchant,
            actor=actor,
            code="already_used",
            message=_("This coupon was already used."),
            coupon=coupon,
        )
    return coupon


def coupon_expire(*, coupon_id: int, now=None) -> bool:
    """Expire one unused coupon past its use window; refund its points if the offer says so.

    Idempotent: an already expired (or used) coupon is left alone, and the refund posting's key
    is fixed per coupon. Returns whether this call expired it.
    """
    now = now or timezone.now()
    with transaction.atomic():
        changed = Coupon.objects.filter(
            pk=coupon_id, status=Coupon.Status.UNUSED, use_until__lt=now
        ).update(status=Coupon.Status.EXPIRED, expired_at=now)
        if not changed:
            return False
        coupon = Coupon.objects.select_related("offer__node", "payment").get(pk=coupon_id)
        refund = None
        if coupon.offer.refund_on_expiry and coupon.payment is not None:
            refund = posting_reverse(
                posting=coupon.payment,
                key=f"marketplace:coupon:{coupon.pk}:refund",
                reason=_("Refund of an unused coupon: %(title)s") % {"title": coupon.offer.title},
                actor=None,
            )
            Coupon.objects.filter(pk=coupon.pk).update(refund=refund)
        audit_record(
            actor=None,
            action="marketplace.coupon_expired",
            target=coupon,
            scope_path=coupon.offer.node.path,
            details={"refund": refund.pk if refund else None, "points": coupon.points_paid},
        )
    return True


def coupons_expire_due(*, now=None, limit: int = 5000) -> int:
    """Expire every unused coupon whose use window has passed (one transaction each)."""
    now = now or timezone.now()
    due = list(
        Coupon.objects.filter(status=Coupon.Status.UNUSED, use_until__lt=now)
        .order_by("use_until", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(1 for coupon_id in due if coupon_expire(coupon_id=coupon_id, now=now))
