"""Service requests: a visit's finding that needs a service (meals, cleaning, a bath, a doctor's
visit, a repair ...) followed up by care staff until it is done."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from care.models.visits import Visit
from communities.models import Node


class ServiceRequest(models.Model):
    class Kind(models.TextChoices):
        MEALS = "meals", pgettext_lazy("care request", "Meals")
        CLEANING = "cleaning", _("Cleaning")
        BATHING = "bathing", _("Bathing")
        MEDICAL = "medical", _("Medical visit")
        REPAIR = "repair", _("Repair at home")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("care request", "Open")
        IN_PROGRESS = "in_progress", _("Being arranged")
        DONE = "done", _("Done")

    visit = models.OneToOneField(
        Visit,
        verbose_name=_("home visit"),
        on_delete=models.PROTECT,
        related_name="service_request",
    )
    # The person's home, for scoping (care roles over it read and follow the request up).
    node = models.ForeignKey(
        Node, verbose_name=_("place"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("service"), max_length=16, choices=Kind.choices)
    description = models.CharField(pgettext_lazy("care request", "what is needed"), max_length=500)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(pgettext_lazy("care request", "asked at"))
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    class Meta:
        verbose_name = _("service request")
        verbose_name_plural = _("service requests")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"


class ServiceRequestUpdate(models.Model):
    """One step of the follow-up: who moved it, to which status, with what note."""

    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="updates")
    status = models.CharField(_("status"), max_length=16, choices=ServiceRequest.Status.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("service request update")
        verbose_name_plural = _("service request updates")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.request_id} {self.status}"
