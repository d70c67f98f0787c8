"""RFC 5545 recurrence of events through python-dateutil (never hand-made date arithmetic).

Rules are expanded in local wall-clock time (Asia/Shanghai): an activity at 9:00 on the 6th stays
at 9:00 whatever the month. `BYMONTHDAY=31` skips months without a 31st, as RFC 5545 says;
`BYMONTHDAY=-1` is "the last day of every month".
"""

import datetime as dt
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

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


def occurrence_starts(
    *,
    first_start: dt.datetime,
    rule: str,
    exdates: list[str] | None,
    until: dt.date | None,
    window_start: dt.datetime,
    window_end: dt.datetime,
) -> list[dt.datetime]:
    """Start times (aware, local) of the sessions that begin inside [window_start, window_end].

    Without a rule the event has one session, at `first_start`. Skipped dates (`exdates`, ISO
    local dates) are RFC 5545 EXDATEs at the event's start time.
    """
    local_first = first_start.astimezone(LOCAL)
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
