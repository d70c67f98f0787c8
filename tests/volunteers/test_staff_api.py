"""Staff API: dispatch a wish, settle a dispute, check a relation; scoped by community."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.accounts.factories import UserFactory
from tests.communities.factories import ResidencyFactory
from tests.volunteers.factories import team_with_leader, volunteer
from volunteers import services
from volunteers.models import HourRecord, RelativeLink, Wish

pytestmark = pytest.mark.django_db


@pytest.fixture
def resident(tapo):
    user = UserFactory(real_name="李秀英")
    ResidencyFactory(user=user, household=tapo["households"][0])
    return user


def disputed_wish(resident, staff, helper):
    wish = services.wish_post(resident=resident, title="帮忙修水龙头")
    services.wish_review(actor=staff, wish=wish, decision="open")
    services.wish_claim(user=helper, wish=wish)
    services.wish_mark_done(user=helper, wish=wish, minutes=90, note="已修好")
    return services.wish_dispute(resident=resident, wish=wish, reason="还在漏水")


def test_staff_dispatch_a_wish_to_a_team_of_theirs(
    api_client, resident, tapo_staff, team, leader, baoan
):
    wish = services.wish_post(resident=resident, title="陪老人去医院")
    api_client.force_authenticate(tapo_staff)
    rows = api_client.get("/api/v1/volunteers/staff/wishes/", {"status": "submitted"}).json()
    assert [r["id"] for r in rows["results"]] == [wish.pk]
    url = f"/api/v1/volunteers/staff/wishes/{wish.pk}/review/"
    foreign_team, _leader = team_with_leader(baoan["community"], name="保安服务队")
    foreign = api_client.post(url, {"decision": "team", "team": foreign_team.pk}, format="json")
    assert foreign.status_code == 400 and "team" in foreign.json()["errors"]
    no_team = api_client.post(url, {"decision": "team"}, format="json")
    assert no_team.json()["code"] == "invalid_team"
    response = api_client.post(url, {"decision": "team", "team": team.pk}, format="json")
    assert response.status_code == 200 and response.json()["team"] == team.name
    again = api_client.post(url, {"decision": "open"}, format="json")
    assert again.json()["code"] == "already_reviewed"


def test_staff_settle_a_dispute_with_fewer_hours(api_client, resident, tapo_staff, community):
    helper = volunteer(community)
    wish = disputed_wish(resident, tapo_staff, helper)
    api_client.force_authenticate(tapo_staff)
    url = f"/api/v1/volunteers/staff/wishes/{wish.pk}/resolve/"
    no_reason = api_client.post(url, {"decision": "credit"}, format="json")
    assert no_reason.status_code == 400 and "reason" in no_reason.json()["errors"]
    response = api_client.post(
        url, {"decision": "credit", "minutes": 60, "reason": "核实后按一小时计"}, format="json"
    )
    assert response.status_code == 200
    assert HourRecord.objects.get(volunteer=helper).minutes_verified == 60
    twice = api_client.post(url, {"decision": "credit", "reason": "再次"}, format="json")
    assert twice.json()["code"] == "invalid_state"


def test_staff_verify_a_relation(api_client, tapo_staff, community):
    holder, relative = volunteer(community), UserFactory()
    link = services.relative_link_request(
        user=holder, relative_login=relative.phone, relation="child"
    )
    assert link.status == RelativeLink.Status.PENDING
    api_client.force_authenticate(tapo_staff)
    rows = api_client.get("/api/v1/volunteers/staff/relatives/").json()["results"]
    assert [r["id"] for r in rows] == [link.pk]
    assert "*" in rows[0]["relative_phone"]  # masked
    bad = api_client.post(f"/api/v1/volunteers/staff/relatives/{link.pk}/decide/", {})
    assert bad.status_code == 400 and "decision" in bad.json()["errors"]
    response = api_client.post(
        f"/api/v1/volunteers/staff/relatives/{link.pk}/decide/",
        {"decision": "verify"},
        format="json",
    )
    assert response.json()["status"] == "verified"


def test_staff_of_another_community_and_volunteers_are_refused(
    api_client, resident, tapo_staff, baoan_staff, community
):
    helper = volunteer(community)
    wish = disputed_wish(resident, tapo_staff, helper)
    submitted = services.wish_post(resident=resident, title="换灯泡")
    link = services.relative_link_request(
        user=helper, relative_login=UserFactory().phone, relation="spouse"
    )
    for user in (baoan_staff, helper):
        api_client.force_authenticate(user)
        review = api_client.post(
            f"/api/v1/volunteers/staff/wishes/{submitted.pk}/review/",
            {"decision": "open"},
            format="json",
        )
        assert review.status_code == 404
        resolve = api_client.post(
            f"/api/v1/volunteers/staff/wishes/{wish.pk}/resolve/",
            {"decision": "credit", "reason": "x"},
            format="json",
        )
        assert resolve.status_code == 404
        decide = api_client.post(
            f"/api/v1/volunteers/staff/relatives/{link.pk}/decide/",
            {"decision": "verify"},
            format="json",
        )
        assert decide.status_code == 404
    api_client.force_authenticate(baoan_staff)
    assert api_client.get("/api/v1/volunteers/staff/wishes/").json()["results"] == []
    assert api_client.get("/api/v1/volunteers/staff/relatives/").json()["results"] == []
    submitted.refresh_from_db()
    link.refresh_from_db()
    assert submitted.status == Wish.Status.SUBMITTED
    assert link.status == RelativeLink.Status.PENDING


def test_staff_lists_have_flat_query_counts(api_client, resident, tapo_staff, community):
    services.wish_post(resident=resident, title="一")
    services.relative_link_request(
        user=volunteer(community), relative_login=UserFactory().phone, relation="child"
    )
    api_client.force_authenticate(tapo_staff)

    def count(url):
        # scope posts, the page of rows (people joined), its count
        with CaptureQueriesContext(connection) as queries:
            assert api_client.get(url).status_code == 200
        return len(queries)

    urls = ["/api/v1/volunteers/staff/wishes/", "/api/v1/volunteers/staff/relatives/"]
    for url in urls:
        api_client.get(url)
    few = [count(url) for url in urls]
    for n in range(5):
        services.wish_post(resident=resident, title=f"心愿{n}")
        services.relative_link_request(
            user=volunteer(community), relative_login=UserFactory().phone, relation="parent"
        )
    assert [count(url) for url in urls] == few
