"""Marketplace test data, built through the real services where a rule matters."""

import datetime as dt
import itertools
from decimal import Decimal

from django.utils import timezone

from communities.models import Node
from marketplace import services
from marketplace.models import Merchant, MerchantStaff, Offer
from points.services import points_award
from tests.accounts.factories import UserFactory

_licences = itertools.count(1)


def licence() -> str:
    return f"91440604MA{next(_licences):08d}"


def make_merchant(
    node: Node, *, user=None, name: str = "佛山老字号茶餐厅", approved: bool = True, **extra
) -> Merchant:
    """A merchant (approved directly: the review rule has its own tests) with a manager."""
    fields = {
        "category": Merchant.Category.FOOD,
        "address": "祖庙路 18 号",
        "licence_number": licence(),
        "contact_name": "陈老板",
        "contact_phone": "13912345678",
        "description": "早茶、烧味、双皮奶",
        **extra,
    }
    merchant = Merchant.objects.create(
        name=name,
        node=node,
        status=Merchant.Status.APPROVED if approved else Merchant.Status.PENDING,
        **fields,
    )
    MerchantStaff.objects.create(merchant=merchant, user=user or UserFactory(), is_manager=True)
    return merchant


def offer_fields(**overrides) -> dict:
    now = timezone.now()
    fields = {
        "title": "满100减20 早茶券",
        "kind": Offer.Kind.AMOUNT_OFF,
        "threshold": Decimal("100"),
        "amount_off": Decimal("20"),
        "points_price": 30,
        "stock_total": 50,
        "per_user_limit": 1,
        "redeem_from": now - dt.timedelta(days=1),
        "redeem_until": now + dt.timedelta(days=30),
        "use_from": now - dt.timedelta(days=1),
        "use_until": now + dt.timedelta(days=60),
    }
    fields.update(overrides)
    return fields


def make_offer(merchant: Merchant, *, node: Node | None = None, approved=True, **overrides):
    """An offer created through the service by the shop's manager, approved directly."""
    manager = merchant.staff.filter(is_manager=True).first().user
    offer = services.offer_create(
        actor=manager, merchant=merchant, node=node or merchant.node, **offer_fields(**overrides)
    )
    if approved:
        Offer.objects.filter(pk=offer.pk).update(status=Offer.Status.APPROVED)
        offer.refresh_from_db()
    return offer


def fund(user, points: int) -> None:
    points_award(user=user, amount=points, key=f"test-fund:{user.pk}:{points}", reason="答题奖励")
