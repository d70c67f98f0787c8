"""Wishes (微心愿): a resident's small request that a volunteer or team fulfils."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from communities.models import Node
from volunteers.models.teams import Team


class Wish(models.Model):
    """A resident's small need (微心愿): posted, reviewed and dispatched, claimed, done, confirmed."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Waiting for review")
        OPEN = "open", _("Open to claim")
        CLAIMED = "claimed", _("Claimed")
        DONE = "done", _("Done, waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        DISPUTED = "disputed", _("Disputed")
        CLOSED = "closed", _("Closed")
        DECLINED = "declined", _("Not accepted")

    resident = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resident"),
        on_delete=models.PROTECT,
        related_name="wishes",
    )
    node = models.ForeignKey(
        Node, verbose_name=_("community"), on_delete=models.PROTECT, related_name="wishes"
    )
    title = models.CharField(_("what is needed"), max_length=100)
    description = models.TextField(pgettext_lazy("volunteers", "details"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED, db_index=True
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("dispatched to team"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="wishes",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField(_("open since"), null=True, blank=True)
    claimer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("claimed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="claimed_wishes",
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    minutes = models.PositiveIntegerField(_("service minutes"), null=True, blank=True)
    done_note = models.CharField(_("what was done"), max_length=200, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(pgettext_lazy("volunteers", "reason"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("posted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("wish")
        verbose_name_plural = _("wishes")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__isnull=True) | Q(minutes__gt=0), name="wish_minutes_positive"
            )
        ]

    def __str__(self):
        return self.title
