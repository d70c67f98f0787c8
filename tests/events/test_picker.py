"""The recurrence picker stands for RFC 5545 rules: the choices give the rule, the rule gives
the same sessions dateutil expands, the .ics gives them back; lunar dates are the known ones."""

import datetime as dt

import pytest
from dateutil.rrule import rruleset, rrulestr
from icalendar import Calendar

from events.ical import calendar_for_event_series
from events.models import Event
from events.picker import Repeat, picker_initial, picker_rule
from events.recurrence import LOCAL, lunar_dates, occurrence_starts
from tests.events.factories import local

FIRST = local(2026, 3, 4, 9, 0)  # a Wednesday
WINDOW = {"window_start": local(2026, 3, 1), "window_end": local(2027, 3, 1)}

# (picker choices, the RFC 5545 rule they stand for)
TABLE = [
    ({"repeat": Repeat.WEEKLY, "weekdays": ["FR", "MO"]}, "FREQ=WEEKLY;BYDAY=MO,FR"),
    ({"repeat": Repeat.MONTHLY_DAY, "month_day": 6}, "FREQ=MONTHLY;BYMONTHDAY=6"),
    (
        {"repeat": Repeat.MONTHLY_WEEKDAY, "month_weeks": ["4", "2"], "month_weekday": "WE"},
        "FREQ=MONTHLY;BYDAY=2WE,4WE",
    ),
    (
        {"repeat": Repeat.MONTHLY_WEEKDAY, "month_weeks": ["-1"], "month_weekday": "SA"},
        "FREQ=MONTHLY;BYDAY=-1SA",
    ),
]


@pytest.mark.parametrize(("choices", "rule"), TABLE)
def test_the_picker_gives_the_rule_and_the_rules_sessions(choices, rule):
    # when the picker's choices become a rule
    made = picker_rule(**choices)
    # then it is the RFC 5545 rule, and the sessions are those dateutil expands from that rule
    assert made == rule
    ours = occurrence_starts(first_start=FIRST, rule=made, exdates=[], until=None, **WINDOW)
    naive = FIRST.replace(tzinfo=None)
    expected = rrulestr(f"DTSTART:{naive:%Y%m%dT%H%M%S}\nRRULE:{rule}").between(
        WINDOW["window_start"].replace(tzinfo=None),
        WINDOW["window_end"].replace(tzinfo=None),
        inc=True,
    )
    assert [s.replace(tzinfo=None) for s in ours] == expected and len(ours) > 10
    # and the stored rule reads back into the same choices
    assert picker_rule(**picker_initial(rrule=rule, lunar=None)) == rule


def test_a_rule_the_picker_cannot_show_stays_a_custom_rule():
    assert picker_initial(rrule="FREQ=YEARLY;BYMONTH=3", lunar=None) == {
        "repeat": Repeat.CUSTOM,
        "custom_rule": "FREQ=YEARLY;BYMONTH=3",
    }


def test_lunar_festivals_fall_on_their_known_dates():
    years = {"start": dt.date(2026, 1, 1), "end": dt.date(2027, 12, 31)}
    assert lunar_dates(month=8, day=15, **years) == [dt.date(2026, 9, 25), dt.date(2027, 9, 15)]
    assert lunar_dates(month=5, day=5, **years) == [dt.date(2026, 6, 19), dt.date(2027, 6, 9)]
    # the 12th month of lunar 2026 lies in solar 2027 (腊八 2027-01-15)
    assert dt.date(2027, 1, 15) in lunar_dates(month=12, day=8, **years)


def _expand(ics: bytes) -> list[dt.datetime]:
    """What a calendar app holds: DTSTART, RRULE and RDATEs, less EXDATEs (via dateutil)."""
    vevent = next(c for c in Calendar.from_ical(ics).walk("VEVENT"))
    start = vevent.decoded("DTSTART")
    rules = rruleset()
    rules.rdate(start)
    if "RRULE" in vevent:
        rules.rrule(rrulestr(vevent["RRULE"].to_ical().decode(), dtstart=start))
    for name, add in (("RDATE", rules.rdate), ("EXDATE", rules.exdate)):
        values = vevent.get(name, [])
        for value in values if isinstance(values, list) else [values]:
            for item in value.dts:
                add(item.dt)
    return [d.astimezone(LOCAL).replace(tzinfo=None) for d in rules]


def test_the_series_ics_holds_the_same_sessions_as_the_portal(db):
    # 2nd and 4th Wednesday for a clinic, until the end of 2026, one date skipped
    event = Event(
        pk=7,
        title="义诊",
        place="社区卫生站",
        starts_at=FIRST.replace(day=11),
        ends_at=FIRST.replace(day=11, hour=11),
        rrule="FREQ=MONTHLY;BYDAY=2WE,4WE",
        repeat_until=dt.date(2026, 12, 31),
        exdates=["2026-04-08"],
    )
    ics = calendar_for_event_series(event, base_url="https://example.org")
    portal = occurrence_starts(
        first_start=event.starts_at,
        rule=event.rrule,
        exdates=event.exdates,
        until=event.repeat_until,
        **WINDOW,
    )
    assert b"RRULE:FREQ=MONTHLY;UNTIL=20261231T155959Z;BYDAY=2WE,4WE" in ics
    assert _expand(ics) == [s.replace(tzinfo=None) for s in portal]
    assert dt.datetime(2026, 4, 8, 9, 0) not in _expand(ics)


def test_a_lunar_series_is_exported_as_explicit_dates(db):
    event = Event(
        pk=8,
        title="中秋游园",
        place="社区广场",
        starts_at=dt.datetime(2026, 9, 25, 19, 0, tzinfo=LOCAL),
        ends_at=dt.datetime(2026, 9, 25, 21, 0, tzinfo=LOCAL),
        lunar_month=8,
        lunar_day=15,
        repeat_until=dt.date(2028, 12, 31),
    )
    ics = calendar_for_event_series(event, base_url="https://example.org")
    assert b"RRULE" not in ics and b"RDATE" in ics
    assert [d.date() for d in _expand(ics)] == [
        dt.date(2026, 9, 25),
        dt.date(2027, 9, 15),
        dt.date(2028, 10, 3),
    ]
