"""Notices (公告) to a place and an audience, their delivery receipts and door-knock closure."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from communities.models import Household, Node


class Notice(models.Model):
    """A notice published to a place (its whole subtree) and one audience in it.

    Publishing queues a chunked fan-out (`notices.fanout`) that writes one Delivery and one
    inbox message per recipient; `fanout_cursor` is the last user id done, saved with each
    chunk, so a rerun after a crash resumes there (and dedupe keys make a repeat harmless).
    """

    class Audience(models.TextChoices):
        ALL = "all", _("All residents")
        OWNERS = "owners", _("Owners")
        TENANTS = "tenants", _("Tenants")
        NON_REGISTERED = "non_registered", _("Non-registered permanent residents")
        ELDERS = "elders", _("Residents aged 60 and over")
        CAPTAINS = "captains", _("Captains")
        PARTY_MEMBERS = "party_members", pgettext_lazy("notices", "Party members")
        VOLUNTEERS = "volunteers", pgettext_lazy("notices", "Volunteers")

    class Fanout(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Delivering")
        DONE = "done", _("Delivered")

    node = models.ForeignKey(
        Node, verbose_name=_("place"), on_delete=models.PROTECT, related_name="notices"
    )
    title = models.CharField(_("title"), max_length=100)
    body = models.TextField(_("text"), max_length=5000)
    audience = models.CharField(
        _("audience"), max_length=16, choices=Audience.choices, default=Audience.ALL
    )
    per_household = models.BooleanField(
        _("one receipt per household"),
        default=False,
        help_text=_("A household counts as reached when any member reads or confirms."),
    )
    needs_confirmation = models.BooleanField(_("ask residents to confirm (回执)"), default=False)
    knock_after = models.DateTimeField(
        _("door-knock list from"),
        null=True,
        blank=True,
        help_text=_("After this time captains get the households not yet reached."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.PROTECT,
        related_name="notices_published",
    )
    published_at = models.DateTimeField(_("published at"), default=timezone.now)
    fanout_status = models.CharField(
        _("delivery"), max_length=8, choices=Fanout.choices, default=Fanout.QUEUED
    )
    fanout_total = models.PositiveIntegerField(_("recipients"), default=0)
    fanout_done = models.PositiveIntegerField(_("delivered"), default=0)
    fanout_cursor = models.BigIntegerField(default=0, editable=False)
    heartbeat_at = models.DateTimeField(null=True, blank=True, editable=False)
    knock_sent_at = models.DateTimeField(_("door-knock lists sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["fanout_status", "heartbeat_at"])]

    def __str__(self):
        return self.title

    @property
    def is_delivering(self) -> bool:
        return self.fanout_status != self.Fanout.DONE

    @property
    def percent(self) -> int:
        if not self.fanout_total:
            return 100 if self.fanout_status == self.Fanout.DONE else 0
        return min(100, self.fanout_done * 100 // self.fanout_total)


def attachment_path(instance, filename):
    return f"notices/{timezone.now():%Y/%m}/{filename}"


class NoticeAttachment(models.Model):
    class Kind(models.TextChoices):
        IMAGE = "image", _("Photo")
        PDF = "pdf", _("PDF document")

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    file = models.FileField(_("file"), upload_to=attachment_path)
    original_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size (bytes)"))

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["pk"]

    def __str__(self):
        return self.original_name


class Delivery(models.Model):
    """One recipient of a notice: the receipt (read, confirmed) and how they were reached.

    A captain who told the household at the door or by phone marks `told_*`; that counts as
    reached. `household` is the recipient's home under the notice's place (none for captains
    and others reached through a post rather than a home).
    """

    class ToldVia(models.TextChoices):
        IN_PERSON = "in_person", _("Told in person")
        PHONE = "phone", _("Told by phone")

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="deliveries")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notice_deliveries"
    )
    household = models.ForeignKey(
        Household, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    message_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Someone other than the resident who confirmed for them (代办)."),
    )
    told_at = models.DateTimeField(_("told at"), null=True, blank=True)
    told_via = models.CharField(_("told"), max_length=12, choices=ToldVia.choices, blank=True)
    told_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("told by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["notice", "user"], name="delivery_one_per_person"),
            models.CheckConstraint(
                condition=Q(told_at__isnull=True) | ~Q(told_via=""),
                name="delivery_told_says_how",
            ),
        ]
        indexes = [models.Index(fields=["notice", "household"], name="delivery_notice_hh_idx")]

    def __str__(self):
        return f"{self.notice} → {self.user}"
