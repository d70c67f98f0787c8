"""承责团队: a team of leaders and co-building units answering for a set of streets and communities."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from communities.models.tree import Node


class ResponsibilityTeam(models.Model):
    """A 承责团队 organised by a district (or street): its places, leaders and units.

    The leaders' scope is exactly the assigned places (streets and communities, each with its
    subtree), added to whatever their posts give them; the units work on the same places.
    """

    owner = models.ForeignKey(
        Node,
        verbose_name=_("organised by"),
        on_delete=models.PROTECT,
        related_name="organised_teams",
        help_text=_("The district or street that set the team up; its staff change the team."),
    )
    name = models.CharField(_("name"), max_length=100)
    places = models.ManyToManyField(
        Node,
        verbose_name=_("assigned places"),
        through="ResponsibilityTeamPlace",
        related_name="responsibility_teams",
    )
    leaders = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("leaders"),
        blank=True,
        related_name="responsibility_teams",
    )
    units = models.ManyToManyField(
        "party.CoBuildingUnit",
        verbose_name=_("units"),
        blank=True,
        related_name="responsibility_teams",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("responsibility team")
        verbose_name_plural = _("responsibility teams")
        ordering = ["owner__path", "name"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="team_name_unique_per_owner")
        ]

    def __str__(self):
        return self.name


class ResponsibilityTeamPlace(models.Model):
    """One street or community assigned to a team (the scope rows of its leaders)."""

    team = models.ForeignKey(ResponsibilityTeam, on_delete=models.CASCADE, related_name="+")
    node = models.ForeignKey(Node, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["team", "node"], name="team_place_unique")]

    def __str__(self):
        return f"{self.team_id}: {self.node_id}"
