"""REST API of the canteen's own work: the week's menus (published, changed, copied from the
week before), the kitchen and route sheets, delivering, and the counter.

Scoped as the pages are (bookings/menu_views.py, bookings/canteen_views.py): menus and the
counter for the canteen's own staff; the kitchen sheet also for staff looking after the
canteen; route sheets and delivering also for volunteers with a confirmed place on the meal's
delivery shift. Anyone else gets 404. Every write goes through the canteen's services, whose
refusals answer 400 with their code.
"""

import datetime as dt

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from bookings import services
from bookings.api import canteen_staff_serializers as s
from bookings.models import MealOrder, Menu, Provider
from bookings.selectors import canteen as selectors
from bookings.selectors.providers import providers_of_user
from bookings.services.canteen_menus import menu_update, menus_copy_week, week_start
from core.api import ServiceError

CREATE_REFUSALS = (
    "Not one of the user's canteens: 404. Refusals: 400 with code invalid_shift (not an "
    "upcoming delivery shift where the canteen serves), not_allowed, invalid_menu, "
    "shift_outside, closed (orders would already be closed), bad_cutoff or menu_exists."
)
UPDATE_REFUSALS = (
    "Refusals: 400 with code not_allowed, closed, invalid_menu, below_ordered (fewer meals "
    "than ordered), price_locked (meals ordered at the old price) or bad_cutoff."
)
COPY_REFUSALS = "Refusals: 400 with code not_allowed or nothing_to_copy."
DELIVERY_REFUSALS = (
    "Neither the canteen's staff nor on the delivery shift: 404. Refusals: 400 with code "
    "not_allowed, not_delivery (a dine-in meal) or not_open (already delivered or cancelled)."
    " Nobody at home tells the captains over the elder's home."
)


def _canteen(user, wanted: int | None) -> tuple[Provider, list[Provider]]:
    """The canteen named (the first when none is), among those the user works for; 404 for
    anyone else, as on the menu and counter pages."""
    providers = list(providers_of_user(user, kind=Provider.Kind.CANTEEN))
    if not providers:
        raise Http404
    if wanted is None:
        return providers[0], providers
    chosen = next((provider for provider in providers if provider.pk == wanted), None)
    if chosen is None:
        raise Http404
    return chosen, providers


def _next_week() -> dt.date:
    """What is usually planned (the menu page's default)."""
    return week_start(timezone.localdate()) + dt.timedelta(days=7)


def _plan_menu(user, pk: int) -> Menu:
    """A menu of a canteen the user works for (the menu page's edit), else 404."""
    providers = providers_of_user(user, kind=Provider.Kind.CANTEEN)
    menu = Menu.objects.filter(provider__in=providers, pk=pk).select_related("provider").first()
    if menu is None:
        raise Http404
    return menu


class WeekPlanView(APIView):
    @extend_schema(
        parameters=[s.PlanQuerySerializer],
        responses=s.WeekPlanSerializer,
        operation_id="bookings_canteen_plan_week",
        summary="A canteen's menus of one week (its own staff; others 404)",
    )
    def get(self, request):
        query = s.PlanQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        provider, providers = _canteen(request.user, query.validated_data.get("provider"))
        wanted = query.validated_data.get("week")
        week = week_start(wanted) if wanted else _next_week()
        rows = provider.menus.filter(day__gte=week, day__lt=week + dt.timedelta(days=7)).order_by(
            "day", "meal", "pk"
        )
        by_day = {week + dt.timedelta(days=n): [] for n in range(7)}
        for menu in rows:
            menu.provider = provider
            by_day[menu.day].append(menu)
        plan = {
            "canteen": provider,
            "canteens": providers,
            "week": week,
            "previous": week - dt.timedelta(days=7),
            "next": week + dt.timedelta(days=7),
            "days": [{"day": day, "menus": menus} for day, menus in by_day.items()],
        }
        return Response(s.WeekPlanSerializer(plan).data)

    @extend_schema(
        request=s.MenuCreateSerializer,
        responses={201: s.StaffMenuSerializer},
        summary="Publish a day's meal (orders close at the place's cut-off unless given)",
        description=CREATE_REFUSALS,
    )
    def post(self, request):
        data = s.MenuCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        provider, _providers = _canteen(request.user, values.get("provider"))
        shift = None
        if values.get("delivery_shift"):
            shift = (
                selectors.delivery_shifts_for(provider).filter(pk=values["delivery_shift"]).first()
            )
            if shift is None:
                raise ServiceError(
                    _("Choose one of the canteen's upcoming delivery shifts."),
                    code="invalid_shift",
                )
        menu = services.menu_create(
            actor=request.user,
            provider=provider,
            day=values["day"],
            meal=values["meal"],
            dishes=values["dishes"],
            price_fen=values["price_fen"],
            capacity=values["capacity"],
            delivers=values["delivers"],
            delivery_shift=shift,
            orders_close_at=values.get("orders_close_at"),
        )
        return Response(s.StaffMenuSerializer(menu).data, status=status.HTTP_201_CREATED)


class PlanMenuView(APIView):
    @extend_schema(responses=s.StaffMenuSerializer, summary="One menu of the user's canteens")
    def get(self, request, pk: int):
        return Response(s.StaffMenuSerializer(_plan_menu(request.user, pk)).data)

    @extend_schema(
        request=s.MenuUpdateSerializer,
        responses=s.StaffMenuSerializer,
        summary="Change a menu while its orders are open (what is left out stays)",
        description=UPDATE_REFUSALS,
    )
    def patch(self, request, pk: int):
        menu = _plan_menu(request.user, pk)
        data = s.MenuUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        menu = menu_update(
            actor=request.user,
            menu=menu,
            dishes=values.get("dishes", menu.dishes),
            price_fen=values.get("price_fen", menu.price_fen),
            capacity=values.get("capacity", menu.capacity),
            orders_close_at=values.get("orders_close_at", menu.orders_close_at),
            delivers=values.get("delivers", menu.delivers),
        )
        return Response(s.StaffMenuSerializer(menu).data)


class CopyWeekView(APIView):
    @extend_schema(
        request=s.CopyWeekSerializer,
        responses=s.WeekCopySerializer,
        summary="Copy the week before's menus into a week (days already planned left alone)",
        description=COPY_REFUSALS,
    )
    def post(self, request):
        data = s.CopyWeekSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        provider, _providers = _canteen(request.user, values.get("provider"))
        week = week_start(values["week"]) if values.get("week") else _next_week()
        copied = menus_copy_week(actor=request.user, provider=provider, week=week)
        return Response(s.WeekCopySerializer(copied).data)


# --- the sheets and deliveries --------------------------------------------------------------


class KitchenSheetView(APIView):
    @extend_schema(
        responses=s.KitchenSheetSerializer,
        summary="How many meals to cook: dine-in, delivery, each note and each grid",
        description="The canteen's staff or staff looking after it; others 404.",
    )
    def get(self, request, pk: int):
        menu = selectors.menu_get_for_worker(user=request.user, pk=pk)
        if not selectors.may_work_menu(request.user, menu):
            raise Http404
        return Response(s.KitchenSheetSerializer(selectors.kitchen_sheet(menu)).data)


class RouteSheetsView(APIView):
    @extend_schema(
        responses=s.RoundSerializer,
        summary="A meal's route sheets, one per grid, homes in address order",
        description="The canteen's staff or the delivery shift's volunteers; others 404.",
    )
    def get(self, request, pk: int):
        menu = selectors.menu_get_for_worker(user=request.user, pk=pk)
        return Response(
            s.RoundSerializer({"menu": menu, "sheets": selectors.route_sheets(menu)}).data
        )


class DeliveriesView(APIView):
    @extend_schema(
        responses=s.RoundSerializer(many=True),
        summary="Today's delivery rounds of the user (their shifts, their canteens)",
    )
    def get(self, request):
        today = timezone.localdate()
        menus = selectors.menus_delivered_by(request.user, since=today, until=today)[:30]
        rounds = [{"menu": menu, "sheets": selectors.route_sheets(menu)} for menu in menus]
        return Response(s.RoundSerializer(rounds, many=True).data)


class FinishRoundView(APIView):
    @extend_schema(
        request=None,
        responses=s.HourRecordSerializer,
        summary="A volunteer ends their round: the time goes to the team leader to verify",
        description="Refusals: 400 with code no_shift, not_checked_in or checkout_closed.",
    )
    def post(self, request, pk: int):
        menu = selectors.menu_get_for_worker(user=request.user, pk=pk)
        record = services.delivery_round_finish(actor=request.user, menu=menu)
        return Response(s.HourRecordSerializer(record).data)


def _order_worked(user, pk: int, *, may) -> MealOrder:
    order = get_object_or_404(MealOrder.objects.select_related("menu__provider", "elder"), pk=pk)
    if not may(user, order.menu):
        raise Http404
    return order


class DeliverView(APIView):
    @extend_schema(
        request=s.DeliveryMarkSerializer,
        responses=s.StaffOrderSerializer,
        summary="Mark a delivery: delivered, or nobody at home",
        description=DELIVERY_REFUSALS,
    )
    def post(self, request, pk: int):
        order = _order_worked(request.user, pk, may=selectors.may_deliver)
        data = s.DeliveryMarkSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        order = services.meal_delivery_mark(
            actor=request.user,
            order=order,
            delivered=data.validated_data["outcome"] == "delivered",
            note=data.validated_data["note"],
        )
        return Response(s.StaffOrderSerializer(order).data)


# --- the counter -----------------------------------------------------------------------------


class CounterView(generics.ListAPIView):
    """Today's dine-in orders of one of the user's canteens: to serve first, then served."""

    serializer_class = s.StaffOrderSerializer
    queryset = MealOrder.objects.none()

    @extend_schema(parameters=[s.CanteenQuerySerializer], summary="Today's meals at the counter")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        query = s.CanteenQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        provider, _providers = _canteen(self.request.user, query.validated_data.get("provider"))
        return selectors.counter_waiting(provider.menus.filter(day=timezone.localdate()))


class CounterActionView(APIView):
    call = None

    def post(self, request, pk: int):
        order = _order_worked(request.user, pk, may=selectors.may_work_menu)
        order = type(self).call(actor=request.user, order=order)
        return Response(s.StaffOrderSerializer(order).data)


class ServeView(CounterActionView):
    call = staticmethod(services.meal_order_serve)

    @extend_schema(
        request=None,
        responses=s.StaffOrderSerializer,
        summary="Hand a dine-in meal over at the counter",
        description="Others 404. Refusals: 400 with code not_allowed or not_open.",
    )
    def post(self, request, pk: int):
        return super().post(request, pk)


class PayView(CounterActionView):
    call = staticmethod(services.meal_order_pay)

    @extend_schema(
        request=None,
        responses=s.StaffOrderSerializer,
        summary="Record the rest of the price paid at the counter (once; a repeat changes nothing)",
        description="Others 404. Refusals: 400 with code not_allowed or cancelled.",
    )
    def post(self, request, pk: int):
        return super().post(request, pk)
