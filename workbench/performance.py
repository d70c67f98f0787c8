""" "How are we doing": a place's figures over a period, compared across its child places.

Every figure comes from the app that owns the rows, grouped by place path in one query each;
this module only adds the rows up under each child place and states the comparisons (rates
per resident, patrol coverage, the equity warning). Case indicators are CJ/T 315's as
`cases.selectors.indicators` defines them (the one rule for 结案率 lives there).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases import selectors as cases_selectors
from communities import figures as communities_figures
from communities.models import Node, Residency
from consultations import selectors as consultations_selectors
from events import selectors as events_selectors
from marketplace import selectors as marketplace_selectors
from quizzes import selectors as quizzes_selectors
from volunteers import selectors as volunteers_selectors
from workbench.selectors import workbench_children

# Age bands of the equity panel; 青年 is 18-35 as the youth-participation figures count it.
AGE_BANDS = [
    ("under_18", _("Under 18"), 0, 17),
    ("youth", _("18 to 35"), 18, 35),
    ("middle", _("36 to 59"), 36, 59),
    ("senior", _("60 and over"), 60, 200),
]
UNKNOWN_AGE = ("unknown", _("Age not known"))
# The resident base (who lives where, by residence type and year of birth) does not depend on
# the period and changes slowly, but counting a street's 100,000 residents takes three queries
# of about 400 ms each: it is kept per place for this long (the page says so).
RESIDENT_BASE_SECONDS = 600
RESIDENT_BASE_KEY = "workbench:resident_base:v1:"


def _rate(part: float, whole: float) -> float | None:
    return round(100 * part / whole, 1) if whole else None


@dataclass
class PlaceFigures:
    node: Node
    indicators: cases_selectors.Indicators
    residents: int = 0
    patrol_days: int = 0
    patrol_expected: int = 0
    minutes: int = 0
    registered: int = 0
    checked_in: int = 0
    quiz_people: int = 0
    coupons_used: int = 0

    @property
    def patrol_coverage(self) -> float | None:
        return _rate(min(self.patrol_days, self.patrol_expected), self.patrol_expected)

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 1)

    @property
    def attendance_rate(self) -> float | None:
        """Checked in of those registered."""
        return _rate(self.checked_in, self.registered)

    @property
    def quiz_rate(self) -> float | None:
        """Residents who took part in a quiz, of all residents."""
        return _rate(self.quiz_people, self.residents)


def local_bounds(start: datetime.date, end: datetime.date):
    """[start 00:00, the day after end 00:00) in local time."""
    tz = timezone.get_current_timezone()
    since = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    until = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tz)
    return since, until


def resident_base(*, node: Node) -> dict:
    """The residents at or under `node`: per home place path, per residence type and per year
    of birth (three queries, then kept in the cache for RESIDENT_BASE_SECONDS)."""
    key = f"{RESIDENT_BASE_KEY}{node.code}"
    base = cache.get(key)
    if base is None:
        # One row per home (12,000 at a street) rolled up to one per child place here, so a
        # cached read adds up 30 rows, not 12,000.
        children = [PlaceFigures(child, None) for child in workbench_children(node=node)]
        rows = communities_figures.residents_by_place(node=node)
        _add_up(children, rows, ("residents",))
        outside = sum(people for _path, people in rows) - sum(c.residents for c in children)
        base = {
            "by_place": [(c.node.path, c.residents) for c in children]
            + ([(node.path, outside)] if outside else []),
            "by_type": communities_figures.residence_type_counts(node=node),
            "birth_years": events_selectors.birth_year_counts(
                people=Q(pk__in=communities_figures.resident_ids_under(node=node))
            ),
        }
        cache.set(key, base, RESIDENT_BASE_SECONDS)
    return base


def _add_up(places: Iterable[PlaceFigures], rows, attributes: tuple[str, ...]) -> None:
    """Add each (path, value...) row to the figures of the place holding that path.

    The places are siblings (or one place), so a row's path names at most one of them: a
    lookup by code per row, not a test per row and place (a street's residents come in
    12,000 rows, its communities are 30)."""
    by_code = {place.node.code: place for place in places}
    for path, *values in rows:
        place = next(
            (by_code[code] for code in Node.codes_on_paths([path]) if code in by_code), None
        )
        if place is None:
            continue
        for attribute, value in zip(attributes, values, strict=True):
            setattr(place, attribute, getattr(place, attribute) + (value or 0))


def place_performance(
    *,
    node: Node,
    start: datetime.date,
    end: datetime.date,
    as_of: datetime.datetime | None = None,
) -> dict:
    """The place's figures and one row per child place (down to buildings), over the period."""
    as_of = as_of or timezone.now()
    since, until = local_bounds(start, end)
    report = cases_selectors.indicators_report(node=node, start=start, end=end, as_of=as_of)
    by_child = {child.pk: ind for child, ind in report["breakdown"]}
    children = [
        PlaceFigures(child, by_child.get(child.pk) or cases_selectors.Indicators())
        for child in workbench_children(node=node)
    ]
    total = PlaceFigures(node, report["total"])
    days = (end - start).days + 1
    expected = [
        (path, days * count)
        for path, count in communities_figures.captained_buildings_by_place(node=node)
    ]
    sources = [
        (resident_base(node=node)["by_place"], ("residents",)),
        (
            communities_figures.patrol_days_by_place(node=node, start=start, end=end),
            ("patrol_days",),
        ),
        (expected, ("patrol_expected",)),
        (
            volunteers_selectors.verified_minutes_by_place(node=node, start=start, end=end),
            ("minutes",),
        ),
        (
            events_selectors.attendance_by_place(node=node, start=since, end=until),
            ("registered", "checked_in"),
        ),
        (
            quizzes_selectors.quiz_participants_by_place(node=node, start=since, end=until),
            ("quiz_people",),
        ),
        (
            marketplace_selectors.coupons_used_by_place(node=node, start=since, end=until),
            ("coupons_used",),
        ),
    ]
    for rows, attributes in sources:
        _add_up(children, rows, attributes)
        _add_up([total], rows, attributes)
    return {
        "node": node,
        "start": start,
        "end": end,
        "as_of": as_of,
        "total": total,
        "children": children,
    }


@dataclass
class EquityRow:
    key: str
    label: str
    residents: int
    participants: int
    resident_share: float | None = None
    participant_share: float | None = None

    @property
    def turnout(self) -> float | None:
        return _rate(self.participants, self.residents)

    @property
    def under_half_share(self) -> bool:
        """The warning: the group's share of participants is under half its share of residents."""
        if self.key == UNKNOWN_AGE[0] or not self.resident_share or self.participant_share is None:
            return False
        return self.participant_share < self.resident_share / 2


@dataclass
class Equity:
    by_age: list[EquityRow] = field(default_factory=list)
    by_residence: list[EquityRow] = field(default_factory=list)

    @property
    def warnings(self) -> list[EquityRow]:
        return [row for row in self.by_age + self.by_residence if row.under_half_share]


def _with_shares(rows: list[EquityRow]) -> list[EquityRow]:
    residents = sum(row.residents for row in rows)
    participants = sum(row.participants for row in rows)
    for row in rows:
        row.resident_share = _rate(row.residents, residents)
        row.participant_share = _rate(row.participants, participants) if participants else None
    return rows


def _age_band(birth_year: int | None, year: int) -> str:
    if birth_year is None:
        return UNKNOWN_AGE[0]
    age = year - birth_year
    return next((key for key, _label, low, high in AGE_BANDS if low <= age <= high), "senior")


def participation_equity(*, node: Node, start: datetime.date, end: datetime.date) -> Equity:
    """Who took part in events and consultations in the period, by age band and by 户籍 /
    非户籍, against the residents living at or under the place (four queries; the resident
    base comes from `resident_base`, cached)."""
    since, until = local_bounds(start, end)
    # The people taking part are read first (two small queries): filtering the place's
    # residents by a list of ids uses the index on user_id, where two IN-subqueries joined
    # by OR made PostgreSQL test every one of a street's 100,000 residents.
    taking_part_ids = sorted(
        set(
            events_selectors.event_participant_ids(node=node, start=since, end=until).values_list(
                "user_id", flat=True
            )
        )
        | set(
            consultations_selectors.voter_ids_between(
                node=node, start=since, end=until
            ).values_list("user_id", flat=True)
        )
    )
    base = resident_base(node=node)
    base_types = base["by_type"]
    taking_part = communities_figures.residence_type_counts(
        node=node, people=Q(user_id__in=taking_part_ids)
    )
    by_residence = _with_shares(
        [
            EquityRow(value, label, base_types.get(value, 0), taking_part.get(value, 0))
            for value, label in Residency.ResidenceType.choices
        ]
    )

    bands = {key: [0, 0] for key, *_rest in AGE_BANDS}
    bands[UNKNOWN_AGE[0]] = [0, 0]
    base_years = base["birth_years"]
    resident_participants = communities_figures.resident_ids_under(node=node).filter(
        user_id__in=taking_part_ids
    )
    part_years = events_selectors.birth_year_counts(people=Q(pk__in=resident_participants))
    for index, rows in ((0, base_years), (1, part_years)):
        for year, people in rows:
            bands[_age_band(year, end.year)][index] += people
    labels = {key: label for key, label, *_rest in AGE_BANDS} | {UNKNOWN_AGE[0]: UNKNOWN_AGE[1]}
    by_age = _with_shares([EquityRow(key, labels[key], *counts) for key, counts in bands.items()])
    return Equity(by_age=by_age, by_residence=by_residence)
