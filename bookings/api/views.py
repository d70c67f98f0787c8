"""REST API of the elders' canteen: menus for oneself or a relative, orders, cancelling."""

from django.contrib.auth import get_user_model
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from bookings import services
from bookings.api.serializers import (
    MealOrderSerializer,
    MenuQuerySerializer,
    MenuSerializer,
    OrderInputSerializer,
)
from bookings.models import MealOrder, Menu
from bookings.selectors import canteen as selectors

REFUSALS = (
    "Refusals: 400 with code not_allowed, no_home, not_served, no_delivery, closed, "
    "already_ordered or full."
)


def _person(actor, pk: int | None):
    """The actor, or someone they may order for (else 404: no existence leak)."""
    if pk is None or pk == actor.pk:
        return actor
    person = get_user_model().objects.filter(pk=pk).first()
    if person is None or not selectors.may_order_for(actor, person):
        raise Http404
    return person


class MenuListView(generics.ListAPIView):
    serializer_class = MenuSerializer
    queryset = Menu.objects.none()  # for the schema; get_queryset asks the selector

    @extend_schema(parameters=[MenuQuerySerializer], summary="Meals one can still order")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        query = MenuQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        person = _person(self.request.user, query.validated_data.get("for_user"))
        household = selectors.home_of(person)
        if household is None:
            return Menu.objects.none()
        now = timezone.now()
        return selectors.menus_open_for(household, since=timezone.localdate(now)).filter(
            orders_close_at__gt=now
        )


class OrderListView(generics.ListCreateAPIView):
    serializer_class = MealOrderSerializer
    queryset = MealOrder.objects.none()

    @extend_schema(summary="Orders for me and those I placed for others")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.orders_for_user(self.request.user)

    @extend_schema(
        request=OrderInputSerializer,
        responses={201: MealOrderSerializer},
        summary="Order a meal (for oneself, a relative, or as a captain for an elder)",
        description=REFUSALS,
    )
    def post(self, request, *args, **kwargs):
        data = OrderInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        menu = get_object_or_404(Menu, pk=values["menu"])
        elder = _person(request.user, values.get("elder"))
        order = services.meal_order_place(
            actor=request.user, elder=elder, menu=menu, mode=values["mode"], note=values["note"]
        )
        return Response(MealOrderSerializer(order).data, status=status.HTTP_201_CREATED)


class OrderDetailView(APIView):
    @extend_schema(responses=MealOrderSerializer, summary="One order")
    def get(self, request, pk: int):
        order = selectors.order_get_for_user(user=request.user, pk=pk)
        return Response(MealOrderSerializer(order).data)


class OrderCancelView(APIView):
    @extend_schema(
        request=None,
        responses=MealOrderSerializer,
        summary="Cancel an order before the cut-off",
        description="Refusals: 400 with code not_allowed, not_open or closed.",
    )
    def post(self, request, pk: int):
        order = selectors.order_get_for_user(user=request.user, pk=pk)
        order = services.meal_order_cancel(actor=request.user, order=order)
        return Response(MealOrderSerializer(order).data)
