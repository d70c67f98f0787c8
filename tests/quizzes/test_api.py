import pytest
from django.urls import reverse

from communities.models import Post
from quizzes.models import Participant, Prize
from tests.accounts.factories import UserFactory
from tests.communities.factories import ResidencyFactory, make_tree
from tests.quizzes.factories import NOON, campaign_make, prize_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(time_machine):
    time_machine.move_to(NOON, tick=False)
    return campaign_make(streak_length=1)


def test_a_resident_plays_through_the_api(api_client, campaign):
    prize_make(campaign, name="5积分", kind=Prize.Kind.POINTS, points=5)
    user = UserFactory()
    api_client.force_authenticate(user)
    assert api_client.post(reverse("api-quizzes-start", args=[campaign.pk])).status_code == 200
    question = api_client.get(reverse("api-quizzes-next", args=[campaign.pk])).json()
    assert set(question) == {"token", "kind", "text", "category", "choices", "expires_at"}
    assert all(set(c) == {"id", "text"} for c in question["choices"])
    from quizzes.models import ServedQuestion

    right = ServedQuestion.objects.get().question.choices.get(is_correct=True).pk
    answer = api_client.post(
        reverse("api-quizzes-answer"),
        {"token": question["token"], "choices": [right]},
        format="json",
    )
    assert answer.status_code == 200
    assert answer.json()["is_correct"] and answer.json()["draws_available"] == 1
    replay = api_client.post(
        reverse("api-quizzes-answer"),
        {"token": question["token"], "choices": [right]},
        format="json",
    )
    assert replay.status_code == 400 and replay.json()["code"] == "already_answered"
    draw = api_client.post(reverse("api-quizzes-draw", args=[campaign.pk]))
    assert draw.status_code == 201 and draw.json()["outcome"] == "5积分"
    me = api_client.get(reverse("api-quizzes-me", args=[campaign.pk])).json()
    assert (me["points"], me["draws_available"]) == (1, 0)
    board = api_client.get(reverse("api-quizzes-leaderboard", args=[campaign.pk])).json()
    assert board["campaign"]["my_rank"] == 1


def test_a_forged_token_gets_a_clear_error_code(api_client, campaign):
    api_client.force_authenticate(UserFactory())
    response = api_client.post(
        reverse("api-quizzes-answer"), {"token": "forged", "choices": [1]}, format="json"
    )
    assert response.status_code == 400 and response.json()["code"] == "invalid_token"


def test_drawing_too_fast_is_refused_with_429(api_client, campaign, settings):
    settings.QUIZZES_RATES = {"draw": "1/m"}
    user = UserFactory()
    api_client.force_authenticate(user)
    participant = Participant.objects.create(campaign=campaign, user=user, draws_earned=5)
    assert participant.pk
    assert api_client.post(reverse("api-quizzes-draw", args=[campaign.pk])).status_code == 201
    response = api_client.post(reverse("api-quizzes-draw", args=[campaign.pk]))
    assert response.status_code == 429 and response.json()["code"] == "rate_limited"


def test_with_the_cache_down_draws_still_work_and_their_limit_is_counted_in_the_database(
    api_client, campaign, settings, monkeypatch
):
    from quizzes import limits

    def cache_down(key, period):
        raise ConnectionError("redis is away")

    monkeypatch.setattr(limits, "_count", cache_down)
    settings.QUIZZES_RATES = {"draw": "2/m"}
    user = UserFactory()
    api_client.force_authenticate(user)
    Participant.objects.create(campaign=campaign, user=user, draws_earned=5)
    draw_url = reverse("api-quizzes-draw", args=[campaign.pk])
    assert api_client.post(draw_url).status_code == 201
    assert api_client.post(draw_url).status_code == 201
    response = api_client.post(draw_url)
    assert response.status_code == 429 and response.json()["code"] == "rate_limited"
    assert Participant.objects.get(user=user).draws_used == 2


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"token": "", "choices": [1]}, "token"),
        ({"token": "t"}, "choices"),
        ({"token": "t", "choices": []}, "choices"),
        ({"token": "t", "choices": ["一"]}, "choices"),
        ({"token": "t", "choices": [True]}, "choices"),
        ({"token": "t", "choices": list(range(7))}, "choices"),
        ({"token": ["t"], "choices": [1]}, "token"),
    ],
)
def test_a_malformed_answer_gets_the_field_errors(api_client, campaign, body, field):
    api_client.force_authenticate(UserFactory())
    response = api_client.post(reverse("api-quizzes-answer"), body, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid" and field in response.json()["errors"]


def test_choice_ids_sent_as_strings_are_taken_like_numbers(api_client, campaign):
    from quizzes import services

    user = UserFactory()
    api_client.force_authenticate(user)
    served = services.question_serve(user=user, campaign=campaign)
    right = served.question.choices.get(is_correct=True).pk
    response = api_client.post(
        reverse("api-quizzes-answer"), {"token": served.token, "choices": [str(right)]}, "json"
    )
    assert response.status_code == 200 and response.json()["is_correct"]


def test_answering_faster_than_the_rate_is_refused_with_429_and_counts_nothing(
    api_client, campaign, settings, time_machine
):
    from quizzes import services

    settings.QUIZZES_RATES = {"answer": "3/m"}
    user = UserFactory()
    api_client.force_authenticate(user)

    def answer_right():
        served = services.question_serve(user=user, campaign=campaign)
        right = served.question.choices.get(is_correct=True).pk
        return api_client.post(
            reverse("api-quizzes-answer"), {"token": served.token, "choices": [right]}, "json"
        )

    assert [answer_right().status_code for _i in range(3)] == [200, 200, 200]
    refused = answer_right()
    assert refused.status_code == 429 and refused.json()["code"] == "rate_limited"
    assert "太快" in refused.json()["detail"]
    participant = Participant.objects.get(user=user)
    assert (participant.answers, participant.points, participant.streak) == (3, 3, 3)
    # The question refused is still there to answer once the minute is over.
    time_machine.shift(60)
    assert answer_right().status_code == 200
    participant.refresh_from_db()
    assert (participant.answers, participant.points) == (4, 4)


def test_a_community_campaign_is_404_for_another_community(api_client):
    tree = make_tree(community_names=("塔坡社区", "保安社区"))
    campaign = campaign_make(tree["塔坡社区"]["community"])
    outsider = ResidencyFactory(household=tree["保安社区"]["households"][0]).user
    api_client.force_authenticate(outsider)
    for name in ("api-quizzes-next", "api-quizzes-me", "api-quizzes-leaderboard"):
        assert api_client.get(reverse(name, args=[campaign.pk])).status_code == 404
    assert api_client.post(reverse("api-quizzes-draw", args=[campaign.pk])).status_code == 404
    listed = api_client.get(reverse("api-quizzes-list")).json()
    assert campaign.pk not in [row["id"] for row in listed["results"]]


def test_the_campaign_list_endpoint_has_a_flat_query_count(api_client, time_machine):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    time_machine.move_to(NOON, tick=False)
    tree = make_tree()
    user = UserFactory()
    campaign_make(tree["street"], questions=0)

    def count() -> int:
        # Each request loads its user afresh (the scope and homes are kept per request).
        api_client.force_authenticate(type(user).objects.get(pk=user.pk))
        with CaptureQueriesContext(connection) as queries:
            assert api_client.get(reverse("api-quizzes-list")).status_code == 200
        return len(queries)

    count()  # warm: the first request keeps the user's scope and homes (shared cache)
    one = count()
    for _i in range(4):
        campaign_make(tree["street"], questions=0)
    # (scope, user's places where not kept,) page count, campaigns with their places:
    # the same for 1 or 5
    assert count() == one


def test_the_api_is_in_the_schema(api_client):
    api_client.force_authenticate(UserFactory(is_staff=True, is_superuser=True))
    schema = api_client.get("/api/schema/").content.decode()
    for path in (
        "/api/v1/quizzes/answer/",
        "/api/v1/quizzes/{id}/next/",
        "/api/v1/quizzes/{id}/draw/",
    ):
        assert path in schema


def test_admin_lists_only_campaigns_in_scope(client):
    from tests.communities.factories import appoint

    tree = make_tree(community_names=("塔坡社区", "保安社区"))
    mine = campaign_make(tree["塔坡社区"]["community"])
    theirs = campaign_make(tree["保安社区"]["community"])
    staff = appoint(Post.Kind.COMMUNITY_STAFF, tree["塔坡社区"]["community"])
    staff.user.is_staff = True
    staff.user.save()
    from django.contrib.auth.models import Permission

    staff.user.user_permissions.add(*Permission.objects.filter(content_type__app_label="quizzes"))
    client.force_login(staff.user)
    listing = client.get(reverse("admin:quizzes_campaign_changelist")).content.decode()
    assert mine.title in listing
    assert client.get(reverse("admin:quizzes_campaign_change", args=[mine.pk])).status_code == 200
    assert client.get(reverse("admin:quizzes_campaign_change", args=[theirs.pk])).status_code == 404
    form = client.get(reverse("admin:quizzes_campaign_add")).context["adminform"].form
    assert list(form.fields["node"].queryset) == [
        n for n in form.fields["node"].queryset if n.is_descendant_of(tree["塔坡社区"]["community"])
    ]
    assert tree["保安社区"]["community"] not in form.fields["node"].queryset


def test_the_phone_app_answers_with_its_token_and_gets_the_documented_fields(api_client, campaign):
    # given a resident logged in with an API token (the phone app's way), and a served question
    from accounts.tokens import api_token_issue
    from quizzes.api.serializers import AnswerOutSerializer
    from quizzes.models import ServedQuestion

    user = UserFactory()
    key = api_token_issue(user=user)
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    question = api_client.get(reverse("api-quizzes-next", args=[campaign.pk])).json()
    right = ServedQuestion.objects.get().question.choices.get(is_correct=True).pk
    # when it answers
    answer = api_client.post(
        reverse("api-quizzes-answer"),
        {"token": question["token"], "choices": [right]},
        format="json",
    )
    # then the hand-built response has exactly the fields the schema documents
    assert answer.status_code == 200
    assert set(answer.json()) == set(AnswerOutSerializer().fields)
    assert answer.json()["points"] == 1 and answer.json()["correct_choices"] == [right]
    # and a wrong or inactive user's token is refused
    # (403, not 401: session log-in comes first, as everywhere in the API)
    api_client.credentials(HTTP_AUTHORIZATION="Token wrong")
    refused = api_client.post(reverse("api-quizzes-answer"), {}, format="json")
    assert (refused.status_code, refused.json()["code"]) == (403, "authentication_failed")
    user.is_active = False
    user.save(update_fields=["is_active"])
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    refused = api_client.post(reverse("api-quizzes-answer"), {}, format="json")
    assert (refused.status_code, refused.json()["code"]) == (403, "authentication_failed")


def test_the_answer_that_reaches_the_daily_cap_says_so(api_client, time_machine):
    # given a campaign paying 1 point a correct answer, at most 2 a day
    time_machine.move_to(NOON, tick=False)
    campaign = campaign_make(streak_length=1, daily_point_cap=2)
    api_client.force_authenticate(UserFactory())

    def answer_right():
        from quizzes.models import ServedQuestion

        token = api_client.get(reverse("api-quizzes-next", args=[campaign.pk])).json()["token"]
        served = ServedQuestion.objects.filter(answered_at__isnull=True).get()
        right = served.question.choices.get(is_correct=True).pk
        return api_client.post(
            reverse("api-quizzes-answer"), {"token": token, "choices": [right]}, format="json"
        ).json()

    # when the first, second and third right answers come in
    first, second, third = answer_right(), answer_right(), answer_right()
    # then the first says nothing, the second (reaching 2) and third (earning none) say so
    assert (first["points"], first["daily_cap_reached"], first["notice"]) == (1, False, "")
    assert (second["points"], second["daily_cap_reached"]) == (1, True)
    assert (third["points"], third["daily_cap_reached"]) == (0, True)
    assert third["notice"] == "今天的积分已达上限（2分）。答题仍然计入成绩，明天可以继续得积分。"


def test_the_schema_declares_the_daily_cap_fields_of_an_answer(api_client):
    schema = api_client.get(reverse("api-schema") + "?format=json").json()
    answer = schema["components"]["schemas"]["AnswerOut"]
    assert {"daily_cap_reached", "notice"} <= set(answer["required"])
    assert answer["properties"]["daily_cap_reached"]["type"] == "boolean"
