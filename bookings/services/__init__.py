"""Writes of the bookings app: venues (venues.py), providers (providers.py)."""

from bookings.services.appointment_followup import (
    appointment_mark,
    appointment_rate,
    reminders_send,
)
from bookings.services.appointments import appointment_book, appointment_cancel
from bookings.services.canteen import (
    diner_register,
    meal_order_cancel,
    meal_order_pay,
    meal_order_place,
    meal_order_serve,
    menu_create,
    subsidy_budget_fund,
)
from bookings.services.catalogue import (
    service_offer_create,
    service_offer_update,
    slot_cancel,
    slot_create,
    slots_create_weekly,
)
from bookings.services.deliveries import delivery_round_finish, meal_delivery_mark
from bookings.services.providers import (
    provider_create,
    provider_staff_add,
    provider_staff_add_by_phone,
    provider_staff_remove,
    provider_update,
)
from bookings.services.venues import (
    booking_cancel,
    booking_decide,
    booking_request,
    user_may_book,
)

__all__ = [
    "appointment_mark",
    "appointment_rate",
    "reminders_send",
    "appointment_book",
    "appointment_cancel",
    "service_offer_create",
    "service_offer_update",
    "slot_cancel",
    "slot_create",
    "slots_create_weekly",
    "booking_cancel",
    "booking_decide",
    "booking_request",
    "delivery_round_finish",
    "diner_register",
    "meal_delivery_mark",
    "meal_order_cancel",
    "meal_order_pay",
    "meal_order_place",
    "meal_order_serve",
    "menu_create",
    "subsidy_budget_fund",
    "provider_create",
    "provider_staff_add",
    "provider_staff_add_by_phone",
    "provider_staff_remove",
    "provider_update",
    "user_may_book",
]
