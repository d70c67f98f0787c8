from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from rest_framework import serializers

from accounts.masking import name_in_full
from bookings.api.venue_serializers import HeldVenueSerializer
from communities.models import Node
from events.models import Event, Occurrence, Registration, Topic, TopicMenu
from party.models import CoBuildingUnit


class SessionSerializer(serializers.ModelSerializer):
    event_id = serializers.IntegerField(source="event.pk")
    title = serializers.CharField(source="event.title")
    kind = serializers.CharField(source="event.kind")
    kind_display = serializers.CharField(source="event.get_kind_display")
    place = serializers.CharField(source="event.place")
    node = serializers.CharField(source="event.node.full_name")
    min_age = serializers.IntegerField(source="event.min_age", allow_null=True)
    seats_left = serializers.IntegerField(allow_null=True)
    my_status = serializers.CharField(allow_null=True, required=False)
    near = serializers.BooleanField(required=False, source="is_near")
    # Plain strings: the codes are documented in the model, and a second "status" enum in the
    # schema would collide with other apps' enums of the same name.
    status = serializers.CharField(read_only=True)
    venue = HeldVenueSerializer(
        source="venue_booking",
        read_only=True,
        allow_null=True,
        help_text="The venue booked for the session (null when none)",
    )

    class Meta:
        model = Occurrence
        fields = [
            "id",
            "event_id",
            "title",
            "kind",
            "kind_display",
            "place",
            "node",
            "starts_at",
            "ends_at",
            "capacity",
            "seats_taken",
            "seats_left",
            "min_age",
            "status",
            "my_status",
            "near",
            "venue",
        ]


class SessionDetailSerializer(SessionSerializer):
    description = serializers.CharField(source="event.description")
    organiser = serializers.CharField(source="event.organiser_display")
    residents_only = serializers.BooleanField(source="event.residents_only")
    party_members_only = serializers.BooleanField(source="event.party_members_only")
    points_for_attendance = serializers.IntegerField(source="event.points_for_attendance")
    summary = serializers.SerializerMethodField()
    ics_url = serializers.SerializerMethodField()

    class Meta(SessionSerializer.Meta):
        fields = [
            *SessionSerializer.Meta.fields,
            "description",
            "organiser",
            "residents_only",
            "party_members_only",
            "points_for_attendance",
            "summary",
            "ics_url",
        ]

    def get_summary(self, occurrence) -> str:
        return occurrence.summary if occurrence.summary_published_at else ""

    def get_ics_url(self, occurrence) -> str:
        return f"/events/event/{occurrence.event_id}.ics"


class RegisterInputSerializer(serializers.Serializer):
    members = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    birth_year = serializers.IntegerField(required=False, min_value=1900, max_value=2100)


class RegistrationSerializer(serializers.ModelSerializer):
    session = serializers.IntegerField(source="occurrence_id")
    title = serializers.CharField(source="occurrence.event.title")
    starts_at = serializers.DateTimeField(source="occurrence.starts_at")
    place = serializers.CharField(source="occurrence.event.place")
    attendee = serializers.SerializerMethodField()
    status = serializers.CharField(read_only=True)

    class Meta:
        model = Registration
        fields = [
            "id",
            "session",
            "title",
            "starts_at",
            "place",
            "attendee",
            "status",
            "checked_in_at",
        ]

    def get_attendee(self, registration) -> str:
        return name_in_full(registration.user)


class AttendanceSerializer(RegistrationSerializer):
    phone = serializers.CharField(source="user.masked_phone")

    class Meta(RegistrationSerializer.Meta):
        fields = [*RegistrationSerializer.Meta.fields, "phone", "created_at"]


class CodeSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=500)


class CodeOutputSerializer(serializers.Serializer):
    code = serializers.CharField()
    url = serializers.CharField()


class RatingInputSerializer(serializers.Serializer):
    score = serializers.IntegerField()
    comment = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")


class SummaryInputSerializer(serializers.Serializer):
    summary = serializers.CharField(max_length=5000)


class TopicSerializer(serializers.ModelSerializer):
    voted = serializers.BooleanField(read_only=True)

    class Meta:
        model = Topic
        fields = ["id", "title", "speaker", "description", "vote_count", "voted"]


class TopicMenuSerializer(serializers.ModelSerializer):
    topics = TopicSerializer(many=True, read_only=True)
    node = serializers.CharField(source="node.full_name")

    class Meta:
        model = TopicMenu
        fields = ["id", "title", "description", "node", "topics"]


class FeedSerializer(serializers.Serializer):
    url = serializers.CharField()


# --- staff: events, sessions, calendar -------------------------------------------------------


class EventStaffSerializer(serializers.ModelSerializer):
    """An event as staff see it: every setting, with its place and cover address."""

    node_name = serializers.CharField(source="node.full_name", read_only=True)
    organiser = serializers.CharField(source="organiser_display", read_only=True)
    cover_url = serializers.SerializerMethodField()
    # Plain strings (codes documented on the model): shared enum names would collide.
    kind = serializers.CharField(read_only=True)
    status = serializers.CharField(read_only=True)

    class Meta:
        model = Event
        fields = [
            "id",
            "node",
            "node_name",
            "kind",
            "title",
            "description",
            "place",
            "organiser",
            "organiser_user",
            "organiser_unit",
            "organiser_name",
            "starts_at",
            "ends_at",
            "rrule",
            "repeat_until",
            "exdates",
            "capacity",
            "min_age",
            "residents_only",
            "party_members_only",
            "open_to_all",
            "registration_opens_days",
            "registration_closes_hours",
            "cancel_cutoff_hours",
            "reminder_offsets",
            "points_for_attendance",
            "cover_url",
            "status",
        ]
        read_only_fields = fields

    def get_cover_url(self, event) -> str:
        return event.cover.url if event.cover else ""


class EventWriteSerializer(serializers.ModelSerializer):
    """Input for creating or changing an event. Places and units are limited to the caller's
    scope (pass `scope` in the context), so an id from another community is simply unknown."""

    kind = serializers.CharField(
        max_length=16, help_text="One of: " + ", ".join(Event.Kind.values) + "."
    )
    node = serializers.PrimaryKeyRelatedField(queryset=Node.objects.none())
    organiser_unit = serializers.PrimaryKeyRelatedField(
        queryset=CoBuildingUnit.objects.none(), required=False, allow_null=True
    )
    organiser_user = serializers.PrimaryKeyRelatedField(
        queryset=get_user_model().objects.filter(is_active=True), required=False, allow_null=True
    )
    exdates = serializers.ListField(
        child=serializers.DateField(), required=False, help_text="Local dates without a session."
    )
    reminder_offsets = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        help_text="Minutes before the start, e.g. [1440, 60].",
    )
    # The database refuses 0 places; say so here rather than with a server error.
    capacity = serializers.IntegerField(min_value=1, required=False, allow_null=True)

    class Meta:
        model = Event
        fields = [
            "node",
            "kind",
            "title",
            "description",
            "place",
            "organiser_user",
            "organiser_unit",
            "organiser_name",
            "starts_at",
            "ends_at",
            "rrule",
            "repeat_until",
            "exdates",
            "capacity",
            "min_age",
            "residents_only",
            "party_members_only",
            "open_to_all",
            "registration_opens_days",
            "registration_closes_hours",
            "cancel_cutoff_hours",
            "reminder_offsets",
            "points_for_attendance",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        scope = self.context.get("scope")
        if scope is None:
            return  # schema generation: no caller, no choices
        self.fields["node"].queryset = scope.managed_places()
        self.fields["organiser_unit"].queryset = scope.filter(
            CoBuildingUnit.objects.all(), "community"
        )

    def validate_kind(self, value: str) -> str:
        if value not in Event.Kind.values:
            raise serializers.ValidationError(
                _("Choose one of: %(kinds)s.") % {"kinds": ", ".join(Event.Kind.values)},
                code="invalid_choice",
            )
        return value

    def validate_exdates(self, value) -> list[str]:
        return sorted({day.isoformat() for day in value})


class CoverInputSerializer(serializers.Serializer):
    cover = serializers.FileField(help_text="A photo (JPEG, PNG ...), at most 5 MB.")


class ReasonInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300)


class CalendarQuerySerializer(serializers.Serializer):
    start = serializers.DateField(help_text="First local day, e.g. 2026-03-01.")
    end = serializers.DateField(help_text="Last local day (included), at most 92 days later.")


class CalendarSessionSerializer(serializers.ModelSerializer):
    event_id = serializers.IntegerField(source="event.pk")
    title = serializers.CharField(source="event.title")
    place = serializers.CharField(source="event.place")
    node = serializers.CharField(source="event.node.full_name")
    event_status = serializers.CharField(source="event.status")
    status = serializers.CharField(read_only=True)
    confirmed = serializers.IntegerField()
    attended = serializers.IntegerField()
    venue = HeldVenueSerializer(
        source="venue_booking",
        read_only=True,
        allow_null=True,
        help_text="The venue booked for the session (null when none)",
    )

    class Meta:
        model = Occurrence
        fields = [
            "id",
            "event_id",
            "title",
            "place",
            "node",
            "starts_at",
            "ends_at",
            "capacity",
            "seats_taken",
            "confirmed",
            "attended",
            "status",
            "event_status",
            "venue",
        ]
