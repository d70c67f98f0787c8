"""The governance tree and what hangs on it: households, residents, posts, party organisation,
captains' work. Data and database constraints only; rules live in services.py."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

PATH_SEPARATOR = "/"


class Node(models.Model):
    """One place of the tree 街道 → 社区 → 网格 → 小区 → 楼栋 → 单元.

    `path` is the chain of ancestor codes ending with this node's code and a separator
    ("440604001/440604001001/"), so a subtree is one `path__startswith` and ancestors are
    one `code__in`. The service that renames or moves a node keeps `path` and `full_name`
    of the whole subtree right.
    """

    class Kind(models.TextChoices):
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

    @property
    def ancestor_codes(self) -> list[str]:
        return [code for code in self.path.split(PATH_SEPARATOR) if code][:-1]

    def ancestors(self):
        """Ancestors from the root down, in one query."""
        return Node.objects.filter(code__in=self.ancestor_codes).order_by("depth")

    def is_descendant_of(self, other: "Node") -> bool:
        return self.path.startswith(other.path)

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
    def grid(self) -> "Node | None":
        return self._ancestor_of_kind(Node.Kind.GRID)

    @property
    def short_path(self) -> str:
        """The full name without the street and community, for lists inside a community."""
        parts = self.full_name.split(" / ")
        return " / ".join(parts[2:]) or self.name


class Household(models.Model):
    """A dwelling (户) in a unit or building."""

    node = models.ForeignKey(
        Node,
        verbose_name=_("building or unit"),
        on_delete=models.PROTECT,
        related_name="households",
    )
    room = models.CharField(_("room number"), max_length=32)
    floor_area = models.DecimalField(
        _("floor area (m²)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Exclusive floor area; counts in owners' votes (Civil Code art. 278)."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["node__path", "room"]
        constraints = [
            models.UniqueConstraint(fields=["node", "room"], name="household_unique_room"),
            models.CheckConstraint(
                condition=Q(floor_area__isnull=True) | Q(floor_area__gt=0),
                name="household_floor_area_positive",
            ),
        ]

    def __str__(self):
        return f"{self.node.full_name} / {self.room}"


class Residency(models.Model):
    """A user living in (or owning) a household; claimed by the resident, decided by staff."""

    class Relation(models.TextChoices):
        HEAD = "head", _("Head of household")
        MEMBER = "member", _("Family member")
        TENANT = "tenant", _("Tenant")

    class ResidenceType(models.TextChoices):
        REGISTERED = "registered", _("Registered (hukou)")
        NON_REGISTERED = "non_registered", _("Non-registered permanent resident")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        ENDED = "ended", _("Moved out")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resident"),
        on_delete=models.CASCADE,
        related_name="residencies",
    )
    household = models.ForeignKey(
        Household, verbose_name=_("household"), on_delete=models.CASCADE, related_name="residencies"
    )
    relation = models.CharField(_("relation"), max_length=16, choices=Relation.choices)
    is_owner = models.BooleanField(_("owner"), default=False)
    residence_type = models.CharField(
        _("residence type"),
        max_length=16,
        choices=ResidenceType.choices,
        default=ResidenceType.REGISTERED,
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reject_reason = models.CharField(_("reason"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("claimed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("residency")
        verbose_name_plural = _("residents")
        ordering = ["-created_at", "-id"]
        constraints = [
            # One live link per person and household; rejected and ended ones stay as history.
            models.UniqueConstraint(
                fields=["user", "household"],
                condition=Q(status__in=["pending", "approved"]),
                name="residency_one_live_per_household",
            )
        ]
        indexes = [
            models.Index(fields=["household", "status"], name="residency_hh_status_idx"),
            # The residents changelist (newest first) reads a page off this index.
            models.Index(fields=["-created_at", "-id"], name="residency_newest_idx"),
        ]

    def __str__(self):
        return f"{self.user} @ {self.household}"


class Post(models.Model):
    """A user holding a post over a place for a term; ended posts are kept as history."""

    class Kind(models.TextChoices):
        STREET_CHIEF = "street_chief", _("Street chief")
        LANE_CHIEF = "lane_chief", _("Lane chief")
        BUILDING_CAPTAIN = "building_captain", _("Building captain")
        GRID_WORKER = "grid_worker", _("Grid worker")
        BRANCH_SECRETARY = "branch_secretary", _("Party branch secretary")
        COMMUNITY_SECRETARY = "community_secretary", _("Community party secretary")
        COMMUNITY_STAFF = "community_staff", _("Community staff")
        STREET_STAFF = "street_staff", _("Street office staff")

    kind = models.CharField(_("post"), max_length=24, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("holder"),
        on_delete=models.PROTECT,
        related_name="posts",
    )
    node = models.ForeignKey(
        Node, verbose_name=_("place"), on_delete=models.PROTECT, related_name="posts"
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("appointed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["node__path", "kind", "-starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "user", "node"],
                condition=Q(ends_on__isnull=True),
                name="post_one_current_per_holder",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="post_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["user", "ends_on"], name="post_user_current_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.user} ({self.node.name})"

    @property
    def is_current(self) -> bool:
        return self.ends_on is None


class PartyBranch(models.Model):
    """A party branch attached to a place (支部建在小区上)."""

    node = models.ForeignKey(
        Node, verbose_name=_("place"), on_delete=models.PROTECT, related_name="party_branches"
    )
    name = models.CharField(_("name"), max_length=100)
    founded_on = models.DateField(_("founded on"), null=True, blank=True)

    class Meta:
        verbose_name = _("party branch")
        verbose_name_plural = _("party branches")
        ordering = ["node__path", "name"]
        constraints = [
            models.UniqueConstraint(fields=["node", "name"], name="party_branch_unique_name")
        ]

    def __str__(self):
        return self.name


class PartyMember(models.Model):
    """A party member of a branch here, or an in-service member reporting to a community (双报到)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="party_memberships",
    )
    branch = models.ForeignKey(
        PartyBranch,
        verbose_name=_("branch"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    is_in_service = models.BooleanField(
        _("in-service member (reports to the community)"), default=False
    )
    work_unit = models.CharField(_("work unit"), max_length=100, blank=True)
    reported_community = models.ForeignKey(
        Node,
        verbose_name=_("community reported to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reported_party_members",
    )
    reported_on = models.DateField(_("reported on"), null=True, blank=True)

    class Meta:
        verbose_name = _("party member")
        verbose_name_plural = _("party members")
        constraints = [
            models.UniqueConstraint(fields=["user"], name="party_member_one_per_user"),
            models.CheckConstraint(
                condition=Q(branch__isnull=False) | Q(reported_community__isnull=False),
                name="party_member_has_a_place",
            ),
        ]

    def __str__(self):
        return str(self.user)


class CoBuildingUnit(models.Model):
    """An agency, company or social organisation co-building with a community (共建单位)."""

    class Kind(models.TextChoices):
        AGENCY = "agency", _("Government agency")
        COMPANY = "company", _("Company")
        SOCIAL_ORG = "social_org", _("Social organisation")

    community = models.ForeignKey(
        Node, verbose_name=_("community"), on_delete=models.PROTECT, related_name="co_units"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=100)
    contact_name = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    pledged_resources = models.TextField(_("pledged resources"), blank=True)
    signed_on = models.DateField(_("agreement signed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("co-building unit")
        verbose_name_plural = _("co-building units")
        ordering = ["community__path", "name"]

    def __str__(self):
        return self.name


class PatrolLog(models.Model):
    """One daily patrol (日巡查) of a building by its captain."""

    captain = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("captain"),
        on_delete=models.PROTECT,
        related_name="patrol_logs",
    )
    building = models.ForeignKey(
        Node, verbose_name=_("building"), on_delete=models.PROTECT, related_name="patrol_logs"
    )
    date = models.DateField(_("date"), db_index=True)
    findings = models.TextField(_("findings"), blank=True)
    has_problem = models.BooleanField(_("problem found"), default=False)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("patrol log")
        verbose_name_plural = _("patrol logs")
        ordering = ["-date", "-created_at"]
        indexes = [models.Index(fields=["captain", "date"], name="patrol_captain_date_idx")]

    def __str__(self):
        return f"{self.date} {self.building.name}"


def patrol_photo_path(instance, filename):
    return f"patrols/{instance.log.date:%Y/%m}/{filename}"


class PatrolPhoto(models.Model):
    log = models.ForeignKey(PatrolLog, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to=patrol_photo_path)

    class Meta:
        verbose_name = _("patrol photo")
        verbose_name_plural = _("patrol photos")

    def __str__(self):
        return self.image.name


class DailyReport(models.Model):
    """A captain's daily report (日报告): what was seen and what was handled that day."""

    captain = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("captain"),
        on_delete=models.PROTECT,
        related_name="daily_reports",
    )
    node = models.ForeignKey(
        Node, verbose_name=_("place"), on_delete=models.PROTECT, related_name="daily_reports"
    )
    date = models.DateField(_("date"))
    summary = models.TextField(_("summary"))
    problems_found = models.PositiveIntegerField(_("problems found"), default=0)
    problems_handled = models.PositiveIntegerField(_("problems handled"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("daily report")
        verbose_name_plural = _("daily reports")
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(
                fields=["captain", "node", "date"], name="daily_report_one_per_day"
            )
        ]

    def __str__(self):
        return f"{self.date} {self.captain}"


class EvaluationRound(models.Model):
    """A periodic selection (优秀楼栋长, 文明楼道) inside a place, with criteria and a result."""

    class Kind(models.TextChoices):
        EXCELLENT_CAPTAIN = "excellent_captain", _("Excellent building captain")
        CIVILISED_STAIRWAY = "civilised_stairway", _("Civilised stairway")

    class Status(models.TextChoices):
        OPEN = "open", _("Scoring")
        PUBLISHED = "published", _("Result published")

    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    node = models.ForeignKey(
        Node, verbose_name=_("place"), on_delete=models.PROTECT, related_name="evaluation_rounds"
    )
    title = models.CharField(_("title"), max_length=100)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    criteria = models.TextField(_("criteria"))
    awards = models.PositiveSmallIntegerField(_("number of awards"), default=3)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("evaluation round")
        verbose_name_plural = _("evaluation rounds")
        ordering = ["-period_end"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="evaluation_period_ordered",
            )
        ]

    def __str__(self):
        return self.title


class EvaluationEntry(models.Model):
    """A candidate of a round: a captain's post, or a stairway (unit) node; scored, maybe awarded."""

    round = models.ForeignKey(
        EvaluationRound, verbose_name=_("round"), on_delete=models.CASCADE, related_name="entries"
    )
    node = models.ForeignKey(
        Node, verbose_name=_("place"), on_delete=models.PROTECT, related_name="evaluation_entries"
    )
    captain = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("captain"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="evaluation_entries",
    )
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=1, default=0)
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)
    awarded = models.BooleanField(_("awarded"), default=False)
    remarks = models.CharField(_("remarks"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("evaluation entry")
        verbose_name_plural = _("evaluation entries")
        ordering = ["rank", "-score"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "node", "captain"],
                name="evaluation_entry_unique",
                nulls_distinct=False,
            ),
            models.CheckConstraint(
                condition=Q(score__gte=0) & Q(score__lte=100), name="evaluation_score_range"
            ),
        ]

    def __str__(self):
        return f"{self.round}: {self.captain or self.node}"


class Allowance(models.Model):
    """A captain's monthly allowance (e.g. 150 yuan) and whether it has been paid."""

    post = models.ForeignKey(
        Post, verbose_name=_("post"), on_delete=models.PROTECT, related_name="allowances"
    )
    captain = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("captain"),
        on_delete=models.PROTECT,
        related_name="allowances",
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    amount = models.DecimalField(_("amount (yuan)"), max_digits=8, decimal_places=2)
    paid = models.BooleanField(_("paid"), default=False)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)

    class Meta:
        verbose_name = _("allowance")
        verbose_name_plural = _("allowances")
        ordering = ["-month", "post__node__path"]
        constraints = [
            models.UniqueConstraint(fields=["post", "month"], name="allowance_one_per_month"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="allowance_not_negative"),
        ]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.captain}"


class ImportJob(models.Model):
    """An uploaded spreadsheet being checked (dry run) and then imported, with its progress."""

    class Kind(models.TextChoices):
        BUILDINGS = "buildings", _("Buildings")
        HOUSEHOLDS = "households", _("Households")
        RESIDENTS = "residents", _("Residents")

    class Status(models.TextChoices):
        CHECKING = "checking", _("Checking")
        CHECKED = "checked", _("Checked, ready to import")
        INVALID = "invalid", _("Has errors")
        IMPORTING = "importing", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    root = models.ForeignKey(
        Node, verbose_name=_("imported into"), on_delete=models.PROTECT, related_name="+"
    )
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.CHECKING
    )
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    created_rows = models.PositiveIntegerField(default=0)
    updated_rows = models.PositiveIntegerField(default=0)
    # [{"row": 3, "errors": ["…"]}, …] at most a few hundred, shown in the dry-run page.
    errors = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.original_name}"

    @property
    def percent(self) -> int:
        if not self.total_rows:
            return 0
        return min(100, round(100 * self.processed_rows / self.total_rows))

    @property
    def is_running(self) -> bool:
        return self.status in {self.Status.CHECKING, self.Status.IMPORTING}
