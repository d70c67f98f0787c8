"""Expiry of unused coupons (with and without refund) and coupons given as prizes."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from marketplace.models import Coupon, Offer
from marketplace.services import (
    coupon_expire,
    coupon_issue_prize,
    coupon_redeem,
    coupons_expire_due,
    prize_issuer,
)
from marketplace.tasks import coupon_expire_task, coupons_expire_task
from points.models import Currency, Posting, PrizeItem
from points.selectors import ledger_verify
from points.services import account_for_user
from tests.marketplace.factories import fund, make_offer

pytestmark = pytest.mark.django_db


def _redeemed(offer, user, key="req-00000001"):
    return coupon_redeem(user=user, offer_id=offer.pk, request_key=key)


def test_expiry_without_refund_keeps_the_points_with_the_merchant(offer, resident, time_machine):
    fund(resident, 100)
    coupon = _redeemed(offer, resident)
    time_machine.move_to(coupon.use_until + dt.timedelta(hours=1))
    assert coupons_expire_task() == 1
    coupon.refresh_from_db()
    assert coupon.status == Coupon.Status.EXPIRED and coupon.refund is None
    assert account_for_user(resident, Currency.POINT).balance == 70
    assert ledger_verify().ok


def test_expiry_with_refund_reverses_the_payment_once(merchant, street, resident, time_machine):
    offer = make_offer(merchant, node=street, refund_on_expiry=True)
    fund(resident, 100)
    coupon = _redeemed(offer, resident)
    time_machine.move_to(coupon.use_until + dt.timedelta(hours=1))
    # the task run twice (a retry) refunds once
    assert coupons_expire_task() == 1
    assert coupons_expire_task() == 0
    assert coupon_expire_task(coupon.pk) is False
    coupon.refresh_from_db()
    assert coupon.status == Coupon.Status.EXPIRED
    assert coupon.refund.reverses_id == coupon.payment_id
    assert account_for_user(resident, Currency.POINT).balance == 100
    assert Posting.objects.filter(reverses=coupon.payment).count() == 1
    assert ledger_verify().ok


def test_coupons_still_valid_or_used_are_not_expired(offer, resident, merchant, time_machine):
    fund(resident, 100)
    coupon = _redeemed(offer, resident)
    assert coupons_expire_due() == 0
    Coupon.objects.filter(pk=coupon.pk).update(status=Coupon.Status.USED, used_at=coupon.issued_at)
    time_machine.move_to(coupon.use_until + dt.timedelta(hours=1))
    assert coupon_expire(coupon_id=coupon.pk) is False


def test_a_prize_coupon_costs_no_points_and_is_issued_once_per_key(offer, resident):
    first = coupon_issue_prize(offer=offer, user=resident, key="settlement:1:prize:2:user:3")
    again = coupon_issue_prize(offer=offer, user=resident, key="settlement:1:prize:2:user:3")
    assert first.is_new and not again.is_new and first.pk == again.pk
    assert first.source == Coupon.Source.PRIZE and first.payment is None
    offer.refresh_from_db()
    assert offer.stock_left == 50 and offer.issued_count == 1


def test_the_points_prize_issuer_finds_the_offer_by_reference(offer, resident):
    item = PrizeItem.objects.create(
        name="早茶券", kind=PrizeItem.Kind.COUPON, stock=3, reference=f"offer:{offer.pk}"
    )
    details = prize_issuer(item=item, user=resident, key="draw:7")
    assert Coupon.objects.get(pk=details["coupon"]).offer == offer
    item.reference = "nonsense"
    with pytest.raises(ValidationError) as refused:
        prize_issuer(item=item, user=resident, key="draw:8")
    assert refused.value.code == "invalid_prize_reference"


def test_the_coupon_issuer_is_registered_with_points(db):
    from points.prizes import prize_issuer_for

    assert prize_issuer_for(PrizeItem.Kind.COUPON) is prize_issuer


def test_a_prize_of_a_withdrawn_offer_is_refused(offer, resident):
    Offer.objects.filter(pk=offer.pk).update(status=Offer.Status.WITHDRAWN)
    with pytest.raises(ValidationError) as refused:
        coupon_issue_prize(offer=offer, user=resident, key="draw:1")
    assert refused.value.code == "offer_not_live"
