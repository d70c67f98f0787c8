"""The street's time-bank policy and the registered volunteers."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from communities.models import Node


class TimeBankPolicy(models.Model):
    """The street's volunteer settings (one row, editable by street staff in the admin)."""

    storage_cap_hours = models.PositiveIntegerField(
        _("time-bank cap (hours)"),
        default=1500,
        help_text=_("An account holds at most this many hours; the excess goes to the pool."),
    )
    star1_hours = models.PositiveIntegerField(_("1 star from (hours)"), default=100)
    star2_hours = models.PositiveIntegerField(_("2 stars from (hours)"), default=300)
    star3_hours = models.PositiveIntegerField(_("3 stars from (hours)"), default=600)
    star4_hours = models.PositiveIntegerField(_("4 stars from (hours)"), default=1000)
    star5_hours = models.PositiveIntegerField(_("5 stars from (hours)"), default=1500)
    points_per_hour = models.PositiveIntegerField(
        _("activity points per verified hour"),
        default=0,
        help_text=_("0 turns the conversion off."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("time-bank policy")
        verbose_name_plural = _("time-bank policy")
        constraints = [
            models.CheckConstraint(
                condition=Q(star1_hours__lt=models.F("star2_hours"))
                & Q(star2_hours__lt=models.F("star3_hours"))
                & Q(star3_hours__lt=models.F("star4_hours"))
                & Q(star4_hours__lt=models.F("star5_hours")),
                name="volunteers_policy_stars_increase",
            ),
            models.CheckConstraint(
                condition=Q(storage_cap_hours__gt=0), name="volunteers_policy_cap_positive"
            ),
        ]

    def __str__(self):
        return str(_("Time-bank policy"))

    @property
    def star_thresholds(self) -> list[int]:
        return [
            self.star1_hours,
            self.star2_hours,
            self.star3_hours,
            self.star4_hours,
            self.star5_hours,
        ]


class VolunteerProfile(models.Model):
    """A registered volunteer with the number assigned at registration."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("volunteer"),
        on_delete=models.PROTECT,
        related_name="volunteer_profile",
    )
    number = models.CharField(_("volunteer number"), max_length=20, unique=True)
    community = models.ForeignKey(
        Node, verbose_name=_("community"), on_delete=models.PROTECT, related_name="volunteers"
    )
    skills = models.CharField(_("skills"), max_length=200, blank=True)
    availability = models.CharField(_("when I can help"), max_length=200, blank=True)
    service_areas = models.CharField(_("service areas"), max_length=200, blank=True)
    # A stored copy of the verified total, kept by the verification service (stars, reports).
    verified_minutes = models.PositiveIntegerField(_("verified minutes"), default=0)
    stars = models.PositiveSmallIntegerField(_("star level"), default=0)
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(stars__gte=0) & Q(stars__lte=5), name="volunteer_stars_range"
            )
        ]

    def __str__(self):
        return f"{self.number} {self.user}"

    @property
    def verified_hours(self) -> float:
        return self.verified_minutes / 60
