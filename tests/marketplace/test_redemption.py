"""Redeeming offers with points: the ledger posting, stock, limits and idempotency."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from audit.models import AuditEntry
from communities.scoping import scope_forget_users
from marketplace.models import Coupon, Offer
from marketplace.services import coupon_redeem
from marketplace.services.coupons import CODE_ALPHABET, CODE_LENGTH
from points.models import Account, Currency
from points.selectors import ledger_verify
from points.services import account_for_user
from tests.communities.factories import ResidencyFactory
from tests.marketplace.factories import fund, make_offer

pytestmark = pytest.mark.django_db


def _balance(user) -> int:
    return account_for_user(user, Currency.POINT).balance


def _settlement(merchant) -> int:
    account = Account.objects.filter(code=f"merchant:{merchant.pk}:settlement").first()
    return account.balance if account else 0


def test_redeeming_pays_the_merchant_and_issues_an_unguessable_coupon(offer, resident):
    # given a resident with 100 points
    fund(resident, 100)
    # when they redeem a 30-point offer
    coupon = coupon_redeem(user=resident, offer_id=offer.pk, request_key="req-00000001")
    # then 30 points moved to the merchant's settlement account and one coupon was issued
    assert coupon.is_new
    assert _balance(resident) == 70
    assert _settlement(offer.merchant) == 30
    assert coupon.payment.amount == 30
    assert len(coupon.code) == CODE_LENGTH and set(coupon.code) <= set(CODE_ALPHABET)
    assert coupon.status == Coupon.Status.UNUSED
    assert coupon.use_until == offer.use_until
    offer.refresh_from_db()
    assert (offer.stock_left, offer.issued_count) == (49, 1)
    assert AuditEntry.objects.filter(action="marketplace.coupon_redeemed").count() == 1
    assert ledger_verify().ok


def test_a_repeated_request_key_charges_once_and_returns_the_same_coupon(offer, resident):
    fund(resident, 100)
    first = coupon_redeem(user=resident, offer_id=offer.pk, request_key="req-00000001")
    again = coupon_redeem(user=resident, offer_id=offer.pk, request_key="req-00000001")
    assert again.pk == first.pk and not again.is_new
    assert _balance(resident) == 70
    assert Coupon.objects.count() == 1


def test_a_request_key_reused_for_another_offer_is_refused(merchant, offer, resident, street):
    other = make_offer(merchant, node=street, title="双皮奶免费券")
    fund(resident, 100)
    coupon_redeem(user=resident, offer_id=offer.pk, request_key="req-00000001")
    with pytest.raises(ValidationError) as refused:
        coupon_redeem(user=resident, offer_id=other.pk, request_key="req-00000001")
    assert refused.value.code == "key_conflict"


def test_the_per_user_limit_refuses_one_more(merchant, street, resident):
    offer = make_offer(merchant, node=street, per_user_limit=2)
    fund(resident, 1000)
    coupon_redeem(user=resident, offer_id=offer.pk, request_key="req-00000001")
    coupon_redeem(user=resident, offer_id=offer.pk, request_key="req-00000002")
    with pytest.raises(ValidationError) as refused:
        coupon_redeem(user=resident, offer_id=offer.pk, request_key="req-00000003")
    assert refused.value.code == "limit_reached"
    assert _balance(resident) == 940


def test_a_sold_out_offer_charges_nothing(merchant, street, resident, django_user_model):
    offer = make_offer(merchant, node=street, stock_total=1)
    fund(resident, 100)
    coupon_redeem(user=resident, offer_id=offer.pk, request_key="req-00000001")
    latecomer = django_user_model.objects.create(phone="13700000001", phone_verified=True)
    fund(latecomer, 100)
    with pytest.raises(ValidationError) as refused:
        coupon_redeem(user=latecomer, offer_id=offer.pk, request_key="req-00000002")
    assert refused.value.code == "sold_out"
    assert _balance(latecomer) == 100


def test_too_few_points_refuses_and_keeps_stock_and_limit(offer, resident):
    fund(resident, 10)
    with pytest.raises(ValidationError) as refused:
        coupon_redeem(user=resident, offer_id=offer.pk, request_key="req-00000001")
    assert refused.value.code == "insufficient_balance"
    offer.refresh_from_db()
    assert offer.stock_left == 50 and offer.issued_count == 0
    # and once the resident has the points, the same offer can still be redeemed
    fund(resident, 50)
    assert coupon_redeem(user=resident, offer_id=offer.pk, request_key="req-00000002").is_new


def test_a_community_offer_is_only_for_its_residents(merchant, tapo, tree, resident):
    offer = make_offer(merchant, node=tapo)
    fund(resident, 100)
    with pytest.raises(ValidationError) as refused:
        coupon_redeem(user=resident, offer_id=offer.pk, request_key="req-00000001")
    assert refused.value.code == "not_eligible"
    ResidencyFactory(user=resident, household=tree["塔坡社区"]["households"][0])
    scope_forget_users([resident.pk])  # as the claim services do (the factory writes the row)
    resident = type(resident).objects.get(pk=resident.pk)  # a later request: homes read afresh
    assert coupon_redeem(user=resident, offer_id=offer.pk, request_key="req-00000002").is_new


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"status": Offer.Status.PENDING}, "offer_not_live"),
        ({"status": Offer.Status.WITHDRAWN}, "offer_not_live"),
        ({"redeem_from": timezone.now() + dt.timedelta(days=1)}, "not_started"),
        ({"redeem_until": timezone.now() - dt.timedelta(minutes=1)}, "offer_ended"),
    ],
)
def test_an_offer_outside_its_window_or_not_approved_is_refused(offer, resident, change, code):
    fund(resident, 100)
    Offer.objects.filter(pk=offer.pk).update(**change)
    with pytest.raises(ValidationError) as refused:
        coupon_redeem(user=resident, offer_id=offer.pk, request_key="req-00000001")
    assert refused.value.code == code
    assert _balance(resident) == 100


def test_a_malformed_request_key_is_refused(offer, resident):
    with pytest.raises(ValidationError) as refused:
        coupon_redeem(user=resident, offer_id=offer.pk, request_key="x")
    assert refused.value.code == "invalid_request"
