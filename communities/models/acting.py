"""A resident registered by a captain or staff (代办) and the consent they gave."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from communities.models.residents import Household


class ActingConsent(models.Model):
    """Someone with no phone or no web log-in, registered in their home by a captain or staff
    member, who agreed (in person or through a relative or guardian) to be registered and to
    have captains and staff act for them."""

    class Given(models.TextChoices):
        IN_PERSON = "in_person", _("By the resident, in person")
        RELATIVE = "relative", _("By a relative or guardian for the resident")

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resident"),
        on_delete=models.CASCADE,
        related_name="acting_consent",
    )
    household = models.ForeignKey(
        Household, verbose_name=_("household"), on_delete=models.CASCADE, related_name="+"
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("acting", "registered by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    given = models.CharField(_("consent given"), max_length=12, choices=Given.choices)
    note = models.CharField(
        _("consent note"),
        max_length=200,
        blank=True,
        help_text=_("Who agreed and how, e.g. the daughter by phone, a signed paper form."),
    )
    given_at = models.DateTimeField(_("consent given at"), default=timezone.now)

    class Meta:
        verbose_name = _("consent to act for a resident")
        verbose_name_plural = _("consents to act for residents")

    def __str__(self):
        return f"{self.person} ({self.get_given_display()})"
