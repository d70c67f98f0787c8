"""Civil Code art. 278 at the exact boundaries, as pure arithmetic and through real ballots."""

from decimal import Decimal

import pytest

from consultations import services
from consultations.models import Consultation
from consultations.selectors import consultation_tally
from consultations.thresholds import ORDINARY, PARTICIPATION, SPECIAL, art278_outcome, reaches
from tests.consultations.factories import live_in, open_consultation, option, set_area


def outcome(**kw):
    base = {
        "total_owners": 9,
        "total_area": Decimal("900.00"),
        "participating_owners": 9,
        "participating_area": Decimal("900.00"),
        "agreeing_owners": 9,
        "agreeing_area": Decimal("900.00"),
        "special": False,
    }
    return art278_outcome(**{**base, **kw})


def test_at_least_two_thirds_includes_the_exact_fraction():
    assert reaches(6, 9, PARTICIPATION, strictly=False)
    assert reaches(Decimal("600.00"), Decimal("900.00"), PARTICIPATION, strictly=False)
    assert not reaches(Decimal("599.99"), Decimal("900.00"), PARTICIPATION, strictly=False)


def test_more_than_half_excludes_exactly_half():
    assert not reaches(2, 4, ORDINARY, strictly=True)
    assert reaches(Decimal("200.01"), Decimal("400.00"), ORDINARY, strictly=True)


def test_decimal_areas_are_compared_exactly_not_as_floats():
    # 0.1 + 0.2 is not 0.3 in floating point; here a third of 0.30 m² is exactly 0.10.
    assert reaches(Decimal("0.20"), Decimal("0.30"), PARTICIPATION, strictly=False)
    assert not reaches(Decimal("0.19"), Decimal("0.30"), PARTICIPATION, strictly=False)


def test_nothing_of_nothing_never_passes():
    assert not reaches(0, 0, PARTICIPATION, strictly=False)


def test_exactly_two_thirds_of_area_but_fewer_than_two_thirds_of_owners_fails():
    result = outcome(participating_area=Decimal("600.00"), participating_owners=5)
    assert result.participation_area_met
    assert not result.participation_heads_met
    assert not result.passed


def test_exactly_two_thirds_by_area_and_by_head_count_is_enough_participation():
    result = outcome(
        participating_area=Decimal("600.00"),
        participating_owners=6,
        agreeing_owners=4,
        agreeing_area=Decimal("400.00"),
    )
    assert result.participation_met
    assert result.passed


def test_exactly_half_of_participants_fails_an_ordinary_matter():
    result = outcome(
        participating_owners=8,
        participating_area=Decimal("800"),
        agreeing_owners=4,
        agreeing_area=Decimal("400"),
    )
    assert not result.approval_area_met
    assert not result.approval_heads_met
    assert not result.passed


def test_just_over_half_by_area_but_exactly_half_by_heads_fails():
    result = outcome(
        participating_owners=8,
        participating_area=Decimal("800.00"),
        agreeing_owners=4,
        agreeing_area=Decimal("400.01"),
    )
    assert result.approval_area_met
    assert not result.approval_heads_met
    assert not result.passed


def test_exactly_three_quarters_passes_a_special_matter():
    result = outcome(
        special=True,
        participating_owners=8,
        participating_area=Decimal("800.00"),
        agreeing_owners=6,
        agreeing_area=Decimal("600.00"),
    )
    assert result.approval_share == SPECIAL
    assert result.passed


def test_a_vote_that_passes_an_ordinary_matter_fails_a_special_one():
    counts = {
        "participating_owners": 8,
        "participating_area": Decimal("800.00"),
        "agreeing_owners": 5,
        "agreeing_area": Decimal("599.99"),
    }
    assert outcome(**counts).passed
    special = outcome(special=True, **counts)
    assert not special.approval_heads_met and not special.approval_area_met
    assert not special.passed


@pytest.mark.django_db
def test_owner_vote_with_two_thirds_of_area_but_too_few_owners_fails_on_the_result(
    tapo, tapo_staff
):
    # given 3 owners: one big flat (200 m²) and two small ones (50 m² each): 300 m² in all
    homes = tapo["households"]
    big = live_in(set_area(homes[0], "200.00"), owner=True).user
    live_in(set_area(homes[1], "50.00"), owner=True)
    live_in(set_area(homes[2], "50.00"), owner=True)
    consultation = open_consultation(
        staff=tapo_staff,
        node=tapo["building"],
        electorate=Consultation.Electorate.OWNERS,
        owner_matter=Consultation.OwnerMatter.ORDINARY,
    )
    # when only the big owner votes: exactly 2/3 of the area, 1/3 of the owners
    services.ballot_cast(
        user=big, consultation=consultation, option_ids=[option(consultation, "yes").pk]
    )
    tally = consultation_tally(consultation)
    # then participation by area is met, by head count not, and the matter fails
    assert tally.art278.participation_area_met
    assert not tally.art278.participation_heads_met
    assert not tally.art278.passed
