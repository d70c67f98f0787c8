"""Civil Code art. 278: the owners' double thresholds, in exact arithmetic.

Participation: owners holding at least 2/3 of the exclusive floor area AND at least 2/3 of the
owners by head count take part. Then an ordinary matter passes with MORE THAN 1/2 of the
participating area AND more than 1/2 of the participating owners; a special matter (raising or
using maintenance funds, rebuilding or reconstructing buildings and facilities, changing the
use of common parts or running a business on them) needs AT LEAST 3/4 of both.

"At least" includes the exact fraction, "more than" does not. Areas are Decimals with two
places; every comparison is an integer cross-multiplication, never a float.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

PARTICIPATION = Fraction(2, 3)
ORDINARY = Fraction(1, 2)
SPECIAL = Fraction(3, 4)


def _exact(value: Decimal | int) -> Fraction:
    # Fraction(Decimal) is exact: Decimal("0.1") becomes 1/10, not 0.1000000000000000055...
    return Fraction(value)


def reaches(part: Decimal | int, whole: Decimal | int, share: Fraction, *, strictly: bool) -> bool:
    """part/whole >= share (or > share when `strictly`), decided without division.

    A share of nothing is never reached: an empty electorate or no participation fails.
    """
    part, whole = _exact(part), _exact(whole)
    if whole <= 0:
        return False
    # part/whole ? n/d  <=>  part*d ? n*whole  (whole > 0, d > 0)
    left = part * share.denominator
    right = share.numerator * whole
    return left > right if strictly else left >= right


@dataclass(frozen=True)
class Art278Outcome:
    total_owners: int
    total_area: Decimal
    participating_owners: int
    participating_area: Decimal
    agreeing_owners: int
    agreeing_area: Decimal
    special: bool
    participation_area_met: bool
    participation_heads_met: bool
    approval_area_met: bool
    approval_heads_met: bool

    @property
    def participation_met(self) -> bool:
        return self.participation_area_met and self.participation_heads_met

    @property
    def approval_met(self) -> bool:
        return self.approval_area_met and self.approval_heads_met

    @property
    def passed(self) -> bool:
        return self.participation_met and self.approval_met

    @property
    def approval_share(self) -> Fraction:
        return SPECIAL if self.special else ORDINARY


def art278_outcome(
    *,
    total_owners: int,
    total_area: Decimal,
    participating_owners: int,
    participating_area: Decimal,
    agreeing_owners: int,
    agreeing_area: Decimal,
    special: bool,
) -> Art278Outcome:
    """Apply both thresholds to counts already made (heads are distinct owners)."""
    share = SPECIAL if special else ORDINARY
    return Art278Outcome(
        total_owners=total_owners,
        total_area=total_area,
        participating_owners=participating_owners,
        participating_area=participating_area,
        agreeing_owners=agreeing_owners,
        agreeing_area=agreeing_area,
        special=special,
        participation_area_met=reaches(
            participating_area, total_area, PARTICIPATION, strictly=False
        ),
        participation_heads_met=reaches(
            participating_owners, total_owners, PARTICIPATION, strictly=False
        ),
        # special: "at least 3/4"; ordinary: "more than 1/2"
        approval_area_met=reaches(agreeing_area, participating_area, share, strictly=not special),
        approval_heads_met=reaches(
            agreeing_owners, participating_owners, share, strictly=not special
        ),
    )
