"""A captain's door-knock list and the receipts endpoint keep a flat query count as the
households and places grow (the residents' and managed lists have theirs in test_views.py)."""

import pytest

from communities import services as community_services
from communities.models import Household, Node
from notices import services
from tests.notices.factories import live_in, publish
from tests.querycount import assert_flat

pytestmark = pytest.mark.django_db


def test_the_door_knock_list_keeps_a_flat_query_count(client, tapo, tapo_staff, tapo_captain):
    households = tapo["households"]
    live_in(households[0], birth_year=1941)
    notice = publish(actor=tapo_staff, node=tapo["community"], needs_confirmation=True)

    def more():
        for household in households[1:6]:
            live_in(household, birth_year=1950)
            live_in(household)

    client.force_login(tapo_captain)
    assert_flat(client, f"/notices/{notice.pk}/knock/", more)


def test_the_receipts_endpoint_keeps_a_flat_query_count(api_client, tapo, tapo_staff):
    for household in tapo["households"][:2]:
        live_in(household)
    notice = publish(actor=tapo_staff, node=tapo["community"], needs_confirmation=True)
    people = list(notice.deliveries.select_related("user"))

    def more():
        grid = community_services.node_create(
            actor=None, kind=Node.Kind.GRID, name="第2网格", parent=tapo["community"]
        )
        for name in ("6栋", "7栋", "8栋"):
            building = community_services.node_create(
                actor=None, kind=Node.Kind.BUILDING, name=name, parent=grid
            )
            live_in(Household.objects.create(node=building, room="101"))
        for delivery in people:
            services.notice_confirm(notice=notice, person=delivery.user, actor=delivery.user)

    api_client.force_authenticate(tapo_staff)
    assert_flat(api_client, f"/api/v1/notices/{notice.pk}/receipts/", more)
