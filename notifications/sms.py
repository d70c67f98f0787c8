"""SMS channel: a pluggable backend chosen by settings.SMS_BACKEND, per-phone limits and a
record of every text the channel sends.

Backends have `send(phone, text, *, template="", params=None, sign_name="") -> SmsResult`
(sign_name: the signature of the recipient's place, notifications.sms_signature): the console backend
prints, the locmem backend keeps the texts for tests, `notifications.aliyun_sms.AliyunSmsBackend`
calls Alibaba Cloud's SendSms with the template code and parameters. A backend raises OSError
for what is worth trying again (network, the gateway's own failure); a refusal (bad number,
rate limit, template) comes back as a result that is recorded and not retried.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SmsResult:
    ok: bool
    code: str = "OK"
    message: str = ""
    provider_id: str = ""


class ConsoleSmsBackend:
    def send(
        self, phone: str, text: str, *, template: str = "", params=None, sign_name: str = ""
    ) -> SmsResult:
        logger.info("SMS to %s: %s", phone, text)
        print(f"[SMS to {phone}] {text}", flush=True)  # noqa: T201 - the console backend's job
        return SmsResult(ok=True)


class LocmemSmsBackend:
    """Keeps sent messages in memory, for tests."""

    outbox: list[tuple[str, str]] = []

    def send(
        self, phone: str, text: str, *, template: str = "", params=None, sign_name: str = ""
    ) -> SmsResult:
        self.outbox.append((phone, text))
        return SmsResult(ok=True)


def get_sms_backend():
    return import_string(settings.SMS_BACKEND)()


def send_sms(phone: str, text: str) -> None:
    """A free text to one number (log-in codes through allauth's adapter): no template, no
    record, no limit of ours (allauth limits those itself)."""
    get_sms_backend().send(phone, text)


def phone_over_limit(phone: str) -> bool:
    """Whether this number already had SMS_PER_PHONE_PER_HOUR texts in the last hour or
    SMS_PER_PHONE_PER_DAY in the last day (texts refused by the limit do not count)."""
    from notifications.models import SmsRecord

    now = timezone.now()
    sent = SmsRecord.objects.filter(phone=phone).exclude(status=SmsRecord.Status.RATE_LIMITED)
    if sent.filter(created_at__gte=now - timedelta(hours=1)).count() >= (
        settings.SMS_PER_PHONE_PER_HOUR
    ):
        return True
    return sent.filter(created_at__gte=now - timedelta(days=1)).count() >= (
        settings.SMS_PER_PHONE_PER_DAY
    )


def sms_send(*, phone: str, template: str, params: dict[str, str], message=None, place=None):
    """Send one templated text within the per-phone limits and record the outcome, signed
    with the signature of `place` (the recipient's; the nearest place that sets one, else
    SMS_SIGN_NAME).

    Returns the SmsRecord. Raises OSError (nothing recorded) when the gateway could not be
    reached, so the calling task retries.
    """
    from communities.place_settings import place_setting
    from notifications import sms_templates
    from notifications.models import SmsRecord
    from notifications.place_settings import SMS_SIGNATURE

    sign_name = place_setting(place, SMS_SIGNATURE)["sign_name"]
    text, params = sms_templates.render(template, params, sign_name)
    record = SmsRecord(message=message, phone=phone, template=template, text=text)
    if phone_over_limit(phone):
        record.status = SmsRecord.Status.RATE_LIMITED
        record.save()
        return record
    result = get_sms_backend().send(
        phone, text, template=template, params=params, sign_name=sign_name
    )
    record.status = SmsRecord.Status.SENT if result.ok else SmsRecord.Status.FAILED
    record.provider_code = result.code[:64]
    record.provider_message = result.message[:200]
    record.provider_id = result.provider_id[:64]
    record.save()
    if not result.ok:
        logger.warning("SMS to %s refused: %s %s", phone, result.code, result.message)
    return record
