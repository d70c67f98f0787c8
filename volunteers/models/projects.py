"""Projects, their shifts and the volunteers signed up for them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from communities.models import Node
from volunteers.models.teams import Team

LIVE_SIGNUP = ["confirmed", "waitlisted"]


class Project(models.Model):
    """A service project (志愿服务项目) published by a team or by the community."""

    class Status(models.TextChoices):
        PUBLISHED = "published", pgettext_lazy("volunteers", "Open")
        CLOSED = "closed", _("Closed")

    node = models.ForeignKey(
        Node, verbose_name=_("place"), on_delete=models.PROTECT, related_name="volunteer_projects"
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    title = models.CharField(_("title"), max_length=100)
    description = models.TextField(pgettext_lazy("volunteers", "description"))
    place = models.CharField(_("where"), max_length=200)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    skills_wanted = models.CharField(_("skills wanted"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PUBLISHED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("service project")
        verbose_name_plural = _("service projects")
        ordering = ["-starts_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="project_dates_ordered"
            )
        ]

    def __str__(self):
        return self.title


class Shift(models.Model):
    """A time slot of a project with a number of places; more sign-ups wait in line."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="shifts"
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")

    capacity = models.PositiveIntegerField(_("places"))
    cancel_cutoff_hours = models.PositiveIntegerField(_("cancel up to (hours before)"), default=2)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED
    )
    cancel_reason = models.CharField(_("why it was cancelled"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("shift")
        verbose_name_plural = _("shifts")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="shift_times_ordered"
            ),
            models.CheckConstraint(condition=Q(capacity__gt=0), name="shift_capacity_positive"),
        ]

    def __str__(self):
        return f"{self.project.title} {self.starts_at:%Y-%m-%d %H:%M}"


class Signup(models.Model):
    """A volunteer on a shift: confirmed (a place) or waitlisted, later maybe cancelled."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Signed up")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    shift = models.ForeignKey(
        Shift, verbose_name=_("shift"), on_delete=models.CASCADE, related_name="signups"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("volunteer"),
        on_delete=models.CASCADE,
        related_name="volunteer_signups",
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    created_at = models.DateTimeField(_("signed up at"), auto_now_add=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checked_out_at = models.DateTimeField(_("checked out at"), null=True, blank=True)

    class Meta:
        verbose_name = _("shift sign-up")
        verbose_name_plural = _("shift sign-ups")
        ordering = ["shift", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["shift", "user"],
                condition=Q(status__in=LIVE_SIGNUP),
                name="signup_one_live_per_shift",
            )
        ]
        indexes = [models.Index(fields=["shift", "status"], name="signup_shift_status_idx")]

    def __str__(self):
        return f"{self.user} · {self.shift}"
