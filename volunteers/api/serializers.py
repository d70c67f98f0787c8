"""Small input and output serializers of the volunteers API."""

from rest_framework import serializers

from communities.models import Node
from volunteers.models import (
    Certificate,
    HelpRequest,
    HourRecord,
    Shift,
    Signup,
    Team,
    VolunteerProfile,
    Wish,
)


class ProfileOut(serializers.ModelSerializer):
    community = serializers.CharField(source="community.name")
    balance_minutes = serializers.IntegerField(read_only=True, default=0)

    class Meta:
        model = VolunteerProfile
        fields = [
            "number",
            "community",
            "skills",
            "availability",
            "service_areas",
            "verified_minutes",
            "stars",
            "balance_minutes",
        ]


class RegisterIn(serializers.Serializer):
    community = serializers.PrimaryKeyRelatedField(
        queryset=Node.objects.filter(kind=Node.Kind.COMMUNITY)
    )
    skills = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    availability = serializers.CharField(
        max_length=200, required=False, default="", allow_blank=True
    )
    service_areas = serializers.CharField(
        max_length=200, required=False, default="", allow_blank=True
    )


class TeamOut(serializers.ModelSerializer):
    place = serializers.CharField(source="node.name")
    member_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Team
        fields = ["id", "name", "kind", "place", "description", "member_count"]


class MessageIn(serializers.Serializer):
    message = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)


class ShiftOut(serializers.ModelSerializer):
    project = serializers.CharField(source="project.title")
    place = serializers.CharField(source="project.place")
    team = serializers.CharField(source="project.team.name", default=None)
    confirmed_count = serializers.IntegerField(read_only=True)
    waitlist_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Shift
        fields = [
            "id",
            "project",
            "place",
            "team",
            "starts_at",
            "ends_at",
            "capacity",
            "confirmed_count",
            "waitlist_count",
        ]


class SignupOut(serializers.ModelSerializer):
    class Meta:
        model = Signup
        fields = ["id", "shift", "status", "created_at", "checked_in_at", "checked_out_at"]


class TokenIn(serializers.Serializer):
    token = serializers.CharField(max_length=500)


class HourRecordOut(serializers.ModelSerializer):
    volunteer = serializers.CharField(source="volunteer.name_for_display")
    project = serializers.CharField(source="project.title", default=None)

    class Meta:
        model = HourRecord
        fields = [
            "id",
            "volunteer",
            "project",
            "source",
            "service_date",
            "content",
            "minutes_claimed",
            "minutes_verified",
            "status",
            "reason",
            "created_at",
        ]


class LogHoursIn(serializers.Serializer):
    project = serializers.IntegerField()
    service_date = serializers.DateField()
    minutes = serializers.IntegerField(min_value=1, max_value=24 * 60)
    content = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)


class VerifyIn(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["approve", "adjust", "reject"])
    minutes = serializers.IntegerField(min_value=1, max_value=24 * 60, required=False)
    reason = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)


class MinutesIn(serializers.Serializer):
    minutes = serializers.IntegerField(min_value=1, max_value=1500 * 60)


class TransferIn(MinutesIn):
    relative = serializers.IntegerField(help_text="The relative's user id.")


class RelativeIn(serializers.Serializer):
    phone = serializers.CharField(max_length=20)
    relation = serializers.ChoiceField(
        choices=["spouse", "parent", "child", "grandparent", "grandchild"]
    )


class TimeBankOut(serializers.Serializer):
    balance_minutes = serializers.IntegerField()
    cap_minutes = serializers.IntegerField()


class HelpRequestOut(serializers.ModelSerializer):
    requester = serializers.CharField(source="requester.name_for_display")
    helper = serializers.CharField(source="helper.name_for_display", default=None)

    class Meta:
        model = HelpRequest
        fields = ["id", "title", "description", "minutes", "status", "requester", "helper"]


class HelpRequestIn(serializers.Serializer):
    title = serializers.CharField(max_length=100)
    description = serializers.CharField(required=False, default="", allow_blank=True)
    minutes = serializers.IntegerField(min_value=1, max_value=24 * 60)


class WishOut(serializers.ModelSerializer):
    team = serializers.CharField(source="team.name", default=None)

    class Meta:
        model = Wish
        fields = [
            "id",
            "title",
            "description",
            "status",
            "team",
            "minutes",
            "done_note",
            "reason",
            "created_at",
        ]


class WishIn(serializers.Serializer):
    title = serializers.CharField(max_length=100)
    description = serializers.CharField(required=False, default="", allow_blank=True)


class WishActionIn(serializers.Serializer):
    minutes = serializers.IntegerField(min_value=1, max_value=24 * 60, required=False)
    note = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    reason = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)


class CertificateIn(serializers.Serializer):
    period_from = serializers.DateField()
    period_to = serializers.DateField()


class CertificateOut(serializers.ModelSerializer):
    issuer = serializers.CharField(source="issuer.full_name")

    class Meta:
        model = Certificate
        fields = [
            "id",
            "number",
            "volunteer_number",
            "name",
            "id_number_masked",
            "period_from",
            "period_to",
            "minutes",
            "content",
            "issuer",
            "responsible",
            "contact",
            "issued_on",
        ]


class CertificateCheckOut(serializers.Serializer):
    number = serializers.CharField()
    name = serializers.CharField()
    volunteer_number = serializers.CharField()
    period_from = serializers.DateField()
    period_to = serializers.DateField()
    minutes = serializers.IntegerField()
    issuer = serializers.CharField()
    issued_on = serializers.DateField()
