"""The events API: one view per operation, calling the same selectors and services as pages."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from events import selectors, services
from events.api.serializers import (
    AttendanceSerializer,
    CodeOutputSerializer,
    CodeSerializer,
    FeedSerializer,
    RatingInputSerializer,
    RegisterInputSerializer,
    RegistrationSerializer,
    SessionDetailSerializer,
    SessionSerializer,
    SummaryInputSerializer,
    TopicMenuSerializer,
)
from events.models import Occurrence, Registration, TopicMenu


def _with_near(occurrences):
    for occurrence in occurrences:
        occurrence.is_near = getattr(occurrence, "near", 1) == 0
    return occurrences


class SessionListView(generics.ListAPIView):
    serializer_class = SessionSerializer
    queryset = Occurrence.objects.none()

    @extend_schema(summary="Upcoming sessions I may join, my community first")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.occurrences_upcoming_for_user(
            user=self.request.user, query=self.request.query_params.get("q", "")[:50]
        )

    def paginate_queryset(self, queryset):
        return _with_near(super().paginate_queryset(queryset))


class SessionDetailView(APIView):
    @extend_schema(responses=SessionDetailSerializer, summary="One session")
    def get(self, request, pk: int):
        occurrence = selectors.occurrence_get_for_user(user=request.user, pk=pk)
        occurrence.is_near = False
        return Response(SessionDetailSerializer(occurrence).data)


class RegisterView(APIView):
    @extend_schema(
        request=RegisterInputSerializer,
        responses={201: RegistrationSerializer(many=True)},
        summary="Register me (and household members) for a session",
    )
    def post(self, request, pk: int):
        occurrence = selectors.occurrence_get_for_user(user=request.user, pk=pk)
        data = RegisterInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        members = list(
            get_user_model().objects.filter(pk__in=data.validated_data["members"]).order_by("pk")
        )
        if len(members) != len(set(data.validated_data["members"])):
            raise ValidationError(
                _("Only members of your own household can be registered with you."),
                code="not_household",
            )
        registrations = services.registration_create(
            user=request.user,
            occurrence=occurrence,
            members=members,
            birth_year=data.validated_data.get("birth_year"),
        )
        return Response(
            RegistrationSerializer(registrations, many=True).data, status=status.HTTP_201_CREATED
        )


class MyRegistrationsView(generics.ListAPIView):
    serializer_class = RegistrationSerializer
    queryset = Registration.objects.none()

    @extend_schema(summary="My registrations")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.registrations_of_user(user=self.request.user).select_related("user")


def _my_registration(request, pk: int) -> Registration:
    return get_object_or_404(
        Registration.objects.select_related("occurrence__event__node", "user"),
        pk=pk,
        user=request.user,
    )


class CancelView(APIView):
    @extend_schema(request=None, responses=RegistrationSerializer, summary="Cancel a registration")
    def post(self, request, pk: int):
        registration = get_object_or_404(
            Registration.objects.filter(user=request.user)
            | Registration.objects.filter(registered_by=request.user),
            pk=pk,
        )
        registration = services.registration_cancel(actor=request.user, registration=registration)
        return Response(RegistrationSerializer(registration).data)


class AttendeeCodeView(APIView):
    @extend_schema(responses=CodeOutputSerializer, summary="My check-in code (show as QR)")
    def get(self, request, pk: int):
        registration = _my_registration(request, pk)
        code = services.attendee_code(registration)
        url = request.build_absolute_uri(reverse("events:scan") + "?code=" + code)
        return Response({"code": code, "url": url})


class DoorCheckInView(APIView):
    @extend_schema(
        request=CodeSerializer,
        responses=RegistrationSerializer(many=True),
        summary="Check in with the code on the door",
    )
    def post(self, request):
        data = CodeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        registrations = services.door_check_in(user=request.user, code=data.validated_data["code"])
        return Response(RegistrationSerializer(registrations, many=True).data)


class AttendeeCheckInView(APIView):
    @extend_schema(
        request=CodeSerializer,
        responses=AttendanceSerializer,
        summary="Organiser: check an attendee in by their code",
    )
    def post(self, request):
        data = CodeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        registration = services.registration_for_code_or_none(data.validated_data["code"])
        if registration is None or not selectors.event_can_manage(
            user=request.user, event=registration.occurrence.event
        ):
            raise Http404
        registration = services.registration_check_in(actor=request.user, registration=registration)
        return Response(AttendanceSerializer(registration).data)


class RatingView(APIView):
    @extend_schema(request=RatingInputSerializer, responses={201: None}, summary="Rate a session")
    def post(self, request, pk: int):
        occurrence = selectors.occurrence_get_for_user(user=request.user, pk=pk)
        data = RatingInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.rating_submit(user=request.user, occurrence=occurrence, **data.validated_data)
        return Response(status=status.HTTP_201_CREATED)


class AttendanceView(generics.ListAPIView):
    serializer_class = AttendanceSerializer
    queryset = Registration.objects.none()

    @extend_schema(summary="Organiser: registrations and check-ins of a session")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        occurrence = selectors.occurrence_get_for_manager(
            user=self.request.user, pk=self.kwargs["pk"]
        )
        return selectors.attendance_for_occurrence(occurrence=occurrence).select_related(
            "occurrence__event"
        )


class SummaryView(APIView):
    @extend_schema(
        request=SummaryInputSerializer,
        responses=SessionDetailSerializer,
        summary="Organiser: publish the summary",
    )
    def post(self, request, pk: int):
        occurrence = selectors.occurrence_get_for_manager(user=request.user, pk=pk)
        data = SummaryInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        occurrence = services.occurrence_summary_publish(
            actor=request.user, occurrence=occurrence, summary=data.validated_data["summary"]
        )
        occurrence.is_near = False
        return Response(SessionDetailSerializer(occurrence).data)


class TopicMenuListView(generics.ListAPIView):
    serializer_class = TopicMenuSerializer
    queryset = TopicMenu.objects.none()

    @extend_schema(summary="Open lecture topic menus")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.topic_menus_for_user(user=self.request.user)


class TopicVoteView(APIView):
    @extend_schema(request=None, responses={201: None}, summary="Choose a topic")
    def post(self, request, pk: int):
        topic = selectors.topic_get_for_user(user=request.user, pk=pk)
        services.topic_vote(user=request.user, topic=topic)
        return Response(status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={204: None}, summary="Withdraw my choice")
    def delete(self, request, pk: int):
        topic = selectors.topic_get_for_user(user=request.user, pk=pk)
        services.topic_vote_withdraw(user=request.user, topic=topic)
        return Response(status=status.HTTP_204_NO_CONTENT)


class FeedView(APIView):
    @extend_schema(responses=FeedSerializer, summary="Address of my calendar feed (.ics)")
    def get(self, request):
        feed = services.calendar_feed_for_user(user=request.user)
        return Response(
            {"url": request.build_absolute_uri(reverse("events:feed", args=[feed.token]))}
        )
