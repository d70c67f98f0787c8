"""The recurrence picker of the staff's event form: plain choices that stand for an RFC 5545
rule (weekly on chosen days, monthly on a day, the nth weekday of the month) or for a yearly
date of the Chinese lunar calendar. Staff never type a rule; the rule is what is stored.

`picker_rule()` turns the choices into the rule; `picker_initial()` reads a stored rule back into
the choices (a rule the picker cannot show, written through the API, stays as a custom rule).
"""

from __future__ import annotations

import re

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Repeat(models.TextChoices):
    ONCE = "once", _("Once")
    WEEKLY = "weekly", _("Every week on the chosen days")
    MONTHLY_DAY = "monthly_day", _("Every month on a day (e.g. the 6th, 文明日)")
    MONTHLY_WEEKDAY = (
        "monthly_weekday",
        _("Every month on a weekday (e.g. the 2nd and 4th Wednesday)"),
    )
    LUNAR = "lunar", _("Every year on a lunar date (e.g. 中秋, 端午)")
    CUSTOM = "custom", _("A custom RFC 5545 rule")


WEEKDAYS = [
    ("MO", pgettext_lazy("weekday", "Monday")),
    ("TU", pgettext_lazy("weekday", "Tuesday")),
    ("WE", pgettext_lazy("weekday", "Wednesday")),
    ("TH", pgettext_lazy("weekday", "Thursday")),
    ("FR", pgettext_lazy("weekday", "Friday")),
    ("SA", pgettext_lazy("weekday", "Saturday")),
    ("SU", pgettext_lazy("weekday", "Sunday")),
]
WEEK_NUMBERS = [
    ("1", _("1st")),
    ("2", _("2nd")),
    ("3", _("3rd")),
    ("4", _("4th")),
    ("-1", _("last")),
]
# Lunar month and day of the festivals communities hold activities on.
LUNAR_FESTIVALS = [
    ("1-1", _("Spring Festival (1st day of the 1st month)")),
    ("1-15", _("Lantern Festival (15th of the 1st month)")),
    ("5-5", _("Dragon Boat Festival (5th of the 5th month)")),
    ("7-7", _("Qixi (7th of the 7th month)")),
    ("8-15", _("Mid-Autumn Festival (15th of the 8th month)")),
    ("9-9", _("Double Ninth Festival (9th of the 9th month)")),
    ("12-8", _("Laba Festival (8th of the 12th month)")),
]
# Reminders offered to staff, in minutes before the start (a JSON list is not a form).
REMINDER_CHOICES = [
    (7 * 24 * 60, _("7 days before")),
    (3 * 24 * 60, _("3 days before")),
    (24 * 60, _("1 day before")),
    (4 * 60, _("4 hours before")),
    (2 * 60, _("2 hours before")),
    (60, _("1 hour before")),
    (30, _("30 minutes before")),
]

_MONTHLY_DAY = re.compile(r"^FREQ=MONTHLY;BYMONTHDAY=(\d{1,2})$")
_WEEKLY = re.compile(
    r"^FREQ=WEEKLY;BYDAY=((?:MO|TU|WE|TH|FR|SA|SU)(?:,(?:MO|TU|WE|TH|FR|SA|SU))*)$"
)
_MONTHLY_WEEKDAY = re.compile(r"^FREQ=MONTHLY;BYDAY=((?:-?\d(?:MO|TU|WE|TH|FR|SA|SU),?)+)$")
_DAY_ORDER = [code for code, _label in WEEKDAYS]


def picker_rule(
    *,
    repeat: str,
    weekdays: list[str] | None = None,
    month_day: int | None = None,
    month_weeks: list[str] | None = None,
    month_weekday: str | None = None,
    custom: str = "",
) -> str:
    """The RRULE (without "RRULE:") the choices stand for; "" for a one-off or a lunar date."""
    if repeat == Repeat.WEEKLY:
        days = sorted(set(weekdays or []), key=_DAY_ORDER.index)
        return f"FREQ=WEEKLY;BYDAY={','.join(days)}"
    if repeat == Repeat.MONTHLY_DAY:
        return f"FREQ=MONTHLY;BYMONTHDAY={month_day}"
    if repeat == Repeat.MONTHLY_WEEKDAY:
        numbers = sorted({int(n) for n in month_weeks or []}, key=lambda n: (n < 0, n))
        return "FREQ=MONTHLY;BYDAY=" + ",".join(f"{n}{month_weekday}" for n in numbers)
    if repeat == Repeat.CUSTOM:
        return custom
    return ""


def picker_initial(*, rrule: str, lunar: tuple[int, int] | None) -> dict:
    """The picker's choices for a stored rule (the inverse of picker_rule)."""
    if lunar is not None:
        key = f"{lunar[0]}-{lunar[1]}"
        festival = key if key in dict(LUNAR_FESTIVALS) else ""
        return {
            "repeat": Repeat.LUNAR,
            "lunar_festival": festival,
            "lunar_month": lunar[0],
            "lunar_day": lunar[1],
        }
    if not rrule:
        return {"repeat": Repeat.ONCE}
    if match := _WEEKLY.match(rrule):
        return {"repeat": Repeat.WEEKLY, "weekdays": match.group(1).split(",")}
    if match := _MONTHLY_DAY.match(rrule):
        return {"repeat": Repeat.MONTHLY_DAY, "month_day": int(match.group(1))}
    if match := _MONTHLY_WEEKDAY.match(rrule):
        parts = match.group(1).rstrip(",").split(",")
        weekdays = {part[-2:] for part in parts}
        if len(weekdays) == 1:
            return {
                "repeat": Repeat.MONTHLY_WEEKDAY,
                "month_weeks": [part[:-2] for part in parts],
                "month_weekday": weekdays.pop(),
            }
    return {"repeat": Repeat.CUSTOM, "custom_rule": rrule}
