"""The governance tree: one model for every level, with a materialized path."""

from collections.abc import Iterable

from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

PATH_SEPARATOR = "/"


class Node(models.Model):
    """One place of the tree (市 → 区 →) 街道 → 社区 → 网格 → 小区 → 楼栋 → 单元.

    A city and a district carry their GB/T 2260 code (6 digits: 440600 佛山市, 440604 禅城区);
    a street's code begins with its district's (440604 + 001), and each level below appends its
    own sequence. A deployment of one street keeps the street as the root.

    `path` is the chain of ancestor codes ending with this node's code and a separator
    ("440604001/440604001001/"), so a subtree is one `path__startswith` and ancestors are
    one `code__in`. The service that renames or moves a node keeps `path` and `full_name`
    of the whole subtree right.
    """

    class Kind(models.TextChoices):
        CITY = "city", _("City")
        DISTRICT = "district", _("District")
        STREET = "street", _("Street office")
        COMMUNITY = "community", _("Community")
        GRID = "grid", _("Grid")
        COMPOUND = "compound", _("Residential compound")
        BUILDING = "building", _("Building")
        UNIT = "unit", _("Unit / stairway")
        STREET_SEGMENT = "street_segment", _("Street / lane")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    name = models.CharField(_("name"), max_length=100)
    code = models.CharField(_("code"), max_length=32, unique=True)
    # Collation "C" on PostgreSQL (migration 0013, not declared here: SQLite has no such
    # collation), so the index on path serves a subtree's LIKE and its tree order at once. An
    # AlterField of path must keep it (tests/communities/test_district_lists.py checks).
    path = models.CharField(_("path"), max_length=255, db_index=True, editable=False)
    depth = models.PositiveSmallIntegerField(_("depth"), default=0, editable=False)
    full_name = models.CharField(_("full name"), max_length=500, editable=False)
    address = models.CharField(_("address"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places (tree)")
        ordering = ["path"]
        indexes = [
            # LIKE 'prefix%' needs a pattern-ops index on PostgreSQL (ignored elsewhere).
            models.Index(
                fields=["path"], name="node_path_prefix_idx", opclasses=["varchar_pattern_ops"]
            ),
            models.Index(fields=["kind", "path"], name="node_kind_path_idx"),
            models.Index(fields=["name"], name="node_name_idx"),
        ]

    def __str__(self):
        return self.full_name or self.name

    # --- path helpers: the only code that reads `path` (nothing else splits or prefix-matches it)

    @staticmethod
    def codes_on_paths(paths: Iterable[str]) -> set[str]:
        """Every code on the given paths: the places themselves and all their ancestors."""
        return {code for path in paths for code in path.split(PATH_SEPARATOR) if code}

    @property
    def lineage_codes(self) -> list[str]:
        """Codes from the root down to this place, itself included."""
        return [code for code in self.path.split(PATH_SEPARATOR) if code]

    @property
    def ancestor_codes(self) -> list[str]:
        return self.lineage_codes[:-1]

    @property
    def root_code(self) -> str:
        """The code of the top of this place's tree (its street office, or city or district)."""
        return self.lineage_codes[0]

    def ancestors(self):
        """Ancestors from the root down, in one query."""
        return Node.objects.filter(code__in=self.ancestor_codes).order_by("depth")

    @staticmethod
    def path_within(path: str, root_path: str) -> bool:
        """Whether the place with `path` lies in the subtree whose top has `root_path`."""
        return path.startswith(root_path)

    @staticmethod
    def outermost_paths(paths: Iterable[str]) -> list[str]:
        """The given paths without those lying inside another of them, in tree order."""
        kept: list[str] = []
        for path in sorted(set(paths)):
            # Sorted, a path's outermost holder (if any) is the last one kept before it.
            if not (kept and Node.path_within(path, kept[-1])):
                kept.append(path)
        return kept

    def holds_path(self, path: str) -> bool:
        """Whether the place with this path (a row read with values()) lies in this subtree."""
        return Node.path_within(path, self.path)

    def is_descendant_of(self, other: "Node") -> bool:
        """Whether this place lies in `other`'s subtree (a place lies in its own)."""
        return other.holds_path(self.path)

    def overlaps(self, other: "Node") -> bool:
        """Whether one of the two places lies within the other (they share a branch)."""
        return self.is_descendant_of(other) or other.is_descendant_of(self)

    def subtree_q(self, node_field: str = "") -> Q:
        """The Q for rows whose `node_field` ("" for Node itself) lies in this subtree."""
        lookup = f"{node_field}__path__startswith" if node_field else "path__startswith"
        return Q(**{lookup: self.path})

    def subtree(self, kinds: Iterable[str] | None = None):
        """This place and everything under it (of the given kinds), as a queryset."""
        nodes = Node.objects.filter(self.subtree_q())
        return nodes.filter(kind__in=list(kinds)) if kinds is not None else nodes

    def _ancestor_of_kind(self, kind: str) -> "Node | None":
        if self.kind == kind:
            return self
        return self.ancestors().filter(kind=kind).first()

    @cached_property
    def community(self) -> "Node | None":
        return self._ancestor_of_kind(Node.Kind.COMMUNITY)

    @cached_property
    def street(self) -> "Node | None":
        return self._ancestor_of_kind(Node.Kind.STREET)

    @cached_property
    def district(self) -> "Node | None":
        return self._ancestor_of_kind(Node.Kind.DISTRICT)

    @property
    def is_above_street(self) -> bool:
        return self.kind in ABOVE_STREET_KINDS

    @cached_property
    def grid(self) -> "Node | None":
        return self._ancestor_of_kind(Node.Kind.GRID)

    @property
    def short_path(self) -> str:
        """The full name without the street and community, for lists inside a community."""
        parts = self.full_name.split(" / ")
        return " / ".join(parts[2:]) or self.name


# Levels above the street office: they group streets and hold no households themselves.
ABOVE_STREET_KINDS = frozenset({Node.Kind.CITY, Node.Kind.DISTRICT})
