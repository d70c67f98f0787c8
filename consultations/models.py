"""The resident council (居民议事会, 1+X): members and meetings, matters and their discussion,
consultations put to an electorate with their ballots, resolutions and follow-up items.

Data and database constraints only; rules live in services.py, reads in selectors.py.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from communities.models import Household, Node


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


class Matter(models.Model):
    """A matter (议题) someone put to the council, about a place of the tree."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Waiting for the council")
        ACCEPTED = "accepted", _("Under discussion")
        DECLINED = "declined", _("Declined")
        DECIDED = "decided", _("Decided")

    node = models.ForeignKey(
        Node, verbose_name=_("place concerned"), on_delete=models.PROTECT, related_name="matters"
    )
    title = models.CharField(_("title"), max_length=150)
    description = models.TextField(_("description"))
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.PROTECT,
        related_name="proposed_matters",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PROPOSED, db_index=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(
        pgettext_lazy("consultations", "decided at"), null=True, blank=True
    )
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    created_at = models.DateTimeField(_("proposed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("matter")
        verbose_name_plural = _("matters")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["node", "status"], name="matter_node_status_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""),
                name="matter_declined_has_reason",
            )
        ]

    def __str__(self):
        return self.title


def attachment_path(instance, filename):
    return f"consultations/{timezone.now():%Y/%m}/{filename}"


class MatterAttachment(models.Model):
    class Kind(models.TextChoices):
        IMAGE = "image", _("Photo")
        PDF = "pdf", _("PDF document")

    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    file = models.FileField(_("file"), upload_to=attachment_path)
    original_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size (bytes)"))

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["pk"]

    def __str__(self):
        return self.original_name


class Comment(models.Model):
    """A resident's comment. Hiding keeps the text for the record; only staff see it then."""

    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="matter_comments"
    )
    body = models.TextField(pgettext_lazy("consultations", "comment"))
    created_at = models.DateTimeField(auto_now_add=True)
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hidden_reason = models.CharField(_("reason for hiding"), max_length=200, blank=True)

    class Meta:
        verbose_name = pgettext_lazy("consultations", "comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hidden_at__isnull=True) | ~Q(hidden_reason=""),
                name="comment_hidden_has_reason",
            )
        ]

    def __str__(self):
        return self.body[:50]

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class Consultation(models.Model):
    """A question put to an electorate of a place, with a voting window."""

    class Electorate(models.TextChoices):
        RESIDENTS = "residents", _("All residents")
        HOUSEHOLDS = "households", _("One voice per household")
        OWNERS = "owners", _("Owners (Civil Code art. 278)")

    class ChoiceKind(models.TextChoices):
        YES_NO = "yes_no", _("Agree / disagree / abstain")
        SINGLE = "single", _("One choice")
        MULTIPLE = "multiple", _("Several choices")

    class OwnerMatter(models.TextChoices):
        ORDINARY = "ordinary", _("Ordinary matter (more than half)")
        SPECIAL = (
            "special",
            _(
                "Special matter: maintenance funds, rebuilding, use of common parts (three quarters)"
            ),
        )

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CLOSED = "closed", pgettext_lazy("consultations", "Closed")

    matter = models.ForeignKey(
        Matter, verbose_name=_("matter"), on_delete=models.PROTECT, related_name="consultations"
    )
    node = models.ForeignKey(
        Node, verbose_name=_("place voting"), on_delete=models.PROTECT, related_name="+"
    )
    question = models.CharField(pgettext_lazy("consultations", "question"), max_length=200)
    explanation = models.TextField(pgettext_lazy("consultations", "explanation"), blank=True)
    electorate = models.CharField(_("who votes"), max_length=16, choices=Electorate.choices)
    choice_kind = models.CharField(_("kind of answer"), max_length=16, choices=ChoiceKind.choices)
    max_choices = models.PositiveSmallIntegerField(_("most choices per ballot"), default=1)
    owner_matter = models.CharField(
        _("owners' matter"), max_length=16, choices=OwnerMatter.choices, blank=True
    )
    opens_at = models.DateTimeField(_("voting opens"))
    closes_at = models.DateTimeField(_("voting closes"))
    hide_results_until_close = models.BooleanField(_("hide results until the close"), default=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    # Fixed when published: the electorate's size (and owners' total floor area).
    electorate_size = models.PositiveIntegerField(default=0)
    electorate_area = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    published_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    opening_notified_at = models.DateTimeField(null=True, blank=True)
    closing_reminded_at = models.DateTimeField(null=True, blank=True)
    # The tally frozen at the close, kept as the record of the outcome.
    result = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-opens_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="consultation_window_ordered"
            ),
            # Art. 278 thresholds are defined for agree/disagree questions put to owners.
            models.CheckConstraint(
                condition=(Q(electorate="owners") & Q(choice_kind="yes_no") & ~Q(owner_matter=""))
                | (~Q(electorate="owners") & Q(owner_matter="")),
                name="consultation_owner_matter_kind",
            ),
            models.CheckConstraint(
                condition=Q(max_choices__gte=1), name="consultation_max_choices_positive"
            ),
        ]

    def __str__(self):
        return self.question

    def window_state(self, now=None) -> str:
        """ "draft", "upcoming", "open" or "closed", from the status and the clock."""
        now = now or timezone.now()
        if self.status == self.Status.DRAFT:
            return "draft"
        if self.status == self.Status.CLOSED or now >= self.closes_at:
            return "closed"
        if now < self.opens_at:
            return "upcoming"
        return "open"


class Option(models.Model):
    class Code(models.TextChoices):
        YES = "yes", _("Agree")
        NO = "no", _("Disagree")
        ABSTAIN = "abstain", _("Abstain")

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="options")
    label = models.CharField(_("option"), max_length=150)
    code = models.CharField(max_length=8, choices=Code.choices, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("option")
        verbose_name_plural = _("options")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.label


class Voter(models.Model):
    """One member of a consultation's electorate, fixed when it is published.

    For residents and owners the member is a person; for households it is the household and any
    of its approved residents may cast (or change) its one ballot. An owner with several homes in
    the place is one member by head carrying the sum of their floor areas.
    """

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="voters")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    household = models.ForeignKey(
        Household, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    area = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    label = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("voter")
        verbose_name_plural = _("electorate")
        constraints = [
            models.UniqueConstraint(fields=["consultation", "user"], name="voter_one_per_user"),
            models.UniqueConstraint(
                fields=["consultation", "household"], name="voter_one_per_household"
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False) | Q(household__isnull=False),
                name="voter_is_someone",
            ),
        ]

    def __str__(self):
        return self.label


class Ballot(models.Model):
    """The one ballot of an electorate member: cast online or entered from paper by staff.

    One row per member (unique), so paper and online can never both count. A paper entry
    replaces an online ballot, and afterwards only staff may change it.
    """

    class Channel(models.TextChoices):
        ONLINE = "online", _("Online")
        PAPER = "paper", _("Paper, entered by staff")

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="ballots")
    voter = models.OneToOneField(Voter, on_delete=models.CASCADE, related_name="ballot")
    options = models.ManyToManyField(Option, related_name="ballots")
    channel = models.CharField(max_length=8, choices=Channel.choices)
    cast_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    cast_at = models.DateTimeField()
    changes = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [
            models.UniqueConstraint(fields=["consultation", "voter"], name="ballot_one_per_voter")
        ]

    def __str__(self):
        return f"{self.consultation_id}/{self.voter_id}"


class Resolution(models.Model):
    """What was decided on a matter (by a consultation, a meeting, or both)."""

    matter = models.ForeignKey(Matter, on_delete=models.PROTECT, related_name="resolutions")
    consultation = models.ForeignKey(
        Consultation, null=True, blank=True, on_delete=models.PROTECT, related_name="resolutions"
    )
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="resolutions"
    )
    text = models.TextField(_("resolution"))
    decided_on = models.DateField(_("decided on"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")
        ordering = ["-decided_on", "-pk"]

    def __str__(self):
        return self.text[:60]


class FollowUp(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")

    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="follow_ups")
    title = models.CharField(_("what is to be done"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible person"),
        on_delete=models.PROTECT,
        related_name="consultation_follow_ups",
    )
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("follow-up item")
        verbose_name_plural = _("follow-up items")
        ordering = ["due_on", "pk"]

    def __str__(self):
        return self.title


class FollowUpNote(models.Model):
    follow_up = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("progress"))
    status = models.CharField(max_length=16, choices=FollowUp.Status.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.text[:60]
