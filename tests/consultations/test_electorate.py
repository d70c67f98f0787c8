"""Who votes: every resident, one voice per household, or the owners with their floor areas."""

from decimal import Decimal

import pytest

from communities.models import Residency
from consultations.models import Consultation
from consultations.selectors import electorate_compute
from tests.accounts.factories import UserFactory
from tests.communities.factories import ResidencyFactory
from tests.consultations.factories import live_in, open_consultation, set_area

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(tapo, baoan):
    """Building 5栋 of 塔坡: 王 owns two flats, 李 and 李's tenant share one, 陈 is pending;
    someone of 保安社区 lives elsewhere."""
    h = tapo["households"]
    wang, li, tenant, chen = (
        UserFactory(real_name=n) for n in ("王建国", "李秀英", "张租", "陈明")
    )
    live_in(set_area(h[0], "80.50"), wang, owner=True)
    live_in(set_area(h[5], "100.25"), wang, owner=True)  # unit 2
    live_in(set_area(h[1], "60.00"), li, owner=True)
    live_in(h[1], tenant, relation=Residency.Relation.TENANT)
    ResidencyFactory(user=chen, household=h[2], status=Residency.Status.PENDING, is_owner=True)
    live_in(baoan["households"][0], owner=True)
    return {"wang": wang, "li": li, "tenant": tenant, "chen": chen}


def test_residents_electorate_counts_each_approved_person_once(tapo, people):
    rows = electorate_compute(node=tapo["building"], kind=Consultation.Electorate.RESIDENTS)
    assert sorted(r.user_id for r in rows) == sorted(
        [people["wang"].pk, people["li"].pk, people["tenant"].pk]
    )


def test_households_electorate_is_one_voice_per_lived_in_household(tapo, people):
    rows = electorate_compute(node=tapo["building"], kind=Consultation.Electorate.HOUSEHOLDS)
    h = tapo["households"]
    assert sorted(r.household_id for r in rows) == sorted([h[0].pk, h[5].pk, h[1].pk])
    assert all(r.user_id is None for r in rows)


def test_an_owner_of_two_flats_counts_once_by_head_with_both_areas(tapo, people):
    rows = {
        r.user_id: r
        for r in electorate_compute(node=tapo["building"], kind=Consultation.Electorate.OWNERS)
    }
    assert set(rows) == {people["wang"].pk, people["li"].pk}
    assert rows[people["wang"].pk].area == Decimal("180.75")
    assert rows[people["li"].pk].area == Decimal("60.00")


def test_a_unit_electorate_only_counts_that_units_homes(tapo, people):
    unit1 = tapo["units"][0]
    rows = {
        r.user_id: r for r in electorate_compute(node=unit1, kind=Consultation.Electorate.OWNERS)
    }
    # 王's second flat is in unit 2, so only the first counts here
    assert rows[people["wang"].pk].area == Decimal("80.50")


def test_co_owners_of_one_flat_count_as_one_owner_with_its_area(tapo):
    h = tapo["households"][3]
    set_area(h, "90.00")
    head = live_in(h, owner=True).user
    live_in(h, owner=True, relation=Residency.Relation.MEMBER)
    rows = electorate_compute(node=tapo["units"][0], kind=Consultation.Electorate.OWNERS)
    assert [(r.user_id, r.area) for r in rows] == [(head.pk, Decimal("90.00"))]


def test_publishing_fixes_the_electorate_size_and_total_area(tapo, tapo_staff, people):
    consultation = open_consultation(
        staff=tapo_staff,
        node=tapo["building"],
        electorate=Consultation.Electorate.OWNERS,
        owner_matter=Consultation.OwnerMatter.SPECIAL,
    )
    assert consultation.electorate_size == 2
    assert consultation.electorate_area == Decimal("240.75")
    # a resident approved later does not change a published electorate
    live_in(set_area(tapo["households"][7], "70.00"), owner=True)
    consultation.refresh_from_db()
    assert consultation.voters.count() == 2


def test_an_owners_vote_cannot_be_published_while_a_home_lacks_its_floor_area(tapo, tapo_staff):
    from django.core.exceptions import ValidationError

    live_in(tapo["households"][0], owner=True)
    with pytest.raises(ValidationError) as error:
        open_consultation(
            staff=tapo_staff,
            node=tapo["building"],
            electorate=Consultation.Electorate.OWNERS,
            owner_matter=Consultation.OwnerMatter.ORDINARY,
        )
    assert error.value.code == "missing_floor_area"
