"""The quiz pages' prepared reads (quizzes.services.current) are the rules they stand for:
the campaigns a user may list, the player's state of the play page (with its campaign)."""

import pytest
from django.http import Http404

from communities.scoping import scope_for_user
from quizzes import selectors, services
from quizzes.models import Campaign, Participant, ServedQuestion
from quizzes.services.current import campaign_player_state, campaigns_listed, player_state
from quizzes.services.play import local_day
from tests.accounts.factories import UserFactory
from tests.communities.factories import ResidencyFactory
from tests.quizzes.factories import NOON, campaign_make

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fixed_instant(time_machine):
    time_machine.move_to(NOON, tick=False)


def test_the_campaigns_shown_are_the_rule_s(tree, tapo, baoan):
    street_wide = campaign_make(questions=0)
    mine = campaign_make(tapo["community"], questions=0)
    theirs = campaign_make(baoan["community"], questions=0)
    hidden = campaign_make(questions=0)
    Campaign.objects.filter(pk=hidden.pk).update(is_published=False)
    resident = ResidencyFactory(household=tapo["households"][0]).user
    for user, expected in (
        (resident, {street_wide.pk, mine.pk}),
        (UserFactory(), {street_wide.pk}),
    ):
        codes = scope_for_user(user).home_codes
        listed = [
            (c.pk, c.title, c.node.name, c.starts_at, c.ends_at)
            for c in selectors.campaigns_for_user(user=user, now=NOON)
        ]
        assert [tuple(card) for card in campaigns_listed(home_codes=codes, now=NOON)] == listed
        assert {pk for pk, *_rest in listed} == expected
        assert theirs.pk not in expected and hidden.pk not in expected


def test_the_player_state_is_the_participant_the_pending_question_and_the_day():
    campaign = campaign_make(questions=3)
    me = UserFactory()
    assert player_state(user=me, campaign=campaign, day=local_day(NOON)) is None
    served = services.question_serve(user=me, campaign=campaign, now=NOON)
    state = player_state(user=me, campaign=campaign, day=local_day(NOON))
    assert state.participant == Participant.objects.get(user=me, campaign=campaign)
    assert state.pending == ServedQuestion.objects.get(participant__user=me, answered_at=None)
    assert state.pending.question == served.question
    assert state.pending.choice_texts == [(c.pk, c.text) for c in served.question.choices.all()]
    assert state.day is not None and state.day.day == local_day(NOON)
    # served again until answered, without a new row
    assert services.question_serve(user=me, campaign=campaign, now=NOON) == served


def test_the_play_page_s_read_is_the_campaign_and_the_player_state(tree, tapo, baoan):
    campaign = campaign_make(tapo["community"], questions=3)
    me = ResidencyFactory(household=tapo["households"][0]).user
    day = local_day(NOON)
    # not joined yet: the campaign alone
    read, state = campaign_player_state(user=me, pk=campaign.pk, day=day)
    assert read == campaign and read.node == campaign.node and state is None
    services.question_serve(user=me, campaign=campaign, now=NOON)
    read, state = campaign_player_state(user=me, pk=campaign.pk, day=day)
    # the same campaign and state as campaign_get_for_user then player_state read
    assert read.__dict__.keys() >= {f.attname for f in Campaign._meta.concrete_fields}
    assert [getattr(read, f.attname) for f in Campaign._meta.concrete_fields] == [
        getattr(campaign, f.attname) for f in Campaign._meta.concrete_fields
    ]
    alone = player_state(user=me, campaign=campaign, day=day)
    assert (state.participant, state.pending, state.day) == tuple(alone)
    assert state.pending.choice_texts == alone.pending.choice_texts
    assert state.pending.question == alone.pending.question
    assert campaign_player_state(user=me, pk=campaign.pk + 1000, day=day) is None
    # the places rule is the selector's: another community's resident is not found
    outsider = ResidencyFactory(household=baoan["households"][0]).user
    with pytest.raises(Http404):
        selectors.campaign_with_player_state_for_user(user=outsider, pk=campaign.pk, day=day)
    assert selectors.campaign_with_player_state_for_user(user=me, pk=campaign.pk, day=day)[0] == (
        selectors.campaign_get_for_user(user=me, pk=campaign.pk)
    )


# PostgreSQL only: the plan it makes is what is tested (SQLite plans otherwise and has no
# EXPLAIN of this form); CI runs it (REQUIRE_SERVICES=1 turns the skip into a failure).
@pytest.mark.postgres
def test_a_pending_question_is_found_by_its_index_however_many_came_after_it():
    # The play page's and the next question's read of the latest pending question: with the
    # table's statistics, PostgreSQL would otherwise walk the primary key back from the newest
    # row (every question served since), 74 ms of its CPU per answer in the quiz bench.
    import datetime as dt

    from django.db import connection

    from quizzes.services.current import _campaign_player_state_sql
    from quizzes.services.next_question import _statement
    from quizzes.services.play import question_serve

    campaign = campaign_make()
    returning = UserFactory()
    question_serve(user=returning, campaign=campaign, now=NOON)  # pending, then away a while
    busy = Participant.objects.create(campaign=campaign, user=UserFactory())
    question = campaign.categories.first().questions.first()
    ServedQuestion.objects.bulk_create(
        ServedQuestion(
            campaign=campaign,
            participant=busy,
            question=question,
            served_at=NOON,
            answered_at=NOON + dt.timedelta(seconds=1),
        )
        for _ in range(20_000)
    )
    participant = Participant.objects.get(user=returning)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {ServedQuestion._meta.db_table}")
        cursor.execute(
            "EXPLAIN " + _campaign_player_state_sql(connection.vendor),
            [returning.pk, local_day(NOON), campaign.pk],
        )
        state_plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("EXPLAIN " + _statement(), [participant.pk, *[None] * _params_after()])
        next_plan = "\n".join(row[0] for row in cursor.fetchall())
    for plan in (state_plan, next_plan):
        assert "quizzes_served_pending_last" in plan, plan
        assert "quizzes_servedquestion_pkey on quizzes_servedquestion u" not in plan


def _params_after() -> int:
    from quizzes.services.next_question import _inserted_fields

    return len(_inserted_fields())
