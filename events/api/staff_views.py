"""The staff side of the events API: create, change, publish and cancel events, call off single
sessions, upload a cover, and read the calendar. Scoped like the admin (communities.scoping);
every write goes through events.services."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from bookings.api.venue_serializers import VenueHeldAnswerSerializer, VenueHoldInputSerializer
from communities.scoping import require_managing_scope, scope_for_user
from events import selectors, services
from events.api.serializers import (
    CalendarQuerySerializer,
    CalendarSessionSerializer,
    CoverInputSerializer,
    EventStaffSerializer,
    EventWriteSerializer,
    ReasonInputSerializer,
    SessionSerializer,
)
from events.models import Event
from events.recurrence import LOCAL

MAX_CALENDAR_DAYS = 92


def _event_out(event: Event) -> dict:
    return EventStaffSerializer(event).data


class StaffEventListCreateView(generics.ListAPIView):
    serializer_class = EventStaffSerializer
    queryset = Event.objects.none()

    @extend_schema(summary="Staff: events of places in my scope, latest first")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.events_for_staff(user=self.request.user)

    @extend_schema(
        request=EventWriteSerializer,
        responses={201: EventStaffSerializer},
        summary="Staff: create an event (a draft until published)",
    )
    def post(self, request):
        scope = require_managing_scope(request.user)
        data = EventWriteSerializer(data=request.data, context={"scope": scope})
        data.is_valid(raise_exception=True)
        event = services.event_save(
            actor=request.user,
            event=Event(**data.validated_data),
            changed=list(data.validated_data),
        )
        return Response(_event_out(event), status=status.HTTP_201_CREATED)


class StaffEventDetailView(APIView):
    @extend_schema(responses=EventStaffSerializer, summary="Staff: one event")
    def get(self, request, pk: int):
        return Response(
            EventStaffSerializer(selectors.event_get_for_staff(user=request.user, pk=pk)).data
        )

    @extend_schema(
        request=EventWriteSerializer,
        responses=EventStaffSerializer,
        summary="Staff: change an event (schedule, repeat rule, audience limits ...)",
        description="Only the fields sent change. Sessions ahead follow the new schedule; "
        "sessions with registrations that the schedule no longer holds are kept for you to "
        "cancel.",
    )
    def patch(self, request, pk: int):
        event = selectors.event_get_for_staff(user=request.user, pk=pk)
        data = EventWriteSerializer(
            data=request.data, partial=True, context={"scope": scope_for_user(request.user)}
        )
        data.is_valid(raise_exception=True)
        for name, value in data.validated_data.items():
            setattr(event, name, value)
        event = services.event_save(
            actor=request.user, event=event, changed=sorted(data.validated_data)
        )
        return Response(_event_out(event))


class StaffEventPublishView(APIView):
    @extend_schema(request=None, responses=EventStaffSerializer, summary="Staff: publish a draft")
    def post(self, request, pk: int):
        event = selectors.event_get_for_staff(user=request.user, pk=pk)
        event = services.event_publish(actor=request.user, event=event)
        return Response(_event_out(event))


class StaffEventCancelView(APIView):
    @extend_schema(
        request=ReasonInputSerializer,
        responses=EventStaffSerializer,
        summary="Staff: cancel the whole event (everyone registered is told why)",
    )
    def post(self, request, pk: int):
        event = selectors.event_get_for_staff(user=request.user, pk=pk)
        data = ReasonInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        event = services.event_cancel(
            actor=request.user, event=event, reason=data.validated_data["reason"]
        )
        return Response(_event_out(event))


class StaffEventCoverView(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request={"multipart/form-data": CoverInputSerializer},
        responses=EventStaffSerializer,
        summary="Staff: upload the cover photo (checked, re-encoded without EXIF)",
    )
    def post(self, request, pk: int):
        event = selectors.event_get_for_staff(user=request.user, pk=pk)
        data = CoverInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        event = services.event_save(
            actor=request.user,
            event=event,
            cover_upload=data.validated_data["cover"],
            changed=["cover"],
        )
        return Response(_event_out(event))


class StaffSessionCancelView(APIView):
    @extend_schema(
        request=ReasonInputSerializer,
        responses=SessionSerializer,
        summary="Staff or organiser: call off one session (its people are told why)",
    )
    def post(self, request, pk: int):
        occurrence = selectors.occurrence_get_for_manager(user=request.user, pk=pk)
        data = ReasonInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        occurrence = services.occurrence_cancel(
            actor=request.user, occurrence=occurrence, reason=data.validated_data["reason"]
        )
        occurrence.is_near = False
        return Response(SessionSerializer(occurrence).data)


class StaffSessionVenueView(APIView):
    @extend_schema(
        request=VenueHoldInputSerializer,
        responses=VenueHeldAnswerSerializer,
        summary="Staff or organiser: hold a venue for one session's time, or free it (null)",
        description=(
            "Through the venue's own rules (opening hours, capacity, no overlap; approval where "
            "the venue needs it). Refusals: 400 with code overlap, closed, past, capacity, "
            "inactive or cancelled, or a venue you may not book; 404 for others' sessions."
        ),
    )
    def put(self, request, pk: int):
        occurrence = selectors.occurrence_get_for_manager(user=request.user, pk=pk)
        data = VenueHoldInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        booking = services.occurrence_venue_set(
            actor=request.user, occurrence=occurrence, venue=data.validated_data["venue"]
        )
        return Response(VenueHeldAnswerSerializer({"venue": booking}).data)


class StaffCalendarView(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("start", dt.date, required=True, description="First local day."),
            OpenApiParameter("end", dt.date, required=True, description="Last local day."),
        ],
        responses=CalendarSessionSerializer(many=True),
        summary="Staff: sessions of the events I manage between two days (Asia/Shanghai)",
    )
    def get(self, request):
        require_managing_scope(request.user)
        query = CalendarQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        first, last = query.validated_data["start"], query.validated_data["end"]
        if last < first:
            raise ValidationError(
                _("The last day must not be before the first."), code="invalid_range"
            )
        if (last - first).days > MAX_CALENDAR_DAYS:
            raise ValidationError(
                _("Ask for at most three months at a time."), code="range_too_long"
            )
        start = dt.datetime.combine(first, dt.time(), tzinfo=LOCAL)
        end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), tzinfo=LOCAL)
        sessions = selectors.occurrences_for_calendar(user=request.user, start=start, end=end)
        return Response(CalendarSessionSerializer(sessions, many=True).data)
