"""Counter verification (核销): once, only by the coupon's own shop, only within its validity."""

import datetime as dt

import pytest
from django.utils import timezone

from audit.models import AuditEntry
from marketplace.models import Coupon, Merchant
from marketplace.services import CouponRefused, coupon_redeem, coupon_verify
from tests.marketplace.factories import fund, make_merchant

pytestmark = pytest.mark.django_db


@pytest.fixture
def coupon(offer, resident):
    fund(resident, 100)
    return coupon_redeem(user=resident, offer_id=offer.pk, request_key="req-00000001")


def _refusal(merchant, code, actor):
    with pytest.raises(CouponRefused) as refused:
        coupon_verify(merchant=merchant, code=code, actor=actor)
    return refused.value


def test_the_shop_verifies_its_coupon_once(coupon, merchant, shopkeeper):
    verified = coupon_verify(merchant=merchant, code=coupon.code, actor=shopkeeper)
    assert verified.status == Coupon.Status.USED
    assert verified.verified_by == shopkeeper and verified.used_at is not None
    assert AuditEntry.objects.filter(action="marketplace.coupon_verified").count() == 1


def test_a_typed_code_with_dashes_spaces_and_small_letters_is_accepted(coupon, merchant):
    typed = f" {coupon.display_code.lower()} "
    assert coupon_verify(merchant=merchant, code=typed, actor=None).status == "used"


def test_a_used_coupon_is_refused_with_when_it_was_used(coupon, merchant, shopkeeper):
    coupon_verify(merchant=merchant, code=coupon.code, actor=shopkeeper)
    refusal = _refusal(merchant, coupon.code, shopkeeper)
    assert refusal.code == "already_used"
    assert "已" in refusal.messages[0] or "already" in refusal.messages[0]


def test_another_shop_cannot_verify_the_coupon(coupon, tapo, shopkeeper):
    other = make_merchant(tapo, name="升平五金店")
    refusal = _refusal(other, coupon.code, other.staff.first().user)
    assert refusal.code == "wrong_merchant"
    coupon.refresh_from_db()
    assert coupon.status == Coupon.Status.UNUSED


def test_an_expired_coupon_is_refused(coupon, merchant, shopkeeper, time_machine):
    time_machine.move_to(coupon.use_until + dt.timedelta(minutes=1))
    assert _refusal(merchant, coupon.code, shopkeeper).code == "expired"


def test_a_coupon_not_yet_valid_is_refused(coupon, merchant, shopkeeper):
    Coupon.objects.filter(pk=coupon.pk).update(use_from=timezone.now() + dt.timedelta(days=1))
    assert _refusal(merchant, coupon.code, shopkeeper).code == "not_yet_valid"


@pytest.mark.parametrize("code", ["ABCD-EFGH-JKMN", "", "12345", "<script>"])
def test_an_unknown_code_is_refused_and_audited(db, merchant, shopkeeper, code):
    assert _refusal(merchant, code, shopkeeper).code == "unknown_code"
    entry = AuditEntry.objects.get(action="marketplace.coupon_verify_refused")
    assert entry.outcome == "failure" and entry.details["reason"] == "unknown_code"


def test_a_suspended_shop_cannot_verify(coupon, merchant, shopkeeper):
    Merchant.objects.filter(pk=merchant.pk).update(status=Merchant.Status.SUSPENDED)
    merchant.refresh_from_db()
    assert _refusal(merchant, coupon.code, shopkeeper).code == "merchant_not_approved"
