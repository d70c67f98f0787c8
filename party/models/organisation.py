"""Party organisation: branches on places, members, co-building units (共建单位)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from communities.models import Node


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
