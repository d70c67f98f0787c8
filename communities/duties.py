"""Captains' duties over a month, as the allowance counts them: working days on China's official
calendar, days patrolled, days reported, and how fast cases dispatched to them were answered.

Case figures come from the cases app, which stands above this one: it registers a provider here
(`register_case_response_provider`), so communities never imports cases.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable

import chinese_calendar

# (post ids, first day, last day) -> {post id: (cases dispatched, answered within the limit)}
CaseResponseProvider = Callable[[list[int], datetime.date, datetime.date], dict[int, tuple]]
_providers: list[CaseResponseProvider] = []


def register_case_response_provider(provider: CaseResponseProvider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def case_responses(
    post_ids: list[int], first: datetime.date, last: datetime.date
) -> dict[int, tuple[int, int]]:
    totals: dict[int, tuple[int, int]] = {}
    for provider in _providers:
        for post_id, (assigned, on_time) in provider(post_ids, first, last).items():
            before = totals.get(post_id, (0, 0))
            totals[post_id] = (before[0] + assigned, before[1] + on_time)
    return totals


def is_working_day(day: datetime.date) -> bool:
    """China's official calendar (holidays and make-up working days 调休); Monday to Friday for
    years the chinesecalendar package does not know yet."""
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return day.weekday() < 5


def working_days(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    days = (first + datetime.timedelta(days=n) for n in range((last - first).days + 1))
    return [day for day in days if is_working_day(day)]


def month_bounds(month: datetime.date) -> tuple[datetime.date, datetime.date]:
    first = month.replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    return first, following - datetime.timedelta(days=1)


def days_on(dates: Iterable[datetime.date], allowed: set[datetime.date]) -> int:
    return len(set(dates) & allowed)
