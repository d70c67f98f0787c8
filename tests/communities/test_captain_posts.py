"""Staff appoint and end captains' posts on a page (no admin), reached from the workbench's
"buildings without a captain" queue; another community's staff and residents are refused."""

import datetime as dt

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from communities.models import Post
from tests.accounts.factories import UserFactory
from tests.communities.factories import appoint

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC), tick=False)


def test_staff_appoint_a_captain_for_a_building_without_one_and_end_the_term(client, tree):
    tapo = tree["塔坡社区"]
    staff = appoint(Post.Kind.COMMUNITY_STAFF, tapo["community"]).user
    person = UserFactory()
    client.force_login(staff)
    # the workbench's queue leads to the page, which lists the building with nobody
    workbench = client.get(reverse("workbench:place", args=[tapo["community"].pk])).content
    page_url = f"{reverse('communities:captain_posts')}?node={tapo['community'].pk}"
    assert page_url.encode().replace(b"&", b"&amp;") in workbench or page_url.encode() in workbench
    page = client.get(page_url)
    assert tapo["building"] in page.context["missing"].object_list
    appoint_url = reverse("communities:captain_appoint", args=[tapo["building"].pk])
    # a wrong number is a clear error, not a 500
    wrong = client.post(appoint_url, {"kind": "building_captain", "phone": "12345"})
    assert wrong.status_code == 200 and wrong.context["form"].errors["phone"]
    response = client.post(appoint_url, {"kind": "building_captain", "phone": person.phone})
    assert response.status_code == 302
    post = Post.objects.get(user=person)
    assert post.node == tapo["building"] and post.ends_on is None
    assert AuditEntry.objects.filter(action="communities.post_appoint").exists()
    page = client.get(page_url)
    assert list(page.context["missing"].object_list) == []
    assert post in page.context["posts"].object_list
    client.post(reverse("communities:captain_end", args=[post.pk]), {"back": tapo["community"].pk})
    post.refresh_from_db()
    assert post.ends_on == dt.date(2026, 3, 10)


def test_another_communitys_staff_and_residents_are_refused(client, tree):
    tapo, baoan = tree["塔坡社区"], tree["保安社区"]
    captain = appoint(Post.Kind.BUILDING_CAPTAIN, tapo["building"])
    person = UserFactory()
    for outsider in (appoint(Post.Kind.COMMUNITY_STAFF, baoan["community"]).user, UserFactory()):
        client.force_login(outsider)
        appoint_url = reverse("communities:captain_appoint", args=[tapo["building"].pk])
        assert client.get(appoint_url).status_code == 404
        assert (
            client.post(
                appoint_url, {"kind": "building_captain", "phone": person.phone}
            ).status_code
            == 404
        )
        assert client.post(reverse("communities:captain_end", args=[captain.pk])).status_code == 404
        page = client.get(reverse("communities:captain_posts"), {"node": tapo["community"].pk})
        assert page.status_code == 404
    captain.refresh_from_db()
    assert captain.ends_on is None and not Post.objects.filter(user=person).exists()


def test_the_captains_page_query_count_stays_flat(client, tree):
    from communities.models import Node
    from communities.services import node_create
    from tests.querycount import assert_flat

    tapo = tree["塔坡社区"]
    staff = appoint(Post.Kind.COMMUNITY_STAFF, tapo["community"]).user
    client.force_login(staff)

    def grow():
        for number in range(3):
            building = node_create(
                actor=None, kind=Node.Kind.BUILDING, name=f"{number + 6}栋", parent=tapo["compound"]
            )
            appoint(Post.Kind.BUILDING_CAPTAIN, building)
            node_create(
                actor=None,
                kind=Node.Kind.BUILDING,
                name=f"{number + 16}栋",
                parent=tapo["compound"],
            )

    grow()
    assert_flat(client, reverse("communities:captain_posts"), grow, {"node": tapo["community"].pk})
