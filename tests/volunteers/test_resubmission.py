"""No double movement of value by resubmission: transfers and donations once per request key,
at most 24 hours of service a day and no overlapping records, and a verification that lost a
race is told so (409), never silently dropped."""

import datetime as dt
import threading
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from rest_framework.test import APIClient

from communities.models import Post
from points.models import Currency, Posting
from points.selectors import balances_for_user, ledger_verify
from points.services import points_award
from tests.accounts.factories import UserFactory
from tests.communities.factories import appoint
from tests.volunteers.factories import member, pending_record, project, shift, team_with_leader
from tests.volunteers.factories import volunteer as make_volunteer
from volunteers import services
from volunteers.models import HourRecord, RelativeLink, TimeTransfer

pytestmark = pytest.mark.django_db
MINUTE = Currency.MINUTE
NOW = dt.datetime(2026, 3, 2, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def _daughter_of(vol):
    daughter = UserFactory()
    link = services.relative_link_request(user=vol, relative_login=daughter.phone, relation="child")
    RelativeLink.objects.filter(pk=link.pk).update(status=RelativeLink.Status.VERIFIED)
    return daughter


# --- request keys ----------------------------------------------------------------------------


def test_a_transfer_sent_twice_with_its_key_moves_once(clock, vol):
    points_award(user=vol, amount=600, key="seed", reason="存入", currency=MINUTE)
    daughter = _daughter_of(vol)
    first = services.time_transfer_to_relative(
        user=vol, relative=daughter, minutes=120, request_key="form-000001"
    )
    again = services.time_transfer_to_relative(
        user=vol, relative=daughter, minutes=120, request_key="form-000001"
    )
    assert (first.pk, first.is_new, again.is_new) == (again.pk, True, False)
    assert balances_for_user(vol)[MINUTE] == 480
    assert balances_for_user(daughter)[MINUTE] == 120
    # the same key for another amount is refused, and moves nothing
    with pytest.raises(ValidationError) as conflict:
        services.time_transfer_to_relative(
            user=vol, relative=daughter, minutes=60, request_key="form-000001"
        )
    assert conflict.value.code == "key_conflict"
    assert balances_for_user(vol)[MINUTE] == 480
    assert ledger_verify().ok


def test_a_resent_donation_form_donates_once(clock, client, vol):
    points_award(user=vol, amount=600, key="seed", reason="存入", currency=MINUTE)
    client.force_login(vol)
    page = client.get(reverse("volunteers:timebank"))
    key = page.context["donate_form"].initial["request_key"]
    form = {"hours": "1", "request_key": key}
    client.post(reverse("volunteers:donate"), form)
    client.post(reverse("volunteers:donate"), form)  # the browser resends the form
    assert TimeTransfer.objects.filter(sender=vol).count() == 1
    assert balances_for_user(vol)[MINUTE] == 540
    # a form without its key moves nothing
    client.post(reverse("volunteers:donate"), {"hours": "1"})
    assert balances_for_user(vol)[MINUTE] == 540


def test_a_retried_api_call_moves_once_and_the_key_is_required(clock, api_client, vol):
    points_award(user=vol, amount=600, key="seed", reason="存入", currency=MINUTE)
    daughter = _daughter_of(vol)
    api_client.force_authenticate(vol)
    url = "/api/v1/volunteers/timebank/transfer/"
    body = {"relative": daughter.pk, "minutes": 60, "request_key": "app-uuid-0001"}
    assert api_client.post(url, body).status_code == 200
    assert api_client.post(url, body).status_code == 200
    assert balances_for_user(daughter)[MINUTE] == 60
    missing = api_client.post(url, {"relative": daughter.pk, "minutes": 60})
    assert missing.status_code == 400
    assert balances_for_user(daughter)[MINUTE] == 60


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_same_key_sent_concurrently_moves_credits_once(tapo):
    vol = make_volunteer(tapo["community"])
    points_award(user=vol, amount=600, key="seed", reason="存入", currency=MINUTE)
    daughter = _daughter_of(vol)
    barrier = threading.Barrier(6)
    results = []

    def send():
        try:
            barrier.wait()
            results.append(
                services.time_transfer_to_relative(
                    user=vol, relative=daughter, minutes=60, request_key="twin-000001"
                )
            )
        except Exception as error:  # collected and asserted below
            results.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert all(isinstance(r, TimeTransfer) for r in results), results
    assert len({r.pk for r in results}) == 1
    assert balances_for_user(daughter)[MINUTE] == 60
    assert ledger_verify().ok


# --- a day holds 24 hours --------------------------------------------------------------------


def test_no_more_than_24_hours_of_service_a_day(clock, team, vol):
    today = NOW.date()
    first = pending_record(team, vol, minutes=24 * 60, service_date=today)
    for _attempt in range(2):
        with pytest.raises(ValidationError) as full:
            pending_record(team, vol, minutes=24 * 60, service_date=today)
        assert full.value.code == "day_full"
    assert "24" in full.value.messages[0]
    # a rejected record frees its day; another day is its own
    pending_record(team, vol, minutes=60, service_date=today - dt.timedelta(days=1))
    assert HourRecord.objects.filter(volunteer=vol).count() == 2
    assert first.service_date == today


def test_the_same_project_is_not_logged_twice_for_one_day(clock, team, vol):
    p = project(team)
    pending_record(team, vol, minutes=120, project=p, service_date=NOW.date())
    with pytest.raises(ValidationError) as overlap:
        pending_record(team, vol, minutes=120, project=p, service_date=NOW.date())
    assert overlap.value.code == "hours_overlap"


def test_overlapping_checked_in_shifts_count_once(clock, team, vol):
    member(team, vol)
    morning = shift(project(team), starts_in=dt.timedelta(minutes=30), hours=3)
    other = shift(project(team, title="敬老院陪护"), starts_in=dt.timedelta(minutes=30), hours=3)
    for s in (morning, other):
        services.shift_signup(user=vol, shift=s)
        services.signup_check_in(user=vol, shift=s)
    clock.shift(dt.timedelta(hours=3))
    services.signup_check_out(user=vol, shift=morning)
    with pytest.raises(ValidationError) as overlap:
        services.signup_check_out(user=vol, shift=other)
    assert overlap.value.code == "hours_overlap"
    assert HourRecord.objects.filter(volunteer=vol).count() == 1


# --- approve and adjust of one record --------------------------------------------------------


def test_an_adjust_after_an_approve_is_refused_and_says_what_was_decided(
    clock, api_client, team, leader, vol, community
):
    record = pending_record(team, vol, minutes=120)
    services.hour_record_verify(actor=leader, record=record, decision="approve")
    # the same decision again is a harmless repeat
    assert services.hour_record_verify(actor=leader, record=record, decision="approve").pk
    # a rival decision is refused with 409 and the decision taken, in Chinese
    staff = appoint(Post.Kind.COMMUNITY_STAFF, community).user
    api_client.force_authenticate(staff)
    response = api_client.post(
        f"/api/v1/volunteers/hours/{record.pk}/verify/",
        {"decision": "adjust", "minutes": 60, "reason": "实际一小时"},
    )
    assert response.status_code == 409
    assert response.json()["code"] == "record_locked"
    assert "未保存" in response.json()["detail"] and "2" in response.json()["detail"]
    record.refresh_from_db()
    assert record.minutes_verified == 120


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_approve_and_adjust_one_wins_and_the_other_is_told(tapo):
    community = tapo["community"]
    team, leader = team_with_leader(community)
    vol = make_volunteer(community)
    staff = appoint(Post.Kind.COMMUNITY_STAFF, community).user
    record = pending_record(team, vol, minutes=120)
    decisions = [
        (leader, {"decision": "approve"}),
        (staff, {"decision": "adjust", "minutes": 90, "reason": "提前离开"}),
    ]
    barrier = threading.Barrier(len(decisions))
    answers = {}

    def decide(actor, body):
        client = APIClient()
        client.force_authenticate(actor)
        try:
            barrier.wait()
            answers[body["decision"]] = client.post(
                f"/api/v1/volunteers/hours/{record.pk}/verify/", body
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=decide, args=d) for d in decisions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    codes = sorted(r.status_code for r in answers.values())
    assert codes == [200, 409]
    loser = next(r for r in answers.values() if r.status_code == 409)
    assert loser.json()["code"] == "record_locked"
    assert "未保存" in loser.json()["detail"]
    record.refresh_from_db()
    winner = next(k for k, r in answers.items() if r.status_code == 200)
    assert record.minutes_verified == (120 if winner == "approve" else 90)
    deposits = Posting.objects.filter(key=f"volunteers:hours:{record.pk}")
    assert [p.amount for p in deposits] == [record.minutes_verified]
    assert balances_for_user(vol)[MINUTE] == record.minutes_verified
