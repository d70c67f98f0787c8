"""REST API for notices (the mini-program): my notices, read, confirm; staff and captains
publish and follow receipts and reach."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from communities.scoping import scope_for_user
from notices import selectors, services
from notices.api.serializers import (
    NoticeDetailSerializer,
    NoticePublishSerializer,
    NoticeSerializer,
    PublishedSerializer,
    ReceiptsSerializer,
)
from notices.models import Notice


def _with_my_receipt(notice: Notice, user) -> Notice:
    delivery = selectors.delivery_of(notice=notice, user=user)
    notice.my_read = bool(delivery and delivery.read_at)
    notice.my_confirmed = bool(delivery and delivery.confirmed_at)
    return notice


class NoticeListView(generics.ListAPIView):
    serializer_class = NoticeSerializer
    queryset = Notice.objects.none()  # for the schema; get_queryset is the user's own

    @extend_schema(summary="Notices sent to me, newest first")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.notices_for_user(user=self.request.user)


class NoticeDetailView(APIView):
    @extend_schema(responses=NoticeDetailSerializer, summary="One notice (marks it read)")
    def get(self, request, pk: int):
        notice = selectors.notice_get_for_user(user=request.user, pk=pk)
        services.notice_read(notice=notice, user=request.user)
        return Response(NoticeDetailSerializer(_with_my_receipt(notice, request.user)).data)


class NoticeConfirmView(APIView):
    @extend_schema(request=None, responses=NoticeSerializer, summary="Confirm a notice (回执)")
    def post(self, request, pk: int):
        notice = selectors.notice_get_for_user(user=request.user, pk=pk)
        services.notice_confirm(notice=notice, person=request.user, actor=request.user)
        return Response(NoticeSerializer(_with_my_receipt(notice, request.user)).data)


class NoticePublishView(APIView):
    @extend_schema(
        request=NoticePublishSerializer,
        responses={201: PublishedSerializer},
        summary="Publish a notice to a place in my scope (staff and captains)",
    )
    def post(self, request):
        scope = scope_for_user(request.user)
        if scope.is_empty:
            raise Http404
        data = NoticePublishSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        node = get_object_or_404(scope.places(), pk=values.pop("node"))
        notice = services.notice_publish(actor=request.user, node=node, **values)
        return Response(PublishedSerializer(notice).data, status=status.HTTP_201_CREATED)


class NoticeReceiptsView(APIView):
    @extend_schema(
        responses=ReceiptsSerializer,
        summary="Delivery, receipts and households reached per place (staff and captains)",
    )
    def get(self, request, pk: int):
        notice = selectors.notice_get_for_user(user=request.user, pk=pk)
        if not selectors.works_on(request.user, notice):
            raise Http404
        reach = selectors.notice_reach(notice=notice, user=request.user)
        payload = {
            "fanout_status": notice.fanout_status,
            "fanout_total": notice.fanout_total,
            "fanout_done": notice.fanout_done,
            **selectors.notice_receipt_counts(notice=notice),
            "reach": [row for rows in reach.values() for row in rows],
        }
        return Response(ReceiptsSerializer(payload).data)
