"""REST API of the canteen for community and street staff: the canteens' menus in their area,
the elders registered for the subsidy (reading them is audited, as on the page), money put
into a street's subsidy budget, and the month's report (meals per day and grid, each street's
subsidy spent against its budget: bookings/canteen_reports.py).

Scoped as the pages are: staff managing places (require_managing_scope), anyone else 404.
"""

import datetime as dt

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.selectors import user_get_by_login
from audit.services import audit_record
from bookings import canteen_reports, services
from bookings.api import canteen_staff_serializers as s
from bookings.api.dates import MonthQuerySerializer
from bookings.models import Diner, Menu
from bookings.selectors import canteen as selectors
from bookings.services.canteen import budget_account
from communities.models import Node
from communities.scoping import require_managing_scope

REGISTER_REFUSALS = (
    "An unknown log-in: 400 with a field error on login. Refusals: 400 with code no_home, "
    "not_allowed (the elder lives outside the caller's area), invalid_status or "
    "invalid_birth_year."
)


class CanteenMenusView(generics.ListAPIView):
    """The meals of the canteens in the caller's area from yesterday on, each leading to its
    kitchen sheet (staff; others 404), as the workbench's canteen page lists them."""

    serializer_class = s.StaffMenuSerializer
    queryset = Menu.objects.none()

    def get_queryset(self):
        since = timezone.localdate() - dt.timedelta(days=1)
        return selectors.menus_for_staff(self.request.user, since=since)


class BudgetFundView(APIView):
    @extend_schema(
        request=s.BudgetFundSerializer,
        responses={201: s.BudgetFundedSerializer},
        summary="Put money into a street's canteen subsidy budget (once per key)",
        description="A street the caller does not manage: 404. Refusals: 400 with code "
        "not_allowed, invalid_amount or key_conflict (the key was used for another amount).",
    )
    def post(self, request):
        scope = require_managing_scope(request.user)
        data = s.BudgetFundSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        street = scope.managed_places([Node.Kind.STREET]).filter(pk=values["street"]).first()
        if street is None:
            raise Http404
        posting = services.subsidy_budget_fund(
            actor=request.user, street=street, amount_fen=values["amount_fen"], key=values["key"]
        )
        funded = {
            "posting": posting,
            "street": street,
            "balance_fen": budget_account(street).balance,
        }
        return Response(s.BudgetFundedSerializer(funded).data, status=status.HTTP_201_CREATED)


class DinerListView(generics.ListCreateAPIView):
    """The elders registered for the canteen subsidy in the caller's area (staff; others
    404). The statuses are sensitive: every read is audited."""

    serializer_class = s.DinerSerializer
    queryset = Diner.objects.none()

    def get_queryset(self):
        return selectors.diners_in(require_managing_scope(self.request.user))

    @extend_schema(summary="Elders registered for the subsidy")
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        scope = require_managing_scope(request.user)
        audit_record(
            actor=request.user,
            action="bookings.diners.read",
            details={"rows": len(response.data["results"]), "api": True},
            scope_path=scope.root_paths[0] if scope.root_paths else "",
        )
        return response

    @extend_schema(
        request=s.DinerRegisterSerializer,
        responses={201: s.DinerSerializer},
        summary="Register an elder for the subsidy (year of birth and status), or update them",
        description=REGISTER_REFUSALS,
    )
    def post(self, request, *args, **kwargs):
        require_managing_scope(request.user)
        data = s.DinerRegisterSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        person = user_get_by_login(values["login"])
        if person is None:
            raise serializers.ValidationError(
                {"login": [_("No account was found for this phone number.")]}
            )
        diner = services.diner_register(
            actor=request.user,
            user=person,
            birth_year=values["birth_year"],
            status=values["status"],
        )
        return Response(s.DinerSerializer(diner).data, status=status.HTTP_201_CREATED)


class CanteenReportView(APIView):
    @extend_schema(
        parameters=[MonthQuerySerializer],
        responses=s.CanteenReportSerializer,
        summary="The canteens' month in the caller's area: meals per day and grid, subsidy "
        "spent against each street's budget (staff; others 404)",
    )
    def get(self, request):
        query = MonthQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        scope = require_managing_scope(request.user)
        month = (query.validated_data.get("month") or timezone.localdate()).replace(day=1)
        canteens = canteen_reports.canteens_in(scope)
        days = canteen_reports.meals_per_day(canteens, month)
        report = {
            "month": month,
            "meals": sum(line.meals for line in days),
            "days": days,
            "grids": [
                {"grid": grid, "meals": meals, "delivery": delivery}
                for grid, meals, delivery in canteen_reports.meals_per_grid(canteens, month)
            ],
            "budgets": canteen_reports.budgets(scope, month),
        }
        return Response(s.CanteenReportSerializer(report).data)
