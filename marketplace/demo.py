"""Demo market of 祖庙街道: a few real-sounding shops, live offers and a resident's coupon.

Idempotent: shops are found by licence number, offers by shop and title, the coupon by its
request key, so running it twice gives the same data.
"""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from accounts.demo import demo_user
from core.demo import DemoContext
from marketplace import services
from marketplace.models import Merchant, MerchantStaff, Offer
from points.services import points_award

SHOPS = [
    # (licence, name, category, address, description, manager phone, manager name)
    (
        "91440604MA4UDEM01A",
        "佛山老字号茶餐厅",
        Merchant.Category.FOOD,
        "禅城区祖庙路 21 号",
        "早茶点心、烧味饭、双皮奶，三十年老店。",
        "13800000301",
        "陈志明",
    ),
    (
        "91440604MA4UDEM02B",
        "岭南凉茶铺",
        Merchant.Category.FOOD,
        "禅城区升平路 8 号",
        "廿四味、五花茶、龟苓膏。",
        "13800000302",
        "梁桂英",
    ),
    (
        "91440604MA4UDEM03C",
        "塔坡便民超市",
        Merchant.Category.RETAIL,
        "禅城区塔坡街 3 号",
        "粮油副食、日用百货，满 50 元送货上楼。",
        "13800000303",
        "黄伟强",
    ),
    (
        "91440604MA4UDEM04D",
        "祖庙家电维修",
        Merchant.Category.SERVICES,
        "禅城区福贤路 16 号",
        "空调清洗、热水器维修，长者上门免费检测。",
        "13800000304",
        "吴建华",
    ),
]


def seed_demo(context: DemoContext) -> None:
    street = context.data["street"]
    community = context.data["community"]
    reviewer = context.data.get("street_admin")
    now = timezone.now()
    shops = []
    for licence, name, category, address, description, phone, manager_name in SHOPS:
        manager = demo_user(phone, manager_name)
        merchant = Merchant.objects.filter(licence_number=licence).first()
        if merchant is None:
            merchant = services.merchant_apply(
                user=manager,
                name=name,
                category=category,
                address=address,
                licence_number=licence,
                contact_name=manager_name,
                contact_phone=phone,
                node=community,
                description=description,
            )
        if merchant.status == Merchant.Status.PENDING:
            merchant = services.merchant_approve(actor=reviewer, merchant=merchant)
        MerchantStaff.objects.get_or_create(merchant=merchant, user=manager)
        shops.append(merchant)
    tea, herbal, market, repair = shops
    window = {
        "redeem_from": now - dt.timedelta(days=7),
        "redeem_until": now + dt.timedelta(days=60),
        "use_from": now - dt.timedelta(days=7),
        "use_until": now + dt.timedelta(days=90),
    }
    offers = [
        (
            tea,
            street,
            "满100减20 早茶券",
            "amount_off",
            {"threshold": Decimal(100), "amount_off": Decimal(20)},
            40,
        ),
        (
            tea,
            community,
            "双皮奶免费券",
            "gift",
            {"gift": "双皮奶一份", "gift_value": Decimal(12)},
            15,
        ),
        (
            herbal,
            street,
            "凉茶买一送一",
            "gift",
            {"gift": "凉茶一杯", "gift_value": Decimal(6)},
            10,
        ),
        (
            market,
            community,
            "满50减8 便民券",
            "amount_off",
            {"threshold": Decimal(50), "amount_off": Decimal(8)},
            20,
        ),
        (
            repair,
            street,
            "空调清洗 8.5 折",
            "percent_off",
            {"percent_off": 15, "max_discount": Decimal(30)},
            30,
        ),
    ]
    for merchant, node, title, kind, amounts, price in offers:
        offer = Offer.objects.filter(merchant=merchant, title=title).first()
        if offer is None:
            offer = services.offer_create(
                actor=merchant.staff.filter(is_manager=True).first().user,
                merchant=merchant,
                node=node,
                title=title,
                kind=kind,
                points_price=price,
                stock_total=200,
                per_user_limit=2,
                refund_on_expiry=kind == "gift",
                **amounts,
                **window,
            )
        if offer.status == Offer.Status.PENDING:
            services.offer_approve(actor=reviewer, offer=offer)
    resident = context.data.get("resident")
    if resident is not None:
        points_award(user=resident, amount=200, key="demo:marketplace:resident", reason="答题奖励")
        first = Offer.objects.get(merchant=tea, title="满100减20 早茶券")
        services.coupon_redeem(user=resident, offer_id=first.pk, request_key="demo-coupon-0001")
    context.data["merchant"] = tea
    context.add_login(
        "商家 merchant (茶餐厅)", tea.staff.filter(is_manager=True).first().user.phone
    )
