"""Paying an appointment with time-bank hours: a ledger posting from the person to the
provider, given back on cancelling, refused clearly when the balance is short."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from bookings import services
from bookings.models import Appointment, ServiceOffer, Slot
from bookings.services.appointments import hours_account
from points.models import Currency
from points.selectors import balances_for_user
from points.services import points_award

pytestmark = pytest.mark.django_db


def _minutes(user) -> int:
    return balances_for_user(user)[Currency.MINUTE]


def test_hours_pay_the_provider_and_come_back_on_cancelling(slot, resident, capsys):
    ServiceOffer.objects.filter(pk=slot.offer_id).update(price_minutes=90)
    points_award(user=resident, amount=120, key="t", reason="服务", currency=Currency.MINUTE)
    appointment = services.appointment_book(
        actor=resident, person=resident, slot=slot, pay_with_hours=True
    )
    assert appointment.paid_minutes == 90 and _minutes(resident) == 30
    assert hours_account(slot.offer.provider).balance == 90
    services.appointment_cancel(actor=resident, appointment=appointment)
    assert _minutes(resident) == 120
    call_command("verify_ledger")
    assert "consistent" in capsys.readouterr().out


def test_a_short_balance_is_refused_and_nothing_is_booked(slot, resident, client):
    ServiceOffer.objects.filter(pk=slot.offer_id).update(price_minutes=90)
    points_award(user=resident, amount=60, key="t", reason="服务", currency=Currency.MINUTE)
    with pytest.raises(ValidationError) as caught:
        services.appointment_book(actor=resident, person=resident, slot=slot, pay_with_hours=True)
    assert caught.value.code == "insufficient_balance" and "1.5" in caught.value.messages[0]
    assert not Appointment.objects.exists() and Slot.objects.get().booked == 0
    assert _minutes(resident) == 60
    client.force_login(resident)
    page = client.post(
        f"/bookings/appointments/slots/{slot.pk}/book/",
        {"person": resident.pk, "pay": "hours"},
        follow=True,
    )
    assert page.status_code == 200 and not Appointment.objects.exists()


def test_a_service_without_an_hours_price_is_not_payable_so(slot, resident):
    with pytest.raises(ValidationError) as caught:
        services.appointment_book(actor=resident, person=resident, slot=slot, pay_with_hours=True)
    assert caught.value.code == "no_hours"
