"""The required rhythm of organisational life (三会一课 and 主题党日) and where a branch stands in
its year: how many sessions of each kind are due by now, held, and whether it is behind."""

import datetime
from dataclasses import dataclass

from django.db.models import Count
from django.db.models.functions import ExtractYear

from party.models import PartyBranch, PartySession

# Sessions a year and the period each one covers: 党小组会, 支委会 and 主题党日 monthly,
# 支部党员大会 and 党课 quarterly.
PER_YEAR = {
    PartySession.Kind.MEMBERS_MEETING: 4,
    PartySession.Kind.COMMITTEE_MEETING: 12,
    PartySession.Kind.GROUP_MEETING: 12,
    PartySession.Kind.LECTURE: 4,
    PartySession.Kind.THEME_DAY: 12,
}


@dataclass(frozen=True)
class RhythmRow:
    kind: str
    label: str
    per_year: int
    due_by_now: int
    held: int

    @property
    def behind(self) -> bool:
        return self.held < self.due_by_now


def due_by(per_year: int, today: datetime.date) -> int:
    """Sessions due by `today`: one per period that has fully passed this year."""
    months_passed = today.month - 1
    return months_passed * per_year // 12


def branch_year(organisation: PartyBranch, today: datetime.date) -> list[RhythmRow]:
    # A session counts once its attendance is recorded: one announced ahead whose day has
    # passed without a record is not yet held as far as the rhythm goes.
    held = dict(
        PartySession.objects.filter(organisation=organisation, attendance__isnull=False)
        .annotate(year=ExtractYear("held_at"))
        .filter(year=today.year, held_at__date__lte=today)
        .values_list("kind")
        .annotate(count=Count("pk", distinct=True))
        .order_by()
    )
    return [
        RhythmRow(
            kind=kind,
            label=PartySession.Kind(kind).label,
            per_year=per_year,
            due_by_now=due_by(per_year, today),
            held=held.get(kind, 0),
        )
        for kind, per_year in PER_YEAR.items()
    ]
