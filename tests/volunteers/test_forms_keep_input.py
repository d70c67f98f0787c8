"""A refused form comes back with what was typed and the reason; nothing is saved."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from notifications.models import Message
from tests.accounts.factories import UserFactory
from tests.communities.factories import ResidencyFactory
from tests.volunteers.factories import project, shift, volunteer
from volunteers import services
from volunteers.models import Membership, RelativeLink, Shift, Wish

pytestmark = pytest.mark.django_db


def test_donating_more_than_the_balance_keeps_the_amount_typed(client, vol):
    client.force_login(vol)
    response = client.post(
        reverse("volunteers:donate"), {"hours": "2.5", "request_key": "donate-key-0001"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="hours" value="2.5"' in html and "不足" in html


def test_a_relative_not_found_keeps_the_number_and_the_relation(client, vol):
    client.force_login(vol)
    response = client.post(
        reverse("volunteers:relative_add"), {"phone": "13700001111", "relation": "child"}
    )
    html = response.content.decode()
    assert "没有找到这个手机号对应的账户。" in html
    assert 'value="13700001111"' in html and '<option value="child" selected>' in html
    assert "<details open>" in html  # the form is not folded away
    assert not RelativeLink.objects.exists()


def test_asking_to_join_before_registering_keeps_the_message(client, team):
    resident = UserFactory()
    client.force_login(resident)
    response = client.post(
        reverse("volunteers:team_join", args=[team.pk]), {"message": "我周末有空"}
    )
    html = response.content.decode()
    assert "志愿者" in html and "我周末有空" in html
    assert not Membership.objects.filter(user=resident).exists()


@pytest.fixture
def wish_claimed(tapo, tapo_staff, community):
    resident = UserFactory(real_name="李秀英")
    ResidencyFactory(user=resident, household=tapo["households"][0])
    wish = services.wish_post(resident=resident, title="帮忙修理漏水的水龙头")
    services.wish_review(actor=tapo_staff, wish=wish, decision="open")
    helper = volunteer(community)
    services.wish_claim(user=helper, wish=wish)
    return wish, helper


def test_too_many_hours_for_a_wish_keeps_the_note(client, wish_claimed):
    wish, helper = wish_claimed
    client.force_login(helper)
    response = client.post(
        reverse("volunteers:wish_action", args=[wish.pk, "done"]),
        {"hours": "30", "note": "更换了阀芯和软管"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "更换了阀芯和软管" in html and 'value="30"' in html
    assert Wish.objects.get(pk=wish.pk).status == Wish.Status.CLAIMED


def test_declining_a_wish_without_a_reason_keeps_the_decision(client, tapo, tapo_staff):
    resident = UserFactory()
    ResidencyFactory(user=resident, household=tapo["households"][0])
    wish = services.wish_post(resident=resident, title="帮忙买菜")
    client.force_login(tapo_staff)
    response = client.post(
        reverse("volunteers:wish_action", args=[wish.pk, "review"]), {"decision": "decline"}
    )
    html = response.content.decode()
    assert "请告诉居民原因。" in html
    assert re.search(r'value="decline"[^>]*checked', html)
    assert Wish.objects.get(pk=wish.pk).status == Wish.Status.SUBMITTED


def test_cancelling_a_started_shift_keeps_the_reason(client, team, leader, time_machine):
    the_shift = shift(project(team), starts_in=dt.timedelta(hours=1))
    time_machine.move_to(the_shift.starts_at + dt.timedelta(minutes=5), tick=False)
    client.force_login(leader)
    response = client.post(
        reverse("volunteers:organise_shift_cancel", args=[the_shift.pk]), {"reason": "暴雨预警"}
    )
    html = response.content.decode()
    assert "该班次已经开始了。" in html and "暴雨预警" in html
    assert Shift.objects.get(pk=the_shift.pk).status != Shift.Status.CANCELLED
    assert not Message.objects.filter(title__contains="取消").exists()
