"""Demo providers of 塔坡社区: the elders' canteen, a clinic holding 义诊 and a barber cutting
hair (理发), each with a week of slots, one provider staff log-in managing all three, and the
demo resident's haircut booked for tomorrow; two venues (阵地): the 创熟加油站 (approval required)
and a grid's activity point (confirmed at once), with the resident's bookings of the coming days.

Idempotent: providers are found by place and name, services by provider and name; slots are
opened only when a service has none to come, the appointment only when the resident holds none;
venues by place and name, bookings by booker, venue and purpose.
"""

import datetime as dt

from django.utils import timezone

from accounts.demo import demo_user
from bookings import services
from bookings.models import Appointment, Booking, Menu, Provider, ServiceOffer, Slot, Venue
from core.demo import DemoContext

STAFF_PHONE = "13800000411"

PROVIDERS = [
    # (name, kind, address)
    ("塔坡长者饭堂", Provider.Kind.CANTEEN, "禅城区塔坡街 1 号"),
    ("塔坡社区卫生服务站", Provider.Kind.CLINIC, "禅城区塔坡街 12 号"),
    ("塔坡便民理发室", Provider.Kind.HOME_SERVICE, "禅城区福贤路 6 号"),
]

OFFERS = {
    # provider name: (kind, name, description, minutes, people per slot, hours price, days)
    "塔坡社区卫生服务站": (
        "free_clinic",
        "义诊",
        "量血压、测血糖、用药咨询",
        30,
        3,
        0,
        (1, 3),
    ),
    "塔坡便民理发室": ("haircut", "理发", "长者理发，可用时间银行", 30, 1, 30, range(7)),
}


def _provider(actor, community, name: str, kind: str, address: str) -> Provider:
    existing = Provider.objects.filter(node=community, name=name).first()
    return existing or services.provider_create(
        actor=actor,
        name=name,
        kind=kind,
        node=community,
        places=[community],
        address=address,
    )


def _offer(manager, provider: Provider, spec) -> ServiceOffer:
    kind, name, description, minutes, people, price, days = spec
    offer = ServiceOffer.objects.filter(provider=provider, name=name).first()
    offer = offer or services.service_offer_create(
        actor=manager,
        provider=provider,
        kind=kind,
        name=name,
        description=description,
        duration_minutes=minutes,
        capacity=people,
        price_minutes=price,
    )
    if not Slot.objects.filter(offer=offer, starts_at__gt=timezone.now()).exists():
        services.slots_create_weekly(
            actor=manager,
            offer=offer,
            first_day=timezone.localdate() + dt.timedelta(days=1),
            weekdays=days,
            starts=dt.time(9, 0),
            ends=dt.time(11, 0),
            weeks=1,
            split=True,
        )
    return offer


def _lunch(manager, canteen: Provider) -> None:
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    if not Menu.objects.filter(provider=canteen, day=tomorrow, meal="lunch").exists():
        services.menu_create(
            actor=manager,
            provider=canteen,
            day=tomorrow,
            meal="lunch",
            dishes="豉汁蒸排骨、清炒菜心、冬瓜汤、米饭",
            price_fen=1200,
            capacity=80,
        )


def _venue(community, name: str, **fields) -> Venue:
    existing = Venue.objects.filter(node=community, name=name).first()
    return existing or Venue.objects.create(node=community, name=name, **fields)


def _venue_booking(user, venue: Venue, day: dt.date, start: int, end: int, purpose: str) -> None:
    if Booking.objects.filter(booker=user, venue=venue, purpose=purpose).exists():
        return
    tz = timezone.get_current_timezone()
    services.booking_request(
        user=user,
        venue=venue,
        starts_at=dt.datetime.combine(day, dt.time(start), tzinfo=tz),
        ends_at=dt.datetime.combine(day, dt.time(end), tzinfo=tz),
        purpose=purpose,
        attendees=12,
    )


def _venues(community, resident) -> None:
    station = _venue(
        community,
        "创熟加油站",
        address="塔坡街1号一楼",
        capacity=80,
        opens_at=dt.time(8, 30),
        closes_at=dt.time(21, 0),
        requires_approval=True,
    )
    point = _venue(
        community,
        "第3网格活动点",
        address="塔坡街5栋架空层",
        capacity=20,
        opens_at=dt.time(9, 0),
        closes_at=dt.time(18, 0),
        requires_approval=False,
    )
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    _venue_booking(resident, station, tomorrow, 19, 21, "合唱团排练")
    _venue_booking(resident, point, tomorrow + dt.timedelta(days=1), 9, 11, "书法兴趣小组")


def seed_demo(context: DemoContext) -> None:
    community = context.data["community"]
    registrar = context.data["community_staff"]
    manager = demo_user(STAFF_PHONE, "梁惠芳")
    providers = {}
    for name, kind, address in PROVIDERS:
        provider = _provider(registrar, community, name, kind, address)
        services.provider_staff_add(
            actor=registrar, provider=provider, user=manager, is_manager=True
        )
        providers[name] = provider
    _lunch(manager, providers["塔坡长者饭堂"])
    offers = {name: _offer(manager, providers[name], spec) for name, spec in OFFERS.items()}
    resident = context.data["resident"]
    if not Appointment.objects.filter(person=resident).exists():
        first = (
            Slot.objects.filter(offer=offers["塔坡便民理发室"], starts_at__gt=timezone.now())
            .order_by("starts_at")
            .first()
        )
        if first is not None:
            services.appointment_book(actor=resident, person=resident, slot=first)
    _venues(community, resident)
    context.data["provider_staff"] = manager
    context.add_login("服务点工作人员 provider staff (饭堂、义诊、理发)", manager.phone)
