"""The time bank between people: relatives for transfers, transfers and gifts, help paid in time credits."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from communities.models import Node


class RelativeLink(models.Model):
    """A recorded spouse or direct relative, the only people time credits may be given to."""

    class Relation(models.TextChoices):
        SPOUSE = "spouse", _("Spouse")
        PARENT = "parent", _("Parent")
        CHILD = "child", _("Child")
        GRANDPARENT = "grandparent", _("Grandparent")
        GRANDCHILD = "grandchild", _("Grandchild")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for community check")
        VERIFIED = "verified", pgettext_lazy("volunteers", "Verified")
        REJECTED = "rejected", _("Rejected")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account holder"),
        on_delete=models.CASCADE,
        related_name="relative_links",
    )
    relative = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("relative"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    node = models.ForeignKey(
        Node, verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    relation = models.CharField(
        pgettext_lazy("volunteers", "relation"), max_length=12, choices=Relation.choices
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("relative")
        verbose_name_plural = _("relatives")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "relative"], name="relative_link_unique"),
            models.CheckConstraint(
                condition=~Q(user=models.F("relative")), name="relative_link_not_self"
            ),
        ]

    def __str__(self):
        return f"{self.user} → {self.relative} ({self.get_relation_display()})"


class TimeTransfer(models.Model):
    """A gift of time credits to a relative or a donation to the community pool."""

    class Kind(models.TextChoices):
        RELATIVE = "relative", _("To a relative")
        DONATION = "donation", _("Donation to the community pool")

    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("from"),
        on_delete=models.PROTECT,
        related_name="time_transfers_sent",
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="time_transfers_received",
    )
    node = models.ForeignKey(
        Node, verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    minutes = models.PositiveIntegerField(_("minutes"))
    # The sender's request key (core.request_keys): a resent form or API call moves once.
    request_key = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("time transfer")
        verbose_name_plural = _("time transfers")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(minutes__gt=0), name="time_transfer_positive"),
            models.UniqueConstraint(
                fields=["sender", "request_key"],
                condition=~Q(request_key=""),
                name="time_transfer_one_per_request_key",
            ),
            models.CheckConstraint(
                condition=Q(kind="donation", recipient__isnull=True)
                | Q(kind="relative", recipient__isnull=False),
                name="time_transfer_recipient_by_kind",
            ),
        ]

    def __str__(self):
        return f"{self.sender} {self.minutes}′ {self.get_kind_display()}"


class HelpRequest(models.Model):
    """Help asked from another member and paid in time credits once both sides confirm."""

    class Status(models.TextChoices):
        OPEN = "open", _("Looking for a helper")
        ACCEPTED = "accepted", _("A helper is coming")
        HELPED = "helped", _("Helper says done")
        PAID = "paid", _("Confirmed and paid")
        CANCELLED = "cancelled", _("Cancelled")

    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked by"),
        on_delete=models.PROTECT,
        related_name="help_requests",
    )
    helper = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("helper"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="help_given",
    )
    node = models.ForeignKey(
        Node, verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("help needed"), max_length=100)
    description = models.TextField(pgettext_lazy("volunteers", "details"), blank=True)
    minutes = models.PositiveIntegerField(_("time credits offered (minutes)"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(auto_now_add=True)
    helped_at = models.DateTimeField(null=True, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("help request")
        verbose_name_plural = _("help requests")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(minutes__gt=0), name="help_request_positive"),
            models.CheckConstraint(
                condition=~Q(helper=models.F("requester")), name="help_request_not_self"
            ),
        ]

    def __str__(self):
        return self.title
