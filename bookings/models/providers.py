"""Providers: whoever offers something residents book (a 长者饭堂, a clinic, a 云家庭 home-service
company, a co-building unit), with its own staff log-ins, serving a set of places.

Data and constraints only; the rules are in bookings/services/providers.py and the scope a
provider's staff work in is asked of communities.scoping (bookings/selectors/providers.py).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from communities.models import Node
from party.models import CoBuildingUnit


class Provider(models.Model):
    class Kind(models.TextChoices):
        CANTEEN = "canteen", _("Elders' canteen")
        CLINIC = "clinic", _("Clinic")
        HOME_SERVICE = "home_service", _("Home-service company")
        CO_BUILDING = "co_building", _("Co-building unit")

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(pgettext_lazy("provider", "kind"), max_length=16, choices=Kind.choices)
    node = models.ForeignKey(
        Node,
        on_delete=models.PROTECT,
        related_name="providers",
        verbose_name=pgettext_lazy("provider", "registered at"),
        help_text=_("The street or community whose staff look after this provider."),
    )
    places = models.ManyToManyField(
        Node,
        related_name="providers_serving",
        verbose_name=_("places served"),
        help_text=_("Residents of these places (and everything under them) are served."),
    )
    co_building_unit = models.ForeignKey(
        CoBuildingUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="providers",
        verbose_name=_("co-building unit"),
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    is_active = models.BooleanField(pgettext_lazy("provider", "active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("service provider")
        verbose_name_plural = _("service providers")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(co_building_unit__isnull=True) | Q(kind="co_building"),
                name="bookings_provider_unit_only_for_co_building",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def account_code(self) -> str:
        """The provider's system account in the ledger (what it was paid and subsidised)."""
        return f"provider:{self.pk}"


class ProviderStaff(models.Model):
    """A user who works for a provider: the counter, the kitchen, the menus."""

    provider = models.ForeignKey(
        Provider,
        on_delete=models.CASCADE,
        related_name="staff",
        verbose_name=pgettext_lazy("provider", "provider"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="provider_jobs",
        verbose_name=_("user"),
    )
    is_manager = models.BooleanField(pgettext_lazy("provider", "manager"), default=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("provider staff member")
        verbose_name_plural = _("provider staff")
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "user"], name="bookings_provider_staff_once"
            ),
        ]

    def __str__(self):
        return f"{self.provider} · {self.user}"
