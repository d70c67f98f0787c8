"""Lottery prizes in the admin: the stock shown is what is left after prizes were won."""

import random
import re

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from points.models import PrizeItem
from quizzes import services
from quizzes.admin import PrizeInline
from quizzes.models import Campaign, Prize
from tests.accounts.factories import UserFactory
from tests.quizzes.factories import NOON, campaign_make, prize_make
from tests.quizzes.test_draws import give_draws

pytestmark = pytest.mark.django_db


@pytest.fixture
def buffet(time_machine):
    """A campaign whose only prize is a hotel buffet voucher: 3 in stock, all 3 for the lottery."""
    time_machine.move_to(NOON, tick=False)
    campaign = campaign_make()
    item = PrizeItem.objects.create(name="酒店自助餐券", stock=3)
    prize = prize_make(campaign, name="自助餐券", kind=Prize.Kind.ITEM, item=item, stock=3)
    return campaign, item, prize


def win(campaign, times: int) -> None:
    user = UserFactory()
    give_draws(user, campaign, times)
    for _i in range(times):
        assert services.draw_perform(user=user, campaign=campaign, now=NOON).kind == "item"


def test_after_three_wins_the_admin_shows_no_voucher_left(client, buffet):
    campaign, item, prize = buffet
    # when all three vouchers are won
    win(campaign, 3)
    # then the item's stock and the lottery's share are both used up
    item.refresh_from_db()
    prize.refresh_from_db()
    assert (item.stock, prize.stock) == (0, 0)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    items = client.get(reverse("admin:points_prizeitem_changelist")).content.decode()
    assert re.findall(r'field-stock">(\d+)', items) == ["0"]
    page = client.get(reverse("admin:quizzes_campaign_change", args=[campaign.pk]))
    html = page.content.decode()
    assert re.search(r'name="prizes-0-stock" value="0"', html)
    assert re.search(r'field-won">\s*<p>3</p>', html)


def test_an_item_used_up_elsewhere_is_not_won_and_the_lotterys_share_stays(buffet):
    campaign, item, prize = buffet
    prize_make(campaign, name="谢谢参与", kind=Prize.Kind.THANKS, weight=1)
    Prize.objects.filter(pk=prize.pk).update(weight=9)
    # given a leaderboard settlement took two of the three vouchers
    PrizeItem.objects.filter(pk=item.pk).update(stock=1)
    user = UserFactory()
    give_draws(user, campaign, 4)
    rng = random.Random(3)  # the same draws on every run
    outcomes = [
        services.draw_perform(user=user, campaign=campaign, now=NOON, rng=rng).kind
        for _i in range(4)
    ]
    # then one more voucher is won, never a second
    assert outcomes.count("item") == 1
    item.refresh_from_db()
    prize.refresh_from_db()
    assert (item.stock, prize.stock) == (0, 2)


def test_saving_a_page_opened_before_wins_does_not_put_the_vouchers_back(client, buffet):
    campaign, item, _prize = buffet
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = reverse("admin:points_prizeitem_change", args=[item.pk])
    # given staff opened the voucher's page while 3 were in stock
    shown = re.search(r'name="stock_shown" value="(\d+)"', client.get(url).content.decode())
    assert shown.group(1) == "3"
    # when two are won and staff then save the page, adding 5 vouchers (3 -> 8)
    win(campaign, 2)
    data = {"name": "酒店自助餐券", "kind": "goods", "description": "", "reference": ""}
    response = client.post(url, {**data, "stock": 8, "stock_shown": 3})
    # then the five are added to the one left
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.stock == 6


def test_the_prize_line_of_a_campaign_keeps_wins_made_while_it_was_open(buffet):
    campaign, _item, prize = buffet
    request = RequestFactory().get("/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    inline = PrizeInline(Campaign, admin.site)
    formset_class = inline.get_formset(request, campaign)
    prefix = formset_class.get_default_prefix()
    shown = formset_class(instance=campaign, queryset=inline.get_queryset(request)).forms[0]
    assert shown["stock_shown"].value() == 3
    # given two are won while the page is open, when it is saved with the stock untouched
    win(campaign, 2)
    data = {
        f"{prefix}-TOTAL_FORMS": "1",
        f"{prefix}-INITIAL_FORMS": "1",
        f"{prefix}-0-id": str(prize.pk),
        f"{prefix}-0-campaign": str(campaign.pk),
        f"{prefix}-0-name": "自助餐券",
        f"{prefix}-0-kind": "item",
        f"{prefix}-0-weight": "1",
        f"{prefix}-0-points": "0",
        f"{prefix}-0-item": str(prize.item_id),
        f"{prefix}-0-stock": "3",
        f"{prefix}-0-stock_shown": "3",
        f"{prefix}-0-order": "0",
    }
    formset = formset_class(data, instance=campaign, queryset=inline.get_queryset(request))
    assert formset.is_valid(), formset.errors
    formset.save()
    # then the one left stays one
    prize.refresh_from_db()
    assert prize.stock == 1


def test_deactivating_questions_in_the_admin_goes_through_the_service(
    client, time_machine, django_capture_on_commit_callbacks
):
    """Audited, and the campaign stops serving the question at once (its cached list of
    question ids is dropped), as the service does everywhere."""
    from django.contrib.auth.models import Permission

    from audit.models import AuditEntry
    from communities.models import Post
    from quizzes.models import Question
    from quizzes.services.play import campaign_question_ids
    from tests.communities.factories import appoint, make_tree
    from tests.quizzes.factories import NOON, campaign_make

    time_machine.move_to(NOON, tick=False)
    # given a community's campaign whose question list has been read (and cached)
    community = make_tree(community_names=("塔坡社区",))["塔坡社区"]["community"]
    campaign = campaign_make(community, questions=2)
    first, second = Question.objects.filter(node=community).order_by("pk")
    assert campaign_question_ids(campaign) == [first.pk, second.pk]
    staff = appoint(Post.Kind.COMMUNITY_STAFF, community).user
    staff.is_staff = True
    staff.save()
    staff.user_permissions.add(*Permission.objects.filter(content_type__app_label="quizzes"))
    client.force_login(staff)
    # when staff take the first question out of play in the admin
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:quizzes_question_changelist"),
            {"action": "deactivate", "_selected_action": [first.pk]},
        )
    # then it is inactive, audited with the actor, and no longer in the campaign's list
    first.refresh_from_db()
    assert not first.is_active
    entry = AuditEntry.objects.get(action="quizzes.question_deactivate", target_id=str(first.pk))
    assert entry.actor == staff
    assert campaign_question_ids(campaign) == [second.pk]
