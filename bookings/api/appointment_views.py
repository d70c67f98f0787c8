"""REST API of appointment slots: the catalogue, open slots, booking and cancelling."""

from django.contrib.auth import get_user_model
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from bookings import services
from bookings.api.appointment_serializers import (
    AppointmentSerializer,
    BookInputSerializer,
    ServiceOfferSerializer,
    SlotQuerySerializer,
    SlotSerializer,
)
from bookings.models import Appointment, ServiceOffer, Slot
from bookings.selectors import appointments as selectors
from bookings.selectors.canteen import home_of, may_order_for

REFUSALS = (
    "Refusals: 400 with code not_allowed, no_home, not_served, inactive, cancelled, closed, "
    "already_booked, full, no_hours or insufficient_balance."
)


def _person(actor, pk: int | None):
    """The actor, or someone they may book for (else 404: no existence leak)."""
    if pk is None or pk == actor.pk:
        return actor
    person = get_user_model().objects.filter(pk=pk).first()
    if person is None or not may_order_for(actor, person):
        raise Http404
    return person


def _home(request):
    query = SlotQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    return home_of(_person(request.user, query.validated_data.get("for_user")))


class ServiceOfferListView(generics.ListAPIView):
    serializer_class = ServiceOfferSerializer
    queryset = ServiceOffer.objects.none()

    @extend_schema(parameters=[SlotQuerySerializer], summary="Services offered at one's home")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        household = _home(self.request)
        if household is None:
            return ServiceOffer.objects.none()
        return (
            selectors.offers_open_for(household)
            .select_related("provider")
            .order_by("kind", "name", "pk")
        )


class SlotListView(generics.ListAPIView):
    serializer_class = SlotSerializer
    queryset = Slot.objects.none()

    @extend_schema(parameters=[SlotQuerySerializer], summary="Open slots of the next two weeks")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        household = _home(self.request)
        return selectors.slots_open_for(household) if household else Slot.objects.none()


class AppointmentListView(generics.ListCreateAPIView):
    serializer_class = AppointmentSerializer
    queryset = Appointment.objects.none()

    @extend_schema(summary="My appointments and those I booked for others")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.appointments_of_person(self.request.user).select_related(
            "slot__offer__provider", "person"
        )

    @extend_schema(
        request=BookInputSerializer,
        responses={201: AppointmentSerializer},
        summary="Book a slot (for oneself or someone one may act for)",
        description=REFUSALS,
    )
    def post(self, request, *args, **kwargs):
        data = BookInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        slot = get_object_or_404(Slot, pk=values["slot"])
        person = _person(request.user, values.get("person"))
        appointment = services.appointment_book(
            actor=request.user, person=person, slot=slot, pay_with_hours=values["pay_with_hours"]
        )
        return Response(AppointmentSerializer(appointment).data, status=status.HTTP_201_CREATED)


class AppointmentCancelView(APIView):
    @extend_schema(
        request=None,
        responses=AppointmentSerializer,
        summary="Cancel an appointment before its slot begins",
        description="Refusals: 400 with code not_open or closed; 404 for others' appointments.",
    )
    def post(self, request, pk: int):
        appointment = selectors.appointments_of_person(request.user).filter(pk=pk).first()
        if appointment is None:
            raise Http404
        appointment = services.appointment_cancel(actor=request.user, appointment=appointment)
        return Response(AppointmentSerializer(appointment).data)
