from typing import NamedTuple

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from core.layout import layout_forget
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
    layout_forget([user.pk])
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
    (the existing row is kept), so a rerun after a crash writes nothing twice. Returns every
    key's message id, old and new. Sends no email or SMS copy: the caller decides which
    recipients get one (notifications.channels) and queues it.
    """
    if not recipients:
        return {}
    layout_forget(user_id for user_id, _key in recipients)
    if connection.vendor == "postgresql":
        return _notify_many_postgres(recipients, title=title, body=body, url=url, category=category)
    created = Message.objects.bulk_create(
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
        # ON CONFLICT (dedupe_key) DO UPDATE SET dedupe_key = EXCLUDED.dedupe_key: a no-op on a
        # row that exists, but it makes PostgreSQL return every row's id (no second query).
        update_conflicts=True,
        update_fields=["dedupe_key"],
        unique_fields=["dedupe_key"],
    )
    ids = {message.dedupe_key: message.pk for message in created if message.pk}
    if len(ids) < len(recipients):  # databases that do not return ids of conflicting rows
        keys = [key for _user_id, key in recipients]
        ids = dict(Message.objects.filter(dedupe_key__in=keys).values_list("dedupe_key", "id"))
    return ids


def _notify_many_postgres(recipients, *, title, body, url, category) -> dict[str, int]:
    """One INSERT ... SELECT FROM unnest(): no model instance per row (a 100,000-recipient
    notice spent most of its time building them). Same contract as the ORM path."""
    table = Message._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {table} (recipient_id, category, title, body, url, created_at, dedupe_key)
            SELECT r.user_id, %s, %s, %s, %s, %s, r.dedupe_key
            FROM unnest(%s::bigint[], %s::varchar[]) AS r(user_id, dedupe_key)
            ON CONFLICT (dedupe_key) DO UPDATE SET dedupe_key = EXCLUDED.dedupe_key
            RETURNING dedupe_key, id
            """,
            [
                category,
                title,
                body,
                url,
                timezone.now(),
                [user_id for user_id, _key in recipients],
                [key for _user_id, key in recipients],
            ],
        )
        return dict(cursor.fetchall())


def message_mark_read(*, message: Message) -> Message:
    if message.read_at is None:
        message.read_at = timezone.now()
        message.save(update_fields=["read_at"])
        layout_forget([message.recipient_id])
    return message


def messages_mark_all_read(*, user) -> int:
    marked = Message.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    layout_forget([user.pk])
    return marked
