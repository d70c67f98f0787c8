"""Matters brought to the council, their attachments and their moderated discussion."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from communities.models import Node


class Matter(models.Model):
    """A matter (议题) someone put to the council, about a place of the tree."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Waiting for the council")
        ACCEPTED = "accepted", _("Under discussion")
        DECLINED = "declined", _("Declined")
        DECIDED = "decided", _("Decided")

    node = models.ForeignKey(
        Node, verbose_name=_("place concerned"), on_delete=models.PROTECT, related_name="matters"
    )
    title = models.CharField(_("title"), max_length=150)
    description = models.TextField(_("description"))
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.PROTECT,
        related_name="proposed_matters",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PROPOSED, db_index=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(
        pgettext_lazy("consultations", "decided at"), null=True, blank=True
    )
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    created_at = models.DateTimeField(_("proposed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("matter")
        verbose_name_plural = _("matters")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["node", "status"], name="matter_node_status_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""),
                name="matter_declined_has_reason",
            )
        ]

    def __str__(self):
        return self.title


def attachment_path(instance, filename):
    return f"consultations/{timezone.now():%Y/%m}/{filename}"


class MatterAttachment(models.Model):
    class Kind(models.TextChoices):
        IMAGE = "image", _("Photo")
        PDF = "pdf", _("PDF document")

    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="attachments")
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


class Comment(models.Model):
    """A resident's comment. Hiding keeps the text for the record; only staff see it then."""

    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="matter_comments"
    )
    body = models.TextField(pgettext_lazy("consultations", "comment"))
    created_at = models.DateTimeField(auto_now_add=True)
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hidden_reason = models.CharField(_("reason for hiding"), max_length=200, blank=True)

    class Meta:
        verbose_name = pgettext_lazy("consultations", "comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hidden_at__isnull=True) | ~Q(hidden_reason=""),
                name="comment_hidden_has_reason",
            )
        ]

    def __str__(self):
        return self.body[:50]

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None
