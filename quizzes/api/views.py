"""Quiz API for a mini-program or app: one view per operation, calling services/selectors."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics
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
    @extend_schema(request=s.AnswerInSerializer, responses=s.AnswerOutSerializer, summary="Answer")
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
