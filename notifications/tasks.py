from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from communities.selectors import places_of_users
from notifications.models import Message
from notifications.sms import sms_send
from notifications.sms_templates import template_for


def _claim(message_id: int, field: str) -> Message | None:
    """Lock the message and return it unless its copy was already sent (idempotent retries)."""
    message = (
        Message.objects.select_for_update()
        .select_related("recipient")
        .filter(pk=message_id)
        .first()
    )
    if message is None or getattr(message, field) is not None:
        return None
    return message


@shared_task(bind=True, max_retries=5, default_retry_delay=60)
def message_email_task(self, message_id: int) -> bool:
    with transaction.atomic():
        message = _claim(message_id, "email_sent_at")
        if message is None:
            return False
        body = message.body
        if message.url:
            body = f"{body}\n\n{settings.PORTAL_BASE_URL.rstrip('/')}{message.url}"
        try:
            send_mail(message.title, body, None, [message.recipient.email])
        except OSError as error:
            raise self.retry(exc=error) from error
        message.email_sent_at = timezone.now()
        message.save(update_fields=["email_sent_at"])
    return True


@shared_task(bind=True, max_retries=5, default_retry_delay=60)
def message_sms_task(self, message_id: int) -> bool:
    with transaction.atomic():
        message = _claim(message_id, "sms_sent_at")
        if message is None:
            return False
        _send_text(self, message, places_of_users([message.recipient_id]))
    return True


def _send_text(task, message: Message, places: dict) -> None:
    """The message's template (by category) to the recipient's phone, signed by the recipient's
    place (`places`: communities.selectors.places_of_users), recorded (SmsRecord); a gateway
    that cannot be reached retries the task, a refusal is recorded and not retried."""
    try:
        sms_send(
            phone=message.recipient.phone,
            template=template_for(message.category),
            params={"title": message.title},
            message=message,
            place=places.get(message.recipient_id),
        )
    except OSError as error:
        raise task.retry(exc=error) from error
    message.sms_sent_at = timezone.now()
    message.save(update_fields=["sms_sent_at"])


@shared_task(bind=True, max_retries=5, default_retry_delay=60)
def message_sms_batch_task(self, message_ids: list[int]) -> int:
    """The SMS copies of a fan-out's chunk; each message is claimed on its own, so a retry
    sends only what was not sent yet. Returns how many were sent this time."""
    sent = 0
    recipients = Message.objects.filter(pk__in=message_ids).values_list("recipient_id", flat=True)
    places = places_of_users(recipients)
    for message_id in message_ids:
        with transaction.atomic():
            message = _claim(message_id, "sms_sent_at")
            if message is None:
                continue
            _send_text(self, message, places)
            sent += 1
    return sent
