import pytest
from django.core.exceptions import ValidationError

from communities.models import Residency
from points.models import Account, Currency
from points.selectors import balances_for_user, ledger_verify
from points.services import points_award
from tests.accounts.factories import UserFactory
from tests.volunteers.factories import record_direct, volunteer
from volunteers import services
from volunteers.models import HelpRequest, RelativeLink, TimeBankPolicy

pytestmark = pytest.mark.django_db
MINUTE = Currency.MINUTE


def give(user, minutes, key):
    points_award(user=user, amount=minutes, key=key, reason="测试存入", currency=MINUTE)


def minutes_of(user):
    return balances_for_user(user)[MINUTE]


def pool_of(community):
    return services.pool_account(community).balance


def verified_relative(user, relative, relation="child"):
    link = services.relative_link_request(
        user=user, relative_login=relative.phone, relation=relation
    )
    RelativeLink.objects.filter(pk=link.pk).update(status=RelativeLink.Status.VERIFIED)
    return link


def test_credits_go_to_a_verified_relative(vol):
    daughter = UserFactory()
    give(vol, 600, "t1")
    verified_relative(vol, daughter)
    services.time_transfer_to_relative(
        user=vol, relative=daughter, minutes=240, request_key="req-test-0001"
    )
    assert (minutes_of(vol), minutes_of(daughter)) == (360, 240)
    assert ledger_verify().ok


def test_credits_never_go_to_someone_who_is_not_a_recorded_relative(vol):
    stranger = UserFactory()
    give(vol, 600, "t1")
    services.relative_link_request(user=vol, relative_login=stranger.phone, relation="spouse")
    with pytest.raises(ValidationError) as error:
        services.time_transfer_to_relative(
            user=vol, relative=stranger, minutes=60, request_key="req-test-0002"
        )
    assert error.value.code == "not_a_relative"
    assert minutes_of(vol) == 600


def test_members_of_one_household_are_verified_relatives_at_once(vol, tapo):
    spouse = UserFactory()
    home = tapo["households"][0]
    for person in (vol, spouse):
        Residency.objects.create(
            user=person, household=home, relation="member", status=Residency.Status.APPROVED
        )
    link = services.relative_link_request(user=vol, relative_login=spouse.phone, relation="spouse")
    assert link.status == RelativeLink.Status.VERIFIED


def test_staff_verify_a_relation_only_in_their_community(vol, tapo_staff, baoan_staff):
    link = services.relative_link_request(
        user=vol, relative_login=UserFactory().phone, relation="parent"
    )
    with pytest.raises(ValidationError):
        services.relative_link_decide(actor=baoan_staff, link=link, approve=True)
    services.relative_link_decide(actor=tapo_staff, link=link, approve=True)
    link.refresh_from_db()
    assert link.status == RelativeLink.Status.VERIFIED


def test_a_transfer_beyond_the_balance_moves_nothing(vol):
    son = UserFactory()
    give(vol, 60, "t1")
    verified_relative(vol, son)
    with pytest.raises(ValidationError) as error:
        services.time_transfer_to_relative(
            user=vol, relative=son, minutes=61, request_key="req-test-0003"
        )
    assert error.value.code == "insufficient_balance"
    assert (minutes_of(vol), minutes_of(son)) == (60, 0)


def test_donation_goes_to_the_community_pool(vol, community):
    give(vol, 300, "t1")
    services.time_donate(user=vol, minutes=120, request_key="req-test-0004")
    assert minutes_of(vol) == 180
    assert pool_of(community) == 120
    assert ledger_verify().ok


def test_the_cap_sends_exactly_the_excess_to_the_pool(team, leader, vol, community):
    TimeBankPolicy.objects.update_or_create(pk=1, defaults={"storage_cap_hours": 10})
    give(vol, 9 * 60, "t1")
    record = record_direct(team, vol, 150)
    services.hour_record_verify(actor=leader, record=record, decision="approve")
    assert minutes_of(vol) == 600
    assert pool_of(community) == 90
    # verifying again moves nothing more
    services.hour_record_verify(actor=leader, record=record, decision="approve")
    assert (minutes_of(vol), pool_of(community)) == (600, 90)
    assert ledger_verify().ok


def test_the_cap_applies_to_credits_received_from_a_relative(vol, community):
    TimeBankPolicy.objects.update_or_create(pk=1, defaults={"storage_cap_hours": 1})
    mother = volunteer(community)
    give(vol, 100, "t1")
    give(mother, 50, "t2")
    verified_relative(vol, mother, "parent")
    services.time_transfer_to_relative(
        user=vol, relative=mother, minutes=30, request_key="req-test-0005"
    )
    assert (minutes_of(vol), minutes_of(mother), pool_of(community)) == (70, 60, 20)


def test_help_paid_in_credits_after_both_sides_confirm(community):
    elder, helper = volunteer(community), volunteer(community)
    give(elder, 180, "t1")
    request = services.help_request_create(
        user=elder, title="陪同去医院复诊", description="周三上午", minutes=120
    )
    assert minutes_of(elder) == 60  # set aside at once
    services.help_request_accept(user=helper, request=request)
    with pytest.raises(ValidationError):
        services.help_request_confirm(user=elder, request=request)  # helper has not finished
    services.help_request_mark_helped(user=helper, request=request)
    services.help_request_confirm(user=elder, request=request)
    services.help_request_confirm(user=elder, request=request)  # twice: paid once
    request.refresh_from_db()
    assert request.status == HelpRequest.Status.PAID
    assert (minutes_of(elder), minutes_of(helper)) == (60, 120)
    assert Account.objects.get(code="volunteers:help_escrow").balance == 0
    assert ledger_verify().ok


def test_a_help_request_needs_the_credits_and_a_cancel_returns_them(community):
    elder = volunteer(community)
    with pytest.raises(ValidationError) as error:
        services.help_request_create(user=elder, title="买菜", description="", minutes=60)
    assert error.value.code == "insufficient_balance"
    assert not HelpRequest.objects.exists()
    give(elder, 60, "t1")
    request = services.help_request_create(user=elder, title="买菜", description="", minutes=60)
    services.help_request_cancel(user=elder, request=request)
    assert minutes_of(elder) == 60


def test_one_cannot_accept_ones_own_help_request(community):
    elder = volunteer(community)
    give(elder, 60, "t1")
    request = services.help_request_create(user=elder, title="买菜", description="", minutes=60)
    with pytest.raises(ValidationError) as error:
        services.help_request_accept(user=elder, request=request)
    assert error.value.code == "own_request"
