import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from communities.models import Post
from notifications.models import Message
from points.models import Currency
from points.selectors import balances_for_user
from tests.accounts.factories import UserFactory
from tests.communities.factories import ResidencyFactory
from tests.volunteers.factories import member, volunteer
from volunteers import services
from volunteers.models import HourRecord, Wish

pytestmark = pytest.mark.django_db


@pytest.fixture
def resident(tapo):
    user = UserFactory(real_name="李秀英")
    ResidencyFactory(user=user, household=tapo["households"][0])
    return user


def told(user, step):
    return Message.objects.filter(recipient=user, dedupe_key__contains=f":{step}:").exists()


def test_the_wish_flow_end_to_end(resident, tapo_staff, community):
    # given a resident's wish
    wish = services.wish_post(resident=resident, title="帮忙修理漏水的水龙头")
    assert wish.node == community and told(tapo_staff, "posted")
    # when staff open it, a volunteer claims, fulfils, and the resident confirms
    services.wish_review(actor=tapo_staff, wish=wish, decision="open")
    assert told(resident, "opened")
    helper = volunteer(community)
    services.wish_claim(user=helper, wish=wish)
    assert told(resident, "claimed")
    services.wish_mark_done(user=helper, wish=wish, minutes=90, note="已更换阀芯")
    assert told(resident, "done")
    services.wish_confirm(resident=resident, wish=wish)
    # then the hours are credited once, verified by the confirmation
    wish.refresh_from_db()
    assert wish.status == Wish.Status.CONFIRMED and told(helper, "confirmed")
    record = HourRecord.objects.get(wish=wish)
    assert (record.status, record.minutes_verified) == (HourRecord.Status.VERIFIED, 90)
    assert balances_for_user(helper)[Currency.MINUTE] == 90
    services.wish_confirm(resident=resident, wish=wish)
    assert balances_for_user(helper)[Currency.MINUTE] == 90


def test_a_wish_done_cannot_make_the_helpers_day_longer_than_24_hours(
    resident, tapo_staff, community, time_machine
):
    # one fixed day for the whole test (the day's hours are counted by date)
    time_machine.move_to(
        dt.datetime(2026, 3, 2, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False
    )
    wish = services.wish_post(resident=resident, title="陪同老人看病")
    services.wish_review(actor=tapo_staff, wish=wish, decision="open")
    helper = volunteer(community)
    services.wish_claim(user=helper, wish=wish)
    services.wish_mark_done(user=helper, wish=wish, minutes=23 * 60)
    services.wish_confirm(resident=resident, wish=wish)
    second = services.wish_post(resident=resident, title="帮忙取快递")
    services.wish_review(actor=tapo_staff, wish=second, decision="open")
    services.wish_claim(user=helper, wish=second)
    with pytest.raises(ValidationError) as full:
        services.wish_mark_done(user=helper, wish=second, minutes=2 * 60)
    assert full.value.code == "day_full"
    second.refresh_from_db()
    assert second.status == Wish.Status.CLAIMED
    services.wish_mark_done(user=helper, wish=second, minutes=60)
    second.refresh_from_db()
    assert second.status == Wish.Status.DONE


def test_a_disputed_wish_credits_nothing_until_staff_settle_it(resident, tapo_staff, community):
    wish = services.wish_post(resident=resident, title="帮忙搬运旧家具")
    services.wish_review(actor=tapo_staff, wish=wish, decision="open")
    helper = volunteer(community)
    services.wish_claim(user=helper, wish=wish)
    services.wish_mark_done(user=helper, wish=wish, minutes=120)
    with pytest.raises(ValidationError):
        services.wish_dispute(resident=resident, wish=wish, reason="  ")
    services.wish_dispute(resident=resident, wish=wish, reason="只搬了一半")
    assert told(tapo_staff, "disputed") and told(helper, "disputed")
    assert balances_for_user(helper)[Currency.MINUTE] == 0
    services.wish_dispute_resolve(
        actor=tapo_staff, wish=wish, credit=True, minutes=60, reason="核实后按实际时长计"
    )
    wish.refresh_from_db()
    assert wish.status == Wish.Status.CONFIRMED
    assert balances_for_user(helper)[Currency.MINUTE] == 60


def test_a_dispute_closed_without_hours(resident, tapo_staff, community):
    wish = services.wish_post(resident=resident, title="代买药品")
    services.wish_review(actor=tapo_staff, wish=wish, decision="open")
    helper = volunteer(community)
    services.wish_claim(user=helper, wish=wish)
    services.wish_mark_done(user=helper, wish=wish, minutes=30)
    services.wish_dispute(resident=resident, wish=wish, reason="没有买到")
    services.wish_dispute_resolve(actor=tapo_staff, wish=wish, credit=False, reason="未完成")
    wish.refresh_from_db()
    assert wish.status == Wish.Status.CLOSED
    assert not HourRecord.objects.exists()


def test_a_wish_dispatched_to_a_team_is_claimed_only_by_its_members(
    resident, tapo_staff, team, leader, community
):
    wish = services.wish_post(resident=resident, title="陪老人聊天")
    services.wish_review(actor=tapo_staff, wish=wish, decision="team", team=team)
    assert told(leader, "dispatched")
    with pytest.raises(ValidationError) as error:
        services.wish_claim(user=volunteer(community), wish=wish)
    assert error.value.code == "forbidden"
    services.wish_claim(user=member(team), wish=wish)


def test_only_one_claimer_and_only_staff_in_scope_review(
    resident, baoan_staff, tapo_staff, community
):
    wish = services.wish_post(resident=resident, title="修自行车")
    with pytest.raises(ValidationError):
        services.wish_review(actor=baoan_staff, wish=wish, decision="open")
    services.wish_review(actor=tapo_staff, wish=wish, decision="open")
    services.wish_claim(user=volunteer(community), wish=wish)
    with pytest.raises(ValidationError) as error:
        services.wish_claim(user=volunteer(community), wish=wish)
    assert error.value.code == "not_open"


def test_a_party_member_without_volunteer_registration_may_claim(resident, tapo_staff, community):
    from party.services import party_member_register

    wish = services.wish_post(resident=resident, title="读报")
    services.wish_review(actor=tapo_staff, wish=wish, decision="open")
    member_user = UserFactory()
    party_member_register(actor=None, user=member_user, reported_community=community)
    services.wish_claim(user=member_user, wish=wish)


def test_declining_needs_a_reason(resident, tapo_staff):
    wish = services.wish_post(resident=resident, title="借钱")
    with pytest.raises(ValidationError):
        services.wish_review(actor=tapo_staff, wish=wish, decision="decline")
    services.wish_review(actor=tapo_staff, wish=wish, decision="decline", reason="不属于服务范围")
    assert told(resident, "declined")


def test_staff_are_community_posts(tapo_staff):
    assert Post.objects.filter(user=tapo_staff, kind=Post.Kind.COMMUNITY_STAFF).exists()


def test_opening_a_wish_tells_the_volunteers_who_could_claim_it_once(
    client, resident, tapo_staff, community, baoan, django_capture_on_commit_callbacks
):
    # given volunteers of the community, a street-level member of a team placed here, and
    # a volunteer of another community
    from tests.volunteers.factories import team_with_leader

    neighbour = volunteer(community)
    team, leader = team_with_leader(community)
    outsider_member = member(team, volunteer(baoan["community"]))
    elsewhere = volunteer(baoan["community"])
    wish = services.wish_post(resident=resident, title="帮忙取药")
    # when staff open it to claims (the volunteers are told by a task after the commit)
    with django_capture_on_commit_callbacks(execute=True):
        services.wish_review(actor=tapo_staff, wish=wish, decision="open")
    # then each suitable volunteer is told once, with a link that opens for them
    for user in (neighbour, leader, outsider_member):
        assert told(user, "claimable")
        client.force_login(user)
        assert client.get(f"/volunteers/wishes/{wish.pk}/").status_code == 200
    assert not told(elsewhere, "claimable")
    assert not told(resident, "claimable")
    keys = Message.objects.filter(dedupe_key__contains=":claimable:").values_list(
        "dedupe_key", flat=True
    )
    assert len(keys) == len(set(keys)) == 3


def test_the_claimers_task_tells_nobody_twice_nor_about_a_wish_taken_meanwhile(
    resident, tapo_staff, community
):
    from volunteers.tasks import wish_claimers_tell_task

    neighbour = volunteer(community)
    wish = services.wish_post(resident=resident, title="帮忙搬花盆")
    services.wish_review(actor=tapo_staff, wish=wish, decision="open")
    # the review's request told no volunteer itself: that is the task's work
    assert not told(neighbour, "claimable")
    assert wish_claimers_tell_task(wish.pk) == 1
    assert wish_claimers_tell_task(wish.pk) == 1  # a retried task
    assert (
        Message.objects.filter(recipient=neighbour, dedupe_key__contains=":claimable:").count() == 1
    )
    later = volunteer(community)
    services.wish_claim(user=neighbour, wish=wish)
    assert wish_claimers_tell_task(wish.pk) == 0
    assert not told(later, "claimable")


def test_a_wish_dispatched_to_a_team_tells_its_leaders_not_everyone(
    resident, tapo_staff, community, team, leader
):
    neighbour = volunteer(community)
    wish = services.wish_post(resident=resident, title="陪老人去医院")
    services.wish_review(actor=tapo_staff, wish=wish, decision="team", team=team)
    assert told(leader, "dispatched")
    assert not told(neighbour, "claimable")


def test_once_claimed_each_side_sees_the_others_name_and_phone_and_nobody_else_does(
    client, resident, tapo_staff, community
):
    # given an open wish, a volunteer who will claim it and one who will not
    wish = services.wish_post(resident=resident, title="帮忙读报纸")
    services.wish_review(actor=tapo_staff, wish=wish, decision="open")
    helper = volunteer(community, user=UserFactory(real_name="王建国", phone="13912345678"))
    other = volunteer(community)
    page = reverse("volunteers:wish", args=[wish.pk])
    # before the claim the helper sees neither the resident's name nor any phone
    client.force_login(helper)
    html = client.get(page).content.decode()
    assert "李秀英" not in html and resident.phone not in html and "tel:" not in html
    # when the helper claims it
    client.post(reverse("volunteers:wish_action", args=[wish.pk, "claim"]))
    # then the helper sees the resident's name and a button to call her full number
    html = client.get(page).content.decode()
    assert "李秀英" in html and f'href="tel:{resident.phone}"' in html
    # and the resident sees the helper's
    client.force_login(resident)
    html = client.get(page).content.decode()
    assert "王建国" in html and 'href="tel:13912345678"' in html
    # and each has it in the inbox too
    assert "13912345678" in Message.objects.get(recipient=resident, title__contains="王建国").body
    assert resident.phone in Message.objects.get(recipient=helper, title__contains="读报纸").body
    # staff see the phones masked; another volunteer does not get to the wish at all
    client.force_login(tapo_staff)
    html = client.get(page).content.decode()
    assert "139****5678" in html and "13912345678" not in html and "tel:" not in html
    client.force_login(other)
    assert client.get(page).status_code == 404


def test_the_contact_is_shown_until_the_wish_is_settled(resident, tapo_staff, community):
    wish = services.wish_post(resident=resident, title="帮忙换灯泡")
    services.wish_review(actor=tapo_staff, wish=wish, decision="open")
    helper = volunteer(community)
    assert services.wish_contact_for(wish=wish, user=resident) is None
    services.wish_claim(user=helper, wish=wish)
    shown = services.wish_contact_for(wish=Wish.objects.get(pk=wish.pk), user=resident)
    assert (shown.role, shown.phone) == ("claimer", helper.phone)
    services.wish_mark_done(user=helper, wish=wish, minutes=30)
    done = Wish.objects.get(pk=wish.pk)
    assert services.wish_contact_for(wish=done, user=helper).phone == resident.phone
    assert services.wish_contact_for(wish=done, user=tapo_staff) is None
    services.wish_confirm(resident=resident, wish=wish)
    assert services.wish_contact_for(wish=Wish.objects.get(pk=wish.pk), user=resident) is None


def test_the_api_gives_the_contact_to_the_two_sides_only(
    api_client, resident, tapo_staff, community
):
    wish = services.wish_post(resident=resident, title="帮忙取快递")
    services.wish_review(actor=tapo_staff, wish=wish, decision="open")
    helper = volunteer(community)
    api_client.force_authenticate(helper)
    claimable = api_client.get("/api/v1/volunteers/wishes/?list=claimable").json()["results"]
    assert claimable[0]["contact"] is None
    claimed = api_client.post(f"/api/v1/volunteers/wishes/{wish.pk}/claim/", {}).json()
    assert claimed["contact"] == {"role": "resident", "name": "李秀英", "phone": resident.phone}
    api_client.force_authenticate(resident)
    mine = api_client.get("/api/v1/volunteers/wishes/").json()["results"]
    assert mine[0]["contact"]["phone"] == helper.phone
    schema = api_client.get("/api/schema/?format=json").json()
    assert "contact" in schema["components"]["schemas"]["WishOut"]["properties"]
