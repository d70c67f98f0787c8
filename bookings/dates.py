"""The years bookings' days and months may name, one rule for the pages' boxes and the API.

A day's or a month's bounds are worked out in the street's time zone: in year 9999 the month's
end (or the week's) overflows, which would be a server error, so far years are refused."""

import datetime

from django.utils.translation import gettext_lazy as _

FIRST_YEAR, LAST_YEAR = 2000, 2100
OUTSIDE_YEARS = _("Choose a date between 2000 and 2100.")


def within_years(day: datetime.date) -> bool:
    return FIRST_YEAR <= day.year <= LAST_YEAR
