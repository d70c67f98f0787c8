"""REST API of the provider's counter (a day's appointments, marked served or did not come)
and of the person's rating afterwards; through the services the counter page uses."""

from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.response import Response
from rest_framework.views import APIView

from bookings import services
from bookings.api.appointment_serializers import AppointmentSerializer
from bookings.api.provider_serializers import (
    AppointmentMarkInputSerializer,
    AppointmentRateInputSerializer,
    CounterAppointmentSerializer,
    ProviderCounterQuerySerializer,
)
from bookings.models import Appointment
from bookings.selectors import appointments as selectors
from bookings.selectors.providers import provider_get_for_runner


class CounterDayView(generics.ListAPIView):
    serializer_class = CounterAppointmentSerializer
    queryset = Appointment.objects.none()

    @extend_schema(
        parameters=[ProviderCounterQuerySerializer],
        summary="A provider's appointments of one day (its staff; others 404)",
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        provider = provider_get_for_runner(user=self.request.user, pk=self.kwargs["pk"])
        query = ProviderCounterQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        day = query.validated_data.get("day") or timezone.localdate()
        return selectors.appointments_of_day(provider, day)


class AppointmentMarkView(APIView):
    @extend_schema(
        request=AppointmentMarkInputSerializer,
        responses=CounterAppointmentSerializer,
        summary="Mark an appointment served (done) or did not come (no_show)",
        description=(
            "Once its slot began; a mark may be corrected until rated. Refusals: 400 with code "
            "invalid_status, not_open or too_early; 404 outside the provider's staff."
        ),
    )
    def post(self, request, pk: int):
        appointment = selectors.appointment_get_for_runner(user=request.user, pk=pk)
        data = AppointmentMarkInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        appointment = services.appointment_mark(
            actor=request.user, appointment=appointment, status=data.validated_data["status"]
        )
        return Response(CounterAppointmentSerializer(appointment).data)


class AppointmentRateView(APIView):
    @extend_schema(
        request=AppointmentRateInputSerializer,
        responses=AppointmentSerializer,
        summary="Rate a service received (the person, or whoever booked it), once",
        description="Refusals: 400 with code not_done, already_rated or invalid_rating.",
    )
    def post(self, request, pk: int):
        appointment = selectors.appointments_of_person(request.user).filter(pk=pk).first()
        if appointment is None:
            raise Http404
        data = AppointmentRateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        appointment = services.appointment_rate(
            actor=request.user, appointment=appointment, rating=data.validated_data["rating"]
        )
        return Response(AppointmentSerializer(appointment).data)
