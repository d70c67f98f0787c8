"""Appointment pages: a resident books on the phone, the counter sees only its own day."""

import pytest

from bookings import services
from bookings.models import Appointment, Provider
from tests.accounts.factories import UserFactory
from tests.bookings.conftest import at
from tests.consultations.factories import live_in
from tests.querycount import assert_flat

pytestmark = pytest.mark.django_db


def test_a_daughter_books_and_cancels_for_her_father(client, slot, father, daughter):
    client.force_login(daughter)
    page = client.get("/bookings/appointments/", {"for": father.pk})
    assert page.status_code == 200 and "上门助浴" in page.text
    response = client.post(f"/bookings/appointments/slots/{slot.pk}/book/", {"person": father.pk})
    assert response.status_code == 302
    appointment = Appointment.objects.get()
    assert appointment.person == father
    response = client.post(f"/bookings/appointments/{appointment.pk}/cancel/")
    assert response.status_code == 302
    assert Appointment.objects.get().status == "cancelled"


def test_bad_input_is_not_a_500(client, slot, resident):
    client.force_login(resident)
    assert client.post(f"/bookings/appointments/slots/{slot.pk}/book/", {}).status_code == 404
    response = client.post(f"/bookings/appointments/slots/{slot.pk}/book/", {"person": "x"})
    assert response.status_code == 404
    assert client.get("/bookings/appointments/", {"for": "x"}).status_code == 200
    assert client.get("/bookings/appointments/counter/").status_code == 404


def test_a_stranger_cannot_cancel(client, slot, resident):
    appointment = services.appointment_book(actor=resident, person=resident, slot=slot)
    client.force_login(UserFactory())
    assert client.post(f"/bookings/appointments/{appointment.pk}/cancel/").status_code == 404


def test_the_counter_sees_its_day_and_others_are_refused(
    client, slot, clerk, resident, baoan, baoan_staff, tree, street_staff
):
    services.appointment_book(actor=resident, person=resident, slot=slot)
    client.force_login(clerk)
    page = client.get("/bookings/appointments/counter/", {"day": "2026-03-03"})
    assert page.status_code == 200 and "上门助浴" in page.text
    assert client.get("/bookings/appointments/counter/", {"day": "2026-02-30"}).status_code == 200
    # Another provider's clerk sees only their own provider, never this one.
    other = services.provider_create(
        actor=baoan_staff,
        name="保安理发",
        kind=Provider.Kind.HOME_SERVICE,
        node=baoan["community"],
        places=[baoan["community"]],
    )
    barber = UserFactory()
    services.provider_staff_add(actor=baoan_staff, provider=other, user=barber)
    client.force_login(barber)
    url = "/bookings/appointments/counter/"
    assert client.get(url, {"provider": slot.offer.provider_id}).status_code == 404
    page = client.get(url, {"day": "2026-03-03"})
    assert page.status_code == 200 and "上门助浴" not in page.text
    # Another community's staff hold no counter at all.
    client.force_login(baoan_staff)
    assert client.get(url).status_code == 404


def test_pages_stay_flat(client, bathing, tapo, tapo_staff, clerk):
    people = []

    def grow(count):
        start = len(people)
        for index in range(start, start + count):
            slot = services.slot_create(
                actor=tapo_staff,
                offer=bathing,
                starts_at=at(3, 8 + index),
                ends_at=at(3, 9 + index),
                capacity=3,
            )
            person = live_in(tapo["households"][index]).user
            people.append(person)
            services.appointment_book(actor=person, person=person, slot=slot)

    grow(1)
    client.force_login(clerk)
    assert_flat(
        client, "/bookings/appointments/counter/", lambda: grow(2), params={"day": "2026-03-03"}
    )
    client.force_login(people[0])
    assert_flat(client, "/bookings/appointments/", lambda: grow(2))


def test_staff_looking_after_the_place_run_the_counter_from_the_providers_home(
    client, slot, resident, tapo_staff, baoan_staff, time_machine
):
    """The provider home's counter tile names the provider: staff over its place (who may mark,
    as in the API) see its day and come back to it after marking; others are refused."""
    appointment = services.appointment_book(actor=resident, person=resident, slot=slot)
    url = "/bookings/appointments/counter/"
    provider = slot.offer.provider_id
    client.force_login(tapo_staff)
    page = client.get(url, {"provider": provider, "day": "2026-03-03"})
    assert page.status_code == 200 and "上门助浴" in page.text
    # Back to the providers of their area: the service point is for the provider's own staff.
    assert 'href="/bookings/services/report/"' in page.text
    assert 'href="/bookings/provider/"' not in page.text
    for back_from in (
        f"/bookings/provider/{provider}/services/",
        f"/bookings/provider/{provider}/staff/",
    ):
        assert 'href="/bookings/services/report/"' in client.get(back_from).text
    time_machine.move_to(at(3, 9, 30), tick=False)
    response = client.post(f"/bookings/appointments/{appointment.pk}/served/")
    assert response.status_code == 302
    assert response.url == f"{url}?provider={provider}&day=2026-03-03"
    assert client.get(response.url).status_code == 200
    appointment.refresh_from_db()
    assert appointment.status == "done"
    for wanted in ("x", "²", "9" * 30, "-1"):
        assert client.get(url, {"provider": wanted}).status_code == 404
    client.force_login(baoan_staff)
    assert client.get(url, {"provider": provider}).status_code == 404


def test_the_providers_own_staff_go_back_to_their_service_point(client, slot, clerk):
    client.force_login(clerk)
    page = client.get("/bookings/appointments/counter/", {"day": "2026-03-03"})
    assert 'href="/bookings/provider/"' in page.text
    assert 'href="/bookings/services/report/"' not in page.text
