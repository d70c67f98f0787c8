"""The community legal adviser (一社区一法律顾问) and counselling (心灵驿站)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from communities.models import Node


class AdviserSession(models.Model):
    """The adviser at the community: signed in on arrival, out on leaving; hours count."""

    adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("adviser"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    community = models.ForeignKey(
        Node, verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    signed_in_at = models.DateTimeField(_("signed in at"), db_index=True)
    signed_out_at = models.DateTimeField(_("signed out at"), null=True, blank=True)

    class Meta:
        verbose_name = _("adviser session")
        verbose_name_plural = _("adviser sessions")
        ordering = ["-signed_in_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["adviser"],
                condition=Q(signed_out_at__isnull=True),
                name="adviser_one_open_session",
            ),
            models.CheckConstraint(
                condition=Q(signed_out_at__isnull=True) | Q(signed_out_at__gt=F("signed_in_at")),
                name="adviser_session_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.community_id} {self.signed_in_at:%Y-%m-%d %H:%M}"


class LegalConsultation(models.Model):
    """One consultation the adviser gave; no name needed, the topic and what followed."""

    class Topic(models.TextChoices):
        FAMILY = "family", _("Family, marriage, inheritance")
        LABOUR = "labour", _("Work and wages")
        HOUSING = "housing", _("Housing and property")
        CONTRACT = "contract", _("Contracts and debts")
        OTHER = "other", _("Other")

    session = models.ForeignKey(
        AdviserSession,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultations",
    )
    adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    community = models.ForeignKey(Node, on_delete=models.PROTECT, related_name="+")
    topic = models.CharField(_("consultation topic"), max_length=16, choices=Topic.choices)
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    legal_aid_referral = models.BooleanField(_("referred to legal aid"), default=False)
    given_at = models.DateTimeField(_("given at"), db_index=True)

    class Meta:
        verbose_name = _("legal consultation")
        verbose_name_plural = _("legal consultations")
        ordering = ["-given_at"]

    def __str__(self):
        return f"{self.get_topic_display()} {self.given_at:%Y-%m-%d}"


class CounsellingBooking(models.Model):
    """A private booking with a counsellor. Its text is the resident's and the counsellor's
    alone: no staff page, export, admin or API shows more than counts."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        CONFIRMED = "confirmed", _("Confirmed")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    resident = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resident"),
        on_delete=models.PROTECT,
        related_name="counselling_bookings",
    )
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("counsellor"),
        on_delete=models.PROTECT,
        related_name="counselling_clients",
    )
    community = models.ForeignKey(Node, on_delete=models.PROTECT, related_name="+")
    starts_at = models.DateTimeField(_("when"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.REQUESTED
    )
    resident_note = models.CharField(
        _("what you would like to talk about"), max_length=500, blank=True
    )
    counsellor_notes = models.TextField(_("counsellor's notes"), max_length=4000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("counselling booking")
        verbose_name_plural = _("counselling bookings")
        ordering = ["-starts_at"]

    def __str__(self):
        # Never the resident's name or note: this may be shown in an audit entry.
        return f"#{self.pk}"
