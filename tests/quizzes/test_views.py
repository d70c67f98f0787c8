"""Resident and staff pages: play without JavaScript, scoping, query counts, exports."""

import io
import re

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from openpyxl import load_workbook

from communities.models import Post
from quizzes import services
from quizzes.models import Participant, Prize, ServedQuestion
from tests.accounts.factories import UserFactory
from tests.communities.factories import ResidencyFactory, appoint, make_tree
from tests.quizzes.factories import campaign_make, prize_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(time_machine):
    from tests.quizzes.factories import NOON

    time_machine.move_to(NOON, tick=False)
    return campaign_make(streak_length=1)


def token_of(response) -> str:
    return re.search(r'name="token" value="([^"]+)"', response.content.decode()).group(1)


def test_the_question_page_never_shows_which_answer_is_right(client, campaign):
    client.force_login(UserFactory())
    response = client.get(reverse("quizzes:play", args=[campaign.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    served = ServedQuestion.objects.get()
    for choice in served.question.choices.all():
        assert choice.text in html
    assert "is_correct" not in html and "quiz-right" not in html
    assert served.question.explanation not in html


def test_every_quiz_page_a_resident_meets_has_one_heading(client, campaign):
    client.force_login(UserFactory())
    pages = [
        reverse("quizzes:list"),
        reverse("quizzes:detail", args=[campaign.pk]),
        reverse("quizzes:play", args=[campaign.pk]),
    ]
    for url in pages:
        html = client.get(url).content.decode()
        assert len(re.findall(r"<h1[ >]", html)) == 1, url
    assert re.search(r'<h1 class="quiz-campaign"><a href="[^"]+">' + campaign.title, html)


def test_a_resident_answers_without_javascript_and_sees_the_explanation(client, campaign):
    # given a resident on the play page, with no JavaScript (a plain form post)
    user = UserFactory()
    client.force_login(user)
    page = client.get(reverse("quizzes:play", args=[campaign.pk]))
    served = ServedQuestion.objects.get()
    right = served.question.choices.get(is_correct=True)
    # when the answer is posted
    response = client.post(
        reverse("quizzes:play", args=[campaign.pk]),
        {"token": token_of(page), "choice": [right.pk]},
    )
    # then one response, a full page, gives the result and the next question (no redirect)
    html = response.content.decode()
    assert response.status_code == 200 and "<html" in html
    assert served.question.explanation in html
    assert len(re.findall(r"<h1[ >]", html)) == 1
    following = ServedQuestion.objects.get(answered_at__isnull=True)
    assert token_of(response) == services.question_serve(user=user, campaign=campaign).token
    assert f'name="choice" value="{following.question.choices.first().pk}"' in html
    assert Participant.objects.get(user=user).points == 1


def test_with_htmx_the_answer_returns_only_the_play_region(client, campaign):
    client.force_login(UserFactory())
    page = client.get(reverse("quizzes:play", args=[campaign.pk]))
    right = ServedQuestion.objects.get().question.choices.get(is_correct=True)
    response = client.post(
        reverse("quizzes:play", args=[campaign.pk]),
        {"token": token_of(page), "choice": [right.pk]},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert html.startswith('<div id="play">') and 'data-testid="next-question"' in html
    assert len(re.findall(r"<h1[ >]", html)) == 1


@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "full page"])
def test_the_answer_post_makes_the_same_few_queries_however_long_the_play(client, campaign, htmx):
    # given a resident who has answered once, and one who has answered twenty times
    url = reverse("quizzes:play", args=[campaign.pk])

    def answer_once(user):
        page = client.get(url)
        served = ServedQuestion.objects.get(answered_at__isnull=True, participant__user=user)
        right = served.question.choices.get(is_correct=True)
        return {"token": token_of(page), "choice": [right.pk]}

    def queries_of_one_answer(answers_before: int) -> list[str]:
        from django.test.utils import CaptureQueriesContext

        user = UserFactory()
        client.force_login(user)
        for _i in range(answers_before):
            client.post(url, answer_once(user))
        data = answer_once(user)
        client.get(reverse("home"))  # the layout's copy is kept (as on any page after the first)
        headers = {"HX-Request": "true"} if htmx else {}
        with CaptureQueriesContext(connection) as captured:
            response = client.post(url, data, headers=headers)
        assert response.status_code == 200 and 'data-testid="next-question"' in response.text
        return [query["sql"] for query in captured.captured_queries]

    # when each answers (result and next question in one reply)
    few, many = queries_of_one_answer(1), queries_of_one_answer(20)
    # then both cost as many statements, on any database
    assert len(few) == len(many), many
    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        return  # the statements below are PostgreSQL's prepared ones, with Redis beside it
    # and these (the session and the layout come from Redis):
    # 1. the session's user
    # 2. SAVEPOINT (the answer's transaction, inside the test's)
    # 3. the served question, its question and options, the campaign with its place (the
    #    places rule is checked on it) and today's record, locking the participant
    # 4. the answer and the participant's and the day's counters
    # 5. the posting, the balance and the board scores
    # 6. the next question: the one pending, else a new one, with its options (in the
    #    answer's transaction: one commit per answer)
    # 7. RELEASE SAVEPOINT
    assert len(many) == 7, many
    assert [sql.split()[0] for sql in many[1:]] == [
        "SAVEPOINT",
        "EXECUTE",
        "EXECUTE",
        "EXECUTE",
        "EXECUTE",
        "RELEASE",
    ]


def test_the_answer_page_says_when_todays_points_reach_the_cap(client, time_machine):
    from tests.quizzes.factories import NOON

    # given a campaign paying 1 point a correct answer, at most 2 a day
    time_machine.move_to(NOON, tick=False)
    campaign = campaign_make(streak_length=1, daily_point_cap=2)
    client.force_login(UserFactory())

    def answer_right():
        page = client.get(reverse("quizzes:play", args=[campaign.pk]))
        served = ServedQuestion.objects.filter(answered_at__isnull=True).get()
        right = served.question.choices.get(is_correct=True)
        data = {"token": token_of(page), "choice": [right.pk]}
        return client.post(reverse("quizzes:play", args=[campaign.pk]), data, follow=True)

    # when the first right answer earns a point, nothing is said; the second reaches the cap
    assert "cap-notice" not in answer_right().content.decode()
    html = answer_right().content.decode()
    # then the answer page says so in a line of its own, also after the next answer
    assert "+1" in html and "今天的积分已达上限（2分）" in html
    assert "明天可以继续得积分" in answer_right().content.decode()


def test_a_replayed_form_is_refused_with_a_message(client, campaign):
    client.force_login(UserFactory())
    page = client.get(reverse("quizzes:play", args=[campaign.pk]))
    right = ServedQuestion.objects.get().question.choices.get(is_correct=True)
    data = {"token": token_of(page), "choice": [right.pk]}
    client.post(reverse("quizzes:play", args=[campaign.pk]), data)
    response = client.post(reverse("quizzes:play", args=[campaign.pk]), data, follow=True)
    assert "已经回答过" in response.content.decode()
    assert Participant.objects.get().answers == 1


def test_a_token_of_another_quiz_is_refused_on_this_quizs_page(client, campaign):
    # given a resident with a question served in another street-wide quiz
    other = campaign_make(questions=1)
    user = UserFactory()
    client.force_login(user)
    served = services.question_serve(user=user, campaign=other)
    right = served.question.choices.get(is_correct=True)
    # when its token is posted on the first quiz's play page
    response = client.post(
        reverse("quizzes:play", args=[campaign.pk]),
        {"token": served.token, "choice": [right.pk]},
        follow=True,
    )
    # then it is refused as unchecked, and nothing is answered
    assert "这道题无法核对" in response.content.decode()
    assert not ServedQuestion.objects.filter(answered_at__isnull=False).exists()


def test_an_outsider_posting_an_answer_gets_not_found_and_changes_nothing(client, time_machine):
    from tests.quizzes.factories import NOON

    time_machine.move_to(NOON, tick=False)
    tree = make_tree(community_names=("塔坡社区", "保安社区"))
    campaign = campaign_make(tree["塔坡社区"]["community"])
    insider = ResidencyFactory(household=tree["塔坡社区"]["households"][0]).user
    outsider = ResidencyFactory(household=tree["保安社区"]["households"][0]).user
    served = services.question_serve(user=insider, campaign=campaign)
    right = served.question.choices.get(is_correct=True)
    client.force_login(outsider)
    url = reverse("quizzes:play", args=[campaign.pk])
    assert client.post(url, {"token": served.token, "choice": [right.pk]}).status_code == 404
    assert client.get(reverse("quizzes:play", args=[2**63])).status_code == 404
    assert not ServedQuestion.objects.filter(answered_at__isnull=False).exists()


def test_an_answer_after_moving_out_of_the_quizs_community_is_refused(client, time_machine):
    from communities.models import Residency
    from communities.scoping import scope_forget_users
    from tests.quizzes.factories import NOON

    # given a resident served a question of their community's quiz, who then moves out
    time_machine.move_to(NOON, tick=False)
    tree = make_tree(community_names=("塔坡社区", "保安社区"))
    campaign = campaign_make(tree["塔坡社区"]["community"])
    user = ResidencyFactory(household=tree["塔坡社区"]["households"][0]).user
    served = services.question_serve(user=user, campaign=campaign)
    right = served.question.choices.get(is_correct=True)
    Residency.objects.filter(user=user).delete()
    scope_forget_users([user.pk])
    # when the answer is posted
    client.force_login(user)
    url = reverse("quizzes:play", args=[campaign.pk])
    response = client.post(url, {"token": served.token, "choice": [right.pk]})
    # then the quiz is not found, and nothing is answered
    assert response.status_code == 404
    assert not ServedQuestion.objects.filter(answered_at__isnull=False).exists()


def test_answering_too_fast_is_refused_with_a_clear_message(client, campaign, settings):
    settings.QUIZZES_RATES = {"answer": "2/m"}
    client.force_login(UserFactory())
    url = reverse("quizzes:play", args=[campaign.pk])
    for _i in range(2):
        client.post(url, {"token": "x", "choice": ["1"]})
    response = client.post(url, {"token": "x", "choice": ["1"]}, follow=True)
    assert "太快" in response.content.decode()


def test_an_answer_refused_for_going_too_fast_stays_ticked(client, campaign, settings):
    # given a resident who answered two questions within the minute (the limit)
    settings.QUIZZES_RATES = {"answer": "2/m"}
    client.force_login(UserFactory())
    url = reverse("quizzes:play", args=[campaign.pk])
    for _i in range(2):
        page = client.get(url)
        served = ServedQuestion.objects.filter(answered_at__isnull=True).get()
        right = served.question.choices.get(is_correct=True)
        client.post(url, {"token": token_of(page), "choice": [right.pk]})
    # when the third answer comes too soon
    page = client.get(url)
    served = ServedQuestion.objects.filter(answered_at__isnull=True).get()
    picked = served.question.choices.get(is_correct=False, text="置之不理")
    response = client.post(url, {"token": token_of(page), "choice": [picked.pk]})
    # then the same question is shown with the answer still ticked and the reason beside it
    html = response.content.decode()
    assert response.status_code == 200 and "太快" in html
    assert re.search(rf'name="choice" value="{picked.pk}" checked', html)
    assert ServedQuestion.objects.filter(answered_at__isnull=True).get() == served


def test_the_draw_page_shows_the_prize_won(client, campaign):
    prize_make(campaign, name="禁毒宣传帆布袋", kind=Prize.Kind.POINTS, points=3)
    user = UserFactory()
    client.force_login(user)
    participant = services.participant_start(user=user, campaign=campaign)
    Participant.objects.filter(pk=participant.pk).update(draws_earned=1)
    response = client.post(reverse("quizzes:draw", args=[campaign.pk]), follow=True)
    assert "禁毒宣传帆布袋" in response.content.decode()
    prizes = client.get(reverse("quizzes:prizes", args=[campaign.pk]))
    assert "禁毒宣传帆布袋" in prizes.content.decode()


def test_a_community_campaign_is_hidden_from_residents_of_another_community(client):
    tree = make_tree(community_names=("塔坡社区", "保安社区"))
    campaign = campaign_make(tree["塔坡社区"]["community"])
    outsider = ResidencyFactory(household=tree["保安社区"]["households"][0]).user
    insider = ResidencyFactory(household=tree["塔坡社区"]["households"][0]).user
    client.force_login(outsider)
    assert client.get(reverse("quizzes:detail", args=[campaign.pk])).status_code == 404
    assert client.get(reverse("quizzes:play", args=[campaign.pk])).status_code == 404
    assert campaign.title not in client.get(reverse("quizzes:list")).content.decode()
    client.force_login(insider)
    assert client.get(reverse("quizzes:detail", args=[campaign.pk])).status_code == 200


def test_the_campaign_list_makes_a_flat_number_of_queries(client, time_machine):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.quizzes.factories import NOON

    time_machine.move_to(NOON, tick=False)
    tree = make_tree()
    user = ResidencyFactory(household=tree["塔坡社区"]["households"][0]).user
    client.force_login(user)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("quizzes:list"))
        return len(queries)

    campaign_make(tree["street"], questions=0)
    client.get(reverse("quizzes:list"))  # the first request of a session also writes it
    one = count()
    for _i in range(4):
        campaign_make(tree["street"], questions=0)
    # session, user, the user's places, campaigns with their places (one query), then the
    # navigation's roles and unread messages: the same number for 1 or 5 campaigns
    assert count() == one <= 8
    assert client.get(reverse("quizzes:list")).content.decode().count("6·26") == 5


def test_staff_of_another_community_cannot_see_a_campaigns_statistics(client):
    tree = make_tree(community_names=("塔坡社区", "保安社区"))
    campaign = campaign_make(tree["塔坡社区"]["community"])
    other_staff = appoint(Post.Kind.COMMUNITY_STAFF, tree["保安社区"]["community"])
    own_staff = appoint(Post.Kind.COMMUNITY_STAFF, tree["塔坡社区"]["community"])
    client.force_login(other_staff.user)
    assert client.get(reverse("quizzes:staff_campaign", args=[campaign.pk])).status_code == 404
    assert client.get(reverse("quizzes:staff_draws_export", args=[campaign.pk])).status_code == 404
    client.force_login(own_staff.user)
    assert client.get(reverse("quizzes:staff_campaign", args=[campaign.pk])).status_code == 200


def test_residents_do_not_reach_staff_pages(client, campaign):
    client.force_login(UserFactory())
    assert client.get(reverse("quizzes:staff_campaigns")).status_code == 404
    assert client.get(reverse("quizzes:staff_import")).status_code == 404


def test_the_statistics_page_query_count_stays_flat_as_questions_grow(client, campaign):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.quizzes.conftest import answer
    from tests.quizzes.factories import NOON, question_make

    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = reverse("quizzes:staff_campaign", args=[campaign.pk])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        return len(queries)

    answer(UserFactory(), campaign, right=True, now=NOON)
    client.get(url)
    few = count()
    for i in range(5):
        question_make(campaign.node, text=f"消防知识{i}")
    from quizzes.services.play import campaign_question_ids_forget

    campaign_question_ids_forget(campaign)
    for _i in range(8):
        answer(UserFactory(), campaign, right=True, now=NOON)
    # the totals, the accuracy per question (count + page, one grouped query) and the latest
    # draws do not grow with questions, answers or draws
    assert count() == few
    assert "100%" in client.get(url).content.decode()


def test_the_draw_log_export_lists_each_draw_with_a_masked_phone(client, campaign):
    user = UserFactory(phone="13912345678")
    participant = services.participant_start(user=user, campaign=campaign)
    Participant.objects.filter(pk=participant.pk).update(draws_earned=2)
    services.draw_perform(user=user, campaign=campaign)
    services.draw_perform(user=user, campaign=campaign)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.get(reverse("quizzes:staff_draws_export", args=[campaign.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 3
    assert rows[1][2] == "139****5678"


def test_the_import_form_offers_only_banks_in_scope(client):
    tree = make_tree(community_names=("塔坡社区", "保安社区"))
    staff = appoint(Post.Kind.COMMUNITY_STAFF, tree["塔坡社区"]["community"])
    client.force_login(staff.user)
    response = client.get(reverse("quizzes:staff_import"))
    choices = list(response.context["form"].fields["node"].queryset)
    assert choices == [tree["塔坡社区"]["community"]]


def test_an_import_with_bad_questions_lists_them_and_imports_nothing(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from quizzes.models import Question

    tree = make_tree()
    staff = appoint(Post.Kind.COMMUNITY_STAFF, tree["塔坡社区"]["community"])
    client.force_login(staff.user)
    gift = "$CATEGORY: 消防\n\n灭火器怎么用？{=拔销 ~摇晃}\n\n坏题目 {=一 =二 ~三}\n"
    response = client.post(
        reverse("quizzes:staff_import"),
        {
            "node": tree["塔坡社区"]["community"].pk,
            "file": SimpleUploadedFile("bank.gift", gift.encode()),
            "difficulty": 2,
        },
    )
    html = response.content.decode()
    assert "第2题" in html and "第5行" in html
    assert Question.objects.count() == 0


def test_staff_see_the_questions_left_out_of_a_moodle_file_and_confirm_the_rest(client):
    from pathlib import Path

    from django.core.files.uploadedfile import SimpleUploadedFile

    from quizzes.models import Question

    tree = make_tree(community_names=("塔坡社区", "保安社区"))
    tapo = tree["塔坡社区"]["community"]
    staff = appoint(Post.Kind.COMMUNITY_STAFF, tapo)
    content = (Path(__file__).with_name("files") / "moodle_mixed.gift").read_bytes()
    client.force_login(staff.user)
    # when staff upload a Moodle export mixing question types
    response = client.post(
        reverse("quizzes:staff_import"),
        {"node": tapo.pk, "file": SimpleUploadedFile("禁毒题库.gift", content), "difficulty": 2},
    )
    # then they see what will be left out, line by line, before anything is imported
    assert response.status_code == 302 and not Question.objects.exists()
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "有 6 道题可以导入" in html and "有 6 道题不能用于竞答" in html
    assert "第6题（第35行）：填空题" in html and "第9题（第54行）：问答题" in html
    # staff of another community and residents do not reach the held file
    client.force_login(appoint(Post.Kind.COMMUNITY_STAFF, tree["保安社区"]["community"]).user)
    assert client.get(response["Location"]).status_code == 404
    assert client.post(response["Location"]).status_code == 404
    client.force_login(UserFactory())
    assert client.get(response["Location"]).status_code == 404
    # when they confirm, the six playable questions are imported into their bank
    client.force_login(staff.user)
    done = client.post(response["Location"], follow=True)
    assert "已导入 6 道题；按列表有 6 道题未导入。" in done.content.decode()
    assert Question.objects.filter(node=tapo).count() == 6
    # a second click imports nothing more
    again = client.post(response["Location"], follow=True)
    assert "已经导入过了" in again.content.decode() and Question.objects.count() == 6


def test_a_file_with_a_mistake_lists_it_and_the_questions_that_would_be_left_out(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from quizzes.models import Question, QuestionImport

    tree = make_tree()
    staff = appoint(Post.Kind.COMMUNITY_STAFF, tree["塔坡社区"]["community"])
    client.force_login(staff.user)
    gift = (
        "$CATEGORY: 消防\n\n灭火器怎么用？{=拔销 ~摇晃}\n\n报警电话？{=119}\n\n坏题目 {~一 ~二}\n"
    )
    response = client.post(
        reverse("quizzes:staff_import"),
        {
            "node": tree["塔坡社区"]["community"].pk,
            "file": SimpleUploadedFile("bank.gift", gift.encode()),
            "difficulty": 2,
        },
    )
    html = response.content.decode()
    assert "第3题（第7行）：没有标出正确答案" in html
    assert "第2题（第5行）：填空题" in html
    assert not Question.objects.exists() and not QuestionImport.objects.exists()
