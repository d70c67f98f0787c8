"""Hour records: service time logged or checked in, waiting for verification."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from communities.models import Node
from volunteers.models.projects import Project, Signup
from volunteers.models.teams import Team
from volunteers.models.wishes import Wish


class HourRecord(models.Model):
    """Service time of one volunteer: counts (and reaches the time bank) only once verified.

    Verified and rejected records are locked; a volunteer asks for a correction with a new record.
    """

    class Source(models.TextChoices):
        CHECKIN = "checkin", _("Check-in and check-out")
        MANUAL = "manual", _("Logged by hand")
        WISH = "wish", _("Wish fulfilled")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for verification")
        VERIFIED = "verified", pgettext_lazy("volunteers", "Verified")
        REJECTED = "rejected", _("Rejected")

    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("volunteer"),
        on_delete=models.PROTECT,
        related_name="hour_records",
    )
    node = models.ForeignKey(
        Node, verbose_name=_("place"), on_delete=models.PROTECT, related_name="hour_records"
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hour_records",
    )
    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hour_records",
    )
    signup = models.OneToOneField(
        Signup, null=True, blank=True, on_delete=models.PROTECT, related_name="hour_record"
    )
    wish = models.OneToOneField(
        Wish, null=True, blank=True, on_delete=models.PROTECT, related_name="hour_record"
    )
    source = models.CharField(_("source"), max_length=8, choices=Source.choices)
    service_date = models.DateField(_("service date"))
    content = models.CharField(_("service content"), max_length=200)
    minutes_claimed = models.PositiveIntegerField(_("minutes claimed"))
    minutes_verified = models.PositiveIntegerField(_("minutes verified"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    reason = models.CharField(pgettext_lazy("volunteers", "reason"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("logged at"), auto_now_add=True)

    class Meta:
        verbose_name = _("hour record")
        verbose_name_plural = _("hour records")
        ordering = ["-service_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes_claimed__gt=0), name="hour_record_minutes_positive"
            ),
            models.CheckConstraint(
                condition=~Q(status="verified") | Q(minutes_verified__gt=0),
                name="hour_record_verified_has_minutes",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "created_at"], name="hour_record_status_idx"),
            models.Index(fields=["volunteer", "status"], name="hour_record_volunteer_idx"),
        ]

    def __str__(self):
        return f"{self.service_date} {self.volunteer} {self.minutes_claimed}′"

    @property
    def is_locked(self) -> bool:
        return self.status != self.Status.PENDING
