"""The resident council (居民议事会, 1+X): its members and meetings."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from communities.models import Node


class Council(models.Model):
    """The council of one community: a standing board plus members invited per matter."""

    community = models.OneToOneField(
        Node, verbose_name=_("community"), on_delete=models.PROTECT, related_name="council"
    )
    name = models.CharField(_("name"), max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("council")
        verbose_name_plural = _("councils")
        ordering = ["community__path"]

    def __str__(self):
        return self.name


class CouncilMember(models.Model):
    """A seat: on the standing board for a term, or invited for one matter (the "X" of 1+X)."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        VICE_CHAIR = "vice_chair", _("Vice chair")
        SECRETARY = "secretary", _("Secretary")
        MEMBER = "member", pgettext_lazy("consultations", "Member")
        INVITED = "invited", _("Invited member")

    council = models.ForeignKey(
        Council, verbose_name=_("council"), on_delete=models.CASCADE, related_name="members"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("consultations", "member"),
        on_delete=models.PROTECT,
        related_name="council_seats",
    )
    role = models.CharField(
        pgettext_lazy("consultations", "role"), max_length=16, choices=Role.choices
    )
    # Invited members sit for one matter; standing members have none.
    matter = models.ForeignKey(
        "Matter",
        verbose_name=_("invited for matter"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="invited_members",
    )
    represents = models.CharField(
        _("represents"),
        max_length=100,
        blank=True,
        help_text=_("For example: residents' representative, new citizens (新市民), owners."),
    )
    starts_on = models.DateField(_("term starts on"))
    ends_on = models.DateField(_("term ends on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("council member")
        verbose_name_plural = _("council members")
        ordering = ["council", "matter_id", "role", "starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(role="invited") & Q(matter__isnull=False))
                | (~Q(role="invited") & Q(matter__isnull=True)),
                name="council_member_invited_has_matter",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="council_member_term_ordered",
            ),
            models.UniqueConstraint(
                fields=["council", "user", "matter"],
                condition=Q(ends_on__isnull=True),
                name="council_member_one_open_seat",
                nulls_distinct=False,
            ),
        ]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()})"

    @property
    def is_standing(self) -> bool:
        return self.matter_id is None


class Meeting(models.Model):
    """A council meeting. Where the events app runs it, `event_url` links to that event."""

    council = models.ForeignKey(
        Council, verbose_name=_("council"), on_delete=models.CASCADE, related_name="meetings"
    )
    title = models.CharField(_("title"), max_length=150)
    starts_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=150)
    agenda = models.TextField(_("agenda"))
    matters = models.ManyToManyField(
        "Matter", verbose_name=_("matters discussed"), blank=True, related_name="meetings"
    )
    minutes = models.TextField(pgettext_lazy("consultations", "minutes"), blank=True)
    event_url = models.CharField(
        _("linked event"),
        max_length=300,
        blank=True,
        help_text=_("Address of the event page for this meeting, if it is run as an event."),
    )
    # The venue held for the meeting: a booking made through the bookings service.
    venue_booking = models.OneToOneField(
        "bookings.Booking",
        verbose_name=_("venue booking"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="council_meeting",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("council meeting")
        verbose_name_plural = _("council meetings")
        ordering = ["-starts_at"]

    def __str__(self):
        return self.title


class MeetingAttendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        EXCUSED = "excused", _("Excused")
        ABSENT = "absent", _("Absent")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(CouncilMember, on_delete=models.CASCADE, related_name="attendance")
    status = models.CharField(
        pgettext_lazy("consultations", "attendance"), max_length=16, choices=Status.choices
    )

    class Meta:
        verbose_name = pgettext_lazy("consultations", "attendance")
        verbose_name_plural = pgettext_lazy("consultations", "attendance")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="attendance_one_per_member")
        ]

    def __str__(self):
        return f"{self.member} · {self.get_status_display()}"
