"""Quiz API for a mini-program or app: one view per operation, calling services/selectors."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, generics
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import ServiceError
from quizzes import selectors, services
from quizzes.api import serializers as s
from quizzes.limits import RateLimited, check_rate
from quizzes.models import Campaign


def _limit(request, action: str) -> None:
    try:
        check_rate(request, action)
    except RateLimited as error:
        raise ServiceError(error.messages[0], code="rate_limited", status_code=429) from error


class AnswerTokenAuthentication(TokenAuthentication):
    """DRF's token log-in with one raw query: answering is the hot path of a campaign."""

    def authenticate_credentials(self, key):
        user_model = get_user_model()
        users = list(
            user_model.objects.raw(
                f"SELECT u.* FROM {user_model._meta.db_table} u "
                f"JOIN {Token._meta.db_table} t ON t.user_id = u.{user_model._meta.pk.column} "
                "WHERE t.key = %s",
                [key],
            )
        )
        if not users:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        if not users[0].is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        token = Token(key=key, user=users[0])
        token._state.adding = False
        return users[0], token


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
        _limit(request, "answer")
        data = s.AnswerInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        result = services.answer_submit(
            user=request.user,
            token=data.validated_data["token"],
            choice_ids=data.validated_data["choices"],
        )
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
                "draws_available": result.draws_available,
            }
        )


class DrawView(APIView):
    @extend_schema(request=None, responses=s.DrawOutSerializer, summary="Use one draw")
    def post(self, request, pk: int):
        _limit(request, "draw")
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
        campaign = selectors.campaign_get_for_user(user=request.user, pk=pk)
        boards = selectors.leaderboards_for_user(user=request.user, campaign=campaign)
        return Response(s.LeaderboardsSerializer(boards).data)
