"""Venues (阵地) on the tree and their bookings.

A booking holds its venue from `starts_at` to `ends_at` (half-open, so back-to-back bookings
fit). Held bookings (pending or approved) never overlap: PostgreSQL enforces it with an
exclusion constraint; the service also checks under a lock on the venue row (the only guard
on SQLite, and the clear error message on both).
"""

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import RangeOperators
from django.db import models
from django.db.models import F, Func, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from communities.models import Node


class TsTzRange(Func):
    function = "TSTZRANGE"
    output_field = models.DateTimeField()


class Venue(models.Model):
    node = models.ForeignKey(
        Node,
        on_delete=models.PROTECT,
        related_name="venues",
        verbose_name=pgettext_lazy("venue", "place"),
        help_text=_("The community (or place) whose residents may book it."),
    )
    name = models.CharField(_("name"), max_length=100)
    address = models.CharField(_("address"), max_length=200, blank=True)
    capacity = models.PositiveIntegerField(_("capacity (people)"))
    opens_at = models.TimeField(_("opens at"))
    closes_at = models.TimeField(_("closes at"))
    requires_approval = models.BooleanField(_("bookings need approval"), default=True)
    is_active = models.BooleanField(_("open for booking"), default=True)

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")), name="bookings_venue_opens_before_close"
            ),
            models.CheckConstraint(
                condition=Q(capacity__gt=0), name="bookings_venue_capacity_positive"
            ),
        ]

    def __str__(self):
        return self.name


class Booking(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("booking status", "Waiting for approval")
        APPROVED = "approved", _("Confirmed")
        REFUSED = "refused", pgettext_lazy("booking status", "Refused")
        CANCELLED = "cancelled", _("Cancelled")

    HELD = (Status.PENDING, Status.APPROVED)

    venue = models.ForeignKey(
        Venue, on_delete=models.PROTECT, related_name="bookings", verbose_name=_("venue")
    )
    booker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="venue_bookings",
        verbose_name=_("booked by"),
    )
    # The volunteer team the booking is for, when its leader booked for it (else the booker's own).
    team = models.ForeignKey(
        "volunteers.Team",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="venue_bookings",
        verbose_name=_("team"),
    )
    purpose = models.CharField(_("purpose"), max_length=200)
    attendees = models.PositiveIntegerField(_("number of people"))
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("booked at"), auto_now_add=True)

    class Meta:
        verbose_name = _("venue booking")
        verbose_name_plural = _("venue bookings")
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["venue", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="bookings_booking_ends_after_start"
            ),
            # Created on PostgreSQL only (migration 0001, with btree_gist for the "=" on venue).
            ExclusionConstraint(
                name="bookings_booking_no_overlap",
                expressions=[
                    ("venue", RangeOperators.EQUAL),
                    (
                        TsTzRange("starts_at", "ends_at", models.Value("[)")),
                        RangeOperators.OVERLAPS,
                    ),
                ],
                condition=Q(status__in=["pending", "approved"]),
            ),
        ]

    def __str__(self):
        return f"{self.venue} {self.starts_at:%Y-%m-%d %H:%M}"
