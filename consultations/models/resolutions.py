"""Resolutions of the council and the follow-up items that carry them out."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from consultations.models.council import Meeting
from consultations.models.matters import Matter
from consultations.models.voting import Consultation


class Resolution(models.Model):
    """What was decided on a matter (by a consultation, a meeting, or both)."""

    matter = models.ForeignKey(Matter, on_delete=models.PROTECT, related_name="resolutions")
    consultation = models.ForeignKey(
        Consultation, null=True, blank=True, on_delete=models.PROTECT, related_name="resolutions"
    )
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="resolutions"
    )
    text = models.TextField(_("resolution"))
    decided_on = models.DateField(_("decided on"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")
        ordering = ["-decided_on", "-pk"]

    def __str__(self):
        return self.text[:60]


class FollowUp(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")

    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="follow_ups")
    title = models.CharField(_("what is to be done"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible person"),
        on_delete=models.PROTECT,
        related_name="consultation_follow_ups",
    )
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("follow-up item")
        verbose_name_plural = _("follow-up items")
        ordering = ["due_on", "pk"]

    def __str__(self):
        return self.title


class FollowUpNote(models.Model):
    follow_up = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("progress"))
    status = models.CharField(max_length=16, choices=FollowUp.Status.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.text[:60]
