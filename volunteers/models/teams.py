"""Volunteer service teams and their members."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from communities.models import Node


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
