"""Earning needs a verified person: points buy a merchant's coupon only for a verified mobile
number, which a clear Chinese page verifies by SMS code."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import AuditEntry
from marketplace.models import Coupon
from marketplace.services import coupon_redeem
from notifications.sms import LocmemSmsBackend
from points.selectors import balances_for_user
from tests.accounts.factories import UserFactory
from tests.marketplace.factories import fund, make_offer

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 3, 2, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def sms(settings):
    settings.SMS_BACKEND = "notifications.sms.LocmemSmsBackend"
    LocmemSmsBackend.outbox.clear()
    return LocmemSmsBackend.outbox


@pytest.fixture
def newcomer(clock):
    """A scripted or brand-new account: signed up, earned points, never proved its number."""
    user = UserFactory(phone_verified=False, phone="13766665555")
    fund(user, 500)
    return user


def test_an_unverified_account_cannot_redeem_and_is_charged_nothing(
    clock, merchant, street, newcomer
):
    offer = make_offer(merchant, node=street, points_price=100)
    with pytest.raises(ValidationError) as refused:
        coupon_redeem(user=newcomer, offer_id=offer.pk, request_key="req-00000001")
    assert refused.value.code == "phone_unverified"
    assert not Coupon.objects.exists()
    assert balances_for_user(newcomer)["POINT"] == 500


def test_the_api_says_403_with_a_stable_code(clock, api_client, merchant, street, newcomer):
    offer = make_offer(merchant, node=street, points_price=100)
    api_client.force_authenticate(newcomer)
    response = api_client.post(
        f"/api/v1/market/offers/{offer.pk}/redeem/", {"request_key": "req-00000002"}
    )
    assert response.status_code == 403
    assert response.json()["code"] == "phone_unverified"
    assert "手机号" in response.json()["detail"]


def test_the_page_leads_a_resident_through_verifying_then_the_coupon_is_redeemed(
    clock, client, merchant, street, newcomer, sms
):
    offer = make_offer(merchant, node=street, points_price=100)
    offer_url = reverse("marketplace:offer", args=[offer.pk])
    client.force_login(newcomer)
    # the offer page offers verifying instead of redeeming
    page = client.get(offer_url).content.decode()
    assert "验证手机号" in page
    # a resent old form is sent to the verification page, which says why, in Chinese
    response = client.post(
        reverse("marketplace:redeem", args=[offer.pk]), {"request_key": "req-00000003"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:verify_phone"))
    page = client.get(response["Location"]).content.decode()
    assert "137****5555" in page and "优惠券" in page
    # step 1: the code goes by SMS to the account's own number
    verify = reverse("accounts:verify_phone")
    client.post(verify, {"action": "send", "next": offer_url})
    [(phone, text)] = sms
    code = "".join(ch for ch in text if ch.isdigit())
    assert phone == "13766665555" and len(code) == 6
    # a wrong code is refused in Chinese and verifies nothing
    wrong = client.post(
        verify, {"action": "confirm", "code": "000000", "next": offer_url}, follow=True
    )
    assert "验证码不正确" in wrong.content.decode()
    newcomer.refresh_from_db()
    assert not newcomer.phone_verified
    # step 2: the right code verifies the number and leads back to the offer
    done = client.post(verify, {"action": "confirm", "code": code, "next": offer_url})
    assert done["Location"] == offer_url
    newcomer.refresh_from_db()
    assert newcomer.phone_verified
    assert AuditEntry.objects.filter(action="accounts.phone_verified", actor=newcomer).exists()
    # and now the coupon is redeemed
    client.post(reverse("marketplace:redeem", args=[offer.pk]), {"request_key": "req-00000004"})
    assert Coupon.objects.filter(user=newcomer).count() == 1


def test_an_expired_code_is_refused(clock, client, newcomer, sms):
    client.force_login(newcomer)
    verify = reverse("accounts:verify_phone")
    client.post(verify, {"action": "send"})
    code = "".join(ch for ch in sms[0][1] if ch.isdigit())
    clock.shift(dt.timedelta(minutes=16))
    response = client.post(verify, {"action": "confirm", "code": code}, follow=True)
    assert "过期" in response.content.decode()
    newcomer.refresh_from_db()
    assert not newcomer.phone_verified


def test_a_code_cannot_be_asked_for_again_at_once(clock, client, newcomer, sms):
    client.force_login(newcomer)
    verify = reverse("accounts:verify_phone")
    client.post(verify, {"action": "send"})
    client.post(verify, {"action": "send"})
    assert len(sms) == 1


def test_the_rule_is_a_setting(clock, merchant, street, newcomer, settings):
    settings.REQUIRE_VERIFIED_PHONE = False
    offer = make_offer(merchant, node=street, points_price=100)
    assert coupon_redeem(user=newcomer, offer_id=offer.pk, request_key="req-00000005").is_new
