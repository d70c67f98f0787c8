"""Small input and output serializers of the volunteers API."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from communities.models import Node
from communities.scoping import scope_for_user
from core.request_keys import REQUEST_KEY_HELP, REQUEST_KEY_REGEX
from volunteers import services
from volunteers.models import (
    Certificate,
    HelpRequest,
    HourRecord,
    Project,
    RelativeLink,
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
    request_key = serializers.RegexField(REQUEST_KEY_REGEX, help_text=REQUEST_KEY_HELP)


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


class WishContactOut(serializers.Serializer):
    role = serializers.ChoiceField(
        choices=["claimer", "resident"],
        help_text="Who this is: the claimer (shown to the resident) or the resident (shown to "
        "the claimer).",
    )
    name = serializers.CharField()
    phone = serializers.CharField(help_text="The full mobile number, to call.")


class WishOut(serializers.ModelSerializer):
    team = serializers.CharField(source="team.name", default=None)
    contact = serializers.SerializerMethodField(
        help_text="The other side of a wish in progress (claimed, done or disputed), for the "
        "resident and the claimer only; null otherwise."
    )

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
            "contact",
            "created_at",
        ]

    @extend_schema_field(WishContactOut(allow_null=True))
    def get_contact(self, wish) -> dict | None:
        request = self.context.get("request")
        if request is None:
            return None
        contact = services.wish_contact_for(wish=wish, user=request.user)
        return WishContactOut(contact).data if contact else None


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


# --- organisers: projects and shifts ---------------------------------------------------------


class OrganiserShiftOut(serializers.ModelSerializer):
    confirmed_count = serializers.IntegerField(read_only=True, default=0)
    waitlist_count = serializers.IntegerField(read_only=True, default=0)
    # A plain string ("scheduled" or "cancelled"): a shared "status" enum name would collide.
    status = serializers.CharField(read_only=True)

    class Meta:
        model = Shift
        fields = [
            "id",
            "project",
            "starts_at",
            "ends_at",
            "capacity",
            "cancel_cutoff_hours",
            "confirmed_count",
            "waitlist_count",
            "status",
            "cancel_reason",
        ]


class ShiftIn(serializers.Serializer):
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    capacity = serializers.IntegerField(min_value=1, max_value=500)
    cancel_cutoff_hours = serializers.IntegerField(
        min_value=0, max_value=168, required=False, default=2
    )


class ProjectOut(serializers.ModelSerializer):
    team_name = serializers.CharField(source="team.name", default=None, read_only=True)
    node_name = serializers.CharField(source="node.full_name", read_only=True)
    status = serializers.CharField(read_only=True)

    class Meta:
        model = Project
        fields = [
            "id",
            "team",
            "team_name",
            "node",
            "node_name",
            "title",
            "description",
            "place",
            "starts_on",
            "ends_on",
            "skills_wanted",
            "status",
        ]


class ProjectListOut(ProjectOut):
    upcoming_shifts = serializers.IntegerField(read_only=True)

    class Meta(ProjectOut.Meta):
        fields = [*ProjectOut.Meta.fields, "upcoming_shifts"]


class ProjectDetailOut(ProjectOut):
    shifts = serializers.SerializerMethodField()

    class Meta(ProjectOut.Meta):
        fields = [*ProjectOut.Meta.fields, "shifts"]

    @extend_schema_field(OrganiserShiftOut(many=True))
    def get_shifts(self, project):
        return OrganiserShiftOut(self.context["shifts"], many=True).data


class ProjectIn(serializers.Serializer):
    """A project and its first shifts. `team` is one the caller leads (staff: any team in their
    scope); staff may instead give `node`, a community of theirs, for a community project."""

    team = serializers.PrimaryKeyRelatedField(
        queryset=Team.objects.none(), required=False, allow_null=True
    )
    node = serializers.PrimaryKeyRelatedField(
        queryset=Node.objects.none(), required=False, allow_null=True
    )
    title = serializers.CharField(max_length=100)
    description = serializers.CharField()
    place = serializers.CharField(max_length=200)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    skills_wanted = serializers.CharField(max_length=200, required=False, default="")
    shifts = ShiftIn(many=True, required=False, default=list)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.context.get("user")
        if user is None:
            return  # schema generation
        from volunteers.selectors import teams_for_organiser

        scope = scope_for_user(user)
        self.fields["team"].queryset = teams_for_organiser(user)
        if scope.managing:
            self.fields["node"].queryset = scope.managed_places(
                [Node.Kind.COMMUNITY, Node.Kind.STREET]
            )

    def validate(self, attrs):
        if not self.partial and not attrs.get("team") and not attrs.get("node"):
            raise serializers.ValidationError(
                {"team": _("Choose the team, or the community, that organises it.")},
                code="required",
            )
        return attrs


class ProjectChangeIn(serializers.Serializer):
    title = serializers.CharField(max_length=100, required=False)
    description = serializers.CharField(required=False)
    place = serializers.CharField(max_length=200, required=False)
    starts_on = serializers.DateField(required=False)
    ends_on = serializers.DateField(required=False)
    skills_wanted = serializers.CharField(max_length=200, required=False, allow_blank=True)


class ShiftChangeIn(serializers.Serializer):
    starts_at = serializers.DateTimeField(required=False)
    ends_at = serializers.DateTimeField(required=False)
    capacity = serializers.IntegerField(min_value=1, max_value=500, required=False)
    cancel_cutoff_hours = serializers.IntegerField(min_value=0, max_value=168, required=False)


class ReasonIn(serializers.Serializer):
    reason = serializers.CharField(max_length=200)


# --- staff: wishes and relatives -------------------------------------------------------------


class WishReviewIn(serializers.Serializer):
    decision = serializers.ChoiceField(
        choices=["open", "team", "decline"],
        help_text="open: anyone may claim; team: dispatch to `team`; decline: needs `reason`.",
    )
    team = serializers.PrimaryKeyRelatedField(
        queryset=Team.objects.none(), required=False, allow_null=True
    )
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        scope = self.context.get("scope")
        if scope is not None:  # teams of the caller's scope only (the street's teams included)
            self.fields["team"].queryset = scope.filter(Team.objects.filter(is_active=True))


class WishResolveIn(serializers.Serializer):
    # Choices rather than a boolean: a form post without the field must not mean "close".
    decision = serializers.ChoiceField(
        choices=["credit", "close"], help_text="credit: credit the hours; close: without hours."
    )
    reason = serializers.CharField(max_length=200)
    minutes = serializers.IntegerField(min_value=1, max_value=24 * 60, required=False)


class RelativeLinkOut(serializers.ModelSerializer):
    user_name = serializers.CharField(source="user.name_for_display")
    user_phone = serializers.CharField(source="user.masked_phone")
    relative_name = serializers.CharField(source="relative.name_for_display")
    relative_phone = serializers.CharField(source="relative.masked_phone")
    relation = serializers.CharField(read_only=True)
    status = serializers.CharField(read_only=True)

    class Meta:
        model = RelativeLink
        fields = [
            "id",
            "user_name",
            "user_phone",
            "relative_name",
            "relative_phone",
            "relation",
            "status",
            "created_at",
        ]


class RelativeDecisionIn(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["verify", "reject"])


class StaffWishQuerySerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=Wish.Status.choices, required=False, allow_blank=True, help_text="Only this status"
    )


class TeamQuerySerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Team.Kind.choices, required=False, allow_blank=True)
    q = serializers.CharField(required=False, allow_blank=True, max_length=50)


class HelpRequestQuerySerializer(serializers.Serializer):
    mine = serializers.BooleanField(
        required=False, default=False, help_text="My own requests instead of open ones"
    )


class WishQuerySerializer(serializers.Serializer):
    list = serializers.ChoiceField(
        choices=["mine", "claimable", "claimed"], required=False, default="mine"
    )
