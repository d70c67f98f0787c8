"""Counts kept per place (communities.counters maintains and reads them)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from communities.models.tree import Node


class PlaceCounter(models.Model):
    """How many of something (`kind`, e.g. "cases.open.pending") lie at or under a place.

    A change at a place adds to the row of that place and of every ancestor, in the same
    transaction as the change; `counters_rebuild` recounts from the owning apps' rows."""

    node = models.ForeignKey(
        Node, verbose_name=_("place"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("what is counted"), max_length=64)
    value = models.BigIntegerField(_("count"), default=0)

    class Meta:
        verbose_name = _("place counter")
        verbose_name_plural = _("place counters")
        constraints = [
            models.UniqueConstraint(fields=["node", "kind"], name="place_counter_one_per_kind")
        ]

    def __str__(self):
        return f"{self.kind} @ {self.node_id} = {self.value}"
