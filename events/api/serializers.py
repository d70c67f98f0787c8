from rest_framework import serializers

from events.models import Occurrence, Registration, Topic, TopicMenu


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
        return registration.user.real_name or registration.user.name_for_display


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
