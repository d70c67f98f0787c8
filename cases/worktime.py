"""Working time: deadlines in calendar hours, working hours or working days.

A day is a working day if a CalendarOverride says so; otherwise China's official calendar
(chinese_calendar: public holidays and make-up working days 调休) decides; for years the
package does not know yet, Monday to Friday. Working hours are the office hours of the
case's place (a setting per place; the one row staff edit in the admin is the default). A
working day counts as a full office day of working hours, so
"2 working days" from Tuesday 10:00 ends Thursday 10:00 if both days are working days.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import chinese_calendar
from django.utils import timezone

from cases.models import CalendarOverride, TimeUnit

# Far enough for the longest limits (e.g. 20 working days over the Spring Festival).
MAX_DAYS_SEARCHED = 400


@dataclass(frozen=True)
class WorkCalendar:
    periods: tuple[tuple[datetime.time, datetime.time], ...]
    overrides: dict[datetime.date, bool]

    @classmethod
    def load(cls, node=None) -> WorkCalendar:
        """The office hours at `node` (the nearest place setting, else the deployment's row)
        and the calendar overrides (two queries on a cold cache)."""
        from cases.place_settings import OFFICE_HOURS
        from communities.place_settings import place_setting

        hours = place_setting(node, OFFICE_HOURS)
        periods = (
            (hours["morning_start"], hours["morning_end"]),
            (hours["afternoon_start"], hours["afternoon_end"]),
        )
        overrides = dict(CalendarOverride.objects.values_list("date", "is_workday"))
        return cls(periods=periods, overrides=overrides)

    @property
    def hours_per_day(self) -> float:
        return sum(_seconds_between(start, end) for start, end in self.periods) / 3600

    def is_workday(self, day: datetime.date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        try:
            return chinese_calendar.is_workday(day)
        except NotImplementedError:
            return day.weekday() < 5

    def add(self, start: datetime.datetime, amount: int, unit: str) -> datetime.datetime:
        """The moment `amount` units of time after `start` (aware, returned in local time)."""
        start = timezone.localtime(start)
        if unit == TimeUnit.CALENDAR_HOURS:
            return start + datetime.timedelta(hours=amount)
        seconds = amount * 3600
        if unit == TimeUnit.WORKING_DAYS:
            seconds = round(amount * self.hours_per_day * 3600)
        return self._add_working_seconds(start, seconds)

    def _add_working_seconds(self, start: datetime.datetime, seconds: int) -> datetime.datetime:
        tz = start.tzinfo
        day = start.date()
        remaining = seconds
        for _ in range(MAX_DAYS_SEARCHED):
            if self.is_workday(day):
                for period_start, period_end in self.periods:
                    begin = datetime.datetime.combine(day, period_start, tzinfo=tz)
                    end = datetime.datetime.combine(day, period_end, tzinfo=tz)
                    begin = max(begin, start)
                    if begin >= end:
                        continue
                    available = (end - begin).total_seconds()
                    if remaining <= available:
                        return begin + datetime.timedelta(seconds=remaining)
                    remaining -= available
            day += datetime.timedelta(days=1)
        raise ValueError("no working time found within MAX_DAYS_SEARCHED days")


def _seconds_between(start: datetime.time, end: datetime.time) -> float:
    today = datetime.date(2000, 1, 1)
    return (datetime.datetime.combine(today, end) - datetime.datetime.combine(today, start)).seconds
