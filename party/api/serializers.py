"""Input and output of the party API. Kinds, levels and modes are plain strings in the schema:
enums named "kind", "level" or "mode" would collide with other apps' enums of those names."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.masking import name_in_full
from party.models import (
    PartyBranch,
    PartyMember,
    PartyOfficer,
    PartySession,
    ServicePost,
    SessionAttendance,
)

SENSITIVE_MEMBER_FIELDS = ("status", "phone", "joined_on", "work_unit", "home_branch")


class PartyOrganisationSerializer(serializers.ModelSerializer):
    level = serializers.CharField(
        read_only=True,
        help_text="working_committee, committee, joint_committee, general_branch or branch",
    )
    form = serializers.CharField(read_only=True, help_text="regular, compound, temporary or mobile")
    place = serializers.CharField(source="node.name", read_only=True)
    parent = serializers.IntegerField(source="parent_id", read_only=True, allow_null=True)
    member_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = PartyBranch
        fields = [
            "id",
            "name",
            "level",
            "form",
            "place",
            "parent",
            "founded_on",
            "ends_on",
            "member_count",
        ]
        read_only_fields = fields


class PartyOfficerSerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField()
    role = serializers.CharField(
        read_only=True, help_text="secretary, deputy_secretary or committee_member"
    )

    class Meta:
        model = PartyOfficer
        fields = ["id", "name", "role", "starts_on"]
        read_only_fields = fields

    def get_name(self, officer) -> str:
        return name_in_full(officer.user)


class PartySubOrganisationSerializer(serializers.ModelSerializer):
    level = serializers.CharField(read_only=True)

    class Meta:
        model = PartyBranch
        fields = ["id", "name", "level"]
        read_only_fields = fields


class PartyOrganisationDetailSerializer(PartyOrganisationSerializer):
    officers = PartyOfficerSerializer(source="serving_officers", many=True, read_only=True)
    children = PartySubOrganisationSerializer(many=True, read_only=True)
    other_places = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    works_here = serializers.BooleanField(
        read_only=True, help_text="Whether the caller works in it (officer or staff)"
    )

    class Meta(PartyOrganisationSerializer.Meta):
        fields = [f for f in PartyOrganisationSerializer.Meta.fields if f != "member_count"] + [
            "officers",
            "children",
            "other_places",
            "works_here",
        ]
        read_only_fields = fields


class PartyMemberSerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField()
    status = serializers.CharField(
        allow_null=True, read_only=True, help_text="full or probationary; officers and staff only"
    )
    phone = serializers.CharField(
        source="user.phone", allow_null=True, read_only=True, help_text="Officers and staff only"
    )
    joined_on = serializers.DateField(
        allow_null=True, read_only=True, help_text="Officers and staff only"
    )
    work_unit = serializers.CharField(
        allow_null=True, read_only=True, help_text="Officers and staff only"
    )
    home_branch = serializers.CharField(
        source="home_branch.name",
        allow_null=True,
        read_only=True,
        help_text="A mobile member's home branch; officers and staff only",
    )

    class Meta:
        model = PartyMember
        fields = ["id", "name", "is_mobile", *SENSITIVE_MEMBER_FIELDS]
        read_only_fields = fields

    def get_name(self, member) -> str:
        return name_in_full(member.user)

    def to_representation(self, member):
        data = super().to_representation(member)
        if not self.context.get("works_here", False):
            for name in SENSITIVE_MEMBER_FIELDS:
                data[name] = None
        return data


class PartySessionSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(
        read_only=True,
        help_text="members_meeting, committee_meeting, group_meeting, lecture or theme_day",
    )
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    in_person = serializers.IntegerField(read_only=True, help_text="Came in person")
    online = serializers.IntegerField(read_only=True, help_text="Joined online")
    expected = serializers.IntegerField(read_only=True, help_text="Members expected")

    class Meta:
        model = PartySession
        fields = [
            "id",
            "kind",
            "kind_label",
            "held_at",
            "venue",
            "online_link",
            "agenda",
            "minutes",
            "in_person",
            "online",
            "expected",
        ]
        read_only_fields = fields


class PartyAttendanceSerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField()
    mode = serializers.CharField(read_only=True, help_text="in_person, online or absent")

    class Meta:
        model = SessionAttendance
        fields = ["member", "name", "mode"]
        read_only_fields = fields

    def get_name(self, row) -> str:
        return name_in_full(row.member.user)


class PartySessionDetailSerializer(PartySessionSerializer):
    organisation = serializers.IntegerField(source="organisation_id", read_only=True)
    attendance = PartyAttendanceSerializer(
        source="attendance_rows",
        many=True,
        read_only=True,
        help_text="Everyone's to officers and staff; a member sees their own line only",
    )

    class Meta(PartySessionSerializer.Meta):
        fields = [*PartySessionSerializer.Meta.fields, "organisation", "attendance"]
        read_only_fields = fields


class MyPartySessionSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    organisation = serializers.CharField(source="organisation.name", read_only=True)
    my_mode = serializers.CharField(
        read_only=True,
        allow_null=True,
        help_text="in_person, online or absent; null while to come or not recorded",
    )

    class Meta:
        model = PartySession
        fields = [
            "id",
            "organisation",
            "kind",
            "kind_label",
            "held_at",
            "venue",
            "online_link",
            "agenda",
            "my_mode",
        ]
        read_only_fields = fields


class MyPartySessionsQuerySerializer(serializers.Serializer):
    when = serializers.ChoiceField(
        choices=[("coming", "coming"), ("past", "past")],
        required=False,
        default="coming",
        help_text="coming (soonest first) or past (latest first)",
    )


class PartyAttendanceLineSerializer(serializers.Serializer):
    member = serializers.IntegerField(min_value=1)
    mode = serializers.ChoiceField(choices=SessionAttendance.Mode.choices)


class PartyAttendanceInputSerializer(serializers.Serializer):
    attendance = PartyAttendanceLineSerializer(many=True, max_length=500)
    minutes = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")

    def validate_attendance(self, lines):
        members = [line["member"] for line in lines]
        if len(set(members)) != len(members):
            raise serializers.ValidationError(_("Each member once."))
        return lines


class PartySessionInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=PartySession.Kind.choices)
    held_at = serializers.DateTimeField()
    agenda = serializers.CharField(max_length=5000)
    venue = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    online_link = serializers.URLField(required=False, allow_blank=True, max_length=200, default="")
    minutes = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")
    attendance = PartyAttendanceLineSerializer(
        many=True,
        required=False,
        max_length=500,
        default=list,
        help_text="For a session already held; a coming one is scheduled without it",
    )

    validate_attendance = PartyAttendanceInputSerializer.validate_attendance


class PartyRhythmRowSerializer(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField()
    per_year = serializers.IntegerField()
    due_by_now = serializers.IntegerField()
    held = serializers.IntegerField()
    behind = serializers.BooleanField()


class PartyRhythmSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    behind = serializers.BooleanField(help_text="Behind on any kind")
    rows = PartyRhythmRowSerializer(many=True)


class ServicePostSerializer(serializers.ModelSerializer):
    community = serializers.CharField(source="community.name", read_only=True)
    taken = serializers.IntegerField(read_only=True)
    mine = serializers.BooleanField(read_only=True, help_text="Whether I hold a place on it")

    class Meta:
        model = ServicePost
        fields = ["id", "community", "title", "description", "places", "taken", "mine"]
        read_only_fields = fields


class ServiceFiguresQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(
        required=False, min_value=2000, max_value=2100, help_text="Default: this year"
    )


class ServiceFiguresSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    minutes = serializers.IntegerField(help_text="Verified volunteer minutes of the year")
    wishes = serializers.IntegerField(help_text="Wishes fulfilled (confirmed) that year")
    posts = serializers.IntegerField(help_text="Service posts I hold")
    community = serializers.CharField(
        allow_null=True, help_text="The community I reported to (双报到), if any"
    )
