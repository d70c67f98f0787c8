"""Writes of the bookings app: venues (venues.py), providers (providers.py)."""

from bookings.services.providers import (
    provider_create,
    provider_staff_add,
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
    "booking_cancel",
    "booking_decide",
    "booking_request",
    "provider_create",
    "provider_staff_add",
    "provider_staff_remove",
    "provider_update",
    "user_may_book",
]
