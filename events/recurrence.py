"""RFC 5545 recurrence of events through python-dateutil (never hand-made date arithmetic),
and yearly dates of the Chinese lunar calendar (中秋, 端午) through `lunardate`.

Rules are expanded in local wall-clock time (Asia/Shanghai): an activity at 9:00 on the 6th stays
at 9:00 whatever the month. `BYMONTHDAY=31` skips months without a 31st, as RFC 5545 says;
`BYMONTHDAY=-1` is "the last day of every month".
"""

import datetime as dt
from zoneinfo import ZoneInfo

from dateutil.rrule import rruleset, rrulestr
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from lunardate import LunarDate

LOCAL = ZoneInfo(settings.TIME_ZONE)
# A rule that yields a session every few minutes would flood the table; a day is the finest step.
ALLOWED_FREQUENCIES = {"DAILY", "WEEKLY", "MONTHLY", "YEARLY"}


def rule_validate(rule: str) -> str:
    """The rule, normalised (upper case, no "RRULE:" prefix); ValidationError if not valid."""
    rule = (rule or "").strip()
    if rule.upper().startswith("RRULE:"):
        rule = rule[6:]
    rule = rule.upper()
    if not rule:
        return ""
    parts = dict(part.split("=", 1) for part in rule.split(";") if "=" in part)
    if parts.get("FREQ") not in ALLOWED_FREQUENCIES:
        raise ValidationError(
            _("A repeat rule must say FREQ=DAILY, WEEKLY, MONTHLY or YEARLY."),
            code="invalid_rrule",
        )
    if "UNTIL" in parts:
        raise ValidationError(
            _("Use the “repeats until” date instead of UNTIL in the rule."), code="invalid_rrule"
        )
    try:
        start = dt.datetime(2026, 1, 1, 9, 0)
        # dateutil accepts BYMONTHDAY=40 and then yields nothing: a rule must really happen.
        happens = rrulestr(rule, dtstart=start).between(start, start + dt.timedelta(days=800))
    except (ValueError, TypeError):
        happens = []
    if not happens:
        raise ValidationError(
            _("The repeat rule is not valid, e.g. FREQ=MONTHLY;BYMONTHDAY=6."),
            code="invalid_rrule",
        )
    return rule


# lunardate knows the lunar calendar of these years only.
LUNAR_YEARS = range(1900, 2100)


def lunar_dates(*, month: int, day: int, start: dt.date, end: dt.date) -> list[dt.date]:
    """The solar dates of lunar month/day (not a leap month) from `start` to `end`, inclusive.

    A lunar year starts in January or February, so its 12th month falls in the next solar
    year: the lunar years from start.year - 1 on are asked. A year whose month has no such day
    (a 29-day month asked for the 30th) is skipped, as RFC 5545 skips a missing 31st.
    """
    found = []
    for year in range(max(start.year - 1, LUNAR_YEARS.start), min(end.year, LUNAR_YEARS[-1]) + 1):
        try:
            solar = LunarDate(year, month, day).to_solar_date()
        except ValueError:
            continue
        if start <= solar <= end:
            found.append(solar)
    return found


def lunar_validate(month: int | None, day: int | None) -> tuple[int, int] | None:
    """(month, day) of a yearly lunar date, None when not set; ValidationError if invalid."""
    if month is None and day is None:
        return None
    if month is None or day is None or not (1 <= month <= 12 and 1 <= day <= 30):
        raise ValidationError(
            _("A lunar date needs a month (1–12) and a day (1–30), e.g. 8 and 15 for 中秋."),
            code="invalid_lunar",
        )
    return month, day


def lunar_first_on_or_after(*, month: int, day: int, date: dt.date) -> dt.date | None:
    """The first solar date of the lunar month/day on or after `date` (within 3 years)."""
    found = lunar_dates(month=month, day=day, start=date, end=date + dt.timedelta(days=3 * 366))
    return found[0] if found else None


def occurrence_starts(
    *,
    first_start: dt.datetime,
    rule: str,
    exdates: list[str] | None,
    until: dt.date | None,
    window_start: dt.datetime,
    window_end: dt.datetime,
    lunar: tuple[int, int] | None = None,
) -> list[dt.datetime]:
    """Start times (aware, local) of the sessions that begin inside [window_start, window_end].

    Without a rule the event has one session, at `first_start`. Skipped dates (`exdates`, ISO
    local dates) are RFC 5545 EXDATEs at the event's start time. A lunar event (`lunar` =
    (month, day)) has a session on each year's solar date of that lunar date from the first
    session's day on: explicit RDATEs, as RFC 5545 has no lunar rule.
    """
    local_first = first_start.astimezone(LOCAL)
    if lunar:
        return _lunar_starts(local_first, lunar, exdates, until, window_start, window_end)
    if not rule:
        return [local_first] if window_start <= local_first <= window_end else []
    # dateutil compares naive wall-clock times; the local zone is put back on each result.
    naive_first = local_first.replace(tzinfo=None)
    text = f"DTSTART:{naive_first:%Y%m%dT%H%M%S}\nRRULE:{rule}"
    if until is not None:
        until_naive = dt.datetime.combine(until, dt.time(23, 59, 59))
        text += f";UNTIL={until_naive:%Y%m%dT%H%M%S}"
    for day in exdates or []:
        exdate = dt.datetime.combine(dt.date.fromisoformat(day), naive_first.time())
        text += f"\nEXDATE:{exdate:%Y%m%dT%H%M%S}"
    rules = rrulestr(text, forceset=True)
    lower = window_start.astimezone(LOCAL).replace(tzinfo=None)
    upper = window_end.astimezone(LOCAL).replace(tzinfo=None)
    return [start.replace(tzinfo=LOCAL) for start in rules.between(lower, upper, inc=True)]


def _lunar_starts(local_first, lunar, exdates, until, window_start, window_end):
    naive_first = local_first.replace(tzinfo=None)
    lower = window_start.astimezone(LOCAL).replace(tzinfo=None)
    upper = window_end.astimezone(LOCAL).replace(tzinfo=None)
    last = min(upper.date(), until) if until else upper.date()
    dates = lunar_dates(month=lunar[0], day=lunar[1], start=naive_first.date(), end=last)
    rules = rruleset()
    for day in dates:
        rules.rdate(dt.datetime.combine(day, naive_first.time()))
    for day in exdates or []:
        rules.exdate(dt.datetime.combine(dt.date.fromisoformat(day), naive_first.time()))
    return [start.replace(tzinfo=LOCAL) for start in rules.between(lower, upper, inc=True)]


def exdates_validate(values) -> list[str]:
    """A sorted list of ISO dates from a list or a comma/space separated text."""
    if isinstance(values, str):
        values = values.replace(",", " ").split()
    result = set()
    for value in values or []:
        try:
            result.add(dt.date.fromisoformat(str(value).strip()).isoformat())
        except ValueError:
            raise ValidationError(
                _("“%(value)s” is not a date like 2026-10-06.") % {"value": value},
                code="invalid_exdate",
            )
    return sorted(result)
