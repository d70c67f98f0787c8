"""Venues and their bookings in the API: the venue a session or a meeting holds, as other apps'
APIs show it (events, consultations), and the bookings API's own venues, bookings and usage."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from bookings.api.dates import reasonable_day
from bookings.models import Booking, Venue
from bookings.selectors.venues import venues_bookable_by


class HeldVenueSerializer(serializers.ModelSerializer):
    """A venue booking seen from what it was made for. Read with
    `select_related("<booking>__venue__node")` so a list adds no query per row."""

    booking_id = serializers.IntegerField(source="pk", read_only=True)
    venue_id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(source="venue.name", read_only=True)
    place = serializers.CharField(
        source="venue.node.full_name", read_only=True, help_text="The venue's place on the tree"
    )
    address = serializers.CharField(source="venue.address", read_only=True)
    # A plain string (pending, approved, refused or cancelled): an enum named "status" would
    # collide with other apps' enums of the same name.
    status = serializers.CharField(
        read_only=True, help_text="pending, approved, refused or cancelled"
    )

    class Meta:
        model = Booking
        fields = [
            "booking_id",
            "venue_id",
            "name",
            "place",
            "address",
            "status",
            "starts_at",
            "ends_at",
        ]
        read_only_fields = fields


@extend_schema_field(
    {"type": "string", "pattern": r"^\d{2}:\d{2}$", "example": "08:30", "readOnly": True}
)
class LocalTimeField(serializers.TimeField):
    """A local wall-clock time as "HH:MM" (an OpenAPI "time" would demand a UTC offset)."""

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", read_only=True, **kwargs)


class VenueSerializer(serializers.ModelSerializer):
    opens_at = LocalTimeField(help_text="Opening time, local (Asia/Shanghai)")
    closes_at = LocalTimeField(help_text="Closing time, local")
    place = serializers.CharField(
        source="node.full_name", read_only=True, help_text="The venue's place on the tree"
    )
    place_id = serializers.IntegerField(source="node_id", read_only=True)

    class Meta:
        model = Venue
        fields = [
            "id",
            "name",
            "place",
            "place_id",
            "address",
            "capacity",
            "opens_at",
            "closes_at",
            "requires_approval",
        ]
        read_only_fields = fields


class IntervalSerializer(serializers.Serializer):
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    free = serializers.BooleanField(help_text="False while a pending or confirmed booking holds it")


class AvailabilitySerializer(serializers.Serializer):
    venue = VenueSerializer()
    date = serializers.DateField()
    intervals = IntervalSerializer(many=True, help_text="Within opening hours, in order")


class DateQuerySerializer(serializers.Serializer):
    date = serializers.DateField(validators=[reasonable_day], help_text="YYYY-MM-DD")


class VenueBookingSerializer(serializers.ModelSerializer):
    """A venue booking as its booker and the approvers see it."""

    venue = VenueSerializer(read_only=True)
    team_id = serializers.IntegerField(read_only=True, allow_null=True)
    team = serializers.CharField(
        source="team.name",
        read_only=True,
        default=None,
        help_text="The team booked for; null for oneself",
    )
    booker = serializers.SerializerMethodField()
    # A plain string: an enum named "status" would collide with other apps' enums.
    status = serializers.CharField(
        read_only=True, help_text="pending, approved, refused or cancelled"
    )
    reason = serializers.CharField(read_only=True, help_text="Why it was refused (may be empty)")

    class Meta:
        model = Booking
        fields = [
            "id",
            "venue",
            "purpose",
            "attendees",
            "starts_at",
            "ends_at",
            "status",
            "team_id",
            "team",
            "booker",
            "reason",
            "decided_at",
            "created_at",
        ]
        read_only_fields = fields

    def get_booker(self, booking) -> str:
        return booking.booker.name_for_display


class VenueBookInputSerializer(serializers.Serializer):
    venue = serializers.IntegerField(min_value=1)
    starts_at = serializers.DateTimeField(help_text="Local time when no offset is given")
    ends_at = serializers.DateTimeField(help_text="The same day, within opening hours")
    purpose = serializers.CharField(max_length=200)
    attendees = serializers.IntegerField(min_value=1, max_value=10000)
    team = serializers.IntegerField(
        required=False, min_value=1, help_text="A team you lead, to book for it (else yourself)"
    )


class DecideInputSerializer(serializers.Serializer):
    approve = serializers.BooleanField()
    reason = serializers.CharField(
        required=False, allow_blank=True, max_length=200, default="", help_text="Told the booker"
    )


class VenueUsageLineSerializer(serializers.Serializer):
    venue = VenueSerializer()
    bookings = serializers.IntegerField(help_text="Confirmed bookings starting in the month")
    hours = serializers.FloatField()
    people = serializers.IntegerField()
    hours_events = serializers.FloatField(help_text="Hours held for event sessions")
    hours_meetings = serializers.FloatField(help_text="Hours held for council meetings")
    hours_teams = serializers.FloatField(help_text="Hours booked by team leaders for their teams")
    hours_direct = serializers.FloatField(
        help_text="Hours booked directly by residents and staff for themselves"
    )


class VenueUsageSerializer(serializers.Serializer):
    month = serializers.DateField(help_text="The first day of the month")
    venues = VenueUsageLineSerializer(many=True)


class VenueHoldInputSerializer(serializers.Serializer):
    """The venue an event session or a council meeting is to hold: one the caller may book
    (`context["request"].user`), or null to free the one held."""

    venue = serializers.PrimaryKeyRelatedField(
        queryset=Venue.objects.none(), allow_null=True, help_text="A venue you may book, or null"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")  # none when the schema is drawn
        if request is not None:
            self.fields["venue"].queryset = venues_bookable_by(request.user)


class MeetingVenueInputSerializer(VenueHoldInputSerializer):
    minutes_long = serializers.IntegerField(
        min_value=15,
        max_value=720,
        required=False,
        allow_null=True,
        help_text="Length held from the meeting's start (the held booking's, else 120)",
    )


class VenueHeldAnswerSerializer(serializers.Serializer):
    venue = HeldVenueSerializer(allow_null=True, help_text="The venue now held (null when none)")
