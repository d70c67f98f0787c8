import datetime as dt

import pytest
import time_machine

from points.models import Currency, Period
from points.services import points_award
from tests.accounts.factories import UserFactory
from tests.points.factories import BoardFactory

pytestmark = pytest.mark.django_db

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
T0 = dt.datetime(2026, 11, 25, 10, 0, tzinfo=SHANGHAI)


def _award(user, amount, key, **kwargs):
    with time_machine.travel(T0, tick=False):
        return points_award(user=user, amount=amount, key=key, reason="答题奖励", **kwargs)


def test_balances_are_given_per_currency_with_a_display_text(api_client, user):
    _award(user, 30, "a")
    _award(user, 90, "m", currency=Currency.MINUTE)
    api_client.force_authenticate(user)
    body = api_client.get("/api/v1/points/balances/").json()
    assert body == [
        {"currency": "POINT", "balance": 30, "display": "30 积分"},
        {"currency": "MINUTE", "balance": 90, "display": "1.5 小时"},
    ]


def test_history_lists_my_postings_signed_and_filtered(api_client, user, django_assert_num_queries):
    _award(user, 30, "a")
    _award(user, 90, "m", currency=Currency.MINUTE)
    _award(UserFactory(), 5, "other")
    api_client.force_authenticate(user)
    # my account ids, count, page rows
    with django_assert_num_queries(3):
        body = api_client.get("/api/v1/points/postings/").json()
    assert body["count"] == 2
    assert {(p["amount"], p["currency"]) for p in body["results"]} == {
        (30, "POINT"),
        (90, "MINUTE"),
    }
    body = api_client.get("/api/v1/points/postings/", {"currency": "MINUTE"}).json()
    assert [p["display"] for p in body["results"]] == ["+1.5 小时"]
    body = api_client.get("/api/v1/points/postings/", {"date_from": "2026-11-26"}).json()
    assert body["count"] == 0


def test_a_bad_filter_is_an_error_with_a_code(api_client, user):
    api_client.force_authenticate(user)
    response = api_client.get("/api/v1/points/postings/", {"currency": "GOLD"})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


def test_board_top_and_my_rank(api_client, user, db_leaderboards, django_assert_num_queries):
    board = BoardFactory(scope="campaign:12", period=Period.WEEK)
    leader = UserFactory(display_name="答题达人")
    _award(leader, 50, "l", boards=["campaign:12"])
    _award(user, 10, "me", boards=["campaign:12"])
    api_client.force_authenticate(user)
    # board; top n with users
    with django_assert_num_queries(2):
        body = api_client.get(f"/api/v1/points/boards/{board.pk}/top/?period=2026-W48").json()
    assert [(e["rank"], e["name"], e["score"], e["is_me"]) for e in body["entries"]] == [
        (1, "答题达人", 50, False),
        (2, user.name_for_display[0] + "*" * (len(user.real_name) - 1), 10, True),
    ]
    body = api_client.get(f"/api/v1/points/boards/{board.pk}/me/?period=2026-W48").json()
    assert (body["rank"], body["score"]) == (2, 10)
    assert [e["rank"] for e in body["neighbours"]] == [1, 2]
    boards = api_client.get("/api/v1/points/boards/").json()
    assert boards["results"][0]["id"] == board.pk
    assert api_client.get(f"/api/v1/points/boards/{board.pk}/me/?period=x").status_code == 404


def test_the_api_needs_authentication(api_client):
    assert api_client.get("/api/v1/points/balances/").status_code in {401, 403}


def test_the_points_endpoints_are_in_the_schema(api_client, staff_user):
    api_client.force_authenticate(staff_user)
    schema = api_client.get("/api/schema/", {"format": "json"}).json()
    for path in (
        "/api/v1/points/balances/",
        "/api/v1/points/postings/",
        "/api/v1/points/boards/",
        "/api/v1/points/boards/{id}/top/",
        "/api/v1/points/boards/{id}/me/",
    ):
        assert path in schema["paths"], path
