"""The dashboard endpoint: scoped like the page, documented, bad input a 400."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from party import services as party_services
from tests.cases.factories import category, report

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 3, 4, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def dashboard_url(node):
    return reverse("workbench-api-dashboard", args=[node.pk])


@pytest.fixture
def filed(time_machine, posts, tapo, baoan):
    time_machine.move_to(NOW, tick=False)
    report(node=tapo["building"], cat=category())
    report(node=baoan["building"], cat=category())
    time_machine.move_to(NOW + dt.timedelta(minutes=5), tick=False)


def test_community_staff_read_their_dashboard(api_client, filed, posts, tapo):
    api_client.force_authenticate(posts["community_staff"].user)
    response = api_client.get(dashboard_url(tapo["community"]))
    assert response.status_code == 200
    body = response.json()
    assert body["place"]["id"] == tapo["community"].pk
    queues = {queue["key"]: queue["count"] for queue in body["queues"]}
    assert queues["to_accept"] == 1
    assert body["total"]["cases"]["cases"] == 1
    assert [child["id"] for child in body["children"]] == [tapo["grid"].pk]
    assert body["start"] == "2026-03-01" and body["end"] == "2026-03-04"
    assert {row["key"] for row in body["equity"]["by_residence"]} == {
        "registered",
        "non_registered",
    }
    places = api_client.get(reverse("workbench-api-places")).json()
    assert [place["id"] for place in places] == [tapo["community"].pk]


def test_another_communitys_staff_and_residents_are_refused(api_client, filed, posts, tapo, user):
    api_client.force_authenticate(posts["baoan_staff"].user)
    assert api_client.get(dashboard_url(tapo["community"])).status_code == 404
    api_client.force_authenticate(user)
    assert api_client.get(dashboard_url(tapo["community"])).status_code == 404
    assert api_client.get(reverse("workbench-api-places")).json() == []


def test_a_malformed_period_is_a_400_with_a_code(api_client, filed, posts, tapo):
    api_client.force_authenticate(posts["community_staff"].user)
    for query in ({"start": "2026-02-30"}, {"start": "2026-03-04", "end": "2026-03-01"}):
        response = api_client.get(dashboard_url(tapo["community"]), query)
        assert response.status_code == 400
        assert response.json()["code"]


def test_the_schema_documents_the_dashboard(client):
    schema = client.get(reverse("api-schema"), {"format": "json"}).json()
    assert "/api/v1/workbench/places/{id}/dashboard/" in schema["paths"]


def test_overdue_co_building_projects_are_listed_apart_from_the_week(
    api_client, filed, posts, tapo
):
    """A project past its date is an item with a date (not a session's time): it was mixed
    into this_week and the serializer failed on it."""
    unit = party_services.co_building_unit_save(
        actor=None, community=tapo["community"], kind="company", name="供电局"
    )
    party_services.commitment_create(
        actor=None,
        unit=unit,
        community=tapo["community"],
        title="老旧线路改造",
        due_on=dt.date(2026, 2, 20),
    )
    api_client.force_authenticate(posts["community_staff"].user)
    response = api_client.get(dashboard_url(tapo["community"]))
    assert response.status_code == 200
    body = response.json()
    [project] = body["overdue_projects"]
    assert project["title"] == "老旧线路改造" and project["due_on"] == "2026-02-20"
    assert all(item["kind"] in {"session", "consultation"} for item in body["this_week"])
