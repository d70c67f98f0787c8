from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from notifications.models import Message


def messages_for_user(*, user, unread_only: bool = False) -> QuerySet[Message]:
    messages = Message.objects.filter(recipient=user)
    if unread_only:
        messages = messages.filter(read_at__isnull=True)
    return messages


def message_get_for_user(*, user, pk: int) -> Message:
    return get_object_or_404(Message, pk=pk, recipient=user)


def unread_count(user) -> int:
    return Message.objects.filter(recipient=user, read_at__isnull=True).count()


def messages_export_for_user(user) -> list[dict]:
    return [
        {"title": m.title, "body": m.body, "sent_at": m.created_at.isoformat(), "read": m.is_read}
        for m in messages_for_user(user=user)
    ]
