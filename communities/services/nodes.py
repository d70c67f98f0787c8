"""Creating, renaming and moving places of the tree; codes, paths and full names kept right."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import audit_record
from communities.models import PATH_SEPARATOR, Node

K = Node.Kind
# Which kinds may sit under which: the shape of the grid (社区 → 网格 → 小区 → 楼栋 → 单元).
ALLOWED_CHILDREN: dict[str | None, set[str]] = {
    None: {K.STREET},
    K.STREET: {K.COMMUNITY},
    K.COMMUNITY: {K.GRID, K.COMPOUND, K.STREET_SEGMENT},
    K.GRID: {K.COMPOUND, K.BUILDING, K.STREET_SEGMENT},
    K.COMPOUND: {K.BUILDING},
    K.STREET_SEGMENT: {K.BUILDING},
    K.BUILDING: {K.UNIT},
    K.UNIT: set(),
}
# Digits a child appends to its parent's code: Beijing's unit-grid code is 6 district + 3 street
# + 3 community + 3 sequence (15); lower levels append their own sequence the same way.
SEQUENCE_DIGITS = {
    K.COMMUNITY: 3,
    K.GRID: 3,
    K.COMPOUND: 3,
    K.STREET_SEGMENT: 3,
    K.BUILDING: 3,
    K.UNIT: 2,
}
STREET_CODE_DIGITS = 9


def full_name_join(parent: Node | None, name: str) -> str:
    return f"{parent.full_name} / {name}" if parent else name


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
                "kind": K(kind).label,
                "parent": parent.full_name if parent else _("the top of the tree"),
            },
            code="bad_placement",
        )


def node_code_is_valid(code: str) -> bool:
    return bool(code) and PATH_SEPARATOR not in code and len(code) <= 32


def _validate_code(code: str) -> None:
    if not node_code_is_valid(code):
        raise ValidationError(_("The code is not valid."), code="bad_code")


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
        if parent is None:
            raise ValidationError(_("A street needs its code."), code="bad_code")
        code = child_code_next(parent, kind)
    _validate_code(code)
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
        full_name=full_name_join(parent, name),
        address=address,
    )
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
    old_path, old_name = node.path, node.full_name
    new_parent = node.parent if parent is None else parent
    if parent is not None and parent.pk != node.parent_id:
        if parent.path.startswith(node.path):
            raise ValidationError(_("A place cannot move under itself."), code="bad_placement")
        _validate_placement(parent, node.kind)
    if name is not None:
        node.name = name.strip() or node.name
    node.parent = new_parent
    node.path = path_join(new_parent, node.code)
    node.depth = new_parent.depth + 1 if new_parent else 0
    node.full_name = full_name_join(new_parent, node.name)
    node.save(update_fields=["name", "parent", "path", "depth", "full_name"])
    descendants = list(
        Node.objects.filter(path__startswith=old_path).exclude(pk=node.pk).order_by("depth")
    )
    by_pk = {node.pk: node}
    for child in descendants:
        child_parent = by_pk[child.parent_id]
        child.path = path_join(child_parent, child.code)
        child.depth = child_parent.depth + 1
        child.full_name = full_name_join(child_parent, child.name)
        by_pk[child.pk] = child
    Node.objects.bulk_update(descendants, ["path", "depth", "full_name"], batch_size=1000)
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
