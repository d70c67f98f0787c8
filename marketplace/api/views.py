"""REST API of the market: residents search, redeem and hold coupons; shops verify them."""

import datetime as dt

from django.core.exceptions import ValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from communities.models import Node
from core.api import ServiceError
from marketplace import selectors, services
from marketplace.api.serializers import (
    CouponQuerySerializer,
    CouponSerializer,
    MerchantOfferSerializer,
    OfferSearchSerializer,
    OfferSerializer,
    RedeemInputSerializer,
    VerifiedCouponSerializer,
    VerifyInputSerializer,
)
from marketplace.models import Coupon, Offer


class OfferListView(generics.ListAPIView):
    serializer_class = OfferSerializer
    queryset = Offer.objects.none()  # for the schema; get_queryset asks the selector

    @extend_schema(parameters=[OfferSearchSerializer], summary="Search the market")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        params = OfferSearchSerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        community = None
        if data.get("community"):
            community = Node.objects.filter(pk=data["community"], kind=Node.Kind.COMMUNITY).first()
        return selectors.offer_search(
            query=data.get("q", ""),
            category=data.get("category", ""),
            community=community,
            max_points=data.get("max_points"),
            sort=data["sort"],
        )


class OfferDetailView(APIView):
    @extend_schema(responses=OfferSerializer, summary="One live offer")
    def get(self, request, pk: int):
        return Response(OfferSerializer(selectors.offer_get_live(pk=pk)).data)


class OfferRedeemView(APIView):
    @extend_schema(
        request=RedeemInputSerializer,
        responses={201: CouponSerializer, 200: CouponSerializer},
        summary="Redeem an offer with points",
        description="Idempotent per request_key: a retry returns the same coupon (200) and "
        "charges nothing more. Refusals: 400 with code offer_not_live, not_started, "
        "offer_ended, not_eligible, limit_reached, sold_out, insufficient_balance, key_conflict; "
        "403 with code phone_unverified until the account's number is verified "
        "(the web page /me/verify-phone/).",
    )
    def post(self, request, pk: int):
        offer = selectors.offer_get_live(pk=pk)
        data = RedeemInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            coupon = services.coupon_redeem(
                user=request.user, offer_id=offer.pk, request_key=data.validated_data["request_key"]
            )
        except ValidationError as error:
            if error.code != "phone_unverified":
                raise
            raise ServiceError(" ".join(error.messages), code=error.code, status_code=403)
        return Response(
            CouponSerializer(coupon).data,
            status=status.HTTP_201_CREATED if coupon.is_new else status.HTTP_200_OK,
        )


class CouponListView(generics.ListAPIView):
    serializer_class = CouponSerializer
    queryset = Coupon.objects.none()

    @extend_schema(
        parameters=[CouponQuerySerializer],
        summary="My coupons",
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        query = CouponQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return selectors.coupons_for_user(
            user=self.request.user, status=query.validated_data["status"]
        )


class CouponDetailView(APIView):
    @extend_schema(responses=CouponSerializer, summary="One of my coupons")
    def get(self, request, pk: int):
        return Response(
            CouponSerializer(selectors.coupon_get_for_user(user=request.user, pk=pk)).data
        )


class MerchantOfferListView(generics.ListAPIView):
    serializer_class = MerchantOfferSerializer
    queryset = Offer.objects.none()

    @extend_schema(summary="My shop's offers (merchant staff)")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        merchant = selectors.merchant_require_for_user(self.request.user)
        return selectors.offers_of_merchant(merchant=merchant).select_related("merchant")


class VerifyView(APIView):
    @extend_schema(
        request=VerifyInputSerializer,
        responses=VerifiedCouponSerializer,
        summary="Verify (核销) a coupon at the counter",
        description="Refusals: 400 with code unknown_code, wrong_merchant, already_used, "
        "expired, not_yet_valid, merchant_not_approved.",
    )
    def post(self, request):
        merchant = selectors.merchant_require_for_user(request.user)
        data = VerifyInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            coupon = services.coupon_verify(
                merchant=merchant, code=data.validated_data["code"], actor=request.user
            )
        except services.CouponRefused as refusal:
            raise ServiceError(refusal.messages[0], code=refusal.code)
        return Response(VerifiedCouponSerializer(coupon).data)


class VerifiedListView(generics.ListAPIView):
    serializer_class = VerifiedCouponSerializer
    queryset = Coupon.objects.none()

    @extend_schema(
        parameters=[OpenApiParameter("date", dt.date, description="Local day; today if absent")],
        summary="Coupons my shop verified on a day",
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        from django.utils import timezone

        merchant = selectors.merchant_require_for_user(self.request.user)
        try:
            day = dt.date.fromisoformat(self.request.query_params.get("date", ""))
        except ValueError:
            day = timezone.localdate()
        return selectors.coupons_verified_on(merchant=merchant, day=day)
