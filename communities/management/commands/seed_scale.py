"""A street-scale data set for benchmarks: `manage.py seed_scale --buildings 6000 --residents 100000`.

Writes with PostgreSQL's COPY (codes, paths and full names computed here, as node_create would;
ids taken from each table's sequence first, so rows can point at each other before they are
written), one transaction per street, so a street of 100,000 residents takes seconds of the
database's time rather than the minutes of row-by-row INSERTs. On another database (SQLite in a
quick try) it falls back to bulk_create. Runs once per street code: a second run with the same
--street-code reports the existing street and does nothing.

`--streets N` builds N such streets under one district (`--district`, GB/T 2260 code, created
when missing, with one district-staff log-in): street i has the code district + (900 + i) and
its own range of phone numbers, so `--streets 20` gives the 2,000,000 residents of a district
benchmark and a re-run fills only the streets still missing.
"""

import datetime
import decimal
import io
import json
import random
import time
from itertools import islice

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.utils import timezone

from communities.counters import counters_rebuild
from communities.models import Household, Node, Post, Residency
from communities.services.posts import staff_group
from core.demo import DEMO_PASSWORD

BATCH = 5000


def _chunks(items, size=BATCH):
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(value) -> str:
    """One value in COPY's text format."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, (int, float, decimal.Decimal)):
        return str(value)
    if hasattr(value, "adapted"):  # psycopg2's Json wrapper around a JSONField's value
        value = json.dumps(value.adapted, ensure_ascii=False)
    return str(value).translate(_COPY_ESCAPES)


# Fields whose Python value is what the column holds (COPY text from _copy_text): read as is,
# without the ORM's per-value preparation, which costs more than the rest of the seed. Exact
# types only: a subclass may prepare its value (hashing, encrypting) and goes through the ORM.
_PLAIN_FIELDS = (
    models.AutoField,
    models.BigAutoField,
    models.BigIntegerField,
    models.BooleanField,
    models.CharField,
    models.DateField,
    models.DateTimeField,
    models.DecimalField,
    models.EmailField,
    models.FloatField,
    models.ForeignKey,
    models.IntegerField,
    models.OneToOneField,
    models.PositiveIntegerField,
    models.PositiveSmallIntegerField,
    models.SmallIntegerField,
    models.TextField,
)


def _column_reader(field, database):
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return lambda obj: field.pre_save(obj, True)
    if type(field) is models.JSONField:
        attname = field.attname

        def read_json(obj):
            value = getattr(obj, attname)
            return None if value is None else json.dumps(value, ensure_ascii=False)

        return read_json
    if type(field) in _PLAIN_FIELDS:
        attname = field.attname
        return lambda obj: getattr(obj, attname)
    return lambda obj: field.get_db_prep_save(field.pre_save(obj, True), database)


def bulk_copy(model, objects: list) -> list:
    """Write `objects` with COPY: ids from the table's sequence, then every concrete column as
    the ORM would save it (defaults from the model, auto_now fields filled). Returns them."""
    if not objects:
        return objects
    database = connections[DEFAULT_DB_ALIAS]
    if database.vendor != "postgresql":
        created = []
        for chunk in _chunks(objects):
            created += model.objects.bulk_create(chunk)
        return created
    meta = model._meta
    with database.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, len(objects)],
        )
        for obj, (pk,) in zip(objects, cursor.fetchall(), strict=True):
            obj.pk = pk
    fields = list(meta.concrete_fields)
    readers = [_column_reader(field, database) for field in fields]
    columns = ", ".join(database.ops.quote_name(field.column) for field in fields)
    for chunk in _chunks(objects, 50_000):
        buffer = io.StringIO()
        for obj in chunk:
            buffer.write("\t".join([_copy_text(read(obj)) for read in readers]))
            buffer.write("\n")
        buffer.seek(0)
        with database.cursor() as cursor:
            cursor.copy_expert(
                f"COPY {database.ops.quote_name(meta.db_table)} ({columns}) FROM STDIN",
                buffer,
            )
    for obj in objects:
        obj._state.adding = False
        obj._state.db = database.alias
    return objects


class Command(BaseCommand):
    help = (
        "Generate a street-scale data set (communities, grids, buildings, households, residents)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--buildings", type=int, default=6000)
        parser.add_argument("--residents", type=int, default=100_000)
        parser.add_argument("--communities", type=int, default=30)
        parser.add_argument("--grids", type=int, default=7, help="grids per community")
        parser.add_argument("--street-code", default="440604900")
        parser.add_argument("--phone-prefix", default="170", help="3 digits for generated phones")
        parser.add_argument(
            "--streets", type=int, default=0, help="build this many streets under --district"
        )
        parser.add_argument("--district", default="440699", help="GB/T 2260 code (--streets)")

    def handle(self, *args, **options):
        self._handle(options)
        # The captain posts came in by COPY, past post_appoint: count them per place at once.
        started = time.monotonic()
        counters_rebuild()
        self.stdout.write(f"  place counters rebuilt in {time.monotonic() - started:.1f} s")

    def _handle(self, options):
        if options["streets"] < 1:
            self._street(None, options["street_code"], "规模测试街道", 0, options)
            return
        started = time.monotonic()
        district = self._district(options["district"], options["phone_prefix"])
        # Each street's people take one block of phone numbers (residents and staff).
        block = options["residents"] + 1 + options["communities"] * (1 + options["grids"])
        block += options["buildings"]
        for i in range(1, options["streets"] + 1):
            code = f"{district.code}{900 + i:03d}"
            self._street(district, code, f"规模测试{i}街道", 1 + (i - 1) * block, options)
        self.stdout.write(
            self.style.SUCCESS(
                f"{options['streets']} streets under {district.name} in "
                f"{time.monotonic() - started:.1f} s."
            )
        )

    def _district(self, code: str, prefix: str) -> Node:
        """The district the streets go under, with one district-staff log-in (phone prefix + 0)."""
        from communities import services

        district = Node.objects.filter(code=code).first() or services.node_create(
            actor=None, kind=Node.Kind.DISTRICT, name="规模测试区", code=code, audit=False
        )
        User = get_user_model()
        phone = f"{prefix}{0:08d}"
        staff = User.objects.filter(phone=phone).first() or User.objects.create(
            phone=phone, real_name="区级工作人员", password=make_password(DEMO_PASSWORD)
        )
        if not Post.objects.filter(user=staff, node=district, ends_on__isnull=True).exists():
            services.post_appoint(
                actor=None, user=staff, node=district, kind="district_staff", notify_holder=False
            )
        self.stdout.write(f"  district staff: {phone} (password {DEMO_PASSWORD})")
        return district

    def _street(self, parent: Node | None, code: str, name: str, phone_start: int, options):
        started = time.monotonic()
        if Node.objects.filter(code=code).exists():
            self.stdout.write(f"Street {code} already exists; nothing to do.")
            return
        random.seed(278)
        with transaction.atomic():
            street, communities, grids, buildings, units = self._tree(parent, code, name, options)
            households = self._households(units, options["residents"])
            self._people(street, communities, grids, buildings, households, options, phone_start)
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded {name} ({code}): {len(buildings)} buildings, {len(households)} "
                f"households and {options['residents']} residents in "
                f"{time.monotonic() - started:.1f} s."
            )
        )

    def _bulk_nodes(self, rows: list[Node]) -> list[Node]:
        return bulk_copy(Node, rows)

    def _child(self, parent: Node, kind: str, name: str, sequence: int, digits: int) -> Node:
        code = f"{parent.code}{sequence:0{digits}d}"
        return Node(
            kind=kind,
            parent=parent,
            name=name,
            code=code,
            path=f"{parent.path}{code}/",
            depth=parent.depth + 1,
            full_name=f"{parent.full_name} / {name}",
        )

    def _tree(self, parent: Node | None, code: str, name: str, options):
        # Full names start at the street, even under a district (as node_create writes them).
        street = Node.objects.create(
            kind=Node.Kind.STREET,
            name=name,
            code=code,
            parent=parent,
            path=f"{parent.path if parent else ''}{code}/",
            depth=parent.depth + 1 if parent else 0,
            full_name=name,
        )
        communities = self._bulk_nodes(
            [
                self._child(street, Node.Kind.COMMUNITY, f"测试{i}社区", i, 3)
                for i in range(1, options["communities"] + 1)
            ]
        )
        grids = self._bulk_nodes(
            [
                self._child(c, Node.Kind.GRID, f"第{g}网格", g, 3)
                for c in communities
                for g in range(1, options["grids"] + 1)
            ]
        )
        # About 10 buildings per compound, spread evenly over the grids.
        total = options["buildings"]
        per_grid = [
            total // len(grids) + (1 if i < total % len(grids) else 0) for i in range(len(grids))
        ]
        compounds_rows, plan = [], []
        for grid, count in zip(grids, per_grid, strict=True):
            n_compounds = max(1, round(count / 10))
            for c in range(1, n_compounds + 1):
                compounds_rows.append(
                    self._child(grid, Node.Kind.COMPOUND, f"{grid.name}{c}号小区", c, 3)
                )
                plan.append(count // n_compounds + (1 if c <= count % n_compounds else 0))
        compounds = self._bulk_nodes(compounds_rows)
        buildings = self._bulk_nodes(
            [
                self._child(compound, Node.Kind.BUILDING, f"{b}栋", b, 3)
                for compound, count in zip(compounds, plan, strict=True)
                for b in range(1, count + 1)
            ]
        )
        units = self._bulk_nodes(
            [self._child(b, Node.Kind.UNIT, f"{u}单元", u, 2) for b in buildings for u in (1, 2)]
        )
        return street, communities, grids, buildings, units

    def _households(self, units, residents):
        # About two residents per household, rooms numbered floor + door.
        count = max(len(units), residents // 2)
        rows = []
        for i in range(count):
            unit = units[i % len(units)]
            n = i // len(units)
            floor, door = n // 2 + 1, n % 2 + 1
            rows.append(Household(node=unit, room=f"{floor}0{door}", floor_area=60 + (i % 60)))
        return bulk_copy(Household, rows)

    def _people(self, street, communities, grids, buildings, households, options, start=0):
        User = get_user_model()
        prefix = options["phone_prefix"]
        unusable = make_password(None)
        demo_password = make_password(DEMO_PASSWORD)
        users = [
            User(phone=f"{prefix}{start + i:08d}", real_name=f"居民{i}", password=unusable)
            for i in range(options["residents"])
        ]
        # Staff users come after the residents: one per community, grid and building captain.
        staff_start = options["residents"]
        staff_count = 1 + len(communities) + len(grids) + len(buildings)
        users += [
            User(
                phone=f"{prefix}{start + staff_start + i:08d}",
                real_name=f"工作人员{i}",
                password=demo_password,
            )
            for i in range(staff_count)
        ]
        created = bulk_copy(User, users)
        residents, staff = created[:staff_start], created[staff_start:]
        now = timezone.now()
        relations = ["head", "member", "member", "tenant"]
        residencies = [
            Residency(
                user=user,
                household=households[i // 2 % len(households)],
                relation=relations[i % 4] if i % 2 else "head",
                is_owner=i % 2 == 0,
                residence_type="registered" if i % 5 else "non_registered",
                status="approved",
                decided_at=now,
            )
            for i, user in enumerate(residents)
        ]
        bulk_copy(Residency, residencies)
        today = timezone.localdate()
        holders = iter(staff)
        posts = [Post(kind="street_staff", user=next(holders), node=street, starts_on=today)]
        posts += [
            Post(kind="community_staff", user=next(holders), node=c, starts_on=today)
            for c in communities
        ]
        posts += [
            Post(kind="grid_worker", user=next(holders), node=g, starts_on=today) for g in grids
        ]
        posts += [
            Post(kind="building_captain", user=next(holders), node=b, starts_on=today)
            for b in buildings
        ]
        bulk_copy(Post, posts)
        managing = [p.user_id for p in posts if p.kind != "building_captain"]
        User.objects.filter(pk__in=managing).update(is_staff=True)
        staff_group().user_set.add(*managing)
        self.stdout.write(
            f"  street staff: {staff[0].phone}, community staff of {communities[0].name}: "
            f"{staff[1].phone} (password {DEMO_PASSWORD})"
        )
