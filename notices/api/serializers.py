from rest_framework import serializers

from notices.models import Notice, NoticeAttachment


class AttachmentSerializer(serializers.ModelSerializer):
    url = serializers.CharField(source="file.url", read_only=True)

    class Meta:
        model = NoticeAttachment
        fields = ["id", "kind", "original_name", "size", "url"]
        read_only_fields = fields


class NoticeSerializer(serializers.ModelSerializer):
    place = serializers.CharField(source="node.full_name", read_only=True)
    # A plain string: several apps have an "audience"/"status" enum, one schema name each.
    audience = serializers.CharField(read_only=True)
    read = serializers.BooleanField(source="my_read", read_only=True, default=False)
    confirmed = serializers.BooleanField(source="my_confirmed", read_only=True, default=False)

    class Meta:
        model = Notice
        fields = [
            "id",
            "title",
            "body",
            "node",
            "place",
            "audience",
            "per_household",
            "needs_confirmation",
            "published_at",
            "read",
            "confirmed",
        ]
        read_only_fields = fields


class NoticeDetailSerializer(NoticeSerializer):
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta(NoticeSerializer.Meta):
        fields = [*NoticeSerializer.Meta.fields, "attachments"]
        read_only_fields = fields


class NoticePublishSerializer(serializers.Serializer):
    node = serializers.IntegerField(min_value=1)
    title = serializers.CharField(max_length=100)
    body = serializers.CharField(max_length=5000)
    audience = serializers.ChoiceField(choices=Notice.Audience.choices, default="all")
    per_household = serializers.BooleanField(default=False)
    needs_confirmation = serializers.BooleanField(default=False)
    knock_after = serializers.DateTimeField(required=False, allow_null=True, default=None)


class PublishedSerializer(serializers.ModelSerializer):
    fanout_status = serializers.CharField(read_only=True)

    class Meta:
        model = Notice
        fields = ["id", "title", "node", "fanout_status", "fanout_total", "fanout_done"]
        read_only_fields = fields


class ReachRowSerializer(serializers.Serializer):
    node = serializers.IntegerField(source="node.pk")
    name = serializers.CharField(source="node.name")
    kind = serializers.CharField(source="node.kind")
    households = serializers.IntegerField()
    reached = serializers.IntegerField()
    percent = serializers.IntegerField()


class ReceiptsSerializer(serializers.Serializer):
    fanout_status = serializers.CharField()
    fanout_total = serializers.IntegerField()
    fanout_done = serializers.IntegerField()
    recipients = serializers.IntegerField()
    read = serializers.IntegerField()
    confirmed = serializers.IntegerField()
    told = serializers.IntegerField()
    reached = serializers.IntegerField()
    reach = ReachRowSerializer(many=True)
