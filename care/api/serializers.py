"""Serializers of the care API. Field-level scoping: the legal basis, its evidence and the
retention date are filled for care staff of the person's place only, null for everyone else."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.masking import name_in_full
from care.models import CareTag, Visit

BASIS_FIELDS = ("legal_basis", "consent_on", "basis_note", "retain_until")


class TagSerializer(serializers.ModelSerializer):
    tag_type = serializers.CharField(source="tag_type.name")
    legal_basis = serializers.ChoiceField(
        choices=CareTag.LegalBasis.choices,
        allow_null=True,
        help_text="Care staff of the place only; null for other readers.",
    )
    consent_on = serializers.DateField(allow_null=True, help_text="Care staff only.")
    basis_note = serializers.CharField(allow_null=True, help_text="Care staff only.")
    retain_until = serializers.DateField(allow_null=True, help_text="Care staff only.")

    class Meta:
        model = CareTag
        fields = ["id", "tag_type", "level", "note", *BASIS_FIELDS]

    def to_representation(self, tag):
        data = super().to_representation(tag)
        if not self.context.get("sees_basis", False):
            for name in BASIS_FIELDS:
                data[name] = None
        return data


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.SerializerMethodField()
    place = serializers.CharField(source="household.node.full_name")
    room = serializers.CharField(source="household.room")
    tags = serializers.SerializerMethodField()

    def get_name(self, person) -> str:
        return name_in_full(person.user)

    @extend_schema_field(TagSerializer(many=True))
    def get_tags(self, person):
        access = self.context["access"]
        context = {"sees_basis": access.sees_basis(person.household.node)}
        return TagSerializer(person.live_tags, many=True, context=context).data


class RegisterQuerySerializer(serializers.Serializer):
    place = serializers.IntegerField(required=False, min_value=1, help_text="A place id")
    tag_type = serializers.IntegerField(required=False, min_value=1, help_text="A tag type id")
    level = serializers.ChoiceField(choices=CareTag.Level.choices, required=False)
    search = serializers.CharField(required=False, allow_blank=True, max_length=50)


class DueVisitSerializer(serializers.Serializer):
    person = serializers.IntegerField(source="plan.tag.residency_id")
    name = serializers.SerializerMethodField()
    tag_type = serializers.CharField(source="plan.tag.tag_type.name")
    due_on = serializers.DateField()
    overdue = serializers.BooleanField()
    grid = serializers.CharField(source="grid.name", allow_null=True, default=None)

    def get_name(self, item) -> str:
        return name_in_full(item.plan.tag.residency.user)


class VisitInputSerializer(serializers.Serializer):
    seen_in_person = serializers.BooleanField()
    health = serializers.ChoiceField(choices=Visit.Check.choices, default="ok")
    living = serializers.ChoiceField(choices=Visit.Check.choices, default="ok")
    safety = serializers.ChoiceField(choices=Visit.Check.choices, default="ok")
    needs = serializers.ChoiceField(choices=Visit.Check.choices, default="ok")
    finding = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")
    photo = serializers.ImageField(required=False, allow_null=True, default=None)


class VisitSerializer(serializers.ModelSerializer):
    case = serializers.IntegerField(source="case_id", allow_null=True, read_only=True)
    wish = serializers.IntegerField(source="wish_id", allow_null=True, read_only=True)

    class Meta:
        model = Visit
        fields = [
            "id",
            "residency",
            "visited_at",
            "seen_in_person",
            "health",
            "living",
            "safety",
            "needs",
            "finding",
            "case",
            "wish",
        ]


class ToCaseInputSerializer(serializers.Serializer):
    category = serializers.IntegerField(min_value=1, help_text="A leaf category id")
    description = serializers.CharField(required=False, allow_blank=True, max_length=2000)
