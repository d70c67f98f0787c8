"""REST API of a provider's monthly figures (the page's numbers, for the provider's own
systems): appointments per service and per grid, and the canteen's meals."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from bookings import provider_reports
from bookings.api.dates import MonthQuerySerializer
from bookings.models import Provider
from bookings.selectors.providers import provider_get_for_runner


class ServiceLineSerializer(serializers.Serializer):
    label = serializers.CharField(help_text="The service (with its provider) or the grid")
    served = serializers.IntegerField()
    no_show = serializers.IntegerField()
    cancelled = serializers.IntegerField()
    booked = serializers.IntegerField(help_text="Still booked (the slot not yet marked)")
    total = serializers.IntegerField()


class ProviderReportSerializer(serializers.Serializer):
    month = serializers.DateField(help_text="The first day of the month")
    per_service = ServiceLineSerializer(many=True)
    per_grid = ServiceLineSerializer(many=True)
    meals = serializers.IntegerField(help_text="Meals served in the month (canteens; else 0)")


class ProviderReportView(APIView):
    @extend_schema(
        parameters=[MonthQuerySerializer],
        responses=ProviderReportSerializer,
        summary="A provider's month (its staff, or staff looking after it; others 404)",
    )
    def get(self, request, pk: int):
        provider = provider_get_for_runner(user=request.user, pk=pk)
        query = MonthQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        month = query.validated_data.get("month") or timezone.localdate()
        report = provider_reports.month_report(
            Provider.objects.filter(pk=provider.pk), month.replace(day=1)
        )
        return Response(ProviderReportSerializer(report).data)
