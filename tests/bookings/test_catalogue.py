"""A provider's catalogue: services with duration, capacity, an hours price and places of their
own; single and weekly slots; calling a slot off cancels, refunds and tells those booked."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from audit.models import AuditEntry
from bookings import services
from bookings.models import Appointment, ServiceOffer, Slot
from notifications.models import Message
from points.models import Currency
from points.selectors import balances_for_user
from points.services import points_award
from tests.accounts.factories import UserFactory
from tests.bookings.conftest import TZ, at
from tests.consultations.factories import live_in

pytestmark = pytest.mark.django_db


def _haircut(actor, provider, **extra):
    fields = {"kind": "haircut", "name": "义剪", "duration_minutes": 30, "capacity": 1}
    return services.service_offer_create(actor=actor, provider=provider, **{**fields, **extra})


def test_the_clerk_adds_a_service_with_its_hours_price_and_places(clerk, home_service, tapo):
    offer = _haircut(clerk, home_service, price_minutes=30, capacity=2, places=[tapo["grid"]])
    offer.refresh_from_db()
    assert (offer.duration_minutes, offer.capacity, offer.price_minutes) == (30, 2, 30)
    assert list(offer.places.all()) == [tapo["grid"]]
    assert AuditEntry.objects.filter(action="bookings.service_offer_create").exists()


@pytest.mark.parametrize(
    ("extra", "code"),
    [
        ({"kind": "spa"}, "invalid_kind"),
        ({"name": "  "}, "missing_name"),
        ({"duration_minutes": 2}, "invalid_duration"),
        ({"capacity": 0}, "invalid_capacity"),
        ({"price_minutes": 100_000}, "invalid_price"),
    ],
)
def test_bad_service_fields_are_refused(clerk, home_service, extra, code):
    with pytest.raises(ValidationError) as caught:
        _haircut(clerk, home_service, **extra)
    assert caught.value.code == code and not ServiceOffer.objects.exists()


def test_places_outside_the_providers_are_refused(clerk, home_service, baoan):
    with pytest.raises(ValidationError) as caught:
        _haircut(clerk, home_service, places=[baoan["community"]])
    assert caught.value.code == "place_outside"


def test_another_providers_clerk_and_a_resident_are_refused(home_service, resident, baoan_staff):
    for stranger in (resident, baoan_staff, UserFactory()):
        with pytest.raises(ValidationError) as caught:
            _haircut(stranger, home_service)
        assert caught.value.code == "not_allowed"


def test_updating_a_service_changes_it_and_is_audited(clerk, bathing, baoan_staff):
    services.service_offer_update(
        actor=clerk, offer=bathing, name="上门助浴(两人)", capacity=3, price_minutes=60
    )
    bathing.refresh_from_db()
    assert (bathing.name, bathing.capacity, bathing.price_minutes) == ("上门助浴(两人)", 3, 60)
    assert AuditEntry.objects.filter(action="bookings.service_offer_update").exists()
    with pytest.raises(ValidationError):
        services.service_offer_update(actor=baoan_staff, offer=bathing, name="x")
    with pytest.raises(ValidationError):
        services.service_offer_update(actor=clerk, offer=bathing, capacity=-1)
    bathing.refresh_from_db()
    assert bathing.name == "上门助浴(两人)"


def test_a_service_offered_in_some_places_only_is_not_booked_elsewhere(
    clerk, home_service, tapo, resident
):
    neighbour = live_in(tapo["households"][4]).user  # 2单元, where the service is not offered
    offer = _haircut(clerk, home_service, capacity=2, places=[tapo["units"][0]])
    slot = services.slot_create(actor=clerk, offer=offer, starts_at=at(3, 9))
    # The resident lives there: booked, with the home's grid kept for the reports.
    appointment = services.appointment_book(actor=resident, person=resident, slot=slot)
    assert appointment.grid == tapo["grid"]
    with pytest.raises(ValidationError) as caught:
        services.appointment_book(actor=neighbour, person=neighbour, slot=slot)
    assert caught.value.code == "not_served"


def test_a_single_slot_takes_the_services_duration_and_capacity(clerk, home_service):
    offer = _haircut(clerk, home_service, capacity=3)
    slot = services.slot_create(actor=clerk, offer=offer, starts_at=at(3, 9))
    assert (slot.ends_at, slot.capacity) == (at(3, 9, 30), 3)
    with pytest.raises(ValidationError) as caught:
        services.slot_create(actor=clerk, offer=offer, starts_at=at(3, 9))
    assert caught.value.code == "duplicate"
    with pytest.raises(ValidationError) as caught:
        services.slot_create(actor=clerk, offer=offer, starts_at=at(1, 9))
    assert caught.value.code == "past"


def test_every_tuesday_for_eight_weeks(clerk, bathing):
    slots = services.slots_create_weekly(
        actor=clerk,
        offer=bathing,
        first_day=datetime.date(2026, 3, 2),
        weekdays=[1],
        starts=datetime.time(9),
        ends=datetime.time(11),
        weeks=8,
        capacity=4,
    )
    assert len(slots) == 8 and Slot.objects.count() == 8
    starts = [slot.starts_at.astimezone(TZ) for slot in Slot.objects.order_by("starts_at")]
    assert starts[0] == at(3, 9) and all(start.weekday() == 1 for start in starts)
    assert starts[-1] == datetime.datetime(2026, 4, 21, 9, tzinfo=TZ)
    assert {slot.capacity for slot in Slot.objects.all()} == {4}
    assert AuditEntry.objects.filter(action="bookings.slots_create_weekly").count() == 1


def test_a_window_is_cut_into_slots_of_the_services_duration(clerk, home_service):
    offer = _haircut(clerk, home_service)
    slots = services.slots_create_weekly(
        actor=clerk,
        offer=offer,
        first_day=datetime.date(2026, 3, 2),
        weekdays=range(5),
        starts=datetime.time(9),
        ends=datetime.time(11),
        weeks=1,
        split=True,
    )
    # It is Monday 8:00: Monday's 9:00 is still ahead, so five days of four slots.
    assert len(slots) == 5 * 4


@pytest.mark.parametrize(
    ("extra", "code"),
    [
        ({"weekdays": []}, "no_days"),
        ({"weekdays": [9]}, "no_days"),
        ({"weeks": 0}, "invalid_weeks"),
        ({"weeks": 27}, "invalid_weeks"),
        ({"starts": datetime.time(11), "ends": datetime.time(9)}, "invalid_time"),
        ({"first_day": datetime.date(2026, 2, 23), "weeks": 1}, "past"),
        ({"capacity": 0}, "invalid_capacity"),
    ],
)
def test_bad_patterns_open_nothing(clerk, bathing, extra, code):
    given = {
        "first_day": datetime.date(2026, 3, 3),
        "weekdays": [1],
        "starts": datetime.time(9),
        "ends": datetime.time(11),
        "weeks": 2,
        **extra,
    }
    with pytest.raises(ValidationError) as caught:
        services.slots_create_weekly(actor=clerk, offer=bathing, **given)
    assert caught.value.code == code and not Slot.objects.exists()


def test_a_pattern_clashing_with_an_open_slot_opens_nothing(clerk, bathing, slot):
    with pytest.raises(ValidationError) as caught:
        services.slots_create_weekly(
            actor=clerk,
            offer=bathing,
            first_day=datetime.date(2026, 3, 2),
            weekdays=[1],
            starts=datetime.time(9),
            ends=datetime.time(10),
            weeks=2,
        )
    assert caught.value.code == "duplicate" and Slot.objects.count() == 1


def test_calling_a_slot_off_cancels_refunds_and_tells_those_booked(
    clerk, slot, resident, father, daughter, capsys
):
    ServiceOffer.objects.filter(pk=slot.offer_id).update(price_minutes=60)
    points_award(user=resident, amount=90, key="t", reason="服务", currency=Currency.MINUTE)
    paid = services.appointment_book(
        actor=resident, person=resident, slot=slot, pay_with_hours=True
    )
    for_father = services.appointment_book(actor=daughter, person=father, slot=slot)
    assert balances_for_user(resident)[Currency.MINUTE] == 30

    services.slot_cancel(actor=clerk, slot=slot, reason="师傅生病")

    slot.refresh_from_db()
    assert slot.cancelled_at is not None and slot.booked == 0
    assert set(Appointment.objects.values_list("status", flat=True)) == {"cancelled"}
    assert balances_for_user(resident)[Currency.MINUTE] == 90
    told = set(Message.objects.values_list("recipient_id", flat=True))
    assert told == {resident.pk, father.pk, daughter.pk}
    assert "师傅生病" in Message.objects.filter(recipient=resident).get().body
    assert AuditEntry.objects.filter(action="bookings.slot_cancel").exists()
    call_command("verify_ledger")
    assert "consistent" in capsys.readouterr().out
    # Nothing can be booked in it any more, and it is not offered.
    with pytest.raises(ValidationError) as caught:
        services.appointment_book(actor=resident, person=resident, slot=slot)
    assert caught.value.code == "cancelled"
    assert paid.pk and for_father.pk


def test_a_slot_is_called_off_once_and_only_by_its_provider(clerk, slot, baoan_staff, time_machine):
    with pytest.raises(ValidationError) as caught:
        services.slot_cancel(actor=baoan_staff, slot=slot)
    assert caught.value.code == "not_allowed"
    services.slot_cancel(actor=clerk, slot=slot)
    with pytest.raises(ValidationError) as caught:
        services.slot_cancel(actor=clerk, slot=slot)
    assert caught.value.code == "already_cancelled"


def test_a_begun_slot_cannot_be_called_off(clerk, slot, time_machine):
    time_machine.move_to(at(3, 9, 5), tick=False)
    with pytest.raises(ValidationError) as caught:
        services.slot_cancel(actor=clerk, slot=slot)
    assert caught.value.code == "closed"
