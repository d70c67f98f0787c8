"""Reads of surveys and the needs list: who sees which survey, results per grid, demand by place."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Avg, Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404

from communities.models import Node, Post
from communities.scoping import scope_for_user
from surveys.models import Answer, NeedCategory, NeedItem, NeedMark, Question, Response, Survey
from surveys.services import home_for_survey, response_key
from volunteers.models import Team

TEXT_ANSWERS_SHOWN = 50


def surveys_for_user(*, user) -> QuerySet[Survey]:
    """Surveys to the places the user lives in or under, newest first."""
    return (
        Survey.objects.filter(scope_for_user(user).home_q("node"))
        .select_related("node")
        .annotate(
            my_answers=Exists(Response.objects.filter(survey=OuterRef("pk"), respondent=user))
        )
    )


def surveys_managed(*, user) -> QuerySet[Survey]:
    """Surveys on places in the user's scope (staff and captains), with their answer counts."""
    return (
        scope_for_user(user)
        .filter(
            Survey.objects.select_related("node", "author").annotate(answers=Count("responses")),
            "node",
        )
        .order_by("-published_at", "-id")
    )


def works_on(user, survey: Survey) -> bool:
    """Staff and captains whose place holds the survey's place or lies under it."""
    scope = scope_for_user(user)
    return scope.contains(survey.node) or any(
        root.is_descendant_of(survey.node) for root in scope.roots
    )


def survey_get_for_user(*, user, pk) -> Survey:
    """A survey the user is asked (lives under its place) or works on; 404 otherwise."""
    survey = Survey.objects.select_related("node", "author").filter(pk=pk).first()
    if survey is None:
        raise Http404
    if works_on(user, survey) or scope_for_user(user).lives_under(survey.node):
        return survey
    raise Http404


def survey_get_managed(*, user, pk) -> Survey:
    survey = survey_get_for_user(user=user, pk=pk)
    if not works_on(user, survey):
        raise Http404
    return survey


def has_answered(*, survey: Survey, person) -> bool:
    household = home_for_survey(survey, person)
    if household is None:
        return False
    return Response.objects.filter(
        survey=survey, key=response_key(survey, person, household)
    ).exists()


def questions_of(survey: Survey) -> list[Question]:
    return list(survey.questions.prefetch_related("choices"))


@dataclass
class QuestionResult:
    question: Question
    options: list[tuple[str, int]] = field(default_factory=list)  # (label, count)
    average: float | None = None
    by_place: list[tuple[str, float | None]] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)


@dataclass
class SurveyResults:
    total: int
    by_place: list[tuple[Node, int]]
    questions: list[QuestionResult]


def _responses_in_scope(survey: Survey, user) -> QuerySet[Response]:
    return scope_for_user(user).filter(survey.responses.all(), "place")


def survey_results(*, survey: Survey, user) -> SurveyResults:
    """Counts per option, average ratings overall and per grid, the latest free-text answers,
    over the answers from the user's scope. Six queries whatever the number of answers."""
    responses = _responses_in_scope(survey, user)
    per_place = dict(
        responses.values_list("place_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("place_id", "n")
    )
    places = Node.objects.filter(pk__in=[pk for pk in per_place if pk]).order_by("path")
    answers = Answer.objects.filter(response__in=responses)
    choice_counts = dict(
        answers.filter(choice__isnull=False)
        .values("choice_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("choice_id", "n")
    )
    ratings: dict[int, dict] = {}
    for row in (
        answers.filter(rating__isnull=False)
        .values("question_id", "response__place_id")
        .annotate(avg=Avg("rating"), n=Count("pk"))
        .order_by()
    ):
        ratings.setdefault(row["question_id"], {})[row["response__place_id"]] = row
    texts: dict[int, list[str]] = {}
    for question_id, text in (
        answers.exclude(text="").order_by("-pk").values_list("question_id", "text")
    ):
        bucket = texts.setdefault(question_id, [])
        if len(bucket) < TEXT_ANSWERS_SHOWN:
            bucket.append(text)
    results = []
    for question in questions_of(survey):
        result = QuestionResult(question)
        if question.has_choices:
            result.options = [(c.label, choice_counts.get(c.pk, 0)) for c in question.choices.all()]
        elif question.kind == Question.Kind.RATING:
            rows = ratings.get(question.pk, {})
            count = sum(r["n"] for r in rows.values())
            if count:
                result.average = round(sum(r["avg"] * r["n"] for r in rows.values()) / count, 1)
            result.by_place = [
                (place.name, round(rows[place.pk]["avg"], 1) if place.pk in rows else None)
                for place in places
            ]
        else:
            result.texts = texts.get(question.pk, [])
        results.append(result)
    return SurveyResults(
        total=sum(per_place.values()),
        by_place=[(place, per_place[place.pk]) for place in places],
        questions=results,
    )


def survey_rows(*, survey: Survey, user) -> QuerySet[Response]:
    """Every answer in the user's scope for the Excel export (two queries with the answers)."""
    return (
        _responses_in_scope(survey, user)
        .select_related("place", "respondent", "household__node", "entered_by")
        .prefetch_related("answers__choice")
        .order_by("pk")
    )


def needs_catalogue() -> list[NeedCategory]:
    """Active categories with their active items (two queries)."""
    from django.db.models import Prefetch

    return list(
        NeedCategory.objects.prefetch_related(
            Prefetch("items", queryset=NeedItem.objects.filter(is_active=True))
        )
    )


def need_marks_of(*, user) -> set[int]:
    return set(NeedMark.objects.filter(user=user).values_list("item_id", flat=True))


@dataclass
class DemandRow:
    item: NeedItem
    total: int
    per_place: list[int]
    teams: list[Team]


def needs_demand(*, user, place: Node) -> tuple[list[Node], list[DemandRow]]:
    """Residents' needs under `place` (in the user's scope) per item, split over the place's
    children (a street by community, a community by grid), each item with the volunteer teams
    of its kind that serve the place (there, above or below it). Five queries."""
    scope = scope_for_user(user)
    children = list(place.children.order_by("path"))
    counts = (
        scope.filter(NeedMark.objects.filter(place.subtree_q("node")), "node")
        .values("item_id", "node__path")
        .annotate(n=Count("pk"))
        .order_by()
    )
    index = {child.code: i for i, child in enumerate(children)}
    totals: dict[int, list[int]] = {}
    for row in counts:
        split = totals.setdefault(row["item_id"], [0] * (len(children) + 1))
        split[-1] += row["n"]
        for code in Node.codes_on_paths([row["node__path"]]):
            if code in index:
                split[index[code]] += row["n"]
    items = NeedItem.objects.filter(pk__in=totals).select_related("category")
    teams: dict[str, list[Team]] = {}
    for team in Team.objects.filter(
        Q(is_active=True),
        place.subtree_q("node") | Q(node__code__in=place.lineage_codes),
    ).select_related("node"):
        teams.setdefault(team.kind, []).append(team)
    rows = [
        DemandRow(item, totals[item.pk][-1], totals[item.pk][:-1], teams.get(item.team_kind, []))
        for item in items
    ]
    rows.sort(key=lambda row: (-row.total, row.item.category.position, row.item.position))
    return children, rows


def can_keep_catalogue(user) -> bool:
    """The needs catalogue is one list for the whole city (the model has no place), so only
    street and district staff (and superusers) change it; community staff read its demand."""
    if not user.is_authenticated:
        return False
    scope = scope_for_user(user)
    keepers = {Post.Kind.STREET_STAFF, Post.Kind.DISTRICT_STAFF}
    return scope.unrestricted or (scope.managing and bool(keepers & set(scope.post_kinds)))


def catalogue_for_keepers() -> list[NeedCategory]:
    """Every category with all its items, retired ones too (two queries)."""
    return list(NeedCategory.objects.prefetch_related("items"))
