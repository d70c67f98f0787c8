from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.response import Response
from rest_framework.views import APIView

from points import selectors
from points.api.serializers import (
    BalanceSerializer,
    BoardSerializer,
    BoardTopSerializer,
    HistoryFilterSerializer,
    MyRankSerializer,
    PeriodQuerySerializer,
    PostingSerializer,
)
from points.models import Board, Posting
from points.periods import current_period_key, period_is_valid
from points.templatetags.points_tags import amount_text


class BalanceListView(APIView):
    @extend_schema(responses=BalanceSerializer(many=True), summary="My balances")
    def get(self, request):
        balances = selectors.balances_for_user(request.user)
        data = [
            {"currency": c, "balance": b, "display": amount_text(b, c)} for c, b in balances.items()
        ]
        return Response(BalanceSerializer(data, many=True).data)


class PostingListView(generics.ListAPIView):
    serializer_class = PostingSerializer
    queryset = Posting.objects.none()  # for the schema; get_queryset scopes to the user

    @extend_schema(parameters=[HistoryFilterSerializer], summary="My points history")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        filters = HistoryFilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        return selectors.postings_for_user(user=self.request.user, **filters.validated_data)


class BoardListView(generics.ListAPIView):
    serializer_class = BoardSerializer
    queryset = Board.objects.none()

    @extend_schema(summary="Leaderboards")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.boards_public().order_by("name", "pk")


def _board_and_period(request, pk: int) -> tuple[Board, str, dict]:
    board = get_object_or_404(selectors.boards_public(), pk=pk)
    query = PeriodQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    period_key = query.validated_data.get("period") or current_period_key(board)
    if not period_is_valid(board, period_key):
        raise Http404
    return board, period_key, query.validated_data


class BoardTopView(APIView):
    @extend_schema(
        parameters=[PeriodQuerySerializer], responses=BoardTopSerializer, summary="Top of a board"
    )
    def get(self, request, pk: int):
        board, period_key, query = _board_and_period(request, pk)
        entries = selectors.board_top(board, period_key, query["n"])
        data = {"board": board.pk, "period": period_key, "entries": entries}
        return Response(BoardTopSerializer(data, context={"request": request}).data)


class BoardMyRankView(APIView):
    @extend_schema(
        parameters=[PeriodQuerySerializer],
        responses=MyRankSerializer,
        summary="My rank on a board, with the users around me",
    )
    def get(self, request, pk: int):
        board, period_key, _query = _board_and_period(request, pk)
        mine = selectors.board_rank(board, period_key, request.user)
        data = {
            "board": board.pk,
            "period": period_key,
            "rank": mine[0] if mine else None,
            "score": mine[1] if mine else 0,
            "neighbours": selectors.board_neighbours(board, period_key, request.user, k=5)
            if mine
            else [],
        }
        return Response(MyRankSerializer(data, context={"request": request}).data)
