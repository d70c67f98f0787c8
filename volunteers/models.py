"""Volunteers and the time bank: teams, projects and shifts, hour records and their verification,
wishes (微心愿), help paid in time credits, relatives for transfers, certificates.

Data and database constraints only; rules live in services/. Service time itself (the time-bank
balance) lives in the points ledger as MINUTE postings, never here.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from communities.models import Node

LIVE_SIGNUP = ["confirmed", "waitlisted"]


class TimeBankPolicy(models.Model):
    """The street's volunteer settings (one row, editable by street staff in the admin)."""

    storage_cap_hours = models.PositiveIntegerField(
        _("time-bank cap (hours)"),
        default=1500,
        help_text=_("An account holds at most this many hours; the excess goes to the pool."),
    )
    star1_hours = models.PositiveIntegerField(_("1 star from (hours)"), default=100)
    star2_hours = models.PositiveIntegerField(_("2 stars from (hours)"), default=300)
    star3_hours = models.PositiveIntegerField(_("3 stars from (hours)"), default=600)
    star4_hours = models.PositiveIntegerField(_("4 stars from (hours)"), default=1000)
    star5_hours = models.PositiveIntegerField(_("5 stars from (hours)"), default=1500)
    points_per_hour = models.PositiveIntegerField(
        _("activity points per verified hour"),
        default=0,
        help_text=_("0 turns the conversion off."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("time-bank policy")
        verbose_name_plural = _("time-bank policy")
        constraints = [
            models.CheckConstraint(
                condition=Q(star1_hours__lt=models.F("star2_hours"))
                & Q(star2_hours__lt=models.F("star3_hours"))
                & Q(star3_hours__lt=models.F("star4_hours"))
                & Q(star4_hours__lt=models.F("star5_hours")),
                name="volunteers_policy_stars_increase",
            ),
            models.CheckConstraint(
                condition=Q(storage_cap_hours__gt=0), name="volunteers_policy_cap_positive"
            ),
        ]

    def __str__(self):
        return str(_("Time-bank policy"))

    @property
    def star_thresholds(self) -> list[int]:
        return [
            self.star1_hours,
            self.star2_hours,
            self.star3_hours,
            self.star4_hours,
            self.star5_hours,
        ]


class VolunteerProfile(models.Model):
    """A registered volunteer with the number assigned at registration."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("volunteer"),
        on_delete=models.PROTECT,
        related_name="volunteer_profile",
    )
    number = models.CharField(_("volunteer number"), max_length=20, unique=True)
    community = models.ForeignKey(
        Node,
        verbose_name=_("community"),
        on_delete=models.PROTECT,
        related_name="volunteers",
    )
    skills = models.CharField(_("skills"), max_length=200, blank=True)
    availability = models.CharField(_("when I can help"), max_length=200, blank=True)
    service_areas = models.CharField(_("service areas"), max_length=200, blank=True)
    # A stored copy of the verified total, kept by the verification service (stars, reports).
    verified_minutes = models.PositiveIntegerField(_("verified minutes"), default=0)
    stars = models.PositiveSmallIntegerField(_("star level"), default=0)
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(stars__gte=0) & Q(stars__lte=5), name="volunteer_stars_range"
            )
        ]

    def __str__(self):
        return f"{self.number} {self.user}"

    @property
    def verified_hours(self) -> float:
        return self.verified_minutes / 60


class Team(models.Model):
    """A volunteer service team (服务队) attached to a community or the street."""

    class Kind(models.TextChoices):
        PARTY = "party", _("Party members")
        MEDICAL = "medical", _("Medical and health")
        ENVIRONMENT = "environment", _("Environment")
        ELDERLY = "elderly", _("Care for the elderly")
        PATROL = "patrol", _("Safety patrol")
        CULTURE = "culture", _("Culture and education")
        OTHER = "other", _("Other")

    node = models.ForeignKey(
        Node, verbose_name=_("place"), on_delete=models.PROTECT, related_name="volunteer_teams"
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices)
    description = models.TextField(pgettext_lazy("volunteers", "description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("volunteer team")
        verbose_name_plural = _("volunteer teams")
        ordering = ["node__path", "name"]
        constraints = [models.UniqueConstraint(fields=["node", "name"], name="team_unique_name")]

    def __str__(self):
        return self.name


class Membership(models.Model):
    """A volunteer's place in a team: asked for, approved by the leader, maybe left later."""

    class Role(models.TextChoices):
        LEADER = "leader", _("Leader")
        DEPUTY = "deputy", _("Deputy leader")
        MEMBER = "member", _("Member")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the leader")
        ACTIVE = "active", _("Member")
        REJECTED = "rejected", _("Not accepted")
        LEFT = "left", _("Left")

    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("volunteer"),
        on_delete=models.CASCADE,
        related_name="volunteer_memberships",
    )
    role = models.CharField(_("role"), max_length=8, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PENDING
    )
    message = models.CharField(_("message to the leader"), max_length=200, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)

    class Meta:
        verbose_name = _("team membership")
        verbose_name_plural = _("team memberships")
        ordering = ["team", "role", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "user"],
                condition=Q(status__in=["pending", "active"]),
                name="membership_one_live_per_team",
            )
        ]
        indexes = [models.Index(fields=["user", "status"], name="membership_user_status_idx")]

    def __str__(self):
        return f"{self.user} @ {self.team}"

    @property
    def leads(self) -> bool:
        return self.status == self.Status.ACTIVE and self.role in (
            self.Role.LEADER,
            self.Role.DEPUTY,
        )


class Project(models.Model):
    """A service project (志愿服务项目) published by a team or by the community."""

    class Status(models.TextChoices):
        PUBLISHED = "published", pgettext_lazy("volunteers", "Open")
        CLOSED = "closed", _("Closed")

    node = models.ForeignKey(
        Node, verbose_name=_("place"), on_delete=models.PROTECT, related_name="volunteer_projects"
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    title = models.CharField(_("title"), max_length=100)
    description = models.TextField(pgettext_lazy("volunteers", "description"))
    place = models.CharField(_("where"), max_length=200)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    skills_wanted = models.CharField(_("skills wanted"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PUBLISHED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("service project")
        verbose_name_plural = _("service projects")
        ordering = ["-starts_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="project_dates_ordered"
            )
        ]

    def __str__(self):
        return self.title


class Shift(models.Model):
    """A time slot of a project with a number of places; more sign-ups wait in line."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="shifts"
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")

    capacity = models.PositiveIntegerField(_("places"))
    cancel_cutoff_hours = models.PositiveIntegerField(_("cancel up to (hours before)"), default=2)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED
    )
    cancel_reason = models.CharField(_("why it was cancelled"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("shift")
        verbose_name_plural = _("shifts")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="shift_times_ordered"
            ),
            models.CheckConstraint(condition=Q(capacity__gt=0), name="shift_capacity_positive"),
        ]

    def __str__(self):
        return f"{self.project.title} {self.starts_at:%Y-%m-%d %H:%M}"


class Signup(models.Model):
    """A volunteer on a shift: confirmed (a place) or waitlisted, later maybe cancelled."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Signed up")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    shift = models.ForeignKey(
        Shift, verbose_name=_("shift"), on_delete=models.CASCADE, related_name="signups"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("volunteer"),
        on_delete=models.CASCADE,
        related_name="volunteer_signups",
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    created_at = models.DateTimeField(_("signed up at"), auto_now_add=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checked_out_at = models.DateTimeField(_("checked out at"), null=True, blank=True)

    class Meta:
        verbose_name = _("shift sign-up")
        verbose_name_plural = _("shift sign-ups")
        ordering = ["shift", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["shift", "user"],
                condition=Q(status__in=LIVE_SIGNUP),
                name="signup_one_live_per_shift",
            )
        ]
        indexes = [models.Index(fields=["shift", "status"], name="signup_shift_status_idx")]

    def __str__(self):
        return f"{self.user} · {self.shift}"


class Wish(models.Model):
    """A resident's small need (微心愿): posted, reviewed and dispatched, claimed, done, confirmed."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Waiting for review")
        OPEN = "open", _("Open to claim")
        CLAIMED = "claimed", _("Claimed")
        DONE = "done", _("Done, waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        DISPUTED = "disputed", _("Disputed")
        CLOSED = "closed", _("Closed")
        DECLINED = "declined", _("Not accepted")

    resident = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resident"),
        on_delete=models.PROTECT,
        related_name="wishes",
    )
    node = models.ForeignKey(
        Node, verbose_name=_("community"), on_delete=models.PROTECT, related_name="wishes"
    )
    title = models.CharField(_("what is needed"), max_length=100)
    description = models.TextField(pgettext_lazy("volunteers", "details"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.SUBMITTED,
        db_index=True,
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("dispatched to team"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="wishes",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField(_("open since"), null=True, blank=True)
    claimer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("claimed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="claimed_wishes",
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    minutes = models.PositiveIntegerField(_("service minutes"), null=True, blank=True)
    done_note = models.CharField(_("what was done"), max_length=200, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(pgettext_lazy("volunteers", "reason"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("posted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("wish")
        verbose_name_plural = _("wishes")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__isnull=True) | Q(minutes__gt=0), name="wish_minutes_positive"
            )
        ]

    def __str__(self):
        return self.title


class HourRecord(models.Model):
    """Service time of one volunteer: counts (and reaches the time bank) only once verified.

    Verified and rejected records are locked; a volunteer asks for a correction with a new record.
    """

    class Source(models.TextChoices):
        CHECKIN = "checkin", _("Check-in and check-out")
        MANUAL = "manual", _("Logged by hand")
        WISH = "wish", _("Wish fulfilled")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for verification")
        VERIFIED = "verified", pgettext_lazy("volunteers", "Verified")
        REJECTED = "rejected", _("Rejected")

    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("volunteer"),
        on_delete=models.PROTECT,
        related_name="hour_records",
    )
    node = models.ForeignKey(
        Node, verbose_name=_("place"), on_delete=models.PROTECT, related_name="hour_records"
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hour_records",
    )
    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hour_records",
    )
    signup = models.OneToOneField(
        Signup, null=True, blank=True, on_delete=models.PROTECT, related_name="hour_record"
    )
    wish = models.OneToOneField(
        Wish, null=True, blank=True, on_delete=models.PROTECT, related_name="hour_record"
    )
    source = models.CharField(_("source"), max_length=8, choices=Source.choices)
    service_date = models.DateField(_("service date"))
    content = models.CharField(_("service content"), max_length=200)
    minutes_claimed = models.PositiveIntegerField(_("minutes claimed"))
    minutes_verified = models.PositiveIntegerField(_("minutes verified"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    reason = models.CharField(pgettext_lazy("volunteers", "reason"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("logged at"), auto_now_add=True)

    class Meta:
        verbose_name = _("hour record")
        verbose_name_plural = _("hour records")
        ordering = ["-service_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes_claimed__gt=0), name="hour_record_minutes_positive"
            ),
            models.CheckConstraint(
                condition=~Q(status="verified") | Q(minutes_verified__gt=0),
                name="hour_record_verified_has_minutes",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "created_at"], name="hour_record_status_idx"),
            models.Index(fields=["volunteer", "status"], name="hour_record_volunteer_idx"),
        ]

    def __str__(self):
        return f"{self.service_date} {self.volunteer} {self.minutes_claimed}′"

    @property
    def is_locked(self) -> bool:
        return self.status != self.Status.PENDING


class RelativeLink(models.Model):
    """A recorded spouse or direct relative, the only people time credits may be given to."""

    class Relation(models.TextChoices):
        SPOUSE = "spouse", _("Spouse")
        PARENT = "parent", _("Parent")
        CHILD = "child", _("Child")
        GRANDPARENT = "grandparent", _("Grandparent")
        GRANDCHILD = "grandchild", _("Grandchild")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for community check")
        VERIFIED = "verified", pgettext_lazy("volunteers", "Verified")
        REJECTED = "rejected", _("Rejected")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account holder"),
        on_delete=models.CASCADE,
        related_name="relative_links",
    )
    relative = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("relative"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    node = models.ForeignKey(
        Node, verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    relation = models.CharField(
        pgettext_lazy("volunteers", "relation"), max_length=12, choices=Relation.choices
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("relative")
        verbose_name_plural = _("relatives")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "relative"], name="relative_link_unique"),
            models.CheckConstraint(
                condition=~Q(user=models.F("relative")), name="relative_link_not_self"
            ),
        ]

    def __str__(self):
        return f"{self.user} → {self.relative} ({self.get_relation_display()})"


class TimeTransfer(models.Model):
    """A gift of time credits to a relative or a donation to the community pool."""

    class Kind(models.TextChoices):
        RELATIVE = "relative", _("To a relative")
        DONATION = "donation", _("Donation to the community pool")

    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("from"),
        on_delete=models.PROTECT,
        related_name="time_transfers_sent",
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="time_transfers_received",
    )
    node = models.ForeignKey(
        Node, verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    minutes = models.PositiveIntegerField(_("minutes"))
    # The sender's request key (core.request_keys): a resent form or API call moves once.
    request_key = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("time transfer")
        verbose_name_plural = _("time transfers")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(minutes__gt=0), name="time_transfer_positive"),
            models.UniqueConstraint(
                fields=["sender", "request_key"],
                condition=~Q(request_key=""),
                name="time_transfer_one_per_request_key",
            ),
            models.CheckConstraint(
                condition=Q(kind="donation", recipient__isnull=True)
                | Q(kind="relative", recipient__isnull=False),
                name="time_transfer_recipient_by_kind",
            ),
        ]

    def __str__(self):
        return f"{self.sender} {self.minutes}′ {self.get_kind_display()}"


class HelpRequest(models.Model):
    """Help asked from another member and paid in time credits once both sides confirm."""

    class Status(models.TextChoices):
        OPEN = "open", _("Looking for a helper")
        ACCEPTED = "accepted", _("A helper is coming")
        HELPED = "helped", _("Helper says done")
        PAID = "paid", _("Confirmed and paid")
        CANCELLED = "cancelled", _("Cancelled")

    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked by"),
        on_delete=models.PROTECT,
        related_name="help_requests",
    )
    helper = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("helper"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="help_given",
    )
    node = models.ForeignKey(
        Node, verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("help needed"), max_length=100)
    description = models.TextField(pgettext_lazy("volunteers", "details"), blank=True)
    minutes = models.PositiveIntegerField(_("time credits offered (minutes)"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(auto_now_add=True)
    helped_at = models.DateTimeField(null=True, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("help request")
        verbose_name_plural = _("help requests")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(minutes__gt=0), name="help_request_positive"),
            models.CheckConstraint(
                condition=~Q(helper=models.F("requester")), name="help_request_not_self"
            ),
        ]

    def __str__(self):
        return self.title


class Certificate(models.Model):
    """A volunteer-service certificate (志愿服务证明) as issued: its figures are frozen."""

    number = models.CharField(_("certificate number"), max_length=32, unique=True)
    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("volunteer"),
        on_delete=models.PROTECT,
        related_name="volunteer_certificates",
    )
    volunteer_number = models.CharField(_("volunteer number"), max_length=20)
    name = models.CharField(_("name"), max_length=50)
    id_number_masked = models.CharField(
        pgettext_lazy("volunteers", "ID number (masked)"), max_length=18, blank=True
    )
    issuer = models.ForeignKey(
        Node, verbose_name=_("issued by"), on_delete=models.PROTECT, related_name="+"
    )
    responsible = models.CharField(_("person responsible"), max_length=50)
    contact = models.CharField(_("contact"), max_length=30)
    period_from = models.DateField(_("from"))
    period_to = models.DateField(_("until"))
    minutes = models.PositiveIntegerField(_("verified minutes"))
    # [{"content": ..., "minutes": ...}] grouped service content of the period.
    content = models.JSONField(_("service content"), default=list)
    issued_on = models.DateField(_("issued on"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_to__gte=models.F("period_from")),
                name="certificate_period_ordered",
            )
        ]

    def __str__(self):
        return self.number
