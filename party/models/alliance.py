"""党建益联盟: what co-building units offer, and their commitments (共建项目) with follow-up."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from communities.models import Node
from party.models.organisation import CoBuildingUnit


class UnitOffer(models.Model):
    """A resource a unit offers the communities: a venue, professional help, volunteers."""

    class Kind(models.TextChoices):
        VENUE = "venue", _("Venue")
        PROFESSIONAL = "professional", _("Professional help")
        VOLUNTEERS = "volunteers", _("Volunteers")
        FUNDS = "funds", _("Funds or goods")

    unit = models.ForeignKey(CoBuildingUnit, on_delete=models.CASCADE, related_name="offers")
    kind = models.CharField(
        pgettext_lazy("party", "kind of offer"), max_length=16, choices=Kind.choices
    )
    description = models.CharField(_("what is offered"), max_length=200)

    class Meta:
        verbose_name = _("unit offer")
        verbose_name_plural = _("unit offers")

    def __str__(self):
        return self.description


class Commitment(models.Model):
    """A co-building project (共建项目) a unit commits to in a community, followed up to done."""

    class Status(models.TextChoices):
        PROMISED = "promised", _("Promised")
        UNDER_WAY = "under_way", _("Under way")
        DONE = "done", pgettext_lazy("party", "Done")

    unit = models.ForeignKey(CoBuildingUnit, on_delete=models.PROTECT, related_name="commitments")
    community = models.ForeignKey(Node, on_delete=models.PROTECT, related_name="commitments")
    title = models.CharField(pgettext_lazy("party", "project"), max_length=100)
    due_on = models.DateField(pgettext_lazy("party", "due on"))
    status = models.CharField(
        pgettext_lazy("party", "status"),
        max_length=10,
        choices=Status.choices,
        default=Status.PROMISED,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("co-building project")
        verbose_name_plural = _("co-building projects")
        ordering = ["due_on", "pk"]

    def __str__(self):
        return self.title


class CommitmentFollowUp(models.Model):
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="follow_ups")
    on = models.DateField(_("date"))
    note = models.CharField(_("progress"), max_length=300)
    status = models.CharField(max_length=10, choices=Commitment.Status.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = pgettext_lazy("party", "follow-up")
        verbose_name_plural = pgettext_lazy("party", "follow-ups")
        ordering = ["on", "pk"]

    def __str__(self):
        return f"{self.commitment_id} {self.on}"
