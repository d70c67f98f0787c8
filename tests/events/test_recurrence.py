"""Recurrence by RFC 5545 rules: sessions across month ends, exceptions, local wall-clock time."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from events import services
from events.recurrence import LOCAL, occurrence_starts, rule_validate
from tests.events.factories import local, make_event

WINDOW = {"window_start": local(2026, 1, 1), "window_end": local(2026, 12, 31, 23, 59)}


def _dates(starts):
    return [s.date().isoformat() for s in starts]


def test_every_month_on_the_6th_keeps_nine_oclock_local_time():
    starts = occurrence_starts(
        first_start=local(2026, 1, 6, 9, 0),
        rule="FREQ=MONTHLY;BYMONTHDAY=6",
        exdates=[],
        until=dt.date(2026, 6, 30),
        **WINDOW,
    )
    assert _dates(starts) == [f"2026-0{m}-06" for m in range(1, 7)]
    assert {(s.hour, s.minute, s.tzinfo) for s in starts} == {(9, 0, LOCAL)}
    # 9:00 in Shanghai is 01:00 UTC
    assert starts[0].astimezone(dt.UTC).hour == 1


def test_the_31st_skips_months_without_one_and_minus_one_is_the_last_day():
    thirty_first = occurrence_starts(
        first_start=local(2026, 1, 31, 15, 0),
        rule="FREQ=MONTHLY;BYMONTHDAY=31",
        exdates=[],
        until=dt.date(2026, 8, 31),
        **WINDOW,
    )
    assert _dates(thirty_first) == [
        "2026-01-31",
        "2026-03-31",
        "2026-05-31",
        "2026-07-31",
        "2026-08-31",
    ]
    last_day = occurrence_starts(
        first_start=local(2026, 1, 31, 15, 0),
        rule="FREQ=MONTHLY;BYMONTHDAY=-1",
        exdates=[],
        until=dt.date(2026, 4, 30),
        **WINDOW,
    )
    assert _dates(last_day) == ["2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30"]


def test_every_second_and_fourth_wednesday_with_an_exception():
    starts = occurrence_starts(
        first_start=local(2026, 3, 1, 8, 30),
        rule="FREQ=MONTHLY;BYDAY=2WE,4WE",
        exdates=["2026-04-22"],
        until=dt.date(2026, 4, 30),
        **WINDOW,
    )
    # March 2026: Wednesdays 4, 11, 18, 25; April: 1, 8, 15, 22, 29
    assert _dates(starts) == ["2026-03-11", "2026-03-25", "2026-04-08"]
    assert all(s.weekday() == 2 for s in starts)


@pytest.mark.parametrize(
    ("rule", "code"),
    [
        ("FREQ=MINUTELY", "invalid_rrule"),
        ("FREQ=MONTHLY;BYMONTHDAY=40", "invalid_rrule"),
        ("FREQ=WEEKLY;UNTIL=20260101", "invalid_rrule"),
        ("nonsense", "invalid_rrule"),
    ],
)
def test_bad_rules_are_refused_with_a_clear_code(rule, code):
    with pytest.raises(ValidationError) as error:
        rule_validate(rule)
    assert error.value.code == code


def test_rules_are_normalised():
    assert rule_validate("rrule:freq=monthly;bymonthday=6") == "FREQ=MONTHLY;BYMONTHDAY=6"


def test_materialising_is_idempotent_and_follows_the_horizon(tapo, now):
    # given the monthly clean-up on the 6th, saved on March 1st
    event = make_event(
        tapo["community"],
        kind="cleanup",
        title="文明日大扫除",
        starts_at=local(2026, 3, 6, 9, 0),
        rrule="FREQ=MONTHLY;BYMONTHDAY=6",
        exdates=["2026-05-06"],
    )
    # then the 90-day horizon holds March, April and June 6th (May skipped: 劳动节 holiday)
    dates = [
        o.starts_at.astimezone(LOCAL).date().isoformat()
        for o in event.occurrences.order_by("starts_at")
    ]
    assert dates == ["2026-03-06", "2026-04-06"]
    # when the beat task runs twice later on
    assert services.occurrences_materialise(event=event, now=local(2026, 4, 1)) == 1
    assert services.occurrences_materialise(event=event, now=local(2026, 4, 1)) == 0
    dates = [
        o.starts_at.astimezone(LOCAL).date().isoformat()
        for o in event.occurrences.order_by("starts_at")
    ]
    assert dates == ["2026-03-06", "2026-04-06", "2026-06-06"]
