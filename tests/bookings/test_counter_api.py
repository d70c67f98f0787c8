"""The counter through the API: a day's appointments of the provider, marked served or did not
come (no-show recorded), and the person's rating afterwards; others refused, bad input a
translated 400 that changes nothing; the day's list stays flat."""

import pytest

from bookings import services
from bookings.models import Appointment
from tests.bookings.conftest import at
from tests.consultations.factories import live_in
from tests.querycount import assert_flat

pytestmark = pytest.mark.django_db

API = "/api/v1/bookings"


@pytest.fixture
def booked(slot, resident):
    return services.appointment_book(actor=resident, person=resident, slot=slot)


def test_the_counter_marks_the_day_and_the_person_rates(
    api_client, clerk, home_service, booked, neighbour, slot, resident, time_machine
):
    # given: two people booked the 3 March bath; the slot has begun
    absent = services.appointment_book(actor=neighbour, person=neighbour, slot=slot)
    time_machine.move_to(at(3, 9, 10), tick=False)
    api_client.force_authenticate(clerk)
    # when
    day = api_client.get(f"{API}/providers/{home_service.pk}/appointments/")
    served = api_client.post(
        f"{API}/provider-appointments/{booked.pk}/mark/", {"status": "done"}, format="json"
    )
    no_show = api_client.post(
        f"{API}/provider-appointments/{absent.pk}/mark/", {"status": "no_show"}, format="json"
    )
    # then
    assert day.status_code == 200
    assert [row["id"] for row in day.json()["results"]] == [booked.pk, absent.pk]
    assert day.json()["results"][0]["service"] == "上门助浴"
    assert served.status_code == 200 and served.json()["status"] == "done"
    assert no_show.status_code == 200 and no_show.json()["status"] == "no_show"
    absent.refresh_from_db()
    assert (absent.status, absent.marked_by) == (Appointment.Status.NO_SHOW, clerk)
    api_client.force_authenticate(resident)
    rated = api_client.post(f"{API}/appointments/{booked.pk}/rate/", {"rating": 5}, format="json")
    assert rated.status_code == 200 and rated.json()["rating"] == 5
    again = api_client.post(f"{API}/appointments/{booked.pk}/rate/", {"rating": 4}, format="json")
    assert again.status_code == 400 and again.json()["code"] == "already_rated"
    # a rated service's mark stays
    api_client.force_authenticate(clerk)
    changed = api_client.post(
        f"{API}/provider-appointments/{booked.pk}/mark/", {"status": "no_show"}, format="json"
    )
    assert changed.status_code == 400 and changed.json()["code"] == "not_open"


def test_another_day_is_asked_by_date(api_client, clerk, home_service, booked):
    api_client.force_authenticate(clerk)
    url = f"{API}/providers/{home_service.pk}/appointments/"
    assert api_client.get(url, {"day": "2026-03-03"}).json()["count"] == 1
    assert api_client.get(url, {"day": "2026-03-04"}).json()["count"] == 0
    for day in ("2026-02-30", "9999-12-31", "0001-01-01"):
        response = api_client.get(url, {"day": day})
        assert response.status_code == 400 and response.json()["code"] == "invalid"


@pytest.mark.parametrize(
    ("posted", "code"),
    [
        ({"status": "cancelled"}, "invalid_status"),
        ({"status": ""}, "invalid"),
        ({}, "invalid"),
    ],
)
def test_bad_marks_change_nothing(api_client, clerk, booked, time_machine, posted, code):
    time_machine.move_to(at(3, 9, 10), tick=False)
    api_client.force_authenticate(clerk)
    response = api_client.post(
        f"{API}/provider-appointments/{booked.pk}/mark/", posted, format="json"
    )
    assert response.status_code == 400 and response.json()["code"] == code
    assert not any(char.isascii() and char.isalpha() for char in response.json()["detail"])
    booked.refresh_from_db()
    assert booked.status == Appointment.Status.BOOKED


def test_a_mark_before_the_time_is_refused(api_client, clerk, booked):
    api_client.force_authenticate(clerk)
    response = api_client.post(
        f"{API}/provider-appointments/{booked.pk}/mark/", {"status": "done"}, format="json"
    )
    assert response.status_code == 400 and response.json()["code"] == "too_early"
    booked.refresh_from_db()
    assert booked.status == Appointment.Status.BOOKED


@pytest.mark.parametrize(("rating", "code"), [(0, "invalid_rating"), (6, "invalid_rating")])
def test_bad_ratings_change_nothing(
    api_client, clerk, booked, resident, time_machine, rating, code
):
    time_machine.move_to(at(3, 9, 10), tick=False)
    services.appointment_mark(actor=clerk, appointment=booked, status="done")
    api_client.force_authenticate(resident)
    response = api_client.post(
        f"{API}/appointments/{booked.pk}/rate/", {"rating": rating}, format="json"
    )
    assert response.status_code == 400 and response.json()["code"] == code
    response = api_client.post(
        f"{API}/appointments/{booked.pk}/rate/", {"rating": "five"}, format="json"
    )
    assert response.status_code == 400 and response.json()["code"] == "invalid"
    booked.refresh_from_db()
    assert booked.rating is None


def test_a_service_not_received_cannot_be_rated(api_client, booked, resident):
    api_client.force_authenticate(resident)
    response = api_client.post(
        f"{API}/appointments/{booked.pk}/rate/", {"rating": 3}, format="json"
    )
    assert response.status_code == 400 and response.json()["code"] == "not_done"


def test_others_are_refused_at_the_counter(
    api_client, home_service, booked, barber, baoan_staff, neighbour, time_machine
):
    time_machine.move_to(at(3, 9, 10), tick=False)
    for outsider in (barber, baoan_staff, neighbour):
        api_client.force_authenticate(outsider)
        day = api_client.get(f"{API}/providers/{home_service.pk}/appointments/")
        assert day.status_code == 404
        response = api_client.post(
            f"{API}/provider-appointments/{booked.pk}/mark/", {"status": "done"}, format="json"
        )
        assert response.status_code == 404
        response = api_client.post(
            f"{API}/appointments/{booked.pk}/rate/", {"rating": 5}, format="json"
        )
        assert response.status_code == 404
    booked.refresh_from_db()
    assert (booked.status, booked.rating) == (Appointment.Status.BOOKED, None)


def test_the_counters_day_stays_flat(api_client, clerk, home_service, bathing, tapo):
    people = []

    def grow(count):
        for _index in range(count):
            index = len(people)
            slot = services.slot_create(actor=clerk, offer=bathing, starts_at=at(3, 8 + index))
            person = live_in(tapo["households"][index]).user
            services.appointment_book(actor=person, person=person, slot=slot)
            people.append(person)

    grow(1)
    api_client.force_authenticate(clerk)
    url = f"{API}/providers/{home_service.pk}/appointments/"
    assert_flat(api_client, url, lambda: grow(2), {"day": "2026-03-03"})


def test_the_counter_page_takes_the_calendars_ends_as_today(client, clerk, booked):
    client.force_login(clerk)
    for day in ("9999-12-31", "0001-01-01"):
        response = client.get("/bookings/appointments/counter/", {"day": day})
        assert response.status_code == 200
