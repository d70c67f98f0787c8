from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Message(models.Model):
    """One in-app message in a user's inbox; email and SMS copies are sent from it by tasks."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="messages",
    )
    category = models.CharField(_("category"), max_length=32, default="general")
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    email_sent_at = models.DateTimeField(_("email sent at"), null=True, blank=True)
    sms_sent_at = models.DateTimeField(_("SMS sent at"), null=True, blank=True)
    # A caller-chosen key makes notify() idempotent: a retried task does not notify twice.
    dedupe_key = models.CharField(max_length=200, null=True, blank=True, unique=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self):
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class ChannelPreference(models.Model):
    """How a person wants the reminders that matter: in the inbox only, by SMS, or both.

    The inbox always keeps the message (it is the record); "SMS" adds a text message and drops
    the email copy, "both" keeps email and adds SMS. People without a web log-in (registered by
    a captain) get SMS whatever this says: the inbox never reaches them.
    """

    class Channel(models.TextChoices):
        INBOX = "inbox", _("Inbox (and email) only")
        SMS = "sms", _("SMS")
        BOTH = "both", _("Inbox, email and SMS")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="channel_preference"
    )
    channel = models.CharField(
        _("how to reach me"), max_length=8, choices=Channel.choices, default=Channel.INBOX
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("channel preference")
        verbose_name_plural = _("channel preferences")

    def __str__(self):
        return f"{self.user}: {self.get_channel_display()}"


class SmsRecord(models.Model):
    """One text message to one phone: what the gateway said, for delivery status and the
    per-phone rate limit (counted here, in the database, so a Redis restart forgets nothing)."""

    class Status(models.TextChoices):
        SENT = "sent", _("Accepted by the gateway")
        FAILED = "failed", _("Refused by the gateway")
        RATE_LIMITED = "rate_limited", _("Not sent: too many to this number")

    message = models.ForeignKey(
        Message, null=True, blank=True, on_delete=models.SET_NULL, related_name="sms_records"
    )
    phone = models.CharField(_("mobile number"), max_length=11, db_index=True)
    template = models.CharField(_("template"), max_length=32)
    text = models.CharField(_("text"), max_length=200)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    provider_code = models.CharField(_("gateway code"), max_length=64, blank=True)
    provider_message = models.CharField(_("gateway message"), max_length=200, blank=True)
    provider_id = models.CharField(_("gateway id"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("SMS record")
        verbose_name_plural = _("SMS records")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["phone", "created_at"], name="sms_phone_time_idx")]

    def __str__(self):
        return f"{self.phone} {self.status}"
