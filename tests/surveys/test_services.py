"""Surveys: publishing, one answer per person or household, anonymity, refusals, results per
grid equal to hand counts; the needs list and its demand by place."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEntry
from surveys import selectors, services
from surveys.models import NeedItem, NeedMark, Response
from tests.surveys.factories import answers_for, live_in, make_survey

pytestmark = pytest.mark.django_db


def refused(code, call, **kwargs):
    with pytest.raises(ValidationError) as error:
        call(**kwargs)
    assert error.value.code == code


def test_a_resident_answers_once_and_the_results_count_by_hand(tapo, tapo_staff):
    survey = make_survey(actor=tapo_staff, node=tapo["community"])
    people = [live_in(tapo["households"][i]).user for i in range(3)]
    for person, (single, rating) in zip(people, [(0, 5), (1, 3), (0, 4)], strict=True):
        services.survey_answer(
            survey=survey,
            person=person,
            actor=person,
            answers=answers_for(survey, single=single, multiple=(0, 2), rating=rating),
        )
    refused(
        "already_answered",
        services.survey_answer,
        survey=survey,
        person=people[0],
        actor=people[0],
        answers=answers_for(survey),
    )
    results = selectors.survey_results(survey=survey, user=tapo_staff)
    assert results.total == 3
    assert [(p.name, n) for p, n in results.by_place] == [("第1网格", 3)]
    single, multiple, rating, text = results.questions
    assert single.options == [("文体活动", 2), ("健康讲座", 1)]
    assert multiple.options == [("助餐", 3), ("理发", 0), ("维修", 3)]
    assert rating.average == 4.0 and rating.by_place == [("第1网格", 4.0)]
    assert text.texts == ["多办活动"] * 3
    assert Response.objects.filter(respondent=people[0]).count() == 1


def test_one_answer_per_household_and_anonymous_keeps_no_name(tapo, tapo_staff):
    survey = make_survey(
        actor=tapo_staff, node=tapo["community"], anonymous=True, per_household=True
    )
    first = live_in(tapo["households"][0]).user
    spouse = live_in(tapo["households"][0]).user
    services.survey_answer(survey=survey, person=first, actor=first, answers=answers_for(survey))
    refused(
        "already_answered",
        services.survey_answer,
        survey=survey,
        person=spouse,
        actor=spouse,
        answers=answers_for(survey),
    )
    response = Response.objects.get()
    assert response.respondent is None and response.household is None
    assert response.place == tapo["grid"]
    assert selectors.has_answered(survey=survey, person=spouse)


def test_refusals_closed_not_asked_missing_and_bad_choice(tapo, baoan, tapo_staff):
    survey = make_survey(
        actor=tapo_staff,
        node=tapo["community"],
        closes_at=datetime.datetime(2026, 5, 7, tzinfo=datetime.UTC),
    )
    resident = live_in(tapo["households"][0]).user
    outsider = live_in(baoan["households"][0]).user
    call = services.survey_answer
    refused(
        "not_asked",
        call,
        survey=survey,
        person=outsider,
        actor=outsider,
        answers=answers_for(survey),
    )
    sheet = answers_for(survey)
    rating_id = [k for k, v in sheet.items() if v == 4][0]
    refused(
        "missing_answer",
        call,
        survey=survey,
        person=resident,
        actor=resident,
        answers={**sheet, rating_id: None},
    )
    refused(
        "invalid",
        call,
        survey=survey,
        person=resident,
        actor=resident,
        answers={**sheet, rating_id: 9},
    )
    single_id = next(iter(sheet))
    refused(
        "invalid",
        call,
        survey=survey,
        person=resident,
        actor=resident,
        answers={**sheet, single_id: 999999},
    )
    survey.closes_at = datetime.datetime(2026, 5, 1, tzinfo=datetime.UTC)
    survey.save()
    refused("closed", call, survey=survey, person=resident, actor=resident, answers=sheet)
    assert not Response.objects.exists()


def test_publishing_is_refused_outside_scope_and_without_questions(tapo, baoan, tapo_staff):
    refused("out_of_scope", make_survey, actor=tapo_staff, node=baoan["community"])
    refused("invalid", make_survey, actor=tapo_staff, node=tapo["community"], questions=[])
    refused(
        "invalid",
        make_survey,
        actor=tapo_staff,
        node=tapo["community"],
        questions=[{"kind": "single", "text": "只有一个选项", "choices": ["是"]}],
    )


def test_a_captain_answers_for_a_resident_audited_with_both_and_refused_elsewhere(
    tapo, baoan, tapo_staff, tapo_captain
):
    survey = make_survey(
        actor=tapo_staff, node=tapo["street"] if "street" in tapo else tapo["community"]
    )
    elder = live_in(tapo["households"][1]).user
    services.survey_answer(
        survey=survey, person=elder, actor=tapo_captain, answers=answers_for(survey)
    )
    response = Response.objects.get()
    assert response.entered_by == tapo_captain and response.respondent == elder
    entry = AuditEntry.objects.get(action="surveys.answer_for")
    assert entry.actor == tapo_captain
    assert entry.details == {"for_user": elder.pk, "by_user": tapo_captain.pk}
    far = live_in(baoan["households"][0]).user
    refused(
        "out_of_scope",
        services.survey_answer,
        survey=survey,
        person=far,
        actor=tapo_captain,
        answers=answers_for(survey),
    )


def test_needs_marked_and_demand_by_place_with_the_teams_that_meet_them(tapo, baoan, tapo_staff):
    from volunteers.models import Team

    meals = NeedItem.objects.get(name="助餐送餐")
    clinic = NeedItem.objects.get(name="义诊体检")
    team = Team.objects.create(node=tapo["community"], name="塔坡助老服务队", kind="elderly")
    Team.objects.create(node=baoan["community"], name="保安助老队", kind="elderly")
    one = live_in(tapo["households"][0]).user
    two = live_in(tapo["households"][5]).user
    services.need_marks_set(person=one, actor=one, items=[meals, clinic])
    services.need_marks_set(person=two, actor=two, items=[meals])
    services.need_marks_set(person=one, actor=one, items=[meals])  # unticks the clinic
    far = live_in(baoan["households"][0]).user
    services.need_marks_set(person=far, actor=far, items=[meals])
    columns, rows = selectors.needs_demand(user=tapo_staff, place=tapo["community"])
    assert [c.name for c in columns] == ["第1网格"]
    assert [(r.item.name, r.total, r.per_place, r.teams) for r in rows] == [
        ("助餐送餐", 2, [2], [team])
    ]
    assert NeedMark.objects.filter(user=one).count() == 1
    homeless = live_in(tapo["households"][2]).user
    homeless.residencies.update(status="ended")
    refused("no_home", services.need_marks_set, person=homeless, actor=homeless, items=[meals])
