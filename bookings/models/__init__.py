"""Bookings: venues (阵地), service providers, and the elders' canteen."""

from bookings.models.appointments import Appointment, ServiceOffer, Slot
from bookings.models.canteen import Diner, Meal, MealOrder, Menu
from bookings.models.providers import Provider, ProviderStaff
from bookings.models.venues import Booking, TsTzRange, Venue

__all__ = [
    "Appointment",
    "ServiceOffer",
    "Slot",
    "Booking",
    "Diner",
    "Meal",
    "MealOrder",
    "Menu",
    "Provider",
    "ProviderStaff",
    "TsTzRange",
    "Venue",
]
