import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from points.models import Currency
from points.selectors import balances_for_user
from tests.volunteers.factories import pending_record, project, shift, team_with_leader, volunteer
from volunteers import services

pytestmark = pytest.mark.django_db


def test_register_and_read_my_profile(api_client, user, community):
    api_client.force_authenticate(user)
    assert api_client.get("/api/v1/volunteers/me/").json()["code"] == "not_a_volunteer"
    response = api_client.post("/api/v1/volunteers/register/", {"community": community.pk})
    assert response.status_code == 201
    assert response.json()["number"].startswith("440604001")
    again = api_client.post("/api/v1/volunteers/register/", {"community": community.pk})
    assert (again.status_code, again.json()["code"]) == (400, "already_registered")


def test_shift_sign_up_waitlist_and_cancel(api_client, team, community):
    the_shift = shift(project(team), capacity=1)
    first, second = volunteer(community), volunteer(community)
    api_client.force_authenticate(first)
    signup = api_client.post(f"/api/v1/volunteers/shifts/{the_shift.pk}/signup/").json()
    assert signup["status"] == "confirmed"
    api_client.force_authenticate(second)
    assert (
        api_client.post(f"/api/v1/volunteers/shifts/{the_shift.pk}/signup/").json()["status"]
        == "waitlisted"
    )
    api_client.force_authenticate(first)
    api_client.post(f"/api/v1/volunteers/signups/{signup['id']}/cancel/")
    api_client.force_authenticate(second)
    listed = api_client.get("/api/v1/volunteers/shifts/").json()["results"][0]
    assert (listed["confirmed_count"], listed["waitlist_count"]) == (1, 0)


def test_check_in_and_out_with_the_qr_value(api_client, team, vol, time_machine):
    the_shift = shift(project(team), starts_in=dt.timedelta(hours=3))
    services.shift_signup(user=vol, shift=the_shift)
    api_client.force_authenticate(vol)
    time_machine.move_to(the_shift.starts_at, tick=False)
    url = f"http://testserver/volunteers/checkin/{services.checkin_token(the_shift, 'in')}/"
    assert api_client.post("/api/v1/volunteers/checkin/", {"token": url}).json()["checked_in_at"]
    time_machine.move_to(the_shift.starts_at + dt.timedelta(minutes=45), tick=False)
    api_client.post(
        "/api/v1/volunteers/checkin/", {"token": services.checkin_token(the_shift, "out")}
    )
    hours = api_client.get("/api/v1/volunteers/hours/").json()["results"]
    assert (hours[0]["minutes_claimed"], hours[0]["status"]) == (45, "pending")
    forged = api_client.post("/api/v1/volunteers/checkin/", {"token": "abc:def"})
    assert forged.json()["code"] == "invalid_code"


def test_verify_through_the_api_and_refusals(api_client, team, leader, vol, community):
    record = pending_record(team, vol, minutes=60)
    _other, other_leader = team_with_leader(community, name="治安巡逻队")
    api_client.force_authenticate(other_leader)
    assert (
        api_client.post(
            f"/api/v1/volunteers/hours/{record.pk}/verify/", {"decision": "approve"}
        ).status_code
        == 404
    )
    api_client.force_authenticate(leader)
    assert [
        r["id"] for r in api_client.get("/api/v1/volunteers/hours/pending/").json()["results"]
    ] == [record.pk]
    refused = api_client.post(
        f"/api/v1/volunteers/hours/{record.pk}/verify/", {"decision": "reject"}
    )
    assert (refused.status_code, refused.json()["code"]) == (400, "reason_required")
    ok = api_client.post(f"/api/v1/volunteers/hours/{record.pk}/verify/", {"decision": "approve"})
    assert ok.json()["status"] == "verified"
    assert balances_for_user(vol)[Currency.MINUTE] == 60


def test_log_hours_by_hand(api_client, team, vol):
    p = project(team)
    api_client.force_authenticate(vol)
    response = api_client.post(
        "/api/v1/volunteers/hours/",
        {
            "project": p.pk,
            "service_date": p.starts_on.isoformat(),
            "minutes": 90,
            "content": "巡逻",
        },
    )
    assert response.status_code == 201 and response.json()["status"] == "pending"


def test_time_bank_donation_and_transfer_refusal(api_client, vol):
    from points.services import points_award
    from tests.accounts.factories import UserFactory

    points_award(user=vol, amount=120, key="t", reason="t", currency=Currency.MINUTE)
    api_client.force_authenticate(vol)
    assert (
        api_client.post(
            "/api/v1/volunteers/timebank/donate/", {"minutes": 30, "request_key": "req-api-0001"}
        ).json()["balance_minutes"]
        == 90
    )
    stranger = UserFactory()
    refused = api_client.post(
        "/api/v1/volunteers/timebank/transfer/",
        {"relative": stranger.pk, "minutes": 30, "request_key": "req-api-0002"},
    )
    assert refused.json()["code"] == "not_a_relative"
    too_much = api_client.post(
        "/api/v1/volunteers/timebank/donate/", {"minutes": 91, "request_key": "req-api-0003"}
    )
    assert too_much.json()["code"] == "insufficient_balance"


def test_wishes_and_help_requests_through_the_api(api_client, tapo, tapo_staff, community):
    from points.services import points_award
    from tests.accounts.factories import UserFactory
    from tests.communities.factories import ResidencyFactory

    resident = UserFactory()
    ResidencyFactory(user=resident, household=tapo["households"][0])
    api_client.force_authenticate(resident)
    wish_id = api_client.post("/api/v1/volunteers/wishes/", {"title": "修门锁"}).json()["id"]
    services.wish_review(actor=tapo_staff, wish=resident.wishes.get(), decision="open")
    helper = volunteer(community)
    api_client.force_authenticate(helper)
    assert [
        w["id"]
        for w in api_client.get("/api/v1/volunteers/wishes/?list=claimable").json()["results"]
    ] == [wish_id]
    api_client.post(f"/api/v1/volunteers/wishes/{wish_id}/claim/", {})
    api_client.post(f"/api/v1/volunteers/wishes/{wish_id}/done/", {"minutes": 40})
    api_client.force_authenticate(resident)
    disputed = api_client.post(
        f"/api/v1/volunteers/wishes/{wish_id}/dispute/", {"reason": "锁还是坏的"}
    )
    assert disputed.json()["status"] == "disputed"
    # help requests
    points_award(user=resident, amount=60, key="t", reason="t", currency=Currency.MINUTE)
    help_id = api_client.post("/api/v1/volunteers/help/", {"title": "买菜", "minutes": 60}).json()[
        "id"
    ]
    api_client.force_authenticate(helper)
    assert (
        api_client.post(f"/api/v1/volunteers/help/{help_id}/accept/").json()["status"] == "accepted"
    )
    api_client.post(f"/api/v1/volunteers/help/{help_id}/helped/")
    api_client.force_authenticate(resident)
    assert api_client.post(f"/api/v1/volunteers/help/{help_id}/confirm/").json()["status"] == "paid"
    assert balances_for_user(helper)[Currency.MINUTE] == 60


def test_certificate_check_is_public_and_rejects_forgeries(api_client, team, leader, vol):
    from django.utils import timezone

    record = pending_record(team, vol, minutes=60)
    services.hour_record_verify(actor=leader, record=record, decision="approve")
    api_client.force_authenticate(vol)
    today = timezone.localdate().isoformat()
    issued = api_client.post(
        "/api/v1/volunteers/certificates/", {"period_from": today, "period_to": today}
    ).json()
    assert issued["minutes"] == 60
    api_client.force_authenticate(None)
    assert (
        api_client.get(f"/api/v1/volunteers/certificates/check/{issued['number']}/").json()[
            "minutes"
        ]
        == 60
    )
    assert (
        api_client.get("/api/v1/volunteers/certificates/check/ZYZM-20260101-DEADBEEF/").status_code
        == 404
    )


def test_list_endpoints_have_flat_query_counts(api_client, team, leader, community):
    p = project(team)
    vols = [volunteer(community) for _ in range(2)]
    for v in vols:
        pending_record(team, v, project=p)
        shift(p)
    api_client.force_authenticate(leader)
    urls = [
        "/api/v1/volunteers/shifts/",
        "/api/v1/volunteers/hours/pending/",
        "/api/v1/volunteers/teams/",
    ]
    before = {}
    for url in urls:
        api_client.get(url)  # warm per-process caches
    for url in urls:
        with CaptureQueriesContext(connection) as ctx:
            api_client.get(url)
        before[url] = len(ctx)
    for _ in range(6):
        v = volunteer(community)
        pending_record(team, v, project=p)
        shift(p)
        team_with_leader(community, name=f"服务队{v.pk}")
    for url in urls:
        with CaptureQueriesContext(connection) as ctx:
            api_client.get(url)
        assert len(ctx) == before[url], url
