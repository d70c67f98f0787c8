"""Input and output of the co-building API (党建益联盟): units with their offers, commitments
(共建项目) with follow-ups, alliances with member units and teams, pairings (结对). Kinds and
statuses are plain strings in the schema (see party.api.serializers)."""

from django.utils import timezone
from rest_framework import serializers

from accounts.masking import name_in_full
from party.models import (
    Alliance,
    AllianceMember,
    AllianceTeam,
    CoBuildingUnit,
    Commitment,
    CommitmentFollowUp,
    Pairing,
    UnitOffer,
)

STATUS_HELP = "promised, under_way or done"


class UnitOfferSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(
        read_only=True, help_text="venue, professional, volunteers or funds"
    )
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = UnitOffer
        fields = ["id", "kind", "kind_label", "description"]
        read_only_fields = fields


class CoBuildingUnitSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(read_only=True, help_text="agency, company or social_org")
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    community = serializers.CharField(source="community.name", read_only=True)
    offer_count = serializers.IntegerField(read_only=True)
    open_count = serializers.IntegerField(read_only=True, help_text="Projects not done yet")
    overdue_count = serializers.IntegerField(
        read_only=True, help_text="Projects past their date and not done"
    )

    class Meta:
        model = CoBuildingUnit
        fields = [
            "id",
            "name",
            "kind",
            "kind_label",
            "community",
            "contact_name",
            "contact_phone",
            "signed_on",
            "offer_count",
            "open_count",
            "overdue_count",
        ]
        read_only_fields = fields


class CommitmentSerializer(serializers.ModelSerializer):
    unit = serializers.IntegerField(source="unit_id", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    community = serializers.CharField(source="community.name", read_only=True)
    status = serializers.CharField(read_only=True, help_text=STATUS_HELP)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    overdue = serializers.SerializerMethodField(help_text="Past its date and not done")

    class Meta:
        model = Commitment
        fields = [
            "id",
            "title",
            "unit",
            "unit_name",
            "community",
            "due_on",
            "status",
            "status_label",
            "overdue",
        ]
        read_only_fields = fields

    def get_overdue(self, commitment) -> bool:
        return (
            commitment.status != Commitment.Status.DONE and commitment.due_on < timezone.localdate()
        )


class PairingSerializer(serializers.ModelSerializer):
    unit = serializers.IntegerField(source="unit_id", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    team = serializers.IntegerField(source="team_id", read_only=True)
    team_name = serializers.CharField(source="team.name", read_only=True)
    community = serializers.CharField(source="community.name", read_only=True)

    class Meta:
        model = Pairing
        fields = [
            "id",
            "unit",
            "unit_name",
            "team",
            "team_name",
            "community",
            "started_on",
            "activities",
            "ended_on",
            "end_record",
        ]
        read_only_fields = fields


class CoBuildingUnitDetailSerializer(CoBuildingUnitSerializer):
    offers = UnitOfferSerializer(many=True, read_only=True)
    commitments = CommitmentSerializer(many=True, read_only=True)
    pairings = PairingSerializer(many=True, read_only=True)

    class Meta(CoBuildingUnitSerializer.Meta):
        fields = [
            f
            for f in CoBuildingUnitSerializer.Meta.fields
            if f not in ("offer_count", "open_count", "overdue_count")
        ] + ["pledged_resources", "offers", "commitments", "pairings"]
        read_only_fields = fields


class CommitmentFollowUpSerializer(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True, help_text=STATUS_HELP)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    recorded_by = serializers.SerializerMethodField()

    class Meta:
        model = CommitmentFollowUp
        fields = ["id", "on", "status", "status_label", "note", "recorded_by"]
        read_only_fields = fields

    def get_recorded_by(self, follow_up) -> str | None:
        return name_in_full(follow_up.recorded_by) if follow_up.recorded_by else None


class CommitmentDetailSerializer(CommitmentSerializer):
    follow_ups = CommitmentFollowUpSerializer(many=True, read_only=True)

    class Meta(CommitmentSerializer.Meta):
        fields = [*CommitmentSerializer.Meta.fields, "follow_ups"]
        read_only_fields = fields


class CommitmentsQuerySerializer(serializers.Serializer):
    overdue = serializers.BooleanField(
        required=False, default=False, help_text="Only projects past their date and not done"
    )


class CommitmentFollowUpInputSerializer(serializers.Serializer):
    on = serializers.DateField(help_text="The day of the follow-up (not in the future)")
    status = serializers.CharField(max_length=10, help_text=f"The project now: {STATUS_HELP}")
    note = serializers.CharField(max_length=300, allow_blank=True, help_text="What has been done")


class AllianceSerializer(serializers.ModelSerializer):
    place = serializers.CharField(source="node.name", read_only=True)
    level = serializers.CharField(
        source="node.kind", read_only=True, help_text="district or street"
    )
    parent = serializers.IntegerField(
        source="parent_id",
        read_only=True,
        allow_null=True,
        help_text="The district's alliance above a street's",
    )
    unit_count = serializers.IntegerField(read_only=True, help_text="Member units (the whole)")
    team_count = serializers.IntegerField(read_only=True, help_text="Teams (the whole alliance)")

    class Meta:
        model = Alliance
        fields = [
            "id",
            "name",
            "place",
            "level",
            "parent",
            "founded_on",
            "unit_count",
            "team_count",
        ]
        read_only_fields = fields


class AllianceMemberSerializer(serializers.ModelSerializer):
    unit = serializers.IntegerField(source="unit_id", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    community = serializers.CharField(source="unit.community.name", read_only=True)

    class Meta:
        model = AllianceMember
        fields = ["id", "unit", "unit_name", "community", "joined_on"]
        read_only_fields = fields


class AllianceTeamSerializer(serializers.ModelSerializer):
    team = serializers.IntegerField(source="team_id", read_only=True)
    team_name = serializers.CharField(source="team.name", read_only=True)
    place = serializers.CharField(source="team.node.name", read_only=True)

    class Meta:
        model = AllianceTeam
        fields = ["id", "team", "team_name", "place", "joined_on"]
        read_only_fields = fields


class AllianceDetailSerializer(AllianceSerializer):
    members = AllianceMemberSerializer(
        source="member_rows",
        many=True,
        read_only=True,
        help_text="Live member units working in the caller's area",
    )
    teams = AllianceTeamSerializer(
        source="team_rows", many=True, read_only=True, help_text="Teams in the caller's area"
    )

    class Meta(AllianceSerializer.Meta):
        fields = [*AllianceSerializer.Meta.fields, "members", "teams"]
        read_only_fields = fields


class PairingStartInputSerializer(serializers.Serializer):
    unit = serializers.IntegerField(min_value=1, help_text="A co-building unit in your area")
    team = serializers.IntegerField(min_value=1, help_text="A community's volunteer team")
    started_on = serializers.DateField()
    activities = serializers.CharField(
        max_length=300, allow_blank=True, help_text="What they do together"
    )


class PairingEndInputSerializer(serializers.Serializer):
    ended_on = serializers.DateField(help_text="Not before the start, not in the future")
    record = serializers.CharField(
        max_length=300, allow_blank=True, help_text="What came of the pairing"
    )
