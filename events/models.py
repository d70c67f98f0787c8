"""Community activities: events on a place of the tree, their dated occurrences, registrations,
check-in, ratings and the lecture topic menus (宣讲菜单). Data and constraints only; the rules
live in events/services/."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from communities.models import Node
from party.models import CoBuildingUnit


def default_reminder_offsets() -> list[int]:
    # A day before and an hour before, in minutes.
    return [24 * 60, 60]


def event_cover_path(instance, filename):
    return f"events/covers/{filename}"


def occurrence_photo_path(instance, filename):
    return f"events/photos/{instance.occurrence_id}/{filename}"


class Event(models.Model):
    """An activity held at a place; a one-off has one occurrence, a recurring one many.

    `rrule` is an RFC 5545 RRULE ("FREQ=MONTHLY;BYMONTHDAY=6") applied to `starts_at` in local
    time (Asia/Shanghai) so a 9:00 clean-up stays at 9:00; `exdates` are local dates skipped.
    """

    class Kind(models.TextChoices):
        LECTURE = "lecture", _("Lecture")
        CLINIC = "clinic", _("Health clinic")
        BIRTHDAY = "birthday", _("Birthday party")
        CLEANUP = "cleanup", _("Clean-up day")
        COUNCIL = "council", _("Residents' tea talk")
        VOLUNTEERING = "volunteering", _("Volunteer service")
        OTHER = "other", _("Other activity")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")

    node = models.ForeignKey(
        Node,
        verbose_name=pgettext_lazy("events", "place"),
        on_delete=models.PROTECT,
        related_name="events",
    )
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=100)
    description = models.TextField(pgettext_lazy("events", "description"), blank=True)
    place = models.CharField(pgettext_lazy("events", "where"), max_length=200)
    organiser_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("organiser (staff)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organised_events",
    )
    organiser_unit = models.ForeignKey(
        CoBuildingUnit,
        verbose_name=_("co-building unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    organiser_name = models.CharField(
        _("organiser shown"),
        max_length=100,
        blank=True,
        help_text=_("E.g. a volunteer team: 医疗健康服务队."),
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    rrule = models.CharField(
        _("repeats (RFC 5545 rule)"),
        max_length=200,
        blank=True,
        help_text=_(
            "Empty for a one-off. Every month on the 6th: FREQ=MONTHLY;BYMONTHDAY=6. "
            "Every 2nd and 4th Wednesday: FREQ=MONTHLY;BYDAY=2WE,4WE. "
            "Every week on Friday: FREQ=WEEKLY;BYDAY=FR."
        ),
    )
    # A yearly date of the Chinese lunar calendar (中秋: 8/15, 端午: 5/5), instead of `rrule`:
    # RFC 5545 has no lunar rule, so its sessions are explicit dates (RDATEs in an export).
    lunar_month = models.PositiveSmallIntegerField(_("lunar month"), null=True, blank=True)
    lunar_day = models.PositiveSmallIntegerField(_("lunar day"), null=True, blank=True)
    repeat_until = models.DateField(_("repeats until"), null=True, blank=True)
    exdates = models.JSONField(
        _("skipped dates"), default=list, blank=True, help_text=_("Dates without the activity.")
    )
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, help_text=_("Empty for no limit.")
    )
    min_age = models.PositiveSmallIntegerField(
        _("minimum age"), null=True, blank=True, help_text=_("E.g. 60 for a birthday party.")
    )
    residents_only = models.BooleanField(
        _("only residents of this place"),
        default=False,
        help_text=_("Only approved residents living in this place may register."),
    )
    party_members_only = models.BooleanField(_("only party members"), default=False)
    open_to_all = models.BooleanField(
        _("open to everyone"),
        default=False,
        help_text=_("Shown to every signed-in user, not only those living in this place."),
    )
    registration_opens_days = models.PositiveSmallIntegerField(
        _("registration opens (days before)"), default=14
    )
    registration_closes_hours = models.PositiveSmallIntegerField(
        _("registration closes (hours before)"), default=0
    )
    cancel_cutoff_hours = models.PositiveSmallIntegerField(
        _("cancel at latest (hours before)"), default=2
    )
    reminder_offsets = models.JSONField(
        _("reminders (minutes before)"),
        default=default_reminder_offsets,
        blank=True,
        help_text=_("E.g. [1440, 60]: a day before and an hour before."),
    )
    points_for_attendance = models.PositiveSmallIntegerField(_("points for attending"), default=0)
    cover = models.ImageField(_("cover photo"), upload_to=event_cover_path, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    topic = models.ForeignKey(
        "Topic",
        verbose_name=_("from menu topic"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="event_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gt=0),
                name="event_capacity_positive",
            ),
            models.CheckConstraint(
                condition=(Q(lunar_month__isnull=True) & Q(lunar_day__isnull=True))
                | (
                    Q(lunar_month__gte=1, lunar_month__lte=12, lunar_day__gte=1, lunar_day__lte=30)
                    & Q(rrule="")
                ),
                name="event_lunar_date_valid",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def organiser_display(self) -> str:
        if self.organiser_name:
            return self.organiser_name
        if self.organiser_unit_id:
            return self.organiser_unit.name
        if self.organiser_user_id:
            return self.organiser_user.name_for_display
        return ""

    @property
    def lunar(self) -> tuple[int, int] | None:
        if self.lunar_month is None or self.lunar_day is None:
            return None
        return self.lunar_month, self.lunar_day

    @property
    def is_recurring(self) -> bool:
        return bool(self.rrule) or self.lunar is not None


class Occurrence(models.Model):
    """One dated session of an event, with its own seats and registrations.

    `seats_taken` counts confirmed registrations; it only changes under a row lock on this
    occurrence (registration services), and the database refuses a count past `capacity`.
    """

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", pgettext_lazy("events", "Scheduled")
        CANCELLED = "cancelled", _("Cancelled")

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="occurrences"
    )
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    ends_at = models.DateTimeField(_("ends at"))
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True)
    seats_taken = models.PositiveIntegerField(_("places taken"), default=0)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.SCHEDULED
    )
    summary = models.TextField(pgettext_lazy("events", "summary"), blank=True)
    summary_published_at = models.DateTimeField(_("summary published"), null=True, blank=True)
    # The venue held for this session: a booking made through the bookings service (its overlap
    # rules apply), released when the session is called off or dropped.
    venue_booking = models.OneToOneField(
        "bookings.Booking",
        verbose_name=_("venue booking"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="occurrence",
    )

    class Meta:
        verbose_name = pgettext_lazy("events", "session")
        verbose_name_plural = pgettext_lazy("events", "sessions")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "starts_at"], name="occurrence_unique_start"),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(seats_taken__lte=models.F("capacity")),
                name="occurrence_not_overbooked",
            ),
        ]

    def __str__(self):
        from django.utils import timezone

        return f"{self.event.title} {timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"

    @property
    def seats_left(self) -> int | None:
        if self.capacity is None:
            return None
        return max(0, self.capacity - self.seats_taken)


class Registration(models.Model):
    """One person's place (or place on the waiting list) at one occurrence.

    Household members registered together share a `group` id and move together: they are
    confirmed, wait-listed and promoted as one.
    """

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Registered")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    occurrence = models.ForeignKey(
        Occurrence,
        verbose_name=pgettext_lazy("events", "session"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("attendee"),
        on_delete=models.CASCADE,
        related_name="event_registrations",
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    group = models.CharField(max_length=32, db_index=True, editable=False)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    created_at = models.DateTimeField(pgettext_lazy("events", "registered at"), auto_now_add=True)
    # The place in the queue: set when the group is wait-listed, promotion goes oldest first.
    waitlisted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["occurrence", "user"],
                condition=Q(status__in=["confirmed", "waitlisted"]),
                name="registration_one_live_per_user",
            ),
            models.CheckConstraint(
                condition=Q(checked_in_at__isnull=True) | Q(status="confirmed"),
                name="registration_checkin_needs_confirmed",
            ),
        ]
        indexes = [
            models.Index(fields=["occurrence", "status"], name="registration_occ_status_idx"),
            models.Index(fields=["user", "status"], name="registration_user_status_idx"),
        ]

    def __str__(self):
        return f"{self.user} @ {self.occurrence}"

    @property
    def attended(self) -> bool:
        return self.checked_in_at is not None


class AttendeeProfile(models.Model):
    """What events need to know about a person beyond the account: the year of birth, asked
    only when someone registers for an age-limited event (PIPL: collect the minimum)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_profile"
    )
    birth_year = models.PositiveSmallIntegerField(_("year of birth"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("attendee profile")
        verbose_name_plural = _("attendee profiles")
        constraints = [
            models.CheckConstraint(
                condition=Q(birth_year__gte=1900) & Q(birth_year__lte=2100),
                name="attendee_birth_year_range",
            )
        ]

    def __str__(self):
        return f"{self.user} {self.birth_year}"


class Rating(models.Model):
    """An attendee's rating of an occurrence, 1 to 5, once."""

    occurrence = models.ForeignKey(Occurrence, on_delete=models.CASCADE, related_name="ratings")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_ratings"
    )
    score = models.PositiveSmallIntegerField(_("rating"))
    comment = models.CharField(_("comment"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.UniqueConstraint(fields=["occurrence", "user"], name="rating_once_per_user"),
            models.CheckConstraint(
                condition=Q(score__gte=1) & Q(score__lte=5), name="rating_score_range"
            ),
        ]

    def __str__(self):
        return f"{self.occurrence} {self.score}"


class OccurrencePhoto(models.Model):
    occurrence = models.ForeignKey(Occurrence, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to=occurrence_photo_path)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("event photo")
        verbose_name_plural = _("event photos")
        ordering = ["pk"]

    def __str__(self):
        return self.image.name


class TopicMenu(models.Model):
    """A menu of lecture topics (宣讲菜单) residents order from (点菜) by voting."""

    node = models.ForeignKey(
        Node,
        verbose_name=pgettext_lazy("events", "place"),
        on_delete=models.PROTECT,
        related_name="topic_menus",
    )
    title = models.CharField(_("title"), max_length=100)
    description = models.TextField(pgettext_lazy("events", "description"), blank=True)
    is_open = models.BooleanField(_("open for votes"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("topic menu")
        verbose_name_plural = _("topic menus")
        ordering = ["-created_at"]

    def __str__(self):
        return self.title


class Topic(models.Model):
    menu = models.ForeignKey(
        TopicMenu, verbose_name=_("menu"), on_delete=models.CASCADE, related_name="topics"
    )
    title = models.CharField(_("topic"), max_length=100)
    description = models.TextField(pgettext_lazy("events", "description"), blank=True)
    speaker = models.CharField(_("speaker"), max_length=100, blank=True)
    # Kept by the vote service with F() under the vote's unique constraint; never below zero.
    vote_count = models.PositiveIntegerField(_("votes"), default=0)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["-vote_count", "pk"]

    def __str__(self):
        return self.title


class TopicVote(models.Model):
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="topic_votes"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("topic vote")
        verbose_name_plural = _("topic votes")
        constraints = [
            models.UniqueConstraint(fields=["topic", "user"], name="topic_vote_once_per_user")
        ]

    def __str__(self):
        return f"{self.user} → {self.topic}"


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """The secret address of a user's "my events" calendar feed; reset to revoke it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return str(self.user)
