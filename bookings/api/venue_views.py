"""REST API of venues (阵地): the venues in one's reach and when they are free, booking for
oneself or a team one leads, one's bookings and cancelling; for approvers (staff over the
venue's place, as on the pages) the bookings waiting and the decision; usage per month."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from bookings import services
from bookings.api.dates import MonthQuerySerializer
from bookings.api.venue_serializers import (
    AvailabilitySerializer,
    DateQuerySerializer,
    DecideInputSerializer,
    VenueBookingSerializer,
    VenueBookInputSerializer,
    VenueSerializer,
    VenueUsageSerializer,
)
from bookings.models import Booking, Venue
from bookings.reports import usage_by_venue
from bookings.selectors import venues as selectors
from communities.scoping import require_managing_scope
from volunteers.selectors.teams import teams_led_by

BOOK_REFUSALS = (
    "Refusals: 400 with code inactive, team_inactive, bad_times (the end not after the start), "
    "past, closed (outside opening hours or over two days), capacity, or overlap (the time is "
    "already held by a pending or confirmed booking; nothing is saved); 404 for a venue outside "
    "your reach or a team you do not lead."
)


class VenueListView(generics.ListAPIView):
    serializer_class = VenueSerializer
    queryset = Venue.objects.none()  # for the schema; get_queryset asks the selector

    @extend_schema(summary="Venues one may book (where one lives, or the places one manages)")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.venues_bookable_by(self.request.user).order_by("node__path", "name", "pk")


class VenueDetailView(APIView):
    @extend_schema(responses=VenueSerializer, summary="One venue (others' venues 404)")
    def get(self, request, pk: int):
        venue = selectors.venue_get_for_user(user=request.user, pk=pk)
        return Response(VenueSerializer(venue).data)


class VenueAvailabilityView(APIView):
    @extend_schema(
        parameters=[DateQuerySerializer],
        responses=AvailabilitySerializer,
        summary="A venue's free and busy times on a day, within its opening hours",
    )
    def get(self, request, pk: int):
        venue = selectors.venue_get_for_user(user=request.user, pk=pk)
        query = DateQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        day = query.validated_data["date"]
        answer = {"venue": venue, "date": day, "intervals": selectors.venue_day(venue, day)}
        return Response(AvailabilitySerializer(answer).data)


class VenueBookingListView(generics.ListCreateAPIView):
    serializer_class = VenueBookingSerializer
    queryset = Booking.objects.none()

    @extend_schema(summary="The venue bookings I made (for myself or my teams), latest first")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.bookings_of_booker(self.request.user)

    @extend_schema(
        request=VenueBookInputSerializer,
        responses={201: VenueBookingSerializer},
        summary="Book a venue (confirmed at once, or pending where approval is required)",
        description=BOOK_REFUSALS,
    )
    def post(self, request, *args, **kwargs):
        data = VenueBookInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        venue = selectors.venue_get_for_user(user=request.user, pk=values["venue"])
        team = None
        if "team" in values:
            team = get_object_or_404(teams_led_by(request.user), pk=values["team"])
        booking = services.booking_request(
            user=request.user,
            venue=venue,
            starts_at=values["starts_at"],
            ends_at=values["ends_at"],
            purpose=values["purpose"],
            attendees=values["attendees"],
            team=team,
        )
        booking = selectors.bookings_of_booker(request.user).get(pk=booking.pk)
        return Response(VenueBookingSerializer(booking).data, status=status.HTTP_201_CREATED)


class VenueBookingCancelView(APIView):
    @extend_schema(
        request=None,
        responses=VenueBookingSerializer,
        summary="Cancel a booking I made, before it starts",
        description="Refusals: 400 with code not_held or started; 404 for others' bookings.",
    )
    def post(self, request, pk: int):
        booking = get_object_or_404(selectors.bookings_of_booker(request.user), pk=pk)
        services.booking_cancel(user=request.user, booking=booking)
        booking = selectors.bookings_of_booker(request.user).get(pk=pk)
        return Response(VenueBookingSerializer(booking).data)


class PendingBookingListView(generics.ListAPIView):
    serializer_class = VenueBookingSerializer
    queryset = Booking.objects.none()

    @extend_schema(
        summary="Bookings waiting for approval at the venues I look after (staff; others 404)"
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.bookings_pending_for(require_managing_scope(self.request.user))


class VenueBookingDecideView(APIView):
    @extend_schema(
        request=DecideInputSerializer,
        responses=VenueBookingSerializer,
        summary="Approve or refuse a pending booking (the booker is told)",
        description="Refusals: 400 with code decided; 404 outside the venues you look after.",
    )
    def post(self, request, pk: int):
        scope = require_managing_scope(request.user)
        booking = selectors.booking_to_decide(scope=scope, pk=pk)
        data = DecideInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            services.booking_decide(
                user=request.user,
                booking=booking,
                approve=data.validated_data["approve"],
                reason=data.validated_data["reason"],
            )
        except PermissionDenied as error:  # as the page answers: not one of yours
            raise Http404 from error
        booking = Booking.objects.select_related("venue__node", "booker", "team").get(pk=pk)
        return Response(VenueBookingSerializer(booking).data)


class VenueUsageView(APIView):
    @extend_schema(
        parameters=[MonthQuerySerializer],
        responses=VenueUsageSerializer,
        summary="Usage of the venues I look after in a month (the usage page's figures)",
        description="Staff only (others 404); a bad month 400.",
    )
    def get(self, request):
        scope = require_managing_scope(request.user)
        query = MonthQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        month = (query.validated_data.get("month") or timezone.localdate()).replace(day=1)
        lines = usage_by_venue(scope, month)
        return Response(VenueUsageSerializer({"month": month, "venues": lines}).data)
