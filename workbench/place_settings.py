"""The workbench's setting per place (registered in WorkbenchConfig.ready()): the map's tile
layer. Without one the map draws boundaries, buildings and pins on a plain background, which
is what an intranet without a tile server gets."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django import forms
from django.utils.translation import gettext_lazy as _

from communities.place_settings import PlaceSettingSpec, register_place_setting

MAP_TILES = "workbench.map_tiles"
# A host name, possibly with a {s} subdomain placeholder, and a port: nothing else, because
# the host goes into the page's Content-Security-Policy (img-src).
HOST = re.compile(r"^[A-Za-z0-9{}.-]+(:\d{1,5})?$")


def tile_source(template: str) -> str:
    """The CSP source that lets a page load tiles of `template` ("https://*.tianditu.gov.cn")."""
    parts = urlsplit(template)
    labels = parts.netloc.split(".")
    if "{s}" in labels[0]:
        labels[0] = "*"
    return f"{parts.scheme}://{'.'.join(labels)}"


def _clean_template(value: str) -> str:
    value = value.strip()
    if not value:
        return value
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not HOST.match(parts.netloc):
        raise forms.ValidationError(
            _("Give a tile address beginning with http:// or https:// and a server name."),
            code="tile_url",
        )
    if any(char in value for char in " \"'<>;,\\"):
        raise forms.ValidationError(
            _("The tile address may not hold spaces, quotes, commas or semicolons."),
            code="tile_url",
        )
    labels = parts.netloc.split(".")
    if "{" in parts.netloc.replace("{s}", "") or any("{s}" in label for label in labels[1:]):
        raise forms.ValidationError(
            _("{s} may only stand in the first part of the server name (t{s}.example.cn)."),
            code="tile_url",
        )
    if not all(token in value for token in ("{z}", "{x}", "{y}")):
        raise forms.ValidationError(
            _("The tile address needs the {z}, {x} and {y} placeholders."), code="tile_url"
        )
    return value


class MapTilesForm(forms.Form):
    url = forms.CharField(
        label=_("Tile address"),
        max_length=500,
        required=False,
        help_text=_(
            "Empty: no background map, the boundaries draw on a plain background. For 天地图 "
            "WMTS: http://t{s}.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&"
            "VERSION=1.0.0&LAYER=vec&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&"
            "TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=<the street's key>"
        ),
    )
    labels_url = forms.CharField(
        label=_("Labels layer address (optional)"),
        max_length=500,
        required=False,
        help_text=_("Drawn over the tiles, e.g. 天地图's cva_w annotation layer."),
    )
    subdomains = forms.CharField(
        label=_("Subdomains for {s}"),
        max_length=20,
        required=False,
        help_text=_("e.g. 01234567 for 天地图"),
    )
    attribution = forms.CharField(label=_("Attribution"), max_length=200, required=False)
    max_zoom = forms.IntegerField(label=_("Largest zoom"), min_value=1, max_value=22)

    def clean_url(self):
        return _clean_template(self.cleaned_data["url"])

    def clean_labels_url(self):
        return _clean_template(self.cleaned_data["labels_url"])

    def clean_subdomains(self):
        value = self.cleaned_data["subdomains"].strip()
        if not re.fullmatch(r"[A-Za-z0-9]*", value):
            raise forms.ValidationError(
                _("Subdomains are letters or digits, one per subdomain."), code="subdomains"
            )
        return value


def register() -> None:
    register_place_setting(
        PlaceSettingSpec(
            key=MAP_TILES,
            label=_("Map background (tile layer)"),
            form=MapTilesForm,
            default=lambda: {
                "url": "",
                "labels_url": "",
                "subdomains": "",
                "attribution": "",
                "max_zoom": 18,
            },
            help_text=_("The workbench map's background; empty on an intranet without tiles."),
        )
    )
