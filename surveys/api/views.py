"""REST API for surveys and the needs list (the mini-program): residents answer and mark
needs (or a captain or staff member for them, 代办); staff read results and demand."""

from django.contrib.auth import get_user_model
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from communities.models import Node
from communities.scoping import require_managing_scope, scope_for_user
from surveys import selectors, services
from surveys.api import serializers as s
from surveys.models import NeedItem, Survey


def _person(request, for_user: int | None):
    """The person acted for (scope is checked by the service), or the caller."""
    if not for_user or for_user == request.user.pk:
        return request.user
    return get_object_or_404(get_user_model(), pk=for_user)


class SurveyListView(generics.ListAPIView):
    serializer_class = s.SurveySerializer
    queryset = Survey.objects.none()  # for the schema; get_queryset is the caller's own

    @extend_schema(summary="Surveys to the places I live in, newest first")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.surveys_for_user(user=self.request.user)


class SurveyDetailView(APIView):
    @extend_schema(responses=s.SurveyDetailSerializer, summary="One survey with its questions")
    def get(self, request, pk: int):
        survey = selectors.survey_get_for_user(user=request.user, pk=pk)
        survey.my_answers = selectors.has_answered(survey=survey, person=request.user)
        prefetch_related_objects([survey], "questions__choices")
        return Response(s.SurveyDetailSerializer(survey).data)


class SurveyAnswerView(APIView):
    @extend_schema(
        request=s.AnswerSheetSerializer,
        responses={201: s.AnsweredSerializer},
        summary="Answer a survey, for myself or for a resident in my scope (代办)",
    )
    def post(self, request, pk: int):
        survey = selectors.survey_get_for_user(user=request.user, pk=pk)
        sheet = s.AnswerSheetSerializer(data=request.data)
        sheet.is_valid(raise_exception=True)
        answers = {}
        for answer in sheet.validated_data["answers"]:
            if "choices" in answer:
                answers[answer["question"]] = answer["choices"]
            elif "rating" in answer:
                answers[answer["question"]] = answer["rating"]
            else:
                answers[answer["question"]] = answer.get("text", "")
        person = _person(request, sheet.validated_data.get("for_user"))
        response = services.survey_answer(
            survey=survey, person=person, actor=request.user, answers=answers
        )
        payload = {
            "survey": survey.pk,
            "answered_at": response.created_at,
            "entered_by_other": response.entered_by_id is not None,
        }
        return Response(s.AnsweredSerializer(payload).data, status=status.HTTP_201_CREATED)


class SurveyCreateView(APIView):
    @extend_schema(
        request=s.SurveyCreateSerializer,
        responses={201: s.SurveyDetailSerializer},
        summary="Publish a survey to a place in my scope (staff and captains)",
    )
    def post(self, request):
        scope = scope_for_user(request.user)
        if scope.is_empty:
            raise Http404
        data = s.SurveyCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        node = get_object_or_404(scope.places(), pk=values.pop("node"))
        survey = services.survey_create(actor=request.user, node=node, **values)
        prefetch_related_objects([survey], "questions__choices")
        return Response(s.SurveyDetailSerializer(survey).data, status=status.HTTP_201_CREATED)


class SurveyResultsView(APIView):
    @extend_schema(
        responses=s.ResultsSerializer,
        summary="Results per grid over the answers in my scope (staff and captains)",
    )
    def get(self, request, pk: int):
        survey = selectors.survey_get_managed(user=request.user, pk=pk)
        results = selectors.survey_results(survey=survey, user=request.user)
        payload = {
            "total": results.total,
            "by_grid": [
                {"node": place.pk, "name": place.name, "answers": n}
                for place, n in results.by_place
            ],
            "questions": [
                {
                    "question": r.question,
                    "options": [{"label": label, "count": n} for label, n in r.options],
                    "average": r.average,
                    "by_grid": [{"name": name, "value": v} for name, v in r.by_place],
                    "texts": r.texts,
                }
                for r in results.questions
            ],
        }
        return Response(s.ResultsSerializer(payload).data)


class NeedsView(APIView):
    @extend_schema(
        responses=s.NeedCategorySerializer(many=True),
        summary="The needs catalogue with what I marked",
    )
    def get(self, request):
        marked = selectors.need_marks_of(user=request.user)
        categories = selectors.needs_catalogue()
        for category in categories:
            for item in category.items.all():
                item.marked = item.pk in marked
        return Response(s.NeedCategorySerializer(categories, many=True).data)

    @extend_schema(
        request=s.NeedMarksSerializer,
        responses=s.NeedMarksSerializer,
        summary="Set the needs I (or a resident in my scope, 代办) have: exactly these items",
    )
    def put(self, request):
        data = s.NeedMarksSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        person = _person(request, data.validated_data.get("for_user"))
        wanted = set(data.validated_data["items"])
        items = list(NeedItem.objects.filter(pk__in=wanted, is_active=True))
        if len(items) != len(wanted):
            raise Http404
        services.need_marks_set(person=person, actor=request.user, items=items)
        return Response({"items": sorted(wanted), "for_user": person.pk})


class NeedsDemandView(APIView):
    @extend_schema(
        parameters=[OpenApiParameter("place", int, required=False)],
        responses=s.DemandSerializer,
        summary="Residents' needs under a place, split over its children (staff)",
    )
    def get(self, request):
        scope = require_managing_scope(request.user)
        places = scope.places(
            [Node.Kind.DISTRICT, Node.Kind.STREET, Node.Kind.COMMUNITY, Node.Kind.GRID]
        )
        raw = request.query_params.get("place", "")
        if raw:
            if not raw.isdigit():
                raise Http404
            place = get_object_or_404(scope.places(), pk=raw)
        else:
            place = places.first()
            if place is None:
                raise Http404
        columns, rows = selectors.needs_demand(user=request.user, place=place)
        payload = {
            "place": {"id": place.pk, "name": place.full_name},
            "columns": [{"id": c.pk, "name": c.name} for c in columns],
            "rows": [
                {
                    "item": r.item,
                    "total": r.total,
                    "per_place": r.per_place,
                    "teams": [{"id": t.pk, "name": t.name} for t in r.teams],
                }
                for r in rows
            ],
        }
        return Response(s.DemandSerializer(payload).data)
