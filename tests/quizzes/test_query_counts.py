"""The quizzes' list pages and endpoints not covered elsewhere keep a flat query count as rows
grow: the staff's campaign list, a resident's prizes, the leaderboards (page and API)."""

import pytest
from django.conf import settings
from django.urls import reverse

from communities.models import Post
from quizzes import services
from quizzes.models import Participant, Prize
from tests.accounts.factories import UserFactory
from tests.communities.factories import appoint, make_tree
from tests.querycount import assert_flat, layout_queries, scope_queries
from tests.quizzes.conftest import answer
from tests.quizzes.factories import NOON, campaign_make, prize_make

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fixed_instant(time_machine):
    time_machine.move_to(NOON, tick=False)


def test_the_staff_campaign_list_keeps_a_flat_query_count(client):
    tree = make_tree(community_names=("塔坡社区",))
    community = tree["塔坡社区"]["community"]
    campaign_make(community, questions=0)
    client.force_login(appoint(Post.Kind.COMMUNITY_STAFF, community).user)
    assert_flat(
        client,
        reverse("quizzes:staff_campaigns"),
        lambda: [campaign_make(community, questions=0) for _ in range(4)],
    )


def test_my_prizes_keep_a_flat_query_count(client):
    campaign = campaign_make(streak_length=1)
    prize_make(campaign, name="1积分", kind=Prize.Kind.POINTS, points=1)
    user = UserFactory()
    participant = services.participant_start(user=user, campaign=campaign, now=NOON)
    Participant.objects.filter(pk=participant.pk).update(draws_earned=20)

    def draws(count):
        for _ in range(count):
            services.draw_perform(user=user, campaign=campaign, now=NOON)

    draws(1)
    client.force_login(user)
    assert_flat(client, reverse("quizzes:prizes", args=[campaign.pk]), lambda: draws(5))


def test_the_leaderboards_keep_a_flat_query_count(client, api_client):
    campaign = campaign_make(streak_length=1)
    me = UserFactory()
    answer(me, campaign, right=True, now=NOON)

    def players(count):
        for _ in range(count):
            answer(UserFactory(), campaign, right=True, now=NOON)

    client.force_login(me)
    url = reverse("quizzes:leaderboard", args=[campaign.pk])
    page = assert_flat(client, url, lambda: players(4))
    api_client.force_authenticate(me)
    api_url = reverse("api-quizzes-leaderboard", args=[campaign.pk])
    api = assert_flat(api_client, api_url, lambda: players(4))
    if settings.REDIS_URL:
        # With the top lists in Redis: the campaign with its boards, the scores (mine and the
        # listed names' check), each one prepared statement, on the page and in the API.
        assert page == layout_queries(client) + 2
        assert api == 2


def test_the_play_page_keeps_a_flat_query_count_as_answers_grow(client):
    campaign = campaign_make(questions=3, streak_length=1)
    me = UserFactory()
    answer(me, campaign, right=True, now=NOON)

    def answers(count):
        for i in range(count):
            answer(me, campaign, right=i % 2 == 0, now=NOON)

    client.force_login(me)
    # The campaign with its place, the participant with its pending question, the question's
    # options and the day's record: one prepared statement (quizzes.services.current).
    url = reverse("quizzes:play", args=[campaign.pk])
    assert assert_flat(client, url, lambda: answers(4)) == layout_queries(client) + 1


def test_the_quiz_list_is_one_query_on_the_layout(client):
    campaign_make(questions=0)
    client.force_login(UserFactory())
    # The campaigns with their places: one prepared statement, whatever their number.
    url = reverse("quizzes:list")
    more = lambda: [campaign_make(questions=0) for _ in range(3)]  # noqa: E731
    assert assert_flat(client, url, more) == layout_queries(client) + scope_queries() + 1
