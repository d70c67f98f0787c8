"""Leaderboard periods and their keys, on the local calendar (Asia/Shanghai).

Keys sort in time order within a period kind: day "2026-11-25", week "2026-W48" (ISO week),
month "2026-11", year "2026", and "campaign" for a campaign board's single period.
"""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from points.models import Board, Period

CAMPAIGN_KEY = "campaign"


def _local(when: dt.datetime) -> dt.datetime:
    return timezone.localtime(when, timezone.get_default_timezone())


def period_key(period: str, when: dt.datetime) -> str:
    if period == Period.CAMPAIGN:
        return CAMPAIGN_KEY
    local = _local(when)
    if period == Period.DAY:
        return local.date().isoformat()
    if period == Period.WEEK:
        year, week, _weekday = local.isocalendar()
        return f"{year}-W{week:02d}"
    if period == Period.MONTH:
        return f"{local.year}-{local.month:02d}"
    if period == Period.YEAR:
        return str(local.year)
    raise ValueError(f"unknown period {period!r}")


def _midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time()), timezone.get_default_timezone())


def period_bounds(period: str, key: str) -> tuple[dt.datetime, dt.datetime] | None:
    """Start (inclusive) and end (exclusive) of a calendar period; None for a campaign."""
    try:
        if period == Period.DAY:
            start = dt.date.fromisoformat(key)
            end = start + dt.timedelta(days=1)
        elif period == Period.WEEK:
            year, week = key.split("-W")
            start = dt.date.fromisocalendar(int(year), int(week), 1)
            end = start + dt.timedelta(days=7)
        elif period == Period.MONTH:
            year, month = (int(part) for part in key.split("-"))
            start = dt.date(year, month, 1)
            end = dt.date(year + month // 12, month % 12 + 1, 1)
        elif period == Period.YEAR:
            start = dt.date(int(key), 1, 1)
            end = dt.date(int(key) + 1, 1, 1)
        else:
            return None
    except ValueError:
        return None
    return _midnight(start), _midnight(end)


def period_is_valid(board: Board, key: str) -> bool:
    if board.period == Period.CAMPAIGN:
        return key == CAMPAIGN_KEY
    return period_bounds(board.period, key) is not None


def period_end(board: Board, key: str) -> dt.datetime | None:
    """When the board's period `key` stops counting (a board's own end date may cut it short)."""
    if board.period == Period.CAMPAIGN:
        return board.ends_at if key == CAMPAIGN_KEY else None
    bounds = period_bounds(board.period, key)
    if bounds is None:
        return None
    if board.ends_at is not None:
        return min(bounds[1], board.ends_at)
    return bounds[1]


def current_period_key(board: Board, now: dt.datetime | None = None) -> str:
    return period_key(board.period, now or timezone.now())


def period_label(period: str, key: str) -> str:
    """A resident-readable name of a period (the key itself when it cannot be read)."""
    try:
        if period == Period.CAMPAIGN:
            return _("Whole campaign")
        if period == Period.WEEK:
            year, week = key.split("-W")
            return _("Week %(week)d of %(year)d") % {"week": int(week), "year": int(year)}
        if period == Period.MONTH:
            year, month = key.split("-")
            return _("%(month)d/%(year)d") % {"month": int(month), "year": int(year)}
        if period == Period.YEAR:
            return _("Year %(year)s") % {"year": key}
    except ValueError:
        pass
    return key
