"""The answer rules, exactly as the 6·26 campaign ran them (the issue's table)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from points.models import Posting
from points.selectors import balances_for_user
from quizzes import services
from quizzes.models import DayRecord, Participant
from tests.accounts.factories import UserFactory
from tests.quizzes.conftest import ANSWER_PATHS, answer
from tests.quizzes.factories import NOON, campaign_make

pytestmark = pytest.mark.django_db


def play(user, campaign, sequence: str, start=NOON, path="service"):
    """Answer a sequence like "RRRRW" (R right, W wrong), three seconds apart (a brisk
    player, within the answer rate limit), through the service or the play page."""
    now = start
    for step in sequence:
        ANSWER_PATHS[path](user, campaign, right=step == "R", now=now)
        now += dt.timedelta(seconds=3)
    return now


def totals(user, campaign):
    participant = Participant.objects.get(user=user, campaign=campaign)
    points = balances_for_user(user)["POINT"]
    return participant.draws_earned, participant.points, points


@pytest.mark.parametrize(
    ("sequence", "draws", "points"),
    [
        ("R" * 4 + "W", 0, 0),
        ("R" * 5, 1, 1),
        ("R" * 12, 2, 8),
        ("R" * 4 + "W" + "R" * 7, 1, 3),
        ("R" * 60, 12, 50),
    ],
    ids=["4 right 1 wrong", "5 right", "12 right", "4 right 1 wrong 7 right", "60 right (cap)"],
)
@pytest.mark.parametrize("path", ["service", "page"])
def test_answer_sequences_give_exactly_the_expected_draws_and_points(sequence, draws, points, path):
    # given a campaign with the default rules
    campaign = campaign_make()
    user = UserFactory()
    # when the user answers the sequence in one day (through the API's service or the page)
    play(user, campaign, sequence, path=path)
    # then draws and points (as ledger postings) are exactly those of the table
    assert totals(user, campaign) == (draws, points, points)
    assert Posting.objects.filter(key__startswith="quiz:answer:").count() == points


@pytest.mark.parametrize("path", ["service", "page"])
def test_streak_runs_across_midnight_and_the_cap_restarts(path):
    campaign = campaign_make()
    user = UserFactory()
    before_midnight = NOON.replace(hour=23, minute=58)
    # 57 right before midnight: 12 draws at 55 in a row... capped at 50 points
    play(user, campaign, "R" * 57, start=before_midnight - dt.timedelta(seconds=60), path=path)
    assert totals(user, campaign) == (11, 50, 50)
    # 3 more right after midnight: the streak goes on to 60 (a draw), the new day pays again
    play(user, campaign, "RRR", start=before_midnight + dt.timedelta(minutes=5), path=path)
    participant = Participant.objects.get(user=user, campaign=campaign)
    assert participant.streak == 60
    assert totals(user, campaign) == (12, 53, 53)
    days = DayRecord.objects.filter(participant=participant).order_by("day")
    assert [(d.day.isoformat(), d.points) for d in days] == [("2026-06-10", 50), ("2026-06-11", 3)]


def test_answers_past_the_cap_still_count_for_accuracy():
    campaign = campaign_make(daily_point_cap=2)
    user = UserFactory()
    play(user, campaign, "R" * 8)
    participant = Participant.objects.get(user=user, campaign=campaign)
    assert (participant.answers, participant.correct, participant.points) == (8, 8, 2)


def test_settings_edited_mid_day_do_not_change_a_day_under_way():
    campaign = campaign_make()
    user = UserFactory()
    play(user, campaign, "RRR")
    # staff make draws easier at 12:05
    campaign.streak_length = 2
    campaign.points_per_correct = 5
    services.campaign_save(actor=None, campaign=campaign, is_new=False)
    now = play(user, campaign, "RR", start=NOON + dt.timedelta(minutes=5))
    # today still plays by 5 in a row and 1 point
    assert totals(user, campaign) == (1, 1, 1)
    # tomorrow the new settings apply: the streak of 5 goes on, 6 is a multiple of 2
    play(user, campaign, "R", start=now + dt.timedelta(days=1))
    assert totals(user, campaign) == (2, 6, 6)


def test_a_wrong_answer_resets_the_streak():
    campaign = campaign_make()
    user = UserFactory()
    result = None
    play(user, campaign, "RRRR")
    result = answer(user, campaign, right=False, now=NOON + dt.timedelta(minutes=1))
    assert (result.is_correct, result.streak, result.points) == (False, 0, 0)
    assert result.correct_choice_ids and result.question.explanation


def test_a_replayed_token_is_refused_and_pays_nothing():
    campaign = campaign_make(streak_length=1)
    user = UserFactory()
    served = services.question_serve(user=user, campaign=campaign, now=NOON)
    right = [c.pk for c in served.question.choices.all() if c.is_correct]
    services.answer_submit(user=user, token=served.token, choice_ids=right, now=NOON)
    with pytest.raises(ValidationError) as error:
        services.answer_submit(user=user, token=served.token, choice_ids=right, now=NOON)
    assert error.value.code == "already_answered"
    assert totals(user, campaign) == (1, 1, 1)


@pytest.mark.parametrize(
    "forge",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        lambda token: "not-a-token",
        lambda token: "",
    ],
    ids=["tampered", "garbage", "empty"],
)
def test_a_forged_token_is_refused(forge):
    campaign = campaign_make(streak_length=1)
    user = UserFactory()
    served = services.question_serve(user=user, campaign=campaign, now=NOON)
    right = [c.pk for c in served.question.choices.all() if c.is_correct]
    with pytest.raises(ValidationError) as error:
        services.answer_submit(user=user, token=forge(served.token), choice_ids=right, now=NOON)
    assert error.value.code == "invalid_token"
    assert Participant.objects.get(user=user).answers == 0


def test_another_users_token_is_refused():
    campaign = campaign_make(streak_length=1)
    owner, thief = UserFactory(), UserFactory()
    served = services.question_serve(user=owner, campaign=campaign, now=NOON)
    right = [c.pk for c in served.question.choices.all() if c.is_correct]
    with pytest.raises(ValidationError) as error:
        services.answer_submit(user=thief, token=served.token, choice_ids=right, now=NOON)
    assert error.value.code == "invalid_token"


def test_an_answer_after_the_time_limit_counts_as_wrong():
    campaign = campaign_make(seconds_per_question=20, streak_length=1)
    user = UserFactory()
    served = services.question_serve(user=user, campaign=campaign, now=NOON)
    right = [c.pk for c in served.question.choices.all() if c.is_correct]
    late = NOON + dt.timedelta(seconds=30)
    result = services.answer_submit(user=user, token=served.token, choice_ids=right, now=late)
    assert (result.is_correct, result.is_late, result.points) == (False, True, 0)
    assert totals(user, campaign) == (0, 0, 0)


def test_an_answer_within_the_time_limit_counts():
    campaign = campaign_make(seconds_per_question=20, streak_length=1)
    user = UserFactory()
    served = services.question_serve(user=user, campaign=campaign, now=NOON)
    right = [c.pk for c in served.question.choices.all() if c.is_correct]
    in_time = NOON + dt.timedelta(seconds=19)
    result = services.answer_submit(user=user, token=served.token, choice_ids=right, now=in_time)
    assert result.is_correct and result.points == 1


def test_an_answer_to_a_closed_campaign_is_refused():
    campaign = campaign_make(streak_length=1)
    user = UserFactory()
    served = services.question_serve(
        user=user, campaign=campaign, now=campaign.ends_at.replace(hour=0) - dt.timedelta(seconds=5)
    )
    right = [c.pk for c in served.question.choices.all() if c.is_correct]
    with pytest.raises(ValidationError) as error:
        services.answer_submit(
            user=user, token=served.token, choice_ids=right, now=campaign.ends_at
        )
    assert error.value.code == "campaign_closed"
    assert totals(user, campaign) == (0, 0, 0)


def test_reloading_serves_the_same_question_until_it_is_answered():
    campaign = campaign_make()
    user = UserFactory()
    first = services.question_serve(user=user, campaign=campaign, now=NOON)
    again = services.question_serve(user=user, campaign=campaign, now=NOON)
    assert (again.pk, again.token) == (first.pk, first.token)


def test_multiple_choice_needs_every_right_option():
    from tests.quizzes.factories import question_make

    campaign = campaign_make(questions=0, streak_length=1)
    question_make(campaign.node, kind="multiple")
    user = UserFactory()
    served = services.question_serve(user=user, campaign=campaign, now=NOON)
    right = [c.pk for c in served.question.choices.all() if c.is_correct]
    result = services.answer_submit(user=user, token=served.token, choice_ids=right[:1], now=NOON)
    assert not result.is_correct
    assert answer(user, campaign, right=True, now=NOON).is_correct


def test_a_choice_of_another_question_is_refused_without_using_the_question():
    campaign = campaign_make()
    user = UserFactory()
    served = services.question_serve(user=user, campaign=campaign, now=NOON)
    with pytest.raises(ValidationError) as error:
        services.answer_submit(user=user, token=served.token, choice_ids=[999999], now=NOON)
    assert error.value.code == "no_choice"
    served.refresh_from_db()
    assert served.answered_at is None


def test_answer_points_count_for_the_campaign_and_the_annual_board(time_machine):
    from points.models import Board, BoardScore, Period

    time_machine.move_to(NOON, tick=False)

    annual = Board.objects.create(name="年度总榜", scope="all", period=Period.YEAR)
    campaign = campaign_make(streak_length=1)
    user = UserFactory()
    answer(user, campaign, right=True, now=NOON)
    scores = dict(BoardScore.objects.filter(user=user).values_list("board__scope", "score"))
    assert scores == {campaign.board_scope: 1, "all": 1}
    assert BoardScore.objects.filter(user=user, board__scope=campaign.board_scope).count() == 2
    assert annual.pk


def test_the_leaderboard_reads_the_boards_shown_with_its_campaign_in_one_statement():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from points.models import Board, Period
    from quizzes.boards import annual_board, campaign_board, campaign_with_boards_shown

    campaign = campaign_make()
    # given the campaign's own two boards, another campaign's, a hidden and a shown annual board
    campaign_make()
    Board.objects.create(name="不公开", scope="all", period=Period.YEAR, is_public=False)
    annual = Board.objects.create(name="年度总榜", scope="all", period=Period.YEAR)
    campaign_with_boards_shown(campaign.pk)  # prepared on this connection (PostgreSQL)
    with CaptureQueriesContext(connection) as read:
        found, shown = campaign_with_boards_shown(campaign.pk)
    assert len(read.captured_queries) == 1
    assert (found.pk, found.node.pk) == (campaign.pk, campaign.node.pk)
    # the rule of campaign_board() and annual_board(), read with the campaign
    assert shown == {
        "campaign": campaign_board(campaign, Period.CAMPAIGN),
        "week": campaign_board(campaign, Period.WEEK),
        "annual": annual_board(),
    }
    assert shown["annual"] == annual and None not in shown.values()
    # a campaign without boards is still found, with none shown; no campaign, None
    Board.objects.all().delete()
    assert campaign_with_boards_shown(campaign.pk)[1] == dict.fromkeys(
        ("campaign", "week", "annual")
    )
    assert campaign_with_boards_shown(campaign.pk)[0] == campaign
    assert campaign_with_boards_shown(999_999_999) is None
