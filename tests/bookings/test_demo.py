"""The demo street's providers: a canteen, a clinic with 义诊 and a barber with a week of
slots, a provider staff log-in that reaches their pages, the same after a second run."""

import pytest

from bookings.models import Appointment, Booking, Provider, ProviderStaff, Slot, Venue
from core.demo import DemoContext

pytestmark = pytest.mark.django_db


def _seed() -> DemoContext:
    from accounts import demo as accounts_demo
    from bookings import demo
    from communities import demo as communities_demo

    context = DemoContext()
    accounts_demo.seed_demo(context)
    communities_demo.seed_demo(context)
    demo.seed_demo(context)
    return context


def _counts():
    return (
        Provider.objects.count(),
        ProviderStaff.objects.count(),
        Slot.objects.count(),
        Appointment.objects.count(),
    )


def test_the_demo_providers_are_bookable_and_idempotent(client):
    # when
    context = _seed()
    counts = _counts()
    _seed()
    # then
    assert _counts() == counts
    kinds = set(Provider.objects.values_list("kind", flat=True))
    assert {"canteen", "clinic", "home_service"} <= kinds
    haircuts = Slot.objects.filter(offer__kind="haircut")
    assert haircuts.count() == 28  # every day of a week, 9:00 to 11:00 in half hours
    assert Slot.objects.filter(offer__kind="free_clinic").count() == 8
    assert Appointment.objects.filter(person=context.data["resident"]).count() == 1
    role, phone, _password = next(row for row in context.credentials if "provider" in row[0])
    staff = context.data["provider_staff"]
    assert phone == staff.phone
    client.force_login(staff)
    home = client.get("/bookings/provider/")
    for provider in Provider.objects.all():
        assert f"/bookings/provider/{provider.pk}/staff/" in home.text
    assert "/bookings/canteen/counter/" in home.text


def test_the_demo_venues_and_bookings_are_seeded_once():
    for _run in range(2):
        _seed()
    assert Venue.objects.count() == 2
    assert sorted(Booking.objects.values_list("status", flat=True)) == ["approved", "pending"]
