"""API for residents' actions: matters, comments, voting; scoped like the pages."""

import pytest

from communities.scoping import scope_forget_users
from consultations import services
from consultations.models import Ballot
from tests.consultations.factories import accepted_matter, live_in, open_consultation, option

pytestmark = pytest.mark.django_db


@pytest.fixture
def resident(tapo):
    return live_in(tapo["households"][0]).user


def test_a_resident_proposes_and_lists_matters(api_client, tapo, resident):
    api_client.force_authenticate(resident)
    response = api_client.post(
        "/api/v1/consultations/matters/propose/",
        {"node": tapo["building"].pk, "title": "单向通行", "description": "建议实行单向通行"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = api_client.get("/api/v1/consultations/matters/").json()
    assert [m["title"] for m in body["results"]] == ["单向通行"]


def test_proposing_about_another_community_is_not_found(api_client, baoan, resident):
    api_client.force_authenticate(resident)
    response = api_client.post(
        "/api/v1/consultations/matters/propose/",
        {"node": baoan["building"].pk, "title": "t", "description": "d"},
        format="json",
    )
    assert response.status_code == 404


def test_vote_change_and_refusals_come_back_with_stable_codes(
    api_client, tapo, baoan, tapo_staff, resident
):
    consultation = open_consultation(staff=tapo_staff, node=tapo["building"])
    api_client.force_authenticate(resident)
    url = f"/api/v1/consultations/votes/{consultation.pk}/ballot/"
    assert (
        api_client.post(
            url, {"options": [option(consultation, "yes").pk]}, format="json"
        ).status_code
        == 200
    )
    response = api_client.post(url, {"options": [option(consultation, "no").pk]}, format="json")
    assert response.json()["options"] == [option(consultation, "no").pk]
    assert Ballot.objects.count() == 1
    detail = api_client.get(f"/api/v1/consultations/votes/{consultation.pk}/").json()
    assert detail["may_vote"] is True
    assert detail["result"] is None  # hidden until the close
    # a voter of another community does not even see it
    api_client.force_authenticate(live_in(baoan["households"][0]).user)
    assert (
        api_client.post(
            url, {"options": [option(consultation, "no").pk]}, format="json"
        ).status_code
        == 404
    )
    # a neighbour outside the electorate (unit 2 resident when the vote is for unit 1) is refused
    unit1 = open_consultation(staff=tapo_staff, node=tapo["units"][0])
    neighbour = live_in(tapo["households"][7]).user
    api_client.force_authenticate(neighbour)
    response = api_client.post(
        f"/api/v1/consultations/votes/{unit1.pk}/ballot/",
        {"options": [option(unit1, "yes").pk]},
        format="json",
    )
    assert response.status_code in (400, 404)
    if response.status_code == 400:
        assert response.json()["code"] == "not_in_electorate"


def test_comment_through_the_api(api_client, tapo, tapo_staff, resident):
    matter = accepted_matter(node=tapo["building"], staff=tapo_staff)
    api_client.force_authenticate(resident)
    response = api_client.post(
        f"/api/v1/consultations/matters/{matter.pk}/comment/", {"body": "赞成"}, format="json"
    )
    assert response.status_code == 201
    body = api_client.get(f"/api/v1/consultations/matters/{matter.pk}/comments/").json()
    assert [c["body"] for c in body["results"]] == ["赞成"]


def test_list_endpoints_keep_a_flat_query_count(
    api_client, tapo, tapo_staff, resident, django_assert_num_queries
):
    for i in range(5):
        open_consultation(
            staff=tapo_staff,
            node=tapo["building"],
            matter=accepted_matter(node=tapo["building"], staff=tapo_staff, title=f"议题{i}"),
        )
    api_client.force_authenticate(resident)
    # scope posts, the user's homes (their paths), count, page rows with the place joined; the
    # scope measured cold each time (opening a consultation may have kept it already)
    scope_forget_users([resident.pk])
    with django_assert_num_queries(4):
        assert api_client.get("/api/v1/consultations/matters/").status_code == 200
    resident = type(resident).objects.get(pk=resident.pk)
    api_client.force_authenticate(resident)
    scope_forget_users([resident.pk])
    with django_assert_num_queries(4):
        assert api_client.get("/api/v1/consultations/votes/").status_code == 200
    matter = accepted_matter(node=tapo["building"], staff=tapo_staff, title="评论多")
    for i in range(5):
        services.comment_add(user=resident, matter=matter, body=f"意见{i}")
    resident = type(resident).objects.get(pk=resident.pk)
    api_client.force_authenticate(resident)
    scope_forget_users([resident.pk])
    # scope posts, homes, matter, count, comments with their authors
    with django_assert_num_queries(5):
        assert (
            api_client.get(f"/api/v1/consultations/matters/{matter.pk}/comments/").status_code
            == 200
        )
