from rest_framework import serializers

from bookings.api.venue_serializers import HeldVenueSerializer
from consultations.models import Comment, Consultation, Matter, Meeting, Option


class MatterSerializer(serializers.ModelSerializer):
    place = serializers.CharField(source="node.full_name", read_only=True)
    # A plain string (proposed / accepted / declined / decided): several apps have a "status"
    # enum, and one schema component name cannot serve them all.
    status = serializers.CharField(read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Matter
        fields = [
            "id",
            "title",
            "description",
            "node",
            "place",
            "status",
            "status_display",
            "decline_reason",
            "created_at",
        ]
        read_only_fields = fields


class MatterProposeSerializer(serializers.Serializer):
    node = serializers.IntegerField()
    title = serializers.CharField(max_length=150)
    description = serializers.CharField(max_length=5000)
    attachments = serializers.ListField(
        child=serializers.FileField(), required=False, max_length=5, default=list
    )


class CommentSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author_label", read_only=True)

    class Meta:
        model = Comment
        fields = ["id", "author", "body", "created_at"]
        read_only_fields = fields


class CommentInputSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=2000)


class OptionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Option
        fields = ["id", "label", "code"]


class ConsultationSerializer(serializers.ModelSerializer):
    state = serializers.SerializerMethodField()
    place = serializers.CharField(source="node.full_name", read_only=True)

    class Meta:
        model = Consultation
        fields = [
            "id",
            "matter",
            "question",
            "place",
            "electorate",
            "choice_kind",
            "max_choices",
            "owner_matter",
            "opens_at",
            "closes_at",
            "state",
        ]
        read_only_fields = fields

    def get_state(self, obj) -> str:
        return obj.window_state()


class OptionResultSerializer(serializers.Serializer):
    option = serializers.IntegerField(source="option.pk")
    label = serializers.CharField(source="option.label")
    votes = serializers.IntegerField(source="heads")
    area = serializers.DecimalField(max_digits=14, decimal_places=2)
    percent = serializers.DecimalField(max_digits=5, decimal_places=1)


class Art278Serializer(serializers.Serializer):
    special = serializers.BooleanField()
    participation_area_met = serializers.BooleanField()
    participation_heads_met = serializers.BooleanField()
    approval_area_met = serializers.BooleanField()
    approval_heads_met = serializers.BooleanField()
    passed = serializers.BooleanField()


class ResultSerializer(serializers.Serializer):
    electorate_size = serializers.IntegerField()
    ballots = serializers.IntegerField()
    turnout_percent = serializers.DecimalField(max_digits=5, decimal_places=1)
    options = OptionResultSerializer(many=True)
    art278 = Art278Serializer(allow_null=True)


class ConsultationDetailSerializer(ConsultationSerializer):
    options = OptionSerializer(many=True, read_only=True)
    may_vote = serializers.BooleanField(read_only=True)
    my_choices = serializers.ListField(child=serializers.IntegerField(), read_only=True)
    result = ResultSerializer(allow_null=True, read_only=True)

    class Meta(ConsultationSerializer.Meta):
        fields = [
            *ConsultationSerializer.Meta.fields,
            "explanation",
            "options",
            "may_vote",
            "my_choices",
            "result",
        ]
        read_only_fields = fields


class BallotInputSerializer(serializers.Serializer):
    options = serializers.ListField(child=serializers.IntegerField(), min_length=1, max_length=50)


class BallotSerializer(serializers.Serializer):
    consultation = serializers.IntegerField()
    options = serializers.ListField(child=serializers.IntegerField())
    channel = serializers.CharField()
    cast_at = serializers.DateTimeField()


class MeetingSerializer(serializers.ModelSerializer):
    council = serializers.CharField(source="council.name", read_only=True)
    community = serializers.CharField(source="council.community.full_name", read_only=True)
    venue = HeldVenueSerializer(
        source="venue_booking",
        read_only=True,
        allow_null=True,
        help_text="The venue booked for the meeting (null when none)",
    )

    class Meta:
        model = Meeting
        fields = [
            "id",
            "council",
            "community",
            "title",
            "starts_at",
            "place",
            "agenda",
            "event_url",
            "venue",
        ]
        read_only_fields = fields
