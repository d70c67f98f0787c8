"""Small input and output serializers of the cases API."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from cases.models import Case, CaseEvent, Category, Satisfaction, State
from communities.models import Node, Post
from party.models import CoBuildingUnit


# Choice fields are plain strings here: the same choice sets appear in several fields, and
# distinct enums per field would make the schema generator warn (check --deploy fails on it).
class CategorySerializer(serializers.ModelSerializer):
    parent = serializers.CharField(source="parent.name", default="", read_only=True)
    response_unit = serializers.CharField(read_only=True)
    resolve_unit = serializers.CharField(read_only=True)

    class Meta:
        model = Category
        fields = [
            "id",
            "code",
            "name",
            "parent",
            "response_limit",
            "response_unit",
            "resolve_limit",
            "resolve_unit",
        ]


class CaseListSerializer(serializers.ModelSerializer):
    category = serializers.CharField(source="category.name")
    state = serializers.CharField(read_only=True)
    state_display = serializers.CharField(source="get_state_display")
    place = serializers.CharField(source="place_display")

    class Meta:
        model = Case
        fields = [
            "id",
            "category",
            "state",
            "state_display",
            "place",
            "created_at",
            "response_due_at",
            "resolve_due_at",
            "escalation_level",
        ]


class EventSerializer(serializers.ModelSerializer):
    action = serializers.CharField(read_only=True)
    action_display = serializers.CharField(source="get_action_display")
    from_state = serializers.CharField(read_only=True)
    to_state = serializers.CharField(read_only=True)
    satisfaction = serializers.CharField(read_only=True)
    photos = serializers.SerializerMethodField()

    class Meta:
        model = CaseEvent
        fields = [
            "id",
            "action",
            "action_display",
            "from_state",
            "to_state",
            "note",
            "satisfaction",
            "created_at",
            "photos",
        ]

    def get_photos(self, event) -> list[str]:
        from django.urls import reverse

        return [reverse("cases:photo", args=[p.pk]) for p in event.photos.all()]


class CaseDetailSerializer(CaseListSerializer):
    description = serializers.CharField()
    timeline = EventSerializer(source="events", many=True)
    actions = serializers.SerializerMethodField()
    merged_into = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta(CaseListSerializer.Meta):
        fields = [
            *CaseListSerializer.Meta.fields,
            "description",
            "latitude",
            "longitude",
            "merged_into",
            "timeline",
            "actions",
        ]

    def get_actions(self, case) -> list[str]:
        from cases import selectors

        return selectors.case_actions_for_user(user=self.context["request"].user, case=case)


class ReportInputSerializer(serializers.Serializer):
    category = serializers.PrimaryKeyRelatedField(queryset=Category.objects.all())
    description = serializers.CharField(max_length=2000)
    node = serializers.PrimaryKeyRelatedField(
        queryset=Node.objects.all(), required=False, allow_null=True
    )
    address = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    latitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, required=False, allow_null=True
    )
    longitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, required=False, allow_null=True
    )
    photos = serializers.ListField(
        child=serializers.FileField(), required=False, max_length=9, default=list
    )


class NoteInputSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


# Named for the schema: events and marketplace have input serializers of the same class name.
@extend_schema_serializer(component_name="CaseReasonInput")
class ReasonInputSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=2000, help_text=_("The reason or explanation."))


class SubmitInputSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=2000)
    photos = serializers.ListField(
        child=serializers.FileField(), required=False, max_length=9, default=list
    )


class DispatchInputSerializer(serializers.Serializer):
    post = serializers.PrimaryKeyRelatedField(
        queryset=Post.objects.all(), required=False, allow_null=True
    )
    unit = serializers.PrimaryKeyRelatedField(
        queryset=CoBuildingUnit.objects.all(), required=False, allow_null=True
    )
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


@extend_schema_serializer(component_name="CaseVerifyInput")
class VerifyInputSerializer(serializers.Serializer):
    passed = serializers.BooleanField()
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class RateInputSerializer(serializers.Serializer):
    satisfaction = serializers.ChoiceField(choices=Satisfaction.choices)
    comment = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    reopen = serializers.BooleanField(required=False, default=False)


class MergeInputSerializer(serializers.Serializer):
    into = serializers.IntegerField(min_value=1)


class IndicatorSerializer(serializers.Serializer):
    cases = serializers.IntegerField()
    # Closing rates are over the cases due; the open ones are said beside them.
    open_cases = serializers.IntegerField()
    resolve_due = serializers.IntegerField()
    response_rate = serializers.FloatField(allow_null=True)
    on_time_closing_rate = serializers.FloatField(allow_null=True)
    closing_rate = serializers.FloatField(allow_null=True)
    solving_rate = serializers.FloatField(allow_null=True)
    satisfaction_rate = serializers.FloatField(allow_null=True)
    avg_response_hours = serializers.FloatField(allow_null=True)
    avg_close_hours = serializers.FloatField(allow_null=True)


class IndicatorQuerySerializer(serializers.Serializer):
    node = serializers.IntegerField()
    start = serializers.DateField()
    end = serializers.DateField()


class BoardQuerySerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=State.choices, required=False, allow_blank=True)
    category = serializers.IntegerField(required=False, min_value=1, help_text="A category id")
    node = serializers.IntegerField(required=False, min_value=1, help_text="A place of my area")
    overdue = serializers.BooleanField(required=False, default=False)
