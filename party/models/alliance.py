"""党建益联盟: what co-building units offer, their commitments (共建项目) with follow-up, the
alliance's levels (district → street → teams) and pairings of units with community teams."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from communities.models import Node
from party.models.organisation import CoBuildingUnit


class UnitOffer(models.Model):
    """A resource a unit offers the communities: a venue, professional help, volunteers."""

    class Kind(models.TextChoices):
        VENUE = "venue", _("Venue")
        PROFESSIONAL = "professional", _("Professional help")
        VOLUNTEERS = "volunteers", _("Volunteers")
        FUNDS = "funds", _("Funds or goods")

    unit = models.ForeignKey(CoBuildingUnit, on_delete=models.CASCADE, related_name="offers")
    kind = models.CharField(
        pgettext_lazy("party", "kind of offer"), max_length=16, choices=Kind.choices
    )
    description = models.CharField(_("what is offered"), max_length=200)

    class Meta:
        verbose_name = _("unit offer")
        verbose_name_plural = _("unit offers")

    def __str__(self):
        return self.description


class Commitment(models.Model):
    """A co-building project (共建项目) a unit commits to in a community, followed up to done."""

    class Status(models.TextChoices):
        PROMISED = "promised", _("Promised")
        UNDER_WAY = "under_way", _("Under way")
        DONE = "done", pgettext_lazy("party", "Done")

    unit = models.ForeignKey(CoBuildingUnit, on_delete=models.PROTECT, related_name="commitments")
    community = models.ForeignKey(Node, on_delete=models.PROTECT, related_name="commitments")
    title = models.CharField(pgettext_lazy("party", "project"), max_length=100)
    due_on = models.DateField(pgettext_lazy("party", "due on"))
    status = models.CharField(
        pgettext_lazy("party", "status"),
        max_length=10,
        choices=Status.choices,
        default=Status.PROMISED,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("co-building project")
        verbose_name_plural = _("co-building projects")
        ordering = ["due_on", "pk"]

    def __str__(self):
        return self.title


class CommitmentFollowUp(models.Model):
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="follow_ups")
    on = models.DateField(_("date"))
    note = models.CharField(_("progress"), max_length=300)
    status = models.CharField(max_length=10, choices=Commitment.Status.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = pgettext_lazy("party", "follow-up")
        verbose_name_plural = pgettext_lazy("party", "follow-ups")
        ordering = ["on", "pk"]

    def __str__(self):
        return f"{self.commitment_id} {self.on}"


class Alliance(models.Model):
    """The 党建益联盟 of a district or a street: its member units and teams. A street's alliance
    sits under its district's (district → street → teams)."""

    node = models.OneToOneField(
        Node, verbose_name=_("place"), on_delete=models.PROTECT, related_name="party_alliance"
    )
    name = models.CharField(_("name"), max_length=100)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("district alliance"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    founded_on = models.DateField(_("founded on"), null=True, blank=True)

    class Meta:
        verbose_name = _("party-building alliance")
        verbose_name_plural = _("party-building alliances")
        ordering = ["node__path"]

    def __str__(self):
        return self.name


class AllianceMember(models.Model):
    """A co-building unit's membership of an alliance (it may belong at several levels)."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="members")
    unit = models.ForeignKey(
        CoBuildingUnit,
        verbose_name=_("co-building unit"),
        on_delete=models.CASCADE,
        related_name="alliance_memberships",
    )
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)

    class Meta:
        verbose_name = _("alliance member unit")
        verbose_name_plural = _("alliance member units")
        ordering = ["alliance", "unit__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["alliance", "unit"],
                condition=models.Q(left_on__isnull=True),
                name="party_alliance_member_once",
            )
        ]

    def __str__(self):
        return f"{self.unit} @ {self.alliance}"


class AllianceTeam(models.Model):
    """A volunteer team (the volunteers app's 服务队) counted among an alliance's teams."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="teams")
    team = models.ForeignKey(
        "volunteers.Team",
        verbose_name=_("team"),
        on_delete=models.CASCADE,
        related_name="alliance_links",
    )
    joined_on = models.DateField(_("joined on"))

    class Meta:
        verbose_name = _("alliance team")
        verbose_name_plural = _("alliance teams")
        ordering = ["alliance", "team__name"]
        constraints = [
            models.UniqueConstraint(fields=["alliance", "team"], name="party_alliance_team_once")
        ]

    def __str__(self):
        return f"{self.team} @ {self.alliance}"


class Pairing(models.Model):
    """结对: a co-building unit paired with a community's volunteer team, from a start date,
    doing something together; ended with a record of what came of it."""

    unit = models.ForeignKey(
        CoBuildingUnit,
        verbose_name=_("co-building unit"),
        on_delete=models.PROTECT,
        related_name="pairings",
    )
    team = models.ForeignKey(
        "volunteers.Team",
        verbose_name=_("community team"),
        on_delete=models.PROTECT,
        related_name="unit_pairings",
    )
    # The team's community, kept on the row so that scoping is a plain path filter.
    community = models.ForeignKey(
        Node, verbose_name=_("community"), on_delete=models.PROTECT, related_name="pairings"
    )
    started_on = models.DateField(_("paired since"))
    activities = models.CharField(_("what they do together"), max_length=300)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_record = models.CharField(_("record at the end"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("pairing (结对)")
        verbose_name_plural = _("pairings (结对)")
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "team"],
                condition=models.Q(ended_on__isnull=True),
                name="party_pairing_one_live",
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="party_pairing_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.unit} × {self.team}"
