"""Certificates of verified service hours."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from communities.models import Node


class Certificate(models.Model):
    """A volunteer-service certificate (志愿服务证明) as issued: its figures are frozen."""

    number = models.CharField(_("certificate number"), max_length=32, unique=True)
    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("volunteer"),
        on_delete=models.PROTECT,
        related_name="volunteer_certificates",
    )
    volunteer_number = models.CharField(_("volunteer number"), max_length=20)
    name = models.CharField(_("name"), max_length=50)
    id_number_masked = models.CharField(
        pgettext_lazy("volunteers", "ID number (masked)"), max_length=18, blank=True
    )
    issuer = models.ForeignKey(
        Node, verbose_name=_("issued by"), on_delete=models.PROTECT, related_name="+"
    )
    responsible = models.CharField(_("person responsible"), max_length=50)
    contact = models.CharField(_("contact"), max_length=30)
    period_from = models.DateField(_("from"))
    period_to = models.DateField(_("until"))
    minutes = models.PositiveIntegerField(_("verified minutes"))
    # [{"content": ..., "minutes": ...}] grouped service content of the period.
    content = models.JSONField(_("service content"), default=list)
    issued_on = models.DateField(_("issued on"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_to__gte=models.F("period_from")),
                name="certificate_period_ordered",
            )
        ]

    def __str__(self):
        return self.number
