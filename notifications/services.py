from django.db import IntegrityError, transaction
from django.utils import timezone

from notifications.models import Message


def notify(
    user,
    *,
    title: str,
    body: str = "",
    url: str = "",
    category: str = "general",
    email: bool = True,
    sms: bool = False,
    dedupe_key: str | None = None,
) -> Message:
    """Put a message in the user's inbox and queue its email (and SMS) copies after commit.

    With a dedupe_key, a second call with the same key returns the first message and sends
    nothing, so reminder tasks can run twice safely.
    """
    from notifications import tasks

    if dedupe_key:
        existing = Message.objects.filter(dedupe_key=dedupe_key).first()
        if existing:
            return existing
    try:
        with transaction.atomic():
            message = Message.objects.create(
                recipient=user,
                title=title,
                body=body,
                url=url,
                category=category,
                dedupe_key=dedupe_key,
            )
    except IntegrityError:
        # A concurrent call with the same key won the race.
        return Message.objects.get(dedupe_key=dedupe_key)
    if email and user.email:
        transaction.on_commit(lambda: tasks.message_email_task.delay(message.pk))
    if sms and user.phone:
        transaction.on_commit(lambda: tasks.message_sms_task.delay(message.pk))
    return message


def message_mark_read(*, message: Message) -> Message:
    if message.read_at is None:
        message.read_at = timezone.now()
        message.save(update_fields=["read_at"])
    return message


def messages_mark_all_read(*, user) -> int:
    return Message.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
