"""双报到: service posts (岗位) a community publishes for in-service members, their claims, and the
yearly service report per member and per employer unit."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from communities.models import Node
from party.models.organisation import CoBuildingUnit, PartyMember


class ServicePost(models.Model):
    """A post (岗位) in a community for in-service members, with a number of places."""

    community = models.ForeignKey(
        Node, verbose_name=_("community"), on_delete=models.PROTECT, related_name="service_posts"
    )
    title = models.CharField(pgettext_lazy("party", "post"), max_length=100)
    description = models.TextField(pgettext_lazy("party", "what the post does"), blank=True)
    places = models.PositiveSmallIntegerField(_("places"))
    is_open = models.BooleanField(_("open to claim"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("service post")
        verbose_name_plural = _("service posts")
        ordering = ["community__path", "title"]
        constraints = [
            models.CheckConstraint(condition=Q(places__gt=0), name="party_post_has_places")
        ]

    def __str__(self):
        return self.title


class PostClaim(models.Model):
    post = models.ForeignKey(ServicePost, on_delete=models.CASCADE, related_name="claims")
    member = models.ForeignKey(PartyMember, on_delete=models.CASCADE, related_name="post_claims")
    claimed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("post claim")
        verbose_name_plural = _("post claims")
        constraints = [models.UniqueConstraint(fields=["post", "member"], name="party_claim_once")]

    def __str__(self):
        return f"{self.post_id}: {self.member_id}"


class ServiceReport(models.Model):
    """The yearly service report of one in-service member or of one employer unit, with the
    totals as issued (verified minutes and wishes fulfilled) and a number to verify it by."""

    member = models.ForeignKey(
        PartyMember, null=True, blank=True, on_delete=models.PROTECT, related_name="reports"
    )
    unit = models.ForeignKey(
        CoBuildingUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="reports"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.CharField(_("report number"), max_length=24, unique=True)
    minutes = models.PositiveIntegerField(_("verified minutes"))
    wishes = models.PositiveIntegerField(_("wishes fulfilled"))
    # [{"name", "minutes", "wishes"}] per member, for a unit's report.
    rows = models.JSONField(default=list)
    issued_at = models.DateTimeField(auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("service report")
        verbose_name_plural = _("service reports")
        ordering = ["-issued_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(member__isnull=False) ^ Q(unit__isnull=False),
                name="party_report_member_or_unit",
            )
        ]

    def __str__(self):
        return self.number
