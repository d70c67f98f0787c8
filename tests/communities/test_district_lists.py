"""The residents changelist at a district's scale: the same newest-first order for a street's
staff (sorted after the street's rows are found) and a district's (the created_at index)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from communities.models import Post
from tests.communities.factories import HouseholdFactory, ResidencyFactory, appoint

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 3, 10, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def _fixed_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def test_the_residents_changelist_is_newest_first_for_a_street_and_a_district(
    client, districts, district_staff
):
    # the street's order is computed, the district's walks the created_at index
    # (ResidencyAdmin.get_ordering): the same order either way
    building = districts["shiwan"]["石湾社区"]["building"]
    old, new = (ResidencyFactory(household=HouseholdFactory(node=building)) for _ in range(2))
    old.created_at = NOW - datetime.timedelta(days=3)
    old.save(update_fields=["created_at"])
    street_staff = appoint(Post.Kind.STREET_STAFF, districts["shiwan"]["street"]).user
    for user in (street_staff, district_staff):
        client.force_login(user)
        response = client.get("/admin/communities/residency/", secure=True)
        assert response.status_code == 200
        listed = [row.pk for row in response.context["cl"].result_list]
        assert listed == [new.pk, old.pk]
