"""Places' shapes on the map: drawn one at a time in the browser, or imported from a GeoJSON
file for a place and the places under it (checked first; saved only when every feature is
good, so a file is never half applied)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import audit_record
from communities.geojson import TYPES_FOR_KIND, FileFeature, features_read, geometry_clean
from communities.models import Node, PlaceShape
from communities.scoping import scope_for_user


def _require_manages(actor, node: Node) -> None:
    if not scope_for_user(actor).manages(node):
        raise ValidationError(
            _("You do not manage %(place)s.") % {"place": node.name}, code="forbidden"
        )


@transaction.atomic
def place_shape_set(
    *, actor, node: Node, geometry: object, source: str = PlaceShape.Source.DRAWN
) -> PlaceShape:
    """Store the place's shape (checked by `geometry_clean` for the place's kind)."""
    _require_manages(actor, node)
    cleaned = geometry_clean(geometry, kind=node.kind)
    shape, created = PlaceShape.objects.update_or_create(
        node=node, defaults={"geometry": cleaned, "source": source, "updated_by": actor}
    )
    audit_record(
        actor=actor,
        action="communities.place_shape_set",
        target=node,
        details={"type": cleaned["type"], "source": source, "created": created},
        scope_path=node.path,
    )
    return shape


@transaction.atomic
def place_shape_clear(*, actor, node: Node) -> None:
    _require_manages(actor, node)
    deleted, _rows = PlaceShape.objects.filter(node=node).delete()
    if deleted:
        audit_record(
            actor=actor,
            action="communities.place_shape_clear",
            target=node,
            scope_path=node.path,
        )


@dataclass
class ShapeImportRow:
    number: int
    label: str
    node: Node | None = None
    geometry: dict | None = None
    error: str = ""


@dataclass
class ShapeImport:
    root: Node
    rows: list[ShapeImportRow] = field(default_factory=list)
    saved: bool = False

    @property
    def errors(self) -> list[ShapeImportRow]:
        return [row for row in self.rows if row.error]


def _match(root: Node, features: list[FileFeature]) -> dict[int, Node | str]:
    """Each feature's place under `root` by code, else by name (two queries), or the error."""
    kinds = list(TYPES_FOR_KIND)
    subtree = Node.objects.filter(root.subtree_q(), kind__in=kinds)
    by_code = {n.code: n for n in subtree.filter(code__in={f.code for f in features if f.code})}
    names = {f.name for f in features if f.name and not f.code}
    by_name: dict[str, list[Node]] = {}
    for node in subtree.filter(name__in=names).order_by("path"):
        by_name.setdefault(node.name, []).append(node)
    matched: dict[int, Node | str] = {}
    for feature in features:
        if feature.code:
            matched[feature.number] = by_code.get(feature.code) or _(
                "No place with code %(code)s under %(root)s."
            ) % {"code": feature.code, "root": root.name}
        elif feature.name:
            found = by_name.get(feature.name, [])
            if len(found) == 1:
                matched[feature.number] = found[0]
            elif found:
                matched[feature.number] = _(
                    "Several places under %(root)s are named %(name)s; give the code instead."
                ) % {"root": root.name, "name": feature.name}
            else:
                matched[feature.number] = _("No place named %(name)s under %(root)s.") % {
                    "name": feature.name,
                    "root": root.name,
                }
        elif len(features) == 1:
            # A file holding one unnamed shape is the outline of the place imported into.
            matched[feature.number] = root
        else:
            matched[feature.number] = _(
                "The feature names no place (a code or name property is needed)."
            )
    return matched


def place_shapes_import(*, actor, root: Node, content: bytes, dry_run: bool) -> ShapeImport:
    """Check a GeoJSON file's features against the places under `root`; unless `dry_run`,
    store them all (one transaction, one audit entry) when none has an error.

    Features name their place by a `code` (or `编码`) property, else a `name` (`名称`) unique
    under `root`; a file of one unnamed feature is `root`'s own outline. Refusals of the whole
    file (not GeoJSON, too large, not the actor's place) raise ValidationError.
    """
    _require_manages(actor, root)
    features = features_read(content)
    report = ShapeImport(root=root)
    seen: set[int] = set()
    for feature, place in zip(features, _match(root, features).values(), strict=True):
        row = ShapeImportRow(number=feature.number, label=feature.code or feature.name)
        report.rows.append(row)
        if isinstance(place, str):
            row.error = place
            continue
        row.node = place
        if place.pk in seen:
            row.error = _("%(place)s appears twice in the file.") % {"place": place.name}
            continue
        seen.add(place.pk)
        where = _("Feature %(n)d") % {"n": feature.number}
        try:
            row.geometry = geometry_clean(feature.geometry, kind=place.kind, where=where)
        except ValidationError as error:
            row.error = " ".join(error.messages)
    if dry_run or report.errors:
        return report
    with transaction.atomic():
        for row in report.rows:
            PlaceShape.objects.update_or_create(
                node=row.node,
                defaults={
                    "geometry": row.geometry,
                    "source": PlaceShape.Source.FILE,
                    "updated_by": actor,
                },
            )
        audit_record(
            actor=actor,
            action="communities.place_shapes_import",
            target=root,
            details={"shapes": len(report.rows), "codes": [r.node.code for r in report.rows]},
            scope_path=root.path,
        )
    report.saved = True
    return report
