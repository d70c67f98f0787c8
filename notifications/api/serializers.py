from rest_framework import serializers

from notifications.models import Message


class MessageSerializer(serializers.ModelSerializer):
    is_read = serializers.BooleanField(read_only=True)

    class Meta:
        model = Message
        fields = ["id", "category", "title", "body", "url", "created_at", "read_at", "is_read"]
        read_only_fields = fields


class InboxQuerySerializer(serializers.Serializer):
    unread = serializers.BooleanField(
        required=False, default=False, help_text="Only unread messages"
    )
