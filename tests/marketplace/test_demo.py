import pytest

from core.demo import DemoContext
from marketplace.models import Coupon, Merchant, Offer

pytestmark = pytest.mark.django_db


def _seed() -> DemoContext:
    from accounts import demo as accounts_demo
    from communities import demo as communities_demo
    from marketplace import demo

    context = DemoContext()
    accounts_demo.seed_demo(context)
    communities_demo.seed_demo(context)
    demo.seed_demo(context)
    return context


def test_the_demo_market_is_live_and_idempotent():
    context = _seed()
    counts = (Merchant.objects.count(), Offer.objects.count(), Coupon.objects.count())
    _seed()
    assert (Merchant.objects.count(), Offer.objects.count(), Coupon.objects.count()) == counts
    assert counts == (4, 5, 1)
    assert not Offer.objects.exclude(status=Offer.Status.APPROVED).exists()
    assert any("merchant" in role for role, _login, _pw in context.credentials)
