"""Merchant applications and offers: who reviews them, and what a well-formed offer is."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from accounts.roles import Role, user_roles
from audit.models import AuditEntry
from communities.models import Post
from marketplace.models import Merchant, Offer
from marketplace.services import (
    merchant_apply,
    merchant_approve,
    merchant_reject,
    merchant_staff_add,
    offer_approve,
    offer_create,
    offer_reject,
    offer_withdraw,
)
from notifications.models import Message
from tests.accounts.factories import UserFactory
from tests.communities.factories import appoint
from tests.marketplace.factories import make_merchant, make_offer, offer_fields

pytestmark = pytest.mark.django_db


def _apply(user, node, **extra):
    fields = {
        "name": "佛山老字号茶餐厅",
        "category": Merchant.Category.FOOD,
        "address": "祖庙路 18 号",
        "licence_number": "91440604MA4UABCD1X",
        "contact_name": "陈老板",
        "contact_phone": "13912345678",
        **extra,
    }
    return merchant_apply(user=user, node=node, **fields)


def _fresh_roles(user):
    user = type(user).objects.get(pk=user.pk)
    return user_roles(user)


def test_an_approved_applicant_becomes_a_merchant(tapo, street_staff):
    applicant = UserFactory()
    merchant = _apply(applicant, tapo)
    assert merchant.status == Merchant.Status.PENDING
    assert Role.MERCHANT not in _fresh_roles(applicant)
    merchant_approve(actor=street_staff, merchant=merchant)
    assert Role.MERCHANT in _fresh_roles(applicant)
    assert Message.objects.filter(recipient=applicant, category="marketplace").exists()
    assert AuditEntry.objects.filter(action="marketplace.merchant_approved").exists()


def test_community_staff_cannot_approve_a_merchant(tapo):
    merchant = _apply(UserFactory(), tapo)
    secretary = appoint(Post.Kind.COMMUNITY_SECRETARY, tapo).user
    with pytest.raises(ValidationError) as refused:
        merchant_approve(actor=secretary, merchant=merchant)
    assert refused.value.code == "not_reviewer"


def test_street_staff_of_another_street_cannot_approve(tapo):
    from tests.communities.factories import make_tree

    other = make_tree(street_code="440604009", community_names=("石湾社区",))
    outsider = appoint(Post.Kind.STREET_STAFF, other["street"]).user
    merchant = _apply(UserFactory(), tapo)
    with pytest.raises(ValidationError):
        merchant_approve(actor=outsider, merchant=merchant)


def test_a_rejection_needs_a_reason_and_frees_the_licence(tapo, street_staff):
    merchant = _apply(UserFactory(), tapo)
    with pytest.raises(ValidationError):
        merchant_reject(actor=street_staff, merchant=merchant, note=" ")
    merchant_reject(actor=street_staff, merchant=merchant, note="营业执照照片不清晰")
    assert _apply(UserFactory(), tapo).status == Merchant.Status.PENDING


def test_a_licence_number_applies_once(tapo):
    _apply(UserFactory(), tapo)
    with pytest.raises(ValidationError) as refused:
        _apply(UserFactory(), tapo)
    assert refused.value.code == "licence_taken"


@pytest.mark.parametrize("bad", ["123", "91440604MA4UABCD1", "ＡＢＣ"])
def test_a_malformed_licence_number_is_refused(tapo, bad):
    with pytest.raises(ValidationError) as refused:
        _apply(UserFactory(), tapo, licence_number=bad)
    assert refused.value.code == "invalid_licence"


def test_the_manager_adds_counter_staff(merchant, shopkeeper):
    clerk = UserFactory()
    merchant_staff_add(actor=shopkeeper, merchant=merchant, user=clerk)
    assert Role.MERCHANT in _fresh_roles(clerk)
    with pytest.raises(ValidationError):
        merchant_staff_add(actor=UserFactory(), merchant=merchant, user=UserFactory())


def test_an_offer_waits_for_street_staff_approval(merchant, shopkeeper, street, street_staff):
    offer = offer_create(actor=shopkeeper, merchant=merchant, node=street, **offer_fields())
    assert offer.status == Offer.Status.PENDING
    assert offer.stock_left == offer.stock_total == 50
    assert offer.face_value == Decimal("20")
    offer_approve(actor=street_staff, offer=offer)
    offer.refresh_from_db()
    assert offer.status == Offer.Status.APPROVED and offer.reviewed_by == street_staff
    with pytest.raises(ValidationError) as refused:
        offer_approve(actor=street_staff, offer=offer)
    assert refused.value.code == "invalid_status"


def test_offer_rejection_and_withdrawal(merchant, shopkeeper, street, street_staff):
    offer = make_offer(merchant, node=street, approved=False)
    offer_reject(actor=street_staff, offer=offer, note="价格描述不清")
    live = make_offer(merchant, node=street)
    offer_withdraw(actor=shopkeeper, offer=live)
    live.refresh_from_db()
    assert live.status == Offer.Status.WITHDRAWN


def test_someone_outside_the_shop_cannot_create_offers(merchant, street):
    with pytest.raises(ValidationError) as refused:
        offer_create(actor=UserFactory(), merchant=merchant, node=street, **offer_fields())
    assert refused.value.code == "not_merchant_staff"


def test_a_pending_shop_cannot_create_offers(tapo, street):
    shop = make_merchant(tapo, approved=False)
    with pytest.raises(ValidationError) as refused:
        offer_create(actor=shop.staff.first().user, merchant=shop, node=street, **offer_fields())
    assert refused.value.code == "merchant_not_approved"


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"amount_off": Decimal("0")}, "invalid_amount_off"),
        ({"threshold": Decimal("10"), "amount_off": Decimal("20")}, "invalid_threshold"),
        ({"kind": Offer.Kind.PERCENT_OFF, "percent_off": 0}, "invalid_percent"),
        (
            {"kind": Offer.Kind.PERCENT_OFF, "percent_off": 15, "max_discount": Decimal("0")},
            "invalid_max_discount",
        ),
        ({"kind": Offer.Kind.GIFT, "gift": " "}, "invalid_gift"),
        ({"points_price": 0}, "invalid_price"),
        ({"stock_total": 0}, "invalid_stock"),
        ({"per_user_limit": 0}, "invalid_limit"),
        ({"use_until": dt.datetime(2020, 1, 1, tzinfo=dt.UTC)}, "invalid_window"),
        ({"title": ""}, "invalid_title"),
    ],
)
def test_a_malformed_offer_is_refused(merchant, shopkeeper, street, overrides, code):
    with pytest.raises(ValidationError) as refused:
        offer_create(actor=shopkeeper, merchant=merchant, node=street, **offer_fields(**overrides))
    assert refused.value.code == code


def test_an_offer_cannot_target_another_community(merchant, shopkeeper, baoan):
    with pytest.raises(ValidationError) as refused:
        offer_create(actor=shopkeeper, merchant=merchant, node=baoan, **offer_fields())
    assert refused.value.code == "invalid_place"


def test_a_discount_offer_is_worth_its_largest_discount(merchant, shopkeeper, street):
    offer = offer_create(
        actor=shopkeeper,
        merchant=merchant,
        node=street,
        **offer_fields(
            kind=Offer.Kind.PERCENT_OFF, percent_off=15, max_discount=Decimal("30"), threshold=0
        ),
    )
    assert offer.face_value == Decimal("30")
    assert "15" in str(offer.terms) and "30" in str(offer.terms)
