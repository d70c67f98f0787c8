from typing import NamedTuple

from django.db import IntegrityError, transaction
from django.utils import timezone

from core.outbox import enqueue_after_commit
from notifications.models import Message


class Notified(NamedTuple):
    """What notify() did: the inbox message, and whether this call created (and sent) it."""

    message: Message
    created: bool


def notify(
    user,
    *,
    title: str,
    body: str = "",
    url: str = "",
    category: str = "general",
    email: bool = True,
    sms: bool = False,
    important: bool = False,
    dedupe_key: str | None = None,
) -> Notified:
    """Put a message in the user's inbox and queue its email (and SMS) copies after commit.

    With a dedupe_key, a second call with the same key returns the first message with
    `created` False and sends nothing, so reminder tasks can run twice safely and count what
    they sent from the answer (no caller reads the inbox to find out).

    `sms=True` always sends a text (account matters: an invitation to confirm a home).
    `important=True` marks a reminder that matters (event tomorrow, notice to confirm, vote
    closing ...): it goes by SMS to those who chose SMS or cannot log in (notifications.channels),
    and people who chose SMS only get no email copy.
    """
    from notifications import channels, tasks

    if dedupe_key:
        existing = Message.objects.filter(dedupe_key=dedupe_key).first()
        if existing:
            return Notified(existing, created=False)
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
        return Notified(Message.objects.get(dedupe_key=dedupe_key), created=False)
    wants_sms = important and channels.wants_sms(user)
    if email and user.email and (not important or channels.wants_email(user)):
        enqueue_after_commit(tasks.message_email_task, message.pk)
    if (sms or wants_sms) and user.phone:
        enqueue_after_commit(tasks.message_sms_task, message.pk)
    return Notified(message, created=True)


def notify_many(
    recipients: list[tuple[int, str]],
    *,
    title: str,
    body: str = "",
    url: str = "",
    category: str = "general",
) -> dict[str, int]:
    """Put one message per (user id, dedupe key) in the inboxes, in one statement.

    For fan-outs (a notice to a whole community): rows whose key already exists are skipped
    (ON CONFLICT DO NOTHING), so a rerun after a crash writes nothing twice. Returns every
    key's message id, old and new. Sends no email or SMS copy: the caller decides which
    recipients get one (notifications.channels) and queues it.
    """
    if not recipients:
        return {}
    Message.objects.bulk_create(
        [
            Message(
                recipient_id=user_id,
                title=title,
                body=body,
                url=url,
                category=category,
                dedupe_key=key,
            )
            for user_id, key in recipients
        ],
        ignore_conflicts=True,
    )
    keys = [key for _user_id, key in recipients]
    return dict(Message.objects.filter(dedupe_key__in=keys).values_list("dedupe_key", "id"))


def message_mark_read(*, message: Message) -> Message:
    if message.read_at is None:
        message.read_at = timezone.now()
        message.save(update_fields=["read_at"])
    return message


def messages_mark_all_read(*, user) -> int:
    return Message.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
