"""Where a place lies on the map: a GeoJSON geometry per place (communities.geojson checks it).

A table beside the tree rather than a column on `Node`: the tree is read on nearly every
request (scopes, breadcrumbs, forms) and a grid's outline can hold thousands of points, so the
outlines are loaded only by the map that draws them.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from communities.models.tree import Node


class PlaceShape(models.Model):
    """A place's boundary (polygon), line (a street or lane) or position (a building's point),
    as a GeoJSON geometry in longitude/latitude (WGS-84, the same as CGCS2000 at map scale)."""

    class Source(models.TextChoices):
        FILE = "file", _("Imported from a file")
        DRAWN = "drawn", _("Drawn on the map")

    node = models.OneToOneField(
        Node,
        verbose_name=_("place"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="shape",
    )
    geometry = models.JSONField(_("geometry"))
    source = models.CharField(_("source"), max_length=8, choices=Source.choices)
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
        verbose_name = _("place shape")
        verbose_name_plural = _("place shapes")

    def __str__(self):
        return f"{self.geometry.get('type', '?')} @ {self.node_id}"
