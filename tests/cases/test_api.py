"""The portal's REST API for cases, and the admin's scoping."""

import pytest
from django.urls import reverse

from cases.models import Case, State
from communities.scoping import scope_forget_users
from tests.accounts.factories import UserFactory
from tests.cases.factories import photo, report

pytestmark = pytest.mark.django_db


def test_report_and_follow_a_case_through_the_api(api_client, tapo, posts, rubbish):
    user = UserFactory()
    api_client.force_authenticate(user)
    response = api_client.post(
        "/api/v1/cases/",
        {
            "category": rubbish.pk,
            "description": "井盖松动",
            "node": tapo["building"].pk,
            "photos": [photo()],
        },
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["state"] == "pending" and len(body["timeline"][0]["photos"]) == 1
    mine = api_client.get("/api/v1/cases/mine/").json()
    assert [c["id"] for c in mine["results"]] == [body["id"]]
    assert Case.objects.get().source == Case.Source.API


def test_api_errors_have_a_detail_and_a_code(api_client, tapo, posts):
    case = report(node=tapo["units"][0])
    api_client.force_authenticate(posts["captain"].user)
    response = api_client.post(f"/api/v1/cases/{case.pk}/submit/", {"note": "x"}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "transition_refused"
    response = api_client.post(f"/api/v1/cases/{case.pk}/reject/", {}, format="json")
    assert response.json()["code"] == "invalid"


def test_the_whole_lifecycle_through_the_api(api_client, tapo, posts):
    case = report(node=tapo["units"][0])
    captain, grid = posts["captain"].user, posts["grid_worker"].user
    api_client.force_authenticate(captain)
    assert case.pk in [c["id"] for c in api_client.get("/api/v1/cases/assigned/").json()["results"]]
    for action in ("accept", "start"):
        assert (
            api_client.post(f"/api/v1/cases/{case.pk}/{action}/", {}, format="json").status_code
            == 200
        )
    api_client.post(f"/api/v1/cases/{case.pk}/submit/", {"note": "已修好"}, format="multipart")
    api_client.force_authenticate(grid)
    api_client.post(f"/api/v1/cases/{case.pk}/verify/", {"passed": True}, format="json")
    api_client.force_authenticate(case.reporter)
    body = api_client.post(
        f"/api/v1/cases/{case.pk}/rate/", {"satisfaction": "basically"}, format="json"
    ).json()
    assert body["state"] == State.CLOSED
    assert [e["action"] for e in body["timeline"]][-1] == "rate"


def test_api_refuses_cases_outside_the_area(api_client, tapo, baoan, posts):
    theirs = report(node=baoan["units"][0])
    api_client.force_authenticate(posts["community_staff"].user)
    assert api_client.get(f"/api/v1/cases/{theirs.pk}/").status_code == 404
    assert (
        api_client.post(f"/api/v1/cases/{theirs.pk}/accept/", {}, format="json").status_code == 404
    )
    board = api_client.get("/api/v1/cases/board/").json()
    assert theirs.pk not in [c["id"] for c in board["results"]]
    assert (
        api_client.get("/api/v1/cases/board/", {"node": baoan["community"].pk}).status_code == 404
    )
    api_client.force_authenticate(posts["captain"].user)
    assert api_client.get("/api/v1/cases/board/").status_code == 404


def test_board_endpoint_queries_stay_flat(api_client, tapo, posts, django_assert_num_queries):
    from accounts.models import User

    # a fresh user object, as on a real request: its scope is not cached yet
    api_client.force_authenticate(User.objects.get(pk=posts["community_staff"].user.pk))
    for _ in range(5):
        report(node=tapo["units"][0])
    # user's scope (posts), count, the page of cases with category, place and assignee; the
    # scope measured cold (reporting the cases above may have kept it already)
    scope_forget_users([posts["community_staff"].user.pk])
    with django_assert_num_queries(3):
        api_client.get("/api/v1/cases/board/")
    for _ in range(5):
        report(node=tapo["units"][1])
    api_client.force_authenticate(User.objects.get(pk=posts["community_staff"].user.pk))
    scope_forget_users([posts["community_staff"].user.pk])
    with django_assert_num_queries(3):
        api_client.get("/api/v1/cases/board/")


def test_indicators_endpoint(api_client, tapo, posts):
    report(node=tapo["units"][0])
    api_client.force_authenticate(posts["community_staff"].user)
    from django.utils import timezone

    today = timezone.localdate().isoformat()
    body = api_client.get(
        "/api/v1/cases/indicators/", {"node": tapo["community"].pk, "start": today, "end": today}
    ).json()
    assert body["cases"] == 1


def test_categories_are_in_the_schema_and_listed(api_client, rubbish):
    api_client.force_authenticate(UserFactory())
    names = [c["name"] for c in api_client.get("/api/v1/cases/categories/").json()]
    assert "暴露垃圾" in names
    schema = api_client.get(reverse("api-schema")).content.decode()
    assert "/api/v1/cases/{id}/verify/" in schema


def test_admin_lists_only_cases_in_the_area(client, tapo, baoan, posts):
    ours, theirs = report(node=tapo["units"][0]), report(node=baoan["units"][0])
    client.force_login(posts["community_staff"].user)
    listing = client.get(reverse("admin:cases_case_changelist"))
    assert listing.status_code == 200
    shown = {c.pk for c in listing.context["cl"].result_list}
    assert shown == {ours.pk}
    assert client.get(reverse("admin:cases_case_change", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("admin:cases_case_change", args=[ours.pk])).status_code == 200


def test_only_street_staff_change_categories(client, posts, rubbish):
    client.force_login(posts["community_staff"].user)
    url = reverse("admin:cases_category_change", args=[rubbish.pk])
    page = client.get(url)
    assert page.status_code == 200 and not page.context["has_change_permission"]
    client.force_login(posts["street_staff"].user)
    assert client.get(url).context["has_change_permission"]
