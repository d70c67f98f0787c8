"""Settings per place, inherited down the tree: the registry and the reads.

An app registers a typed setting once (`register_place_setting`, in its AppConfig.ready()):
a key, a label, a small Django form whose fields type the value, and the deployment default
(environment variables or the app's one-row defaults). `place_setting(node, key)` answers
with the value set on the nearest place from `node` up to the root, else the default. A
deployment of one street sets nothing and behaves as before; a district sets its defaults on
the district node and overrides them on one street, which its sibling streets never see.

Reads are cached: each place's own values (one dict per place code) sit in the cache, so a
lookup is one `get_many` over the place's lineage (a few codes), and a miss costs one query
for all the missing places. A change deletes only the changed place's entry (after commit);
the cache fails open (core.cache), so an outage only sends the reads to the database.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from communities.models import Node, PlaceSetting

CACHE_PREFIX = "place_settings:v1:"
CACHE_SECONDS = 3600
# Settings belong to governing places; below the community nothing is configured.
SETTABLE_KINDS = frozenset(
    {Node.Kind.CITY, Node.Kind.DISTRICT, Node.Kind.STREET, Node.Kind.COMMUNITY}
)


@dataclass(frozen=True)
class PlaceSettingSpec:
    """A registered setting. `form` types the value (its cleaned_data is the value, stored as
    JSON with times and dates as ISO strings); `default` gives the deployment default."""

    key: str
    label: Any
    form: type[forms.Form]
    default: Callable[[], dict]
    help_text: Any = ""
    kinds: frozenset[str] = field(default=SETTABLE_KINDS)
    # Checks against the database that a value must pass when it is set (e.g. category codes
    # that exist); raises ValidationError. Kept out of `form` so that reads never query.
    check: Callable[[dict], None] | None = None

    def decode(self, stored: dict) -> dict:
        """The typed value from its stored JSON (fields the form cannot read take defaults)."""
        form = self.form(data=stored)
        if form.is_valid():
            return form.cleaned_data
        return self.decode_default()

    def decode_default(self) -> dict:
        form = self.form(data=self.encode(self.default()))
        return form.cleaned_data if form.is_valid() else dict(self.default())

    def describe(self, stored: dict | None) -> list[tuple[Any, str]]:
        """A stored value as (field label, value as people read it) pairs, for the history of
        changes: choices by their label, yes/no for ticks, lists joined; fields the form no
        longer has are left out."""
        if not stored:
            return []
        form = self.form()
        lines = []
        for name, raw in stored.items():
            if name not in form.fields:
                continue
            lines.append((form.fields[name].label or name, _readable(form.fields[name], raw)))
        return lines

    @staticmethod
    def encode(value: dict) -> dict:
        """JSON for the database and the cache: times and dates as ISO strings."""
        return {
            name: item.isoformat() if hasattr(item, "isoformat") else item
            for name, item in value.items()
        }


def _readable(form_field: forms.Field, raw: Any) -> str:
    choices = {str(key): label for key, label in getattr(form_field, "choices", ()) or ()}
    items = raw if isinstance(raw, list | tuple) else [raw]
    shown = []
    for item in items:
        if isinstance(item, bool):
            shown.append(str(_("yes") if item else _("no")))
        elif str(item) in choices:
            shown.append(str(choices[str(item)]))
        elif item in (None, ""):
            shown.append("—")
        else:
            shown.append(str(item))
    return ", ".join(shown) if shown else "—"


_registry: dict[str, PlaceSettingSpec] = {}


def register_place_setting(spec: PlaceSettingSpec) -> None:
    _registry[spec.key] = spec


def place_setting_spec(key: str) -> PlaceSettingSpec:
    return _registry[key]


def place_setting_specs() -> list[PlaceSettingSpec]:
    return sorted(_registry.values(), key=lambda spec: spec.key)


def cache_key(code: str) -> str:
    return f"{CACHE_PREFIX}{code}"


def _own_values(codes: list[str]) -> dict[str, dict[str, dict]]:
    """Each place's own stored values, by place code: cache first, one query for the misses."""
    found = cache.get_many([cache_key(code) for code in codes])
    own = {code: found[cache_key(code)] for code in codes if cache_key(code) in found}
    missing = [code for code in codes if code not in own]
    if missing:
        fetched: dict[str, dict[str, dict]] = {code: {} for code in missing}
        rows = PlaceSetting.objects.filter(node__code__in=missing).values_list(
            "node__code", "key", "value"
        )
        for code, key, value in rows:
            fetched[code][key] = value
        cache.set_many({cache_key(code): values for code, values in fetched.items()}, CACHE_SECONDS)
        own.update(fetched)
    return own


def place_setting_with_source(node: Node | None, key: str) -> tuple[dict, str | None]:
    """The typed value for `node` and the code of the place that set it (None: the default)."""
    spec = _registry[key]
    if node is not None:
        codes = node.lineage_codes
        own = _own_values(codes)
        for code in reversed(codes):
            if key in own[code]:
                return spec.decode(own[code][key]), code
    return spec.decode_default(), None


def place_setting_for_places(nodes: list[Node], key: str) -> dict[str, dict]:
    """The typed value of `key` at each of `nodes`, by node code: one cache read for them all
    (and one query for the places the cache misses), e.g. every street of an Open311 answer."""
    spec = _registry[key]
    lineages = {node.code: node.lineage_codes for node in nodes}
    own = _own_values(sorted({code for codes in lineages.values() for code in codes}))
    values, default = {}, None
    for node_code, codes in lineages.items():
        setter = next((code for code in reversed(codes) if key in own[code]), None)
        if setter is not None:
            values[node_code] = spec.decode(own[setter][key])
        else:
            default = default if default is not None else spec.decode_default()
            values[node_code] = default
    return values


def place_setting(node: Node | None, key: str) -> dict:
    """The value of setting `key` at `node`: the nearest place up the tree that sets it, else
    the deployment default (also for `node=None`, e.g. a task with no place)."""
    return place_setting_with_source(node, key)[0]


def place_setting_forget(code: str) -> None:
    """Drop one place's cached values (after a change to them is committed)."""
    cache.delete(cache_key(code))
