"""The appointment API: catalogue, slots, booking for a relative, cancelling, refusals, and
list endpoints that stay flat."""

import pytest

from bookings import services
from bookings.models import Appointment
from tests.accounts.factories import UserFactory
from tests.bookings.conftest import at
from tests.consultations.factories import live_in
from tests.querycount import assert_flat

pytestmark = pytest.mark.django_db

API = "/api/v1/bookings"


def test_a_daughter_books_and_cancels_for_her_father(api_client, slot, father, daughter):
    api_client.force_authenticate(daughter)
    offers = api_client.get(f"{API}/services/", {"for_user": father.pk})
    assert offers.status_code == 200 and offers.json()["results"][0]["kind"] == "bath"
    slots = api_client.get(f"{API}/slots/", {"for_user": father.pk})
    assert [row["id"] for row in slots.json()["results"]] == [slot.pk]
    booked = api_client.post(
        f"{API}/appointments/", {"slot": slot.pk, "person": father.pk}, format="json"
    )
    assert booked.status_code == 201 and booked.json()["status"] == "booked"
    again = api_client.post(
        f"{API}/appointments/", {"slot": slot.pk, "person": father.pk}, format="json"
    )
    assert again.status_code == 400
    assert api_client.get(f"{API}/appointments/").json()["count"] == 1
    cancelled = api_client.post(f"{API}/appointments/{booked.json()['id']}/cancel/")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"


def test_strangers_and_bad_input_are_refused(api_client, slot, father, resident):
    appointment = services.appointment_book(actor=resident, person=resident, slot=slot)
    api_client.force_authenticate(UserFactory())
    assert api_client.get(f"{API}/slots/", {"for_user": father.pk}).status_code == 404
    response = api_client.post(
        f"{API}/appointments/", {"slot": slot.pk, "person": father.pk}, format="json"
    )
    assert response.status_code == 404
    assert api_client.post(f"{API}/appointments/{appointment.pk}/cancel/").status_code == 404
    assert api_client.get(f"{API}/slots/", {"for_user": "x"}).status_code == 400
    response = api_client.post(f"{API}/appointments/", {"slot": "x"}, format="json")
    assert response.status_code == 400 and "slot" in response.json()["errors"]
    assert (
        api_client.post(f"{API}/appointments/", {"slot": 999999}, format="json").status_code == 404
    )
    assert Appointment.objects.count() == 1


def test_list_endpoints_stay_flat(api_client, bathing, tapo, tapo_staff):
    people = []

    def grow(count):
        for index in range(len(people), len(people) + count):
            slot = services.slot_create(
                actor=tapo_staff,
                offer=bathing,
                starts_at=at(3, 8 + index),
                ends_at=at(3, 9 + index),
                capacity=3,
            )
            services.service_offer_create(
                actor=tapo_staff, provider=bathing.provider, kind="repair", name=f"维修{index}"
            )
            people.append(live_in(tapo["households"][index]).user)
            viewer = people[0]  # the one whose lists are counted holds every slot
            services.appointment_book(actor=viewer, person=viewer, slot=slot)

    grow(1)
    api_client.force_authenticate(people[0])
    for url in (f"{API}/services/", f"{API}/slots/", f"{API}/appointments/"):
        assert_flat(api_client, url, lambda: grow(2))
