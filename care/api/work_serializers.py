"""Serializers of the care API for mediation, the legal adviser and counselling, scoped per
field like the pages: parties' phones for the mediators who read the dispute, the counsellor's
notes for the counsellor only, counselling for staff as counts only."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.masking import name_in_full
from care.forms import MONTH_PATTERN
from care.models import (
    CounsellingBooking,
    Dispute,
    DisputeFollowUp,
    DisputeParty,
    LegalConsultation,
    MediationSession,
    ServiceRequest,
)

# How a dispute may be closed (not back to open).
CLOSING_STATUSES = [c for c in Dispute.Status.choices if c[0] != Dispute.Status.OPEN]
# Where a service request's follow-up may move it.
PROGRESS_STATUSES = [c for c in ServiceRequest.Status.choices if c[0] != ServiceRequest.Status.OPEN]


class MonthQuerySerializer(serializers.Serializer):
    month = serializers.RegexField(
        MONTH_PATTERN, required=False, help_text="YYYY-MM; this month if not given"
    )


class DisputeSerializer(serializers.ModelSerializer):
    place = serializers.CharField(source="node.full_name")
    mediator = serializers.SerializerMethodField()

    class Meta:
        model = Dispute
        fields = [
            "id",
            "title",
            "kind",
            "status",
            "settled_level",
            "place",
            "mediator",
            "opened_at",
            "closed_at",
        ]

    def get_mediator(self, dispute) -> str:
        return name_in_full(dispute.mediator)


class DisputePartySerializer(serializers.ModelSerializer):
    class Meta:
        model = DisputeParty
        fields = ["name", "phone", "side"]


class MediationSessionSerializer(serializers.ModelSerializer):
    class Meta:
        model = MediationSession
        fields = ["id", "held_at", "notes"]


class DisputeFollowUpSerializer(serializers.ModelSerializer):
    class Meta:
        model = DisputeFollowUp
        fields = ["id", "due_on", "done_at", "note"]


class DisputeDetailSerializer(DisputeSerializer):
    parties = DisputePartySerializer(many=True, read_only=True)
    sessions = MediationSessionSerializer(many=True, read_only=True)
    follow_ups = DisputeFollowUpSerializer(many=True, read_only=True)
    case = serializers.IntegerField(source="case_id", allow_null=True, read_only=True)

    class Meta(DisputeSerializer.Meta):
        fields = [
            *DisputeSerializer.Meta.fields,
            "summary",
            "outcome",
            "agreement_terms",
            "agreed_on",
            "case",
            "parties",
            "sessions",
            "follow_ups",
        ]


class PartyInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=50)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    side = serializers.ChoiceField(choices=DisputeParty.Side.choices)


class DisputeInputSerializer(serializers.Serializer):
    node = serializers.IntegerField(min_value=1, help_text="A place of my mediation area")
    title = serializers.CharField(max_length=100)
    kind = serializers.ChoiceField(choices=Dispute.Kind.choices)
    summary = serializers.CharField(max_length=2000)
    parties = PartyInputSerializer(many=True, min_length=2, max_length=20)
    case = serializers.IntegerField(min_value=1, required=False, help_text="A case of my area")


class SessionInputSerializer(serializers.Serializer):
    held_at = serializers.DateTimeField()
    notes = serializers.CharField(max_length=4000)


class DisputeCloseInputSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=CLOSING_STATUSES)
    level = serializers.ChoiceField(choices=Dispute.Level.choices)
    outcome = serializers.CharField(max_length=2000)
    agreement_terms = serializers.CharField(max_length=4000, required=False, allow_blank=True)
    agreed_on = serializers.DateField(required=False, allow_null=True, default=None)
    follow_up_on = serializers.DateField(required=False, allow_null=True, default=None)


class MediationCountSerializer(serializers.Serializer):
    place = serializers.CharField(source="place.full_name")
    kind = serializers.CharField(source="place.kind")
    opened = serializers.IntegerField()
    agreed = serializers.IntegerField()
    settled_grid = serializers.IntegerField()
    settled_community = serializers.IntegerField()


class AdviserMonthSerializer(serializers.Serializer):
    community = serializers.CharField(source="community.name")
    community_id = serializers.IntegerField(source="community.pk")
    hours = serializers.DecimalField(max_digits=6, decimal_places=1)
    short = serializers.BooleanField(help_text="Fewer than the 5 hours a month")
    sessions = serializers.IntegerField()
    consultations = serializers.IntegerField()
    referrals = serializers.IntegerField()


class SignInInputSerializer(serializers.Serializer):
    community = serializers.IntegerField(min_value=1, help_text="A community I advise")


class AdviserSessionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    community = serializers.CharField(source="community.name")
    signed_in_at = serializers.DateTimeField()
    signed_out_at = serializers.DateTimeField(allow_null=True)


class ConsultationInputSerializer(serializers.Serializer):
    community = serializers.IntegerField(min_value=1, help_text="A community I advise")
    topic = serializers.ChoiceField(choices=LegalConsultation.Topic.choices)
    summary = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    legal_aid_referral = serializers.BooleanField(default=False)


class LegalConsultationSerializer(serializers.ModelSerializer):
    class Meta:
        model = LegalConsultation
        fields = ["id", "topic", "summary", "legal_aid_referral", "given_at"]


class CounsellingBookingSerializer(serializers.ModelSerializer):
    """A booking for its resident or its counsellor: the counsellor's notes for the
    counsellor only (null for the resident)."""

    community = serializers.CharField(source="community.name")
    counsellor = serializers.SerializerMethodField()
    resident = serializers.SerializerMethodField()
    counsellor_notes = serializers.SerializerMethodField()

    class Meta:
        model = CounsellingBooking
        fields = [
            "id",
            "starts_at",
            "status",
            "community",
            "counsellor",
            "resident",
            "resident_note",
            "counsellor_notes",
        ]

    def _is_counsellor(self, booking) -> bool:
        return self.context["request"].user.pk == booking.counsellor_id

    def get_counsellor(self, booking) -> str:
        return name_in_full(booking.counsellor)

    def get_resident(self, booking) -> str:
        return name_in_full(booking.resident)

    @extend_schema_field(serializers.CharField(allow_null=True, help_text="Counsellor only."))
    def get_counsellor_notes(self, booking):
        return booking.counsellor_notes if self._is_counsellor(booking) else None


class BookingInputSerializer(serializers.Serializer):
    counsellor = serializers.IntegerField(min_value=1, help_text="A counsellor of my community")
    starts_at = serializers.DateTimeField()
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class BookingMoveInputSerializer(serializers.Serializer):
    to = serializers.ChoiceField(choices=CounsellingBooking.Status.choices)
    notes = serializers.CharField(
        max_length=4000, required=False, allow_blank=True, help_text="Counsellor only."
    )


class CounsellingCountSerializer(serializers.Serializer):
    community = serializers.CharField(source="community__name")
    status = serializers.ChoiceField(choices=CounsellingBooking.Status.choices)
    n = serializers.IntegerField()


class ServiceRequestUpdateSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ServiceRequest.Status.choices)
    note = serializers.CharField()
    by = serializers.SerializerMethodField()
    at = serializers.DateTimeField()

    def get_by(self, update) -> str:
        return name_in_full(update.by)


class ServiceRequestSerializer(serializers.ModelSerializer):
    person = serializers.SerializerMethodField()
    place = serializers.CharField(source="node.full_name")
    visit = serializers.IntegerField(source="visit_id", read_only=True)

    class Meta:
        model = ServiceRequest
        fields = [
            "id",
            "kind",
            "status",
            "description",
            "person",
            "place",
            "visit",
            "created_at",
            "done_at",
        ]

    def get_person(self, item) -> str:
        return name_in_full(item.visit.residency.user)


class ServiceRequestDetailSerializer(ServiceRequestSerializer):
    updates = ServiceRequestUpdateSerializer(many=True, read_only=True)

    class Meta(ServiceRequestSerializer.Meta):
        fields = [*ServiceRequestSerializer.Meta.fields, "updates"]


class ToRequestInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ServiceRequest.Kind.choices)
    description = serializers.CharField(max_length=500, required=False, allow_blank=True)


class RequestProgressInputSerializer(serializers.Serializer):
    to = serializers.ChoiceField(choices=PROGRESS_STATUSES)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
