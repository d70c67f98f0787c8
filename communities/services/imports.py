"""Bulk import of buildings, households and residents from the street office's .xlsx files.

Flow: `import_job_create` refuses a bad file whole (not .xlsx, wrong columns) before anything is
kept; a task checks every row (dry run, progress saved as it goes, nothing written) and lists the
row errors in the user's language; once the user confirms, a task checks again and writes every
row in ONE transaction, so an import is all or nothing. Tasks are idempotent (status guards).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export.formats.base_formats import XLSX
from tablib import Dataset

from accounts.phones import MOBILE_RE, normalize_phone
from audit.services import audit_record
from communities.models import Household, ImportJob, Node, Residency
from communities.resources import (
    BUILDING_COLUMNS,
    HOUSEHOLD_COLUMNS,
    OPTIONAL_COLUMNS,
    RESIDENT_COLUMNS,
)
from communities.scoping import scope_for_user
from communities.services.nodes import node_create

REQUIRED_COLUMNS = {
    ImportJob.Kind.BUILDINGS: BUILDING_COLUMNS,
    ImportJob.Kind.HOUSEHOLDS: HOUSEHOLD_COLUMNS,
    ImportJob.Kind.RESIDENTS: RESIDENT_COLUMNS,
}
MAX_ROWS = 50_000
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ERRORS_KEPT = 500
PROGRESS_EVERY = 500
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


def cell(value: Any) -> str:
    """A spreadsheet cell as text: 301.0 -> "301", None -> ""."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def dataset_load(content: bytes) -> Dataset:
    """Read the first sheet through django-import-export's XLSX format, or refuse the file."""
    if not zipfile.is_zipfile(io.BytesIO(content)):
        raise ValidationError(_("The file is not an Excel .xlsx file."), code="not_xlsx")
    try:
        dataset = XLSX().create_dataset(content)
    except Exception:  # openpyxl raises many kinds of error for a damaged workbook
        raise ValidationError(_("The Excel file cannot be read."), code="not_xlsx")
    dataset.headers = [cell(h) for h in (dataset.headers or [])]
    return dataset


def columns_check(kind: str, headers: list[str]) -> None:
    missing = [c for c in REQUIRED_COLUMNS[kind] if c not in headers]
    if missing:
        raise ValidationError(
            _("The file does not have the columns this import needs. Missing: %(missing)s.")
            % {"missing": "、".join(missing)},
            code="wrong_columns",
        )


@transaction.atomic
def import_job_create(*, user, kind: str, root: Node, upload: UploadedFile) -> ImportJob:
    """Keep an uploaded file for checking, or refuse it whole; queues the dry-run task."""
    from communities import tasks

    scope = scope_for_user(user)
    if not (scope.managing and scope.contains(root)):
        raise ValidationError(_("This place is outside your area."), code="out_of_scope")
    if not upload.name.lower().endswith(".xlsx"):
        raise ValidationError(_("The file is not an Excel .xlsx file."), code="not_xlsx")
    if upload.size > MAX_FILE_BYTES:
        raise ValidationError(_("The file is larger than 20 MB."), code="too_large")
    content = upload.read()
    dataset = dataset_load(content)
    columns_check(kind, dataset.headers)
    if dataset.height == 0:
        raise ValidationError(_("The file has no rows."), code="empty")
    if dataset.height > MAX_ROWS:
        raise ValidationError(
            _("At most %(max)d rows per file.") % {"max": MAX_ROWS}, code="too_many_rows"
        )
    upload.seek(0)
    job = ImportJob.objects.create(
        kind=kind,
        root=root,
        file=upload,
        original_name=upload.name[:200],
        created_by=user,
        total_rows=dataset.height,
    )
    transaction.on_commit(lambda: tasks.import_job_check_task.delay(job.pk))
    return job


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
        User = get_user_model()
        phones = {row["phone"] for row in rows}
        users = {u.phone: u for u in User.objects.filter(phone__in=phones)}
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
                status__in=[Residency.Status.PENDING, Residency.Status.APPROVED],
            ).values_list("user__phone", "household_id")
        )
        now = timezone.now()
        residencies = [
            Residency(
                user=users[row["phone"]],
                household=row["household"],
                relation=row["relation"],
                is_owner=row["is_owner"],
                residence_type=row["residence_type"],
                status=Residency.Status.APPROVED,
                decided_by=actor,
                decided_at=now,
            )
            for row in rows
            if (row["phone"], row["household"].pk) not in live
        ]
        Residency.objects.bulk_create(residencies, batch_size=1000)
        return len(residencies), 0


class BuildingChecker(Checker):
    kind = ImportJob.Kind.BUILDINGS

    def __init__(self, root: Node):
        super().__init__(root)
        nodes = Node.objects.filter(path__startswith=root.path).exclude(kind=Node.Kind.UNIT)
        self.by_parent_name = {(n.parent_id, n.name): n for n in nodes}
        self.communities = {n.name: n for n in nodes if n.kind == Node.Kind.COMMUNITY}
        self.seen: set[tuple] = set()

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


def _plan(job: ImportJob, *, save_progress: bool) -> Plan:
    job.file.open("rb")
    try:
        dataset = dataset_load(job.file.read())
    finally:
        job.file.close()
    columns_check(job.kind, dataset.headers)
    checker = CHECKERS[job.kind](job.root)
    plan = Plan(checker=checker)
    optional = OPTIONAL_COLUMNS[job.kind]
    columns = [*REQUIRED_COLUMNS[job.kind], *optional]
    index = {name: dataset.headers.index(name) for name in columns if name in dataset.headers}
    for number, raw in enumerate(dataset, start=2):  # row 1 holds the headers
        values = {name: cell(raw[i]) if i < len(raw) else "" for name, i in index.items()}
        if not any(values.values()):
            continue  # blank lines at the end of a sheet
        cleaned, errors = checker.check_row(values, plan)
        if errors:
            plan.add_error(number, errors)
        else:
            plan.rows.append(cleaned)
        if save_progress and (number - 1) % PROGRESS_EVERY == 0:
            ImportJob.objects.filter(pk=job.pk).update(processed_rows=number - 1)
    return plan


def _errors_json(plan: Plan) -> list[dict]:
    return [{"row": e.row, "errors": e.messages} for e in plan.errors]


def import_job_check(*, job: ImportJob) -> ImportJob:
    """The dry run: check every row, keep the errors, write nothing. Runs outside a transaction
    so the progress it saves is visible to the page polling it."""
    if job.status != ImportJob.Status.CHECKING:
        return job  # already checked: a retried task does nothing
    try:
        plan = _plan(job, save_progress=True)
    except ValidationError as error:
        job.status, job.errors = ImportJob.Status.FAILED, [{"row": 0, "errors": error.messages}]
    else:
        job.errors = _errors_json(plan)
        job.status = ImportJob.Status.INVALID if plan.error_count else ImportJob.Status.CHECKED
    job.processed_rows = job.total_rows
    job.save(update_fields=["status", "errors", "processed_rows"])
    return job


def import_job_confirm(*, job: ImportJob, user) -> ImportJob:
    """The user saw a clean dry run and asks for the import; queues the writing task once."""
    from communities import tasks

    if not scope_for_user(user).contains(job.root):
        raise ValidationError(_("This place is outside your area."), code="out_of_scope")
    started = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.CHECKED).update(
        status=ImportJob.Status.IMPORTING, processed_rows=0
    )
    if not started:
        raise ValidationError(_("This file cannot be imported now."), code="not_checked")
    transaction.on_commit(lambda: tasks.import_job_run_task.delay(job.pk))
    job.refresh_from_db()
    return job


def import_job_run(*, job: ImportJob) -> ImportJob:
    """Check again (the data may have changed since the dry run), then write all or nothing."""
    if job.status != ImportJob.Status.IMPORTING:
        return job
    plan = _plan(job, save_progress=True)
    if plan.error_count:
        job.status, job.errors = ImportJob.Status.INVALID, _errors_json(plan)
        job.save(update_fields=["status", "errors"])
        return job
    try:
        with transaction.atomic():
            created, updated = plan.checker.write(plan.rows, job.created_by)
            job.status = ImportJob.Status.DONE
            job.created_rows, job.updated_rows = created, updated
            job.processed_rows = job.total_rows
            job.finished_at = timezone.now()
            job.save(
                update_fields=[
                    "status",
                    "created_rows",
                    "updated_rows",
                    "processed_rows",
                    "finished_at",
                ]
            )
            audit_record(
                actor=job.created_by,
                action="communities.import",
                target=job,
                scope_path=job.root.path,
                details={
                    "kind": job.kind,
                    "file": job.original_name,
                    "rows": len(plan.rows),
                    "created": created,
                    "updated": updated,
                },
            )
    except Exception as error:
        # Nothing of the file was kept (the transaction rolled back); say so on the page.
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJob.Status.FAILED,
            errors=[
                {
                    "row": 0,
                    "errors": [
                        _("The import failed and nothing was saved: %(error)s") % {"error": error}
                    ],
                }
            ],
        )
        job.refresh_from_db()
    return job
