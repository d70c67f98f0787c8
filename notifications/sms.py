"""SMS channel: a pluggable backend chosen by settings.SMS_BACKEND.

A real deployment plugs in its carrier's gateway (e.g. a government SMS platform) by writing a
class with `send(phone, text)`; the console backend logs what would be sent.
"""

import logging

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class ConsoleSmsBackend:
    def send(self, phone: str, text: str) -> None:
        logger.info("SMS to %s: %s", phone, text)
        print(f"[SMS to {phone}] {text}", flush=True)  # noqa: T201 - the console backend's job


class LocmemSmsBackend:
    """Keeps sent messages in memory, for tests."""

    outbox: list[tuple[str, str]] = []

    def send(self, phone: str, text: str) -> None:
        self.outbox.append((phone, text))


def get_sms_backend():
    return import_string(settings.SMS_BACKEND)()


def send_sms(phone: str, text: str) -> None:
    get_sms_backend().send(phone, text)
