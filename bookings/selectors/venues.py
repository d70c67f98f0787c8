"""Which venues a person may book (the rule `bookings.services.venues.user_may_book` enforces)."""

from django.db.models import QuerySet

from bookings.models import Venue
from communities.scoping import scope_for_user


def venues_bookable_by(user) -> QuerySet[Venue]:
    """Open venues of the places the user lives under or manages."""
    scope = scope_for_user(user)
    where = scope.home_q("node")
    if scope.managing:
        where |= scope.q("node")
    return Venue.objects.filter(where, is_active=True).select_related("node")
