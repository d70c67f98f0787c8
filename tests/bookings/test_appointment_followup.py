"""After booking: the reminder the day before (once, even under a doubled beat), no-shows
marked by the provider, and a rating after the service."""

import pytest
from django.core.exceptions import ValidationError

from bookings import services
from bookings.models import Appointment
from bookings.tasks import appointment_reminders_task
from notifications.models import Message
from tests.accounts.factories import UserFactory
from tests.bookings.conftest import at

pytestmark = pytest.mark.django_db


def _code(call) -> str:
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.code


def test_the_reminder_goes_once_the_day_before(slot, resident, neighbour, time_machine):
    services.appointment_book(actor=resident, person=resident, slot=slot)
    cancelled = services.appointment_book(actor=neighbour, person=neighbour, slot=slot)
    services.appointment_cancel(actor=neighbour, appointment=cancelled)
    assert appointment_reminders_task() == 1  # 2 March: the slot is on 3 March
    assert appointment_reminders_task() == 0  # the doubled beat sends nothing
    message = Message.objects.get()
    assert message.recipient == resident and "上门助浴" in message.title
    time_machine.move_to(at(3, 8), tick=False)
    assert appointment_reminders_task() == 0  # no slots on 4 March


def test_the_counter_marks_and_the_person_rates(client, slot, resident, clerk, time_machine):
    appointment = services.appointment_book(actor=resident, person=resident, slot=slot)
    assert (
        _code(
            lambda: services.appointment_mark(actor=clerk, appointment=appointment, status="done")
        )
        == "too_early"
    )
    time_machine.move_to(at(3, 9, 30), tick=False)
    client.force_login(clerk)
    response = client.post(f"/bookings/appointments/{appointment.pk}/served/")
    assert response.status_code == 302
    client.force_login(resident)
    assert 'name="rating"' in client.get("/bookings/appointments/").text
    client.post(f"/bookings/appointments/{appointment.pk}/rate/", {"rating": "9"})
    assert Appointment.objects.get().rating is None
    client.post(f"/bookings/appointments/{appointment.pk}/rate/", {"rating": "5"})
    appointment.refresh_from_db()
    assert appointment.status == "done" and appointment.rating == 5
    assert (
        _code(lambda: services.appointment_rate(actor=resident, appointment=appointment, rating=4))
        == "already_rated"
    )


def test_a_no_show_cannot_be_rated_and_strangers_cannot_mark(
    client, slot, resident, clerk, time_machine
):
    appointment = services.appointment_book(actor=resident, person=resident, slot=slot)
    time_machine.move_to(at(3, 10), tick=False)
    client.force_login(UserFactory())
    assert client.post(f"/bookings/appointments/{appointment.pk}/no-show/").status_code == 404
    services.appointment_mark(actor=clerk, appointment=appointment, status="no_show")
    assert Appointment.objects.get().status == "no_show"
    assert (
        _code(lambda: services.appointment_rate(actor=resident, appointment=appointment, rating=3))
        == "not_done"
    )
