"""Party organisations as a tree (党工委 → 党委/联合党委 → 总支 → 支部) anchored on places, their
members, co-building units (共建单位).

The model keeps its historical name `PartyBranch` (the rows moved here from communities) but
holds every level of the tree; `level` says which.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from communities.models import Node


class PartyBranch(models.Model):
    """A party organisation of any level, anchored on its place (支部建在小区上) and, for a joint
    committee, on the further places it spans."""

    class Level(models.TextChoices):
        WORKING_COMMITTEE = "working_committee", _("Party working committee")
        COMMITTEE = "committee", _("Party committee")
        JOINT_COMMITTEE = "joint_committee", _("Joint party committee")
        GENERAL_BRANCH = "general_branch", _("General party branch")
        BRANCH = "branch", _("Party branch")

    class Form(models.TextChoices):
        REGULAR = "regular", _("Regular")
        COMPOUND = "compound", _("Built in a residential compound")
        TEMPORARY = "temporary", _("Temporary (project site, task)")
        MOBILE = "mobile", _("For mobile members")

    node = models.ForeignKey(
        Node, verbose_name=_("place"), on_delete=models.PROTECT, related_name="party_branches"
    )
    name = models.CharField(_("name"), max_length=100)
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    level = models.CharField(
        pgettext_lazy("party", "level"), max_length=20, choices=Level.choices, default=Level.BRANCH
    )
    form = models.CharField(_("form"), max_length=12, choices=Form.choices, default=Form.REGULAR)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("higher organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    ends_on = models.DateField(
        pgettext_lazy("party", "ends on"),
        null=True,
        blank=True,
        help_text=_("Temporary branches end on this date."),
    )
    other_places = models.ManyToManyField(
        Node,
        verbose_name=_("further places covered"),
        blank=True,
        related_name="party_organisations_spanning",
    )

    class Meta:
        verbose_name = _("party organisation")
        verbose_name_plural = _("party organisations")
        ordering = ["node__path", "name"]
        constraints = [
            models.UniqueConstraint(fields=["node", "name"], name="party_branch_unique_name"),
            models.CheckConstraint(
                condition=~Q(form="temporary") | Q(ends_on__isnull=False),
                name="party_temporary_branch_has_an_end",
            ),
        ]

    def __str__(self):
        return self.name


class CurrentMembers(models.Manager):
    """Members who count here now (not transferred out)."""

    def get_queryset(self):
        return super().get_queryset().filter(left_on__isnull=True)


class PartyMember(models.Model):
    """A party member of a branch here, or an in-service member reporting to a community (双报到)."""

    class Status(models.TextChoices):
        FULL = "full", _("Full member")
        PROBATIONARY = "probationary", _("Probationary member")

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
    status = models.CharField(
        _("membership"), max_length=12, choices=Status.choices, default=Status.FULL
    )
    joined_on = models.DateField(_("joined the party on"), null=True, blank=True)
    is_mobile = models.BooleanField(_("mobile member (流动党员)"), default=False)
    home_branch = models.ForeignKey(
        PartyBranch,
        verbose_name=_("home branch (of a mobile member)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members_away",
    )
    employer = models.ForeignKey(
        "CoBuildingUnit",
        verbose_name=_("employer unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="in_service_members",
    )
    left_on = models.DateField(
        _("transferred out on"),
        null=True,
        blank=True,
        help_text=_("Set by a transfer out: the record stays, the person no longer counts here."),
    )

    objects = models.Manager()
    current = CurrentMembers()

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
    contact_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("contact's log-in (receives the yearly 双报到 report)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("co-building unit")
        verbose_name_plural = _("co-building units")
        ordering = ["community__path", "name"]

    def __str__(self):
        return self.name


class PartyOfficer(models.Model):
    """A secretary or committee member of an organisation for a term (ends_on empty: serving)."""

    class Role(models.TextChoices):
        SECRETARY = "secretary", pgettext_lazy("party", "Secretary")
        DEPUTY_SECRETARY = "deputy_secretary", _("Deputy secretary")
        COMMITTEE_MEMBER = "committee_member", _("Committee member")

    organisation = models.ForeignKey(
        PartyBranch,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="officers",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("officer"),
        on_delete=models.PROTECT,
        related_name="party_offices",
    )
    role = models.CharField(pgettext_lazy("party", "role"), max_length=20, choices=Role.choices)
    starts_on = models.DateField(_("term starts on"))
    ends_on = models.DateField(_("term ended on"), null=True, blank=True)

    class Meta:
        verbose_name = _("party officer")
        verbose_name_plural = _("party officers")
        ordering = ["organisation", "role", "starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(role="secretary", ends_on__isnull=True),
                name="party_one_serving_secretary",
            ),
            models.UniqueConstraint(
                fields=["organisation", "user"],
                condition=Q(ends_on__isnull=True),
                name="party_officer_one_serving_office",
            ),
        ]

    def __str__(self):
        return f"{self.organisation} · {self.get_role_display()}"


class PartyTransfer(models.Model):
    """A member's organisational relation moved in or out (组织关系转接), kept as a record."""

    class Direction(models.TextChoices):
        IN = "in", _("Transferred in")
        OUT = "out", _("Transferred out")
        WITHIN = "within", _("Moved between our branches")

    member = models.ForeignKey(
        PartyMember, verbose_name=_("member"), on_delete=models.CASCADE, related_name="transfers"
    )
    direction = models.CharField(_("direction"), max_length=8, choices=Direction.choices)
    from_branch = models.ForeignKey(
        PartyBranch, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_branch = models.ForeignKey(
        PartyBranch, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    other_organisation = models.CharField(
        _("organisation outside the portal"), max_length=100, blank=True
    )
    on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("transfer record")
        verbose_name_plural = _("transfer records")
        ordering = ["-on", "-pk"]

    def __str__(self):
        return f"{self.member} · {self.get_direction_display()} · {self.on}"
