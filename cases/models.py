"""Residents' problem reports (民情事件) and their append-only timeline.

Data and database constraints only; the lifecycle rules live in cases/services/ and the state
machine in cases/states.py. Indicators (response time, closing time, satisfaction) are derived
from the timeline (CaseEvent), never from the mutable columns of Case.
"""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.append_only import AppendOnlyModel


class TimeUnit(models.TextChoices):
    CALENDAR_HOURS = "calendar_hours", _("calendar hours")
    WORKING_HOURS = "working_hours", _("working hours")
    WORKING_DAYS = "working_days", _("working days")


class Category(models.Model):
    """A category (大类) or subcategory (小类) of problems; a case is filed under a leaf.

    Two levels only: a category with a parent may not have children of its own (the service
    and the admin form check it). The code doubles as the Open311 service_code.
    """

    parent = models.ForeignKey(
        "self",
        verbose_name=_("main category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    code = models.CharField(_("code"), max_length=16, unique=True)
    name = models.CharField(_("name"), max_length=50)
    description = models.CharField(_("description"), max_length=200, blank=True)
    response_limit = models.PositiveIntegerField(_("respond within"), default=24)
    response_unit = models.CharField(
        _("response time unit"),
        max_length=16,
        choices=TimeUnit.choices,
        default=TimeUnit.CALENDAR_HOURS,
    )
    resolve_limit = models.PositiveIntegerField(_("resolve within"), default=5)
    resolve_unit = models.CharField(
        _("resolution time unit"),
        max_length=16,
        choices=TimeUnit.choices,
        default=TimeUnit.WORKING_DAYS,
    )
    is_active = models.BooleanField(_("in use"), default=True)
    sort_order = models.PositiveSmallIntegerField(pgettext_lazy("cases", "order"), default=0)

    class Meta:
        verbose_name = _("case category")
        verbose_name_plural = _("case categories")
        ordering = ["sort_order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(response_limit__gt=0) & Q(resolve_limit__gt=0),
                name="case_category_limits_positive",
            ),
            models.UniqueConstraint(fields=["parent", "name"], name="case_category_unique_name"),
        ]

    def __str__(self):
        if self.parent_id:
            return f"{self.parent.name} > {self.name}"
        return self.name


class OfficeHours(models.Model):
    """The office's working day (one row), used to count working hours and days."""

    morning_start = models.TimeField(_("morning from"), default=datetime.time(8, 30))
    morning_end = models.TimeField(_("morning until"), default=datetime.time(12, 0))
    afternoon_start = models.TimeField(_("afternoon from"), default=datetime.time(14, 0))
    afternoon_end = models.TimeField(_("afternoon until"), default=datetime.time(17, 30))

    class Meta:
        verbose_name = _("office hours")
        verbose_name_plural = _("office hours")
        constraints = [
            models.CheckConstraint(
                condition=Q(morning_start__lt=models.F("morning_end"))
                & Q(morning_end__lte=models.F("afternoon_start"))
                & Q(afternoon_start__lt=models.F("afternoon_end")),
                name="office_hours_ordered",
            )
        ]

    def __str__(self):
        return (
            f"{self.morning_start:%H:%M}-{self.morning_end:%H:%M}, "
            f"{self.afternoon_start:%H:%M}-{self.afternoon_end:%H:%M}"
        )


class CalendarOverride(models.Model):
    """A date whose working status differs from China's official calendar (local decisions)."""

    date = models.DateField(_("date"), unique=True)
    is_workday = models.BooleanField(_("working day"))
    note = models.CharField(_("note"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("calendar override")
        verbose_name_plural = _("calendar overrides")
        ordering = ["-date"]

    def __str__(self):
        return f"{self.date} {'+' if self.is_workday else '-'}"


class Open311Client(models.Model):
    """An outside application allowed to file reports through Open311 with its api_key.

    Only a hash of the key is stored; reports are filed under the client's own account.
    """

    name = models.CharField(_("name"), max_length=100, unique=True)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    key_prefix = models.CharField(_("key starts with"), max_length=8, editable=False)
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reports filed as"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Full details (the resident's text, exact address, position, photo link) stop at this
    # place: elsewhere the client reads only what the public list shows.
    node = models.ForeignKey(
        "communities.Node",
        verbose_name=_("full details within"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_(
            "The client reads every detail of the cases in this place and of the cases it filed "
            "itself; elsewhere only what is public. Empty: only its own cases."
        ),
    )
    is_active = models.BooleanField(pgettext_lazy("cases", "active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Open311 client")
        verbose_name_plural = _("Open311 clients")

    def __str__(self):
        return self.name

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @staticmethod
    def new_key() -> str:
        return secrets.token_urlsafe(32)


class State(models.TextChoices):
    PENDING = "pending", pgettext_lazy("case", "Waiting for acceptance")
    REGISTERED = "registered", pgettext_lazy("case", "Registered")
    DISPATCHED = "dispatched", pgettext_lazy("case", "Dispatched")
    IN_PROGRESS = "in_progress", pgettext_lazy("case", "Being handled")
    TO_VERIFY = "to_verify", pgettext_lazy("case", "Waiting for on-site check")
    CLOSED = "closed", pgettext_lazy("case", "Closed")
    REJECTED = "rejected", pgettext_lazy("case", "Not registered")
    RETURNED = "returned", pgettext_lazy("case", "Returned")
    ON_HOLD = "on_hold", pgettext_lazy("case", "On hold")
    REOPENED = "reopened", pgettext_lazy("case", "Reopened")
    MERGED = "merged", pgettext_lazy("case", "Merged into another case")


# States in which nobody needs to act any more.
FINAL_STATES = frozenset({State.CLOSED, State.REJECTED, State.MERGED})


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", pgettext_lazy("case", "Satisfied")
    BASICALLY = "basically", pgettext_lazy("case", "Basically satisfied")
    UNSATISFIED = "unsatisfied", pgettext_lazy("case", "Unsatisfied")


class Case(models.Model):
    """One reported problem. `state`, the assignee and the deadlines are working columns;
    what happened and when is in the timeline."""

    class Source(models.TextChoices):
        WEB = "web", _("Portal")
        API = "api", _("App (API)")
        OPEN311 = "open311", _("Open311 client")

    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="cases"
    )
    description = models.TextField(_("description"), max_length=2000)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reporter"),
        on_delete=models.PROTECT,
        related_name="cases_reported",
    )
    followers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("followers"),
        blank=True,
        related_name="cases_followed",
        help_text=_("Reporters of duplicates merged into this case."),
    )
    # The place used for routing and scoping: the node the reporter chose, or (for a free
    # address) the community or street it was filed under.
    node = models.ForeignKey(
        "communities.Node", verbose_name=_("place"), on_delete=models.PROTECT, related_name="cases"
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    source = models.CharField(
        _("source"), max_length=16, choices=Source.choices, default=Source.WEB
    )
    # Open311's media_url: a photo the client's app keeps on its own server.
    media_url = models.URLField(_("photo link"), max_length=500, blank=True)
    open311_client = models.ForeignKey(
        Open311Client, null=True, blank=True, on_delete=models.PROTECT, related_name="cases"
    )
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.PENDING, db_index=True
    )
    assignee_post = models.ForeignKey(
        "communities.Post",
        verbose_name=_("assigned to post"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases_assigned",
    )
    assignee_unit = models.ForeignKey(
        "party.CoBuildingUnit",
        verbose_name=_("assigned to co-building unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases_assigned",
    )
    response_due_at = models.DateTimeField(_("respond by"))
    resolve_due_at = models.DateTimeField(_("resolve by"))
    escalation_level = models.PositiveSmallIntegerField(_("escalation level"), default=0)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duplicates",
    )
    created_at = models.DateTimeField(_("reported at"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("last change"), auto_now=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(assignee_post__isnull=True) | Q(assignee_unit__isnull=True),
                name="case_one_assignee",
            ),
            models.CheckConstraint(
                condition=Q(escalation_level__lte=2), name="case_escalation_at_most_street"
            ),
            models.CheckConstraint(
                condition=Q(merged_into__isnull=True) | Q(state="merged"),
                name="case_merged_state",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "resolve_due_at"], name="case_state_due_idx"),
            models.Index(fields=["state", "response_due_at"], name="case_state_response_due_idx"),
            models.Index(fields=["category", "state"], name="case_category_state_idx"),
        ]

    def __str__(self):
        return f"#{self.pk} {self.category.name}"

    @property
    def is_open(self) -> bool:
        return self.state not in FINAL_STATES

    @property
    def place_display(self) -> str:
        if self.address:
            return self.address
        return self.node.full_name


class CaseEvent(AppendOnlyModel):
    """One entry of a case's timeline: who did what, when, from which state to which."""

    class Action(models.TextChoices):
        REPORT = "report", pgettext_lazy("case", "Reported")
        ACCEPT = "accept", pgettext_lazy("case", "Registered (accepted)")
        REJECT = "reject", pgettext_lazy("case", "Not registered")
        DISPATCH = "dispatch", pgettext_lazy("case", "Dispatched")
        START = "start", pgettext_lazy("case", "Handling started")
        RETURN = "return", pgettext_lazy("case", "Returned (not ours)")
        HOLD = "hold", pgettext_lazy("case", "Put on hold")
        SUBMIT = "submit", pgettext_lazy("case", "Result submitted")
        VERIFY_PASS = "verify_pass", pgettext_lazy("case", "Checked on site and closed")
        VERIFY_FAIL = "verify_fail", pgettext_lazy("case", "On-site check failed")
        RATE = "rate", pgettext_lazy("case", "Rated by the reporter")
        REOPEN = "reopen", pgettext_lazy("case", "Reopened by the reporter")
        MERGE = "merge", pgettext_lazy("case", "Merged into another case")
        ESCALATE = "escalate", pgettext_lazy("case", "Escalated (overdue)")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    from_state = models.CharField(_("from state"), max_length=16, choices=State.choices, blank=True)
    to_state = models.CharField(_("to state"), max_length=16, choices=State.choices)
    note = models.TextField(_("note"), blank=True)
    to_post = models.ForeignKey(
        "communities.Post", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_unit = models.ForeignKey(
        "party.CoBuildingUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    satisfaction = models.CharField(
        _("satisfaction"), max_length=16, choices=Satisfaction.choices, blank=True
    )
    escalation_level = models.PositiveSmallIntegerField(null=True, blank=True)
    escalated_to = models.ForeignKey(
        "communities.Node", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("case timeline entry")
        verbose_name_plural = _("case timeline")
        ordering = ["created_at", "id"]
        constraints = [
            # Escalation happens once per level, even if two beat runs overlap.
            models.UniqueConstraint(
                fields=["case", "escalation_level"],
                condition=Q(action="escalate"),
                name="case_event_escalate_once_per_level",
            ),
            models.CheckConstraint(
                condition=~Q(action="rate") | ~Q(satisfaction=""),
                name="case_event_rating_has_value",
            ),
        ]
        indexes = [models.Index(fields=["case", "action"], name="case_event_case_action_idx")]

    def __str__(self):
        return f"#{self.case_id} {self.action} {self.created_at:%Y-%m-%d %H:%M}"


def case_photo_path(instance, filename):
    return f"cases/{timezone.localdate():%Y/%m}/{filename}"


class CasePhoto(AppendOnlyModel):
    """A photo attached to a timeline entry (the report, or the handler's result)."""

    event = models.ForeignKey(CaseEvent, on_delete=models.PROTECT, related_name="photos")
    image = models.ImageField(_("photo"), upload_to=case_photo_path)

    class Meta:
        verbose_name = _("case photo")
        verbose_name_plural = _("case photos")
        ordering = ["id"]

    def __str__(self):
        return self.image.name
