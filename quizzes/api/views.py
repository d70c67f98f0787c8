"""Quiz API for a mini-program or app: one view per operation, calling services/selectors."""

from django.contrib.auth import get_user_model
from django.db import connection
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, generics
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.authentication import ApiTokenAuthentication
from accounts.models import ApiToken
from accounts.tokens import api_token_digest, api_token_refusal
from core.authentication import SessionAuthentication
from core.prepared import execute_prepared
from core.rows import instance_from_row, select_columns
from quizzes import selectors, services
from quizzes.api import serializers as s
from quizzes.limits import check_rate
from quizzes.models import Campaign


class AnswerTokenAuthentication(ApiTokenAuthentication):
    """The API token log-in with one raw query: answering is the hot path of a campaign.

    The same rules as every token log-in (accounts.tokens.api_token_refusal).
    """

    def authenticate_credentials(self, key):
        user_model = get_user_model()
        with connection.cursor() as cursor:
            execute_prepared(
                cursor,
                f"SELECT {select_columns(user_model, 'u')}, {select_columns(ApiToken, 't')} "
                f"FROM {user_model._meta.db_table} u "
                f"JOIN {ApiToken._meta.db_table} t ON t.user_id = u.{user_model._meta.pk.column} "
                "WHERE t.digest = %s",
                [api_token_digest(key)],
            )
            row = cursor.fetchone()
        if row is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        user, end = instance_from_row(user_model, row)
        token, _end = instance_from_row(ApiToken, row, end)
        refusal = api_token_refusal(token=token, user=user)
        if refusal:
            raise exceptions.AuthenticationFailed(refusal)
        token.user = user
        return user, token


def _answer_input(data) -> tuple[str, list[int]]:
    """The answer's token and choice ids, as AnswerInSerializer validates them.

    The plain well-formed body is taken as it is; anything else goes through the serializer,
    which accepts or refuses it with the API's usual field errors. (Building a serializer
    costs more than checking the answer's rules, on the busiest request of a campaign.)
    """
    if isinstance(data, dict):
        token, choices = data.get("token"), data.get("choices")
        if (
            isinstance(token, str)
            and 0 < len(token) <= 500
            and token == token.strip()
            and isinstance(choices, list)
            and 1 <= len(choices) <= 6
            and all(type(choice) is int for choice in choices)
        ):
            return token, choices
    serializer = s.AnswerInSerializer(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data["token"], serializer.validated_data["choices"]


class CampaignListView(generics.ListAPIView):
    serializer_class = s.CampaignSerializer
    queryset = Campaign.objects.none()  # for the schema; get_queryset picks the user's

    @extend_schema(summary="Quizzes I can take part in")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.campaigns_for_user(user=self.request.user)


class StartView(APIView):
    @extend_schema(request=None, responses=s.StandingSerializer, summary="Start (or resume)")
    def post(self, request, pk: int):
        campaign = selectors.campaign_get_for_user(user=request.user, pk=pk)
        services.participant_start(user=request.user, campaign=campaign)
        standing = selectors.standing_for_user(user=request.user, campaign=campaign)
        return Response(s.StandingSerializer(standing).data)


class NextQuestionView(APIView):
    @extend_schema(
        responses=s.QuestionOutSerializer,
        summary="My current question",
        description="The unanswered question is returned again until it is answered; the "
        "token is single-use and the right answer is not included.",
    )
    def get(self, request, pk: int):
        campaign = selectors.campaign_get_for_user(user=request.user, pk=pk)
        served = services.question_serve(user=request.user, campaign=campaign)
        return Response(s.QuestionOutSerializer(served).data)


class AnswerView(APIView):
    authentication_classes = [SessionAuthentication, AnswerTokenAuthentication]

    @extend_schema(
        request=s.AnswerInSerializer,
        responses=s.AnswerOutSerializer,
        summary="Answer",
        # The same schemes as every endpoint; named here because the fast token class would
        # otherwise register a second "tokenAuth" component.
        auth=[{"cookieAuth": []}, {"tokenAuth": []}],
    )
    def post(self, request):
        token, choices = _answer_input(request.data)
        result = services.answer_submit(user=request.user, token=token, choice_ids=choices)
        # Built by hand on this hot path (the serializer documents it for the schema).
        return Response(
            {
                "is_correct": result.is_correct,
                "is_late": result.is_late,
                "correct_choices": result.correct_choice_ids,
                "explanation": result.question.explanation,
                "points": result.points,
                "earned_draw": result.earned_draw,
                "streak": result.streak,
                "streak_length": result.streak_length,
                "day_points": result.day_points,
                "daily_point_cap": result.daily_point_cap,
                "daily_cap_reached": result.daily_cap_reached,
                "notice": result.cap_notice,
                "draws_available": result.draws_available,
            }
        )


class DrawView(APIView):
    @extend_schema(request=None, responses=s.DrawOutSerializer, summary="Use one draw")
    def post(self, request, pk: int):
        check_rate(request, "draw")
        campaign = selectors.campaign_get_for_user(user=request.user, pk=pk)
        draw = services.draw_perform(user=request.user, campaign=campaign)
        return Response(s.DrawOutSerializer(draw).data, status=201)


class MyStatsView(APIView):
    @extend_schema(responses=s.StandingSerializer, summary="My standing in a quiz")
    def get(self, request, pk: int):
        campaign = selectors.campaign_get_for_user(user=request.user, pk=pk)
        standing = selectors.standing_for_user(user=request.user, campaign=campaign)
        return Response(s.StandingSerializer(standing).data)


class LeaderboardView(APIView):
    @extend_schema(responses=s.LeaderboardsSerializer, summary="Quiz, weekly and annual boards")
    def get(self, request, pk: int):
        _campaign, boards = selectors.campaign_leaderboards_for_user(user=request.user, pk=pk)
        return Response(s.LeaderboardsSerializer(boards).data)
