"""Settings per place: a value set on a place holds for its whole subtree unless a place below
sets its own (communities.place_settings reads them; the registry says which keys exist)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from communities.models.tree import Node


class PlaceSetting(models.Model):
    """One registered setting's value at one place (the whole value: no merging with parents)."""

    node = models.ForeignKey(
        Node, verbose_name=_("place"), on_delete=models.PROTECT, related_name="settings"
    )
    key = models.CharField(_("setting"), max_length=64)
    value = models.JSONField(_("value"))
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("place setting")
        verbose_name_plural = _("place settings")
        constraints = [
            models.UniqueConstraint(fields=["node", "key"], name="place_setting_one_per_key")
        ]

    def __str__(self):
        return f"{self.key} @ {self.node_id}"
