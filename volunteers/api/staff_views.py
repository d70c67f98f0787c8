"""Community staff's volunteers API: review and dispatch wishes, settle disputes, check
relatives. Scoped through communities.scoping (outside the scope is a 404), writes through
services, which check the scope again."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.response import Response
from rest_framework.views import APIView

from communities.scoping import require_managing_scope
from volunteers import selectors, services
from volunteers.api import serializers as s
from volunteers.models import RelativeLink, Wish


def _wish_in_scope(request, pk: int) -> Wish:
    scope = require_managing_scope(request.user)
    return get_object_or_404(
        scope.filter(Wish.objects.select_related("node", "team"), "node"), pk=pk
    )


class StaffWishListView(generics.ListAPIView):
    serializer_class = s.WishOut
    queryset = Wish.objects.none()

    @extend_schema(
        parameters=[s.StaffWishQuerySerializer],
        summary="Staff: wishes in my communities, oldest first",
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        scope = require_managing_scope(self.request.user)
        query = s.StaffWishQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        status = query.validated_data.get("status")
        return selectors.wishes_for_staff(scope=scope, statuses=[status] if status else None)


class StaffWishReviewView(APIView):
    @extend_schema(
        request=s.WishReviewIn,
        responses=s.WishOut,
        summary="Staff: open a wish to claims, dispatch it to a team, or decline it",
    )
    def post(self, request, pk: int):
        wish = _wish_in_scope(request, pk)
        data = s.WishReviewIn(
            data=request.data, context={"scope": require_managing_scope(request.user)}
        )
        data.is_valid(raise_exception=True)
        wish = services.wish_review(actor=request.user, wish=wish, **data.validated_data)
        return Response(s.WishOut(wish).data)


class StaffWishResolveView(APIView):
    @extend_schema(
        request=s.WishResolveIn,
        responses=s.WishOut,
        summary="Staff: settle a disputed wish (credit the hours, maybe fewer, or close)",
    )
    def post(self, request, pk: int):
        wish = _wish_in_scope(request, pk)
        data = s.WishResolveIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        credit = values.pop("decision") == "credit"
        wish = services.wish_dispute_resolve(actor=request.user, wish=wish, credit=credit, **values)
        return Response(s.WishOut(wish).data)


class StaffRelativeListView(generics.ListAPIView):
    serializer_class = s.RelativeLinkOut
    queryset = RelativeLink.objects.none()

    @extend_schema(summary="Staff: relations waiting for a check in my communities")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        scope = require_managing_scope(self.request.user)
        return scope.filter(
            RelativeLink.objects.filter(status=RelativeLink.Status.PENDING).select_related(
                "user", "relative"
            ),
            "node",
        ).order_by("created_at", "pk")


class StaffRelativeDecideView(APIView):
    @extend_schema(
        request=s.RelativeDecisionIn,
        responses=s.RelativeLinkOut,
        summary="Staff: confirm (or reject) that two people are spouses or direct relatives",
    )
    def post(self, request, pk: int):
        scope = require_managing_scope(request.user)
        link = get_object_or_404(
            scope.filter(RelativeLink.objects.select_related("user", "relative"), "node"), pk=pk
        )
        data = s.RelativeDecisionIn(data=request.data)
        data.is_valid(raise_exception=True)
        services.relative_link_decide(
            actor=request.user, link=link, approve=data.validated_data["decision"] == "verify"
        )
        link.refresh_from_db()
        return Response(s.RelativeLinkOut(link).data)
