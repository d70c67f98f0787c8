from rest_framework import serializers

from communities.models import Household, Node, Post, Residency


class NodeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Node
        fields = ["id", "kind", "name", "code", "full_name", "parent", "depth", "address"]
        read_only_fields = fields


class NodeQuerySerializer(serializers.Serializer):
    parent = serializers.IntegerField(
        required=False, min_value=1, help_text="Children of this place (its id)"
    )
    q = serializers.CharField(
        required=False, allow_blank=True, max_length=50, help_text="Search by name or code"
    )


class HouseholdSerializer(serializers.ModelSerializer):
    place = serializers.CharField(source="node.full_name", read_only=True)

    class Meta:
        model = Household
        fields = ["id", "node", "place", "room", "floor_area"]
        read_only_fields = fields


class ResidencySerializer(serializers.ModelSerializer):
    household = HouseholdSerializer(read_only=True)

    class Meta:
        model = Residency
        fields = [
            "id",
            "household",
            "relation",
            "is_owner",
            "residence_type",
            "status",
            "reject_reason",
            "created_at",
            "decided_at",
        ]
        read_only_fields = fields


class PendingClaimSerializer(ResidencySerializer):
    resident = serializers.CharField(source="user.name_for_display", read_only=True)
    phone = serializers.CharField(source="user.masked_phone", read_only=True)

    class Meta(ResidencySerializer.Meta):
        fields = [*ResidencySerializer.Meta.fields, "resident", "phone"]
        read_only_fields = fields


class PostSerializer(serializers.ModelSerializer):
    node = NodeSerializer(read_only=True)

    class Meta:
        model = Post
        fields = ["id", "kind", "node", "starts_on", "ends_on"]
        read_only_fields = fields


class ClaimRequestSerializer(serializers.Serializer):
    household = serializers.PrimaryKeyRelatedField(
        queryset=Household.objects.select_related("node")
    )
    relation = serializers.ChoiceField(choices=Residency.Relation.choices)
    residence_type = serializers.ChoiceField(
        choices=Residency.ResidenceType.choices, default=Residency.ResidenceType.REGISTERED
    )
    is_owner = serializers.BooleanField(default=False)


class RejectRequestSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
