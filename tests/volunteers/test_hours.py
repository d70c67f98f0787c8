import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEntry
from notifications.models import Message
from points.models import Currency, Posting
from points.selectors import balances_for_user, ledger_verify
from tests.volunteers.factories import (
    member,
    pending_record,
    record_direct,
    team_with_leader,
    volunteer,
)
from volunteers import services
from volunteers.models import HourRecord, TimeBankPolicy, VolunteerProfile

pytestmark = pytest.mark.django_db


def minutes_of(user):
    return balances_for_user(user)[Currency.MINUTE]


def test_pending_hours_do_not_reach_the_time_bank(team, vol):
    pending_record(team, vol, minutes=90)
    assert minutes_of(vol) == 0
    assert not Posting.objects.exists()


def test_approved_hours_are_deposited_once_even_when_verified_twice(team, leader, vol):
    record = pending_record(team, vol, minutes=90)
    services.hour_record_verify(actor=leader, record=record, decision="approve")
    services.hour_record_verify(actor=leader, record=record, decision="approve")
    assert minutes_of(vol) == 90
    assert Posting.objects.filter(key=f"volunteers:hours:{record.pk}").count() == 1
    assert VolunteerProfile.objects.get(user=vol).verified_minutes == 90
    assert AuditEntry.objects.filter(action="volunteers.hours_approve").count() == 1
    assert ledger_verify().ok


def test_adjusting_needs_a_reason_and_deposits_the_adjusted_minutes(team, leader, vol):
    record = pending_record(team, vol, minutes=240)
    with pytest.raises(ValidationError) as error:
        services.hour_record_verify(actor=leader, record=record, decision="adjust", minutes=180)
    assert error.value.code == "reason_required"
    services.hour_record_verify(
        actor=leader, record=record, decision="adjust", minutes=180, reason="提前一小时离场"
    )
    record.refresh_from_db()
    assert (record.status, record.minutes_verified, record.reason) == (
        HourRecord.Status.VERIFIED,
        180,
        "提前一小时离场",
    )
    assert minutes_of(vol) == 180


def test_a_rejected_record_moves_nothing_and_stays_locked(team, leader, vol):
    record = pending_record(team, vol)
    with pytest.raises(ValidationError):
        services.hour_record_verify(actor=leader, record=record, decision="reject")
    services.hour_record_verify(actor=leader, record=record, decision="reject", reason="当天未到场")
    assert minutes_of(vol) == 0
    assert not Posting.objects.exists()
    with pytest.raises(ValidationError) as error:
        services.hour_record_verify(actor=leader, record=record, decision="approve")
    assert error.value.code == "record_locked"


def test_a_leader_of_another_team_cannot_verify(team, vol, community):
    _other_team, other_leader = team_with_leader(community, name="医疗健康服务队")
    record = pending_record(team, vol)
    with pytest.raises(ValidationError) as error:
        services.hour_record_verify(actor=other_leader, record=record, decision="approve")
    assert error.value.code == "forbidden"
    assert minutes_of(vol) == 0


def test_staff_of_the_community_verify_but_staff_elsewhere_cannot(
    team, vol, tapo_staff, baoan_staff
):
    record = pending_record(team, vol)
    with pytest.raises(ValidationError):
        services.hour_record_verify(actor=baoan_staff, record=record, decision="approve")
    services.hour_record_verify(actor=tapo_staff, record=record, decision="approve")
    assert minutes_of(vol) == 120


def test_nobody_verifies_their_own_hours(team, leader):
    record = pending_record(team, leader)
    with pytest.raises(ValidationError) as error:
        services.hour_record_verify(actor=leader, record=record, decision="approve")
    assert error.value.code == "forbidden"


def test_a_deputy_verifies_for_the_team(team, leader, vol):
    deputy = member(team)
    membership = deputy.volunteer_memberships.get(team=team)
    services.membership_set_role(actor=leader, membership=membership, role="deputy")
    record = pending_record(team, vol)
    services.hour_record_verify(actor=deputy, record=record, decision="approve")
    assert minutes_of(vol) == 120


@pytest.mark.parametrize(
    ("hours", "stars"),
    [
        (0, 0),
        (99.99, 0),
        (100, 1),
        (299.99, 1),
        (300, 2),
        (600, 3),
        (999.99, 3),
        (1000, 4),
        (1499.99, 4),
        (1500, 5),
        (3000, 5),
    ],
)
def test_star_thresholds_at_the_boundaries(db, hours, stars):
    assert services.star_level(round(hours * 60)) == stars


def test_star_thresholds_follow_the_policy(db):
    TimeBankPolicy.objects.update_or_create(pk=1, defaults={"star1_hours": 50})
    assert services.star_level(50 * 60) == 1


def test_a_volunteer_is_told_when_promoted_to_a_star(team, leader, vol):
    first = record_direct(team, vol, 99 * 60)
    services.hour_record_verify(actor=leader, record=first, decision="approve")
    assert VolunteerProfile.objects.get(user=vol).stars == 0
    yesterday = first.service_date - dt.timedelta(days=1)  # the first filled its day
    second = pending_record(team, vol, minutes=60, service_date=yesterday)
    services.hour_record_verify(actor=leader, record=second, decision="approve")
    assert VolunteerProfile.objects.get(user=vol).stars == 1
    assert Message.objects.filter(recipient=vol, dedupe_key=f"volunteers:stars:{vol.pk}:1").exists()


def test_verified_hours_convert_to_points_when_staff_set_a_rate(team, leader, vol):
    TimeBankPolicy.objects.update_or_create(pk=1, defaults={"points_per_hour": 10})
    record = pending_record(team, vol, minutes=90)
    services.hour_record_verify(actor=leader, record=record, decision="approve")
    assert balances_for_user(vol) == {Currency.POINT: 15, Currency.MINUTE: 90}


def test_hand_logged_hours_must_fall_in_the_project_and_not_the_future(team, vol):
    import datetime as dt

    from django.utils import timezone

    from tests.volunteers.factories import project

    p = project(team)
    with pytest.raises(ValidationError) as error:
        services.hour_record_log(
            user=vol,
            project=p,
            service_date=timezone.localdate() + dt.timedelta(days=1),
            minutes=60,
            content="",
        )
    assert error.value.code == "future_date"
    with pytest.raises(ValidationError) as error:
        services.hour_record_log(
            user=vol,
            project=p,
            service_date=p.starts_on - dt.timedelta(days=1),
            minutes=60,
            content="",
        )
    assert error.value.code == "outside_project"
    with pytest.raises(ValidationError) as error:
        services.hour_record_log(
            user=vol, project=p, service_date=p.starts_on, minutes=0, content=""
        )
    assert error.value.code == "invalid_minutes"


def test_volunteer_numbers_are_assigned_and_unique(community):
    a, b = volunteer(community), volunteer(community)
    numbers = {a.volunteer_profile.number, b.volunteer_profile.number}
    assert len(numbers) == 2
    assert all(n.startswith("440604001") for n in numbers)


def test_a_leaders_decisions_on_several_records_are_saved_together_or_not_at_all(
    team, leader, community
):
    # given three pending records of three volunteers
    first, second, third = (
        pending_record(team, volunteer(community), minutes=60) for _i in range(3)
    )
    decide = services.VerifyDecision
    # when the leader approves one, changes one without a reason and rejects one with a reason
    with pytest.raises(services.VerificationRefused) as refused:
        services.hour_records_verify(
            actor=leader,
            decisions=[
                decide(record=first, decision="approve"),
                decide(record=second, decision="adjust", minutes=30),
                decide(record=third, decision="reject", reason="重复记录"),
            ],
        )
    # then the refused record is named with the reason, and nothing at all was saved
    assert refused.value.failures == {second.pk: "调整时长请填写理由。"}
    assert set(HourRecord.objects.values_list("status", flat=True)) == {"pending"}
    assert not Posting.objects.exists() and not Message.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="volunteers.hours_").exists()
    # when the leader adds the reason, all three are saved
    services.hour_records_verify(
        actor=leader,
        decisions=[
            decide(record=first, decision="approve"),
            decide(record=second, decision="adjust", minutes=30, reason="实际服务半小时"),
            decide(record=third, decision="reject", reason="重复记录"),
        ],
    )
    assert minutes_of(first.volunteer) == 60 and minutes_of(second.volunteer) == 30
    assert HourRecord.objects.get(pk=third.pk).status == HourRecord.Status.REJECTED


def test_a_record_decided_meanwhile_by_someone_else_refuses_the_whole_form(
    team, leader, tapo_staff, community
):
    first, second = (pending_record(team, volunteer(community)) for _i in range(2))
    services.hour_record_verify(actor=tapo_staff, record=second, decision="reject", reason="无效")
    with pytest.raises(services.VerificationRefused) as refused:
        services.hour_records_verify(
            actor=leader,
            decisions=[
                services.VerifyDecision(record=first, decision="approve"),
                services.VerifyDecision(record=second, decision="approve"),
            ],
        )
    assert list(refused.value.failures) == [second.pk]
    assert refused.value.failures[second.pk].startswith("未保存：")
    assert HourRecord.objects.get(pk=first.pk).status == HourRecord.Status.PENDING
