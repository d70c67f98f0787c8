"""Real threads against PostgreSQL: never oversold, never double-charged, limits hold."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from accounts.models import User
from marketplace.models import Coupon, Offer
from marketplace.services import coupon_redeem, coupon_verify
from points.models import Account, Currency, Posting
from points.selectors import ledger_verify
from tests.accounts.factories import UserFactory
from tests.marketplace.factories import fund, make_offer

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

# The database server is shared: 25 connections at a time carry the 200 requests.
THREADS = 25


def _run_together(count: int, work) -> list:
    """Run work(0..count-1) on THREADS threads released at once; return results or errors."""
    barrier = threading.Barrier(THREADS)
    results: list = [None] * count

    def run(thread_index: int) -> None:
        try:
            barrier.wait()
            for index in range(thread_index, count, THREADS):
                try:
                    results[index] = work(index)
                except Exception as error:  # collected and asserted on by the test
                    results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(t,)) for t in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def test_two_hundred_concurrent_redemptions_of_fifty_coupons(merchant, street):
    # given an offer with stock 50 at 30 points, and 200 residents with 100 points each
    offer = make_offer(merchant, node=street, stock_total=50, points_price=30)
    users = User.objects.bulk_create(
        User(phone=f"1370000{i:04d}", phone_verified=True) for i in range(200)
    )
    for user in users:
        fund(user, 100)
    # when all 200 redeem at once
    results = _run_together(
        200,
        lambda i: coupon_redeem(user=users[i], offer_id=offer.pk, request_key=f"req-{i:08d}"),
    )
    # then exactly 50 coupons and 50 debits, and the other 150 were told it is sold out
    coupons = [r for r in results if isinstance(r, Coupon)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(coupons) == 50, [r for r in results if not isinstance(r, Coupon | ValidationError)]
    assert {r.code for r in refused} == {"sold_out"} and len(refused) == 150
    assert Coupon.objects.filter(offer=offer).count() == 50
    assert len({c.code for c in coupons}) == 50
    offer.refresh_from_db()
    assert (offer.stock_left, offer.issued_count) == (0, 50)
    settlement = Account.objects.get(code=f"merchant:{merchant.pk}:settlement")
    assert settlement.balance == 50 * 30
    assert Posting.objects.filter(credit=settlement).count() == 50
    balances = Account.objects.filter(owner__in=users, currency=Currency.POINT)
    assert sorted(balances.values_list("balance", flat=True)) == [70] * 50 + [100] * 150
    assert ledger_verify().ok


def test_a_request_key_sent_many_times_at_once_charges_once(merchant, street):
    offer = make_offer(merchant, node=street, per_user_limit=5)
    user = UserFactory()
    fund(user, 100)
    results = _run_together(
        40, lambda i: coupon_redeem(user=user, offer_id=offer.pk, request_key="tap-tap-tap-1")
    )
    assert all(isinstance(r, Coupon) for r in results), results
    assert len({r.pk for r in results}) == 1
    assert Account.objects.get(owner=user, currency=Currency.POINT).balance == 70
    assert Offer.objects.get(pk=offer.pk).stock_left == 49
    assert ledger_verify().ok


def test_the_per_user_limit_holds_under_concurrent_requests(merchant, street):
    offer = make_offer(merchant, node=street, per_user_limit=3, points_price=10)
    user = UserFactory()
    fund(user, 1000)
    results = _run_together(
        30, lambda i: coupon_redeem(user=user, offer_id=offer.pk, request_key=f"req-{i:08d}")
    )
    assert sum(isinstance(r, Coupon) for r in results) == 3
    assert {r.code for r in results if isinstance(r, ValidationError)} == {"limit_reached"}
    assert Account.objects.get(owner=user, currency=Currency.POINT).balance == 970


def test_two_counters_verifying_the_same_coupon_at_once_succeed_once(merchant, street, shopkeeper):
    offer = make_offer(merchant, node=street)
    user = UserFactory()
    fund(user, 100)
    coupon = coupon_redeem(user=user, offer_id=offer.pk, request_key="req-00000001")
    results = _run_together(
        25, lambda i: coupon_verify(merchant=merchant, code=coupon.code, actor=shopkeeper)
    )
    assert sum(isinstance(r, Coupon) for r in results) == 1
    assert {r.code for r in results if not isinstance(r, Coupon)} == {"already_used"}
