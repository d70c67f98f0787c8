"""Row checkers of the spreadsheet imports: one per kind of file, each with lookups loaded once
and a bulk `write` of the cleaned rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.phones import MOBILE_RE, normalize_phone
from communities.models import Household, ImportJob, Node, Residency
from communities.services.nodes import node_code_is_valid, node_create
from communities.services.residents import residency_invite_notify

MAX_ERRORS_KEPT = 500
RELATIONS = {"户主": "head", "家庭成员": "member", "成员": "member", "租户": "tenant"}
RESIDENCE_TYPES = {
    "户籍": "registered",
    "户籍人口": "registered",
    "非户籍": "non_registered",
    "非户籍常住": "non_registered",
    "非户籍常住人口": "non_registered",
}
YES = {"是", "Y", "y", "1", "TRUE", "True", "true"}
NO = {"否", "N", "n", "0", "FALSE", "False", "false", ""}


# --- checking rows ---------------------------------------------------------------------------


@dataclass
class RowError:
    row: int
    messages: list[str]


@dataclass
class Plan:
    """What checking produced: the errors, and the cleaned rows ready to write."""

    errors: list[RowError] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)
    error_count: int = 0
    checker: Any = None

    def add_error(self, row: int, messages: list[str]) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS_KEPT:
            self.errors.append(RowError(row, messages))


class Checker:
    kind: str

    def __init__(self, root: Node):
        self.root = root

    def check_row(self, values: dict[str, str], plan: Plan) -> tuple[dict | None, list[str]]:
        raise NotImplementedError

    def write(self, rows: list[dict], actor) -> tuple[int, int]:
        raise NotImplementedError


def _fits(model, field_name: str, column: str, value: str, errors: list[str]) -> None:
    """The dry run refuses what the database would: a value longer than its column holds.

    Checked against the model's own max_length, so a later change of the column is followed.
    """
    limit = model._meta.get_field(field_name).max_length
    if limit and len(value) > limit:
        errors.append(
            _("“%(column)s” may have at most %(max)d characters, this one has %(length)d")
            % {"column": column, "max": limit, "length": len(value)}
        )


def _area(text: str, errors: list[str]) -> Decimal | None:
    if not text:
        return None
    try:
        area = Decimal(text)
    except InvalidOperation:
        errors.append(_("the floor area “%(value)s” is not a number") % {"value": text})
        return None
    if not Decimal(0) < area < Decimal(10000):
        errors.append(_("the floor area must be between 0 and 10000 m²"))
        return None
    return area.quantize(Decimal("0.01"))


class PlaceLookup:
    """Buildings, units and rooms under the root, loaded once (a street: thousands, not more)."""

    def __init__(self, root: Node, with_households: bool = True):
        nodes = Node.objects.filter(
            path__startswith=root.path, kind__in=[Node.Kind.BUILDING, Node.Kind.UNIT]
        ).only("pk", "code", "kind", "parent_id", "name", "path")
        self.buildings: dict[str, Node] = {}
        units: list[Node] = []
        for node in nodes:
            if node.kind == Node.Kind.BUILDING:
                self.buildings[node.code] = node
            else:
                units.append(node)
        by_pk = {b.pk: b for b in self.buildings.values()}
        self.units = {(u.parent_id, u.name): u for u in units if u.parent_id in by_pk}
        self.households: dict[tuple[int, str], Household] = {}
        if with_households:
            for household in Household.objects.filter(node__path__startswith=root.path).only(
                "pk", "node_id", "room", "floor_area"
            ):
                self.households[(household.node_id, household.room)] = household

    def place(self, building_code: str, unit: str, errors: list[str]) -> Node | None:
        if not building_code:
            errors.append(_("the building code is missing"))
            return None
        building = self.buildings.get(building_code)
        if building is None:
            errors.append(
                _("building %(code)s does not exist in this area") % {"code": building_code}
            )
            return None
        if not unit:
            return building
        node = self.units.get((building.pk, unit))
        if node is None:
            errors.append(
                _("building %(code)s has no %(unit)s") % {"code": building_code, "unit": unit}
            )
        return node


class HouseholdChecker(Checker):
    kind = ImportJob.Kind.HOUSEHOLDS

    def __init__(self, root: Node):
        super().__init__(root)
        self.places = PlaceLookup(root)
        self.seen: set[tuple[int, str]] = set()

    def check_row(self, values, plan):
        errors: list[str] = []
        node = self.places.place(values["楼栋编码"], values["单元"], errors)
        room = values["房号"]
        if not room:
            errors.append(_("the room number is missing"))
        _fits(Household, "room", "房号", room, errors)
        area = _area(values["建筑面积"], errors)
        if node and room:
            key = (node.pk, room)
            if key in self.seen:
                errors.append(_("room %(room)s appears twice in the file") % {"room": room})
            self.seen.add(key)
        if errors:
            return None, errors
        return {"node": node, "room": room, "floor_area": area}, []

    def write(self, rows, actor):
        new, changed = [], []
        for row in rows:
            existing = self.places.households.get((row["node"].pk, row["room"]))
            if existing is None:
                new.append(
                    Household(node=row["node"], room=row["room"], floor_area=row["floor_area"])
                )
            elif row["floor_area"] is not None and existing.floor_area != row["floor_area"]:
                existing.floor_area = row["floor_area"]
                changed.append(existing)
        Household.objects.bulk_create(new, batch_size=1000)
        Household.objects.bulk_update(changed, ["floor_area"], batch_size=1000)
        return len(new), len(changed)


class ResidentChecker(Checker):
    kind = ImportJob.Kind.RESIDENTS

    def __init__(self, root: Node):
        super().__init__(root)
        self.places = PlaceLookup(root)
        self.seen: set[tuple[str, int]] = set()

    def check_row(self, values, plan):
        errors: list[str] = []
        name = values["姓名"]
        if not name:
            errors.append(_("the name is missing"))
        _fits(get_user_model(), "real_name", "姓名", name, errors)
        phone = normalize_phone(values["手机号"])
        if not MOBILE_RE.match(phone):
            errors.append(
                _("the mobile number “%(value)s” is not valid") % {"value": values["手机号"]}
            )
        node = self.places.place(values["楼栋编码"], values["单元"], errors)
        household = None
        if node is not None:
            household = self.places.households.get((node.pk, values["房号"]))
            if household is None:
                errors.append(_("room %(room)s does not exist") % {"room": values["房号"] or "—"})
        relation = RELATIONS.get(values["与户主关系"])
        if relation is None:
            errors.append(_("the relation must be 户主, 家庭成员 or 租户"))
        owner = values["是否产权人"]
        if owner not in YES | NO:
            errors.append(_("“is owner” must be 是 or 否"))
        residence_type = RESIDENCE_TYPES.get(values["户籍类型"] or "户籍")
        if residence_type is None:
            errors.append(_("the residence type must be 户籍 or 非户籍常住"))
        if household is not None and MOBILE_RE.match(phone):
            if (phone, household.pk) in self.seen:
                errors.append(_("this person appears twice for the same room"))
            self.seen.add((phone, household.pk))
        if errors:
            return None, errors
        return {
            "name": name,
            "phone": phone,
            "household": household,
            "relation": relation,
            "is_owner": owner in YES,
            "residence_type": residence_type,
        }, []

    def write(self, rows, actor):
        """New numbers become accounts linked at once (the office vouches for them); a number
        that already has an account, in any community, is only invited: the person confirms
        (residency_invitation_accept) and sees it by SMS and in the inbox. An import never
        takes over someone's account, and their name stays masked to the importer till then."""
        User = get_user_model()
        phones = {row["phone"] for row in rows}
        users = {u.phone: u for u in User.objects.filter(phone__in=phones)}
        existing = set(users)
        # Imported residents log in after a password reset by SMS; no password is invented.
        unusable = make_password(None)
        new_users = [
            User(phone=phone, real_name=row["name"], password=unusable)
            for phone, row in {r["phone"]: r for r in rows if r["phone"] not in users}.items()
        ]
        User.objects.bulk_create(new_users, batch_size=1000)
        users.update(
            {u.phone: u for u in User.objects.filter(phone__in=[u.phone for u in new_users])}
        )
        live = set(
            Residency.objects.filter(
                household__node__path__startswith=self.root.path,
                status__in=[
                    Residency.Status.PENDING,
                    Residency.Status.APPROVED,
                    Residency.Status.INVITED,
                ],
            ).values_list("user__phone", "household_id")
        )
        now = timezone.now()
        residencies = []
        for row in rows:
            if (row["phone"], row["household"].pk) in live:
                continue
            invited = row["phone"] in existing
            residencies.append(
                Residency(
                    user=users[row["phone"]],
                    household=row["household"],
                    relation=row["relation"],
                    is_owner=row["is_owner"],
                    residence_type=row["residence_type"],
                    status=Residency.Status.INVITED if invited else Residency.Status.APPROVED,
                    decided_by=None if invited else actor,
                    decided_at=None if invited else now,
                )
            )
        Residency.objects.bulk_create(residencies, batch_size=1000)
        invitations = [r for r in residencies if r.status == Residency.Status.INVITED]
        for residency in invitations:
            residency_invite_notify(residency=residency)
        self.invited = len(invitations)
        return len(residencies) - len(invitations), 0


class BuildingChecker(Checker):
    kind = ImportJob.Kind.BUILDINGS

    def __init__(self, root: Node):
        super().__init__(root)
        nodes = Node.objects.filter(path__startswith=root.path).exclude(kind=Node.Kind.UNIT)
        self.by_parent_name = {(n.parent_id, n.name): n for n in nodes}
        self.communities = {n.name: n for n in nodes if n.kind == Node.Kind.COMMUNITY}
        self.seen: set[tuple] = set()
        self.codes_seen: set[str] = set()

    def check_row(self, values, plan):
        errors: list[str] = []
        community = self.communities.get(values["社区"])
        if community is None:
            errors.append(
                _("community “%(name)s” is not in this area") % {"name": values["社区"] or "—"}
            )
        grid = None
        if community is not None:
            grid = self.by_parent_name.get((community.pk, values["网格"]))
            if grid is None or grid.kind != Node.Kind.GRID:
                errors.append(
                    _("grid “%(name)s” is not in this community") % {"name": values["网格"] or "—"}
                )
                grid = None
        if not values["楼栋"]:
            errors.append(_("the building name is missing"))
        _fits(Node, "name", "小区", values["小区"], errors)
        _fits(Node, "name", "楼栋", values["楼栋"], errors)
        _fits(Node, "address", "地址", values["地址"], errors)
        self._check_code(values.get("楼栋编码", ""), errors)
        units_text = values["单元数"] or "0"
        units = int(units_text) if units_text.isdigit() else -1
        if not 0 <= units <= 30:
            errors.append(_("the number of units must be a whole number from 0 to 30"))
        key = (grid.pk if grid else None, values["小区"], values["楼栋"])
        if grid and key in self.seen:
            errors.append(_("this building appears twice in the file"))
        self.seen.add(key)
        if errors:
            return None, errors
        return {
            "grid": grid,
            "compound": values["小区"],
            "building": values["楼栋"],
            "units": units,
            "address": values["地址"],
            "code": values.get("楼栋编码", ""),
        }, []

    def _check_code(self, code: str, errors: list[str]) -> None:
        """A given building code must be one node_create takes: valid, and used nowhere yet."""
        if not code:
            return
        if not node_code_is_valid(code):
            errors.append(_("the building code “%(code)s” is not valid") % {"code": code[:40]})
        elif code in self.codes_seen or Node.objects.filter(code=code).exists():
            errors.append(_("the building code %(code)s is already used") % {"code": code})
        self.codes_seen.add(code)

    def _child(
        self, parent: Node, kind: str, name: str, actor, address="", code=""
    ) -> tuple[Node, bool]:
        existing = self.by_parent_name.get((parent.pk, name))
        if existing is not None:
            return existing, False
        node = node_create(
            actor=actor,
            parent=parent,
            kind=kind,
            name=name,
            address=address,
            code=code,
            audit=False,
        )
        self.by_parent_name[(parent.pk, name)] = node
        return node, True

    def write(self, rows, actor):
        created = 0
        for row in rows:
            parent = row["grid"]
            if row["compound"]:
                parent, _new = self._child(parent, Node.Kind.COMPOUND, row["compound"], actor)
            building, new = self._child(
                parent, Node.Kind.BUILDING, row["building"], actor, row["address"], row["code"]
            )
            created += new
            existing_units = (
                set(building.children.values_list("name", flat=True)) if not new else set()
            )
            for number in range(1, row["units"] + 1):
                name = f"{number}单元"
                if name not in existing_units:
                    node_create(
                        actor=actor, parent=building, kind=Node.Kind.UNIT, name=name, audit=False
                    )
        return created, len(rows) - created


CHECKERS = {
    ImportJob.Kind.BUILDINGS: BuildingChecker,
    ImportJob.Kind.HOUSEHOLDS: HouseholdChecker,
    ImportJob.Kind.RESIDENTS: ResidentChecker,
}
