"""Creating, renaming and moving places of the tree; codes, paths and full names kept right."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import audit_record
from communities.captained import building_counted, captained_kept
from communities.counters import counters_move
from communities.models import ABOVE_STREET_KINDS, PATH_SEPARATOR, Node
from communities.scoping import scope_tree_changed

# Which kinds may sit under which: the shape of the grid ((市 → 区 →) 街道 → 社区 → 网格 → 小区 →
# 楼栋 → 单元). A deployment may start at a city, a district or a street.
ALLOWED_CHILDREN: dict[str | None, set[str]] = {
    None: {Node.Kind.CITY, Node.Kind.DISTRICT, Node.Kind.STREET},
    Node.Kind.CITY: {Node.Kind.DISTRICT},
    Node.Kind.DISTRICT: {Node.Kind.STREET},
    Node.Kind.STREET: {Node.Kind.COMMUNITY},
    Node.Kind.COMMUNITY: {Node.Kind.GRID, Node.Kind.COMPOUND, Node.Kind.STREET_SEGMENT},
    Node.Kind.GRID: {Node.Kind.COMPOUND, Node.Kind.BUILDING, Node.Kind.STREET_SEGMENT},
    Node.Kind.COMPOUND: {Node.Kind.BUILDING},
    Node.Kind.STREET_SEGMENT: {Node.Kind.BUILDING},
    Node.Kind.BUILDING: {Node.Kind.UNIT},
    Node.Kind.UNIT: set(),
}
# Digits a child appends to its parent's code: Beijing's unit-grid code is 6 district + 3 street
# + 3 community + 3 sequence (15); lower levels append their own sequence the same way.
SEQUENCE_DIGITS = {
    Node.Kind.STREET: 3,
    Node.Kind.COMMUNITY: 3,
    Node.Kind.GRID: 3,
    Node.Kind.COMPOUND: 3,
    Node.Kind.STREET_SEGMENT: 3,
    Node.Kind.BUILDING: 3,
    Node.Kind.UNIT: 2,
}
STREET_CODE_DIGITS = 9
# GB/T 2260 administrative division codes: 2 province + 2 city + 2 county digits. A city's code
# ends in 00 (440600 佛山市), a district's does not (440604 禅城区) and begins with its city's 4.
DIVISION_CODE_DIGITS = 6


def full_name_join(parent: Node | None, name: str, kind: str = "") -> str:
    """The full name shown everywhere: from the street office down.

    The city and district are not repeated in every place's name (a district's staff read
    "祖庙街道 / 塔坡社区 / ..."), so a street's full name is its own even under a district.
    """
    if parent is None or (parent.is_above_street and kind not in ABOVE_STREET_KINDS):
        return name
    return f"{parent.full_name} / {name}"


def path_join(parent: Node | None, code: str) -> str:
    return f"{parent.path if parent else ''}{code}{PATH_SEPARATOR}"


def child_code_next(parent: Node, kind: str, taken: set[str] | None = None) -> str:
    """The next free code under `parent`: its code plus a zero-padded sequence."""
    digits = SEQUENCE_DIGITS[kind]
    prefix = parent.code
    used = [
        code[len(prefix) :]
        for code in Node.objects.filter(parent=parent).values_list("code", flat=True)
        if code.startswith(prefix)
    ]
    used += [c[len(prefix) :] for c in (taken or ()) if c.startswith(prefix)]
    numbers = [int(s) for s in used if s.isdigit() and len(s) == digits]
    sequence = max(numbers, default=0) + 1
    if sequence >= 10**digits:
        raise ValidationError(_("No free code left under %(place)s.") % {"place": parent.name})
    return f"{prefix}{sequence:0{digits}d}"


def _validate_placement(parent: Node | None, kind: str) -> None:
    allowed = ALLOWED_CHILDREN.get(parent.kind if parent else None, set())
    if kind not in allowed:
        raise ValidationError(
            _("A %(kind)s cannot be placed under %(parent)s.")
            % {
                "kind": Node.Kind(kind).label,
                "parent": parent.full_name if parent else _("the top of the tree"),
            },
            code="bad_placement",
        )


def node_code_is_valid(code: str) -> bool:
    return bool(code) and PATH_SEPARATOR not in code and len(code) <= 32


def division_code_is_valid(code: str, kind: str, parent: Node | None = None) -> bool:
    """A GB/T 2260 code fitting its level: 6 digits, a city's ending in 00, a district's not,
    a district under a city sharing the city's first 4 digits."""
    if len(code) != DIVISION_CODE_DIGITS or not code.isdigit() or code.endswith("0000"):
        return False
    if kind == Node.Kind.CITY:
        return code.endswith("00")
    if code.endswith("00"):
        return False
    return parent is None or code[:4] == parent.code[:4]


def _validate_code(code: str, kind: str = "", parent: Node | None = None) -> None:
    if not node_code_is_valid(code):
        raise ValidationError(_("The code is not valid."), code="bad_code")
    if kind in ABOVE_STREET_KINDS and not division_code_is_valid(code, kind, parent):
        raise ValidationError(
            _("A city or district needs its 6-digit GB/T 2260 code (e.g. 440600, 440604)."),
            code="bad_code",
        )
    if kind == Node.Kind.STREET and parent is not None and not code.startswith(parent.code):
        # A street's code is its district's code plus its own sequence (440604 + 001).
        raise ValidationError(
            _("A street's code begins with its district's code %(code)s.") % {"code": parent.code},
            code="bad_code",
        )


@transaction.atomic
def node_create(
    *,
    actor,
    kind: str,
    name: str,
    parent: Node | None = None,
    code: str = "",
    address: str = "",
    audit: bool = True,
) -> Node:
    """Add a place to the tree; without a code, derive one from the parent's code."""
    name = name.strip()
    if not name:
        raise ValidationError(_("A place needs a name."), code="name_required")
    _validate_placement(parent, kind)
    if parent is not None:
        # Serialise code allocation under one parent.
        parent = Node.objects.select_for_update().get(pk=parent.pk)
    if not code:
        if parent is None and kind == Node.Kind.STREET:
            raise ValidationError(_("A street needs its code."), code="bad_code")
        if kind not in ABOVE_STREET_KINDS:
            code = child_code_next(parent, kind)
    _validate_code(code, kind, parent)
    if Node.objects.filter(code=code).exists():
        raise ValidationError(
            _("The code %(code)s is already used.") % {"code": code}, code="duplicate_code"
        )
    node = Node.objects.create(
        kind=kind,
        name=name,
        parent=parent,
        code=code,
        path=path_join(parent, code),
        depth=parent.depth + 1 if parent else 0,
        full_name=full_name_join(parent, name, kind),
        address=address,
    )
    building_counted(node, +1)
    if parent is None:
        scope_tree_changed()  # a new top place is in superusers' scopes
    if audit:
        audit_record(
            actor=actor,
            action="communities.node_create",
            target=node,
            scope_path=node.path,
            details={"kind": kind, "code": code},
        )
    return node


@transaction.atomic
def node_update(*, actor, node: Node, name: str | None = None, parent: Node | None = None) -> Node:
    """Rename and/or move a place; paths, depths and full names of its subtree follow."""
    node = Node.objects.select_for_update().get(pk=node.pk)
    old_path, old_name, old_parent_id = node.path, node.full_name, node.parent_id
    new_parent = node.parent if parent is None else parent
    if parent is not None and parent.pk != node.parent_id:
        if parent.path.startswith(node.path):
            raise ValidationError(_("A place cannot move under itself."), code="bad_placement")
        _validate_placement(parent, node.kind)
        if node.kind == Node.Kind.STREET:
            _validate_code(node.code, node.kind, parent)
    if name is not None:
        node.name = name.strip() or node.name
    node.parent = new_parent
    node.path = path_join(new_parent, node.code)
    node.depth = new_parent.depth + 1 if new_parent else 0
    node.full_name = full_name_join(new_parent, node.name, node.kind)
    # A unit moving to another building takes its captain posts along (communities.captained).
    moved_unit = node.kind == Node.Kind.UNIT and node.parent_id != old_parent_id
    with captained_kept([old_parent_id, node.parent_id] if moved_unit else []):
        node.save(update_fields=["name", "parent", "path", "depth", "full_name"])
    descendants = list(
        Node.objects.filter(path__startswith=old_path).exclude(pk=node.pk).order_by("depth")
    )
    by_pk = {node.pk: node}
    for child in descendants:
        child_parent = by_pk[child.parent_id]
        child.path = path_join(child_parent, child.code)
        child.depth = child_parent.depth + 1
        child.full_name = full_name_join(child_parent, child.name, child.kind)
        by_pk[child.pk] = child
    Node.objects.bulk_update(descendants, ["path", "depth", "full_name"], batch_size=1000)
    if node.path != old_path:
        # What the subtree counts (communities.counters) moves to the new ancestors.
        counters_move(node=node, old_path=old_path)
    scope_tree_changed()  # paths and ancestors of scopes' places and homes changed
    audit_record(
        actor=actor,
        action="communities.node_update",
        target=node,
        scope_path=node.path,
        details={
            "old_full_name": old_name,
            "full_name": node.full_name,
            "old_path": old_path,
            "subtree": len(descendants),
        },
    )
    return node


def division_parse(text: str) -> tuple[str, str]:
    """'440604 禅城区' -> ('440604', '禅城区'); ('', '') for an empty setting."""
    code, _sep, name = (text or "").strip().partition(" ")
    return code, name.strip()


@transaction.atomic
def district_place_streets(
    *, actor, district_code: str, district_name: str, city_code: str = "", city_name: str = ""
) -> Node:
    """Find or create the district (and its city) and move the root streets of its code under it.

    A street belongs to the district whose GB/T 2260 code begins its own (440604001 ->
    440604), so nothing is renumbered: only paths and depths of the moved subtrees change.
    Streets already under a place are left where they are. Idempotent.
    """
    city = None
    if city_code:
        city = Node.objects.filter(code=city_code).first() or node_create(
            actor=actor, kind=Node.Kind.CITY, name=city_name or city_code, code=city_code
        )
    district = Node.objects.filter(code=district_code).first()
    if district is None:
        district = node_create(
            actor=actor,
            kind=Node.Kind.DISTRICT,
            name=district_name or district_code,
            code=district_code,
            parent=city,
        )
    elif city is not None and district.parent_id is None:
        district = node_update(actor=actor, node=district, parent=city)
    streets = Node.objects.filter(
        parent__isnull=True, kind=Node.Kind.STREET, code__startswith=district_code
    ).order_by("code")
    for street in streets:
        node_update(actor=actor, node=street, parent=district)
    return district
