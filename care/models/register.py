"""The care register (特殊群体台账): who needs care, why, on what legal basis, until when.

Sensitive personal information under PIPL: every tag records its legal basis (separate consent,
or a statutory duty), a retention date after which it is removed, and nothing here is read by
another app. Who may see it is decided by care roles (care.access), not by posts alone.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from communities.models import Node, Residency


class CareTagType(models.Model):
    """A kind of need (独居, 高龄 80+, 低保 ...): data, editable by street staff in the admin."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    description = models.CharField(_("description"), max_length=200, blank=True)
    visit_every_days = models.PositiveSmallIntegerField(
        _("visit every (days)"),
        null=True,
        blank=True,
        help_text=_("Default rhythm of home visits for people with this tag; empty: none."),
    )
    alarm_after_days = models.PositiveSmallIntegerField(
        _("alarm when not seen for (days)"),
        null=True,
        blank=True,
        help_text=_("Raise the not-seen alarm after this many days without an in-person visit."),
    )
    is_active = models.BooleanField(_("in use"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("care tag type")
        verbose_name_plural = _("care tag types")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class CareRole(models.Model):
    """A right to work with the care register (or as adviser/counsellor) at a place.

    Captains and grid workers also need their post there (checked at every read, so a post that
    ends ends the care right with it); care staff need a managing post over the place.
    """

    class Kind(models.TextChoices):
        CAPTAIN = "captain", _("Building captain (care)")
        GRID_WORKER = "grid_worker", _("Grid worker (care)")
        CARE_STAFF = "care_staff", _("Community care staff")
        LEGAL_ADVISER = "legal_adviser", _("Community legal adviser")
        COUNSELLOR = "counsellor", _("Counsellor")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("holder"),
        on_delete=models.PROTECT,
        related_name="care_roles",
    )
    node = models.ForeignKey(
        Node, verbose_name=_("place"), on_delete=models.PROTECT, related_name="care_roles"
    )
    kind = models.CharField(_("care role"), max_length=16, choices=Kind.choices)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    class Meta:
        verbose_name = _("care role")
        verbose_name_plural = _("care roles")
        ordering = ["node__path", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "node", "kind"],
                condition=Q(ended_at__isnull=True),
                name="care_role_one_current",
            )
        ]
        indexes = [models.Index(fields=["user", "ended_at"], name="care_role_user_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.user} ({self.node.name})"


class CareTag(models.Model):
    """One tag on one resident of one household, with its level, basis and retention."""

    class Level(models.IntegerChoices):
        NORMAL = 1, _("Normal")
        ATTENTION = 2, _("Needs attention")
        URGENT = 3, _("Urgent")

    class LegalBasis(models.TextChoices):
        CONSENT = "consent", _("Separate written consent")
        STATUTORY_DUTY = "statutory_duty", _("Statutory duty (civil affairs, assistance)")
        VITAL_INTEREST = "vital_interest", _("Protecting life, health or property")

    residency = models.ForeignKey(
        Residency, verbose_name=_("resident"), on_delete=models.PROTECT, related_name="care_tags"
    )
    tag_type = models.ForeignKey(
        CareTagType, verbose_name=_("tag"), on_delete=models.PROTECT, related_name="tags"
    )
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices, default=1)
    note = models.CharField(_("note"), max_length=500, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=16, choices=LegalBasis.choices)
    consent_on = models.DateField(_("consent given on"), null=True, blank=True)
    basis_note = models.CharField(
        _("basis evidence"),
        max_length=200,
        blank=True,
        help_text=_("Where the signed consent or the decision is kept."),
    )
    retain_until = models.DateField(_("keep until"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True, db_index=True)
    removal_reason = models.CharField(_("reason for removal"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("care tag")
        verbose_name_plural = _("care tags")
        ordering = ["-level", "residency_id", "tag_type__sort_order"]
        constraints = [
            models.UniqueConstraint(
                fields=["residency", "tag_type"],
                condition=Q(removed_at__isnull=True),
                name="care_tag_one_live_per_type",
            ),
            # Consent as a basis is only a basis with the date it was given.
            models.CheckConstraint(
                condition=~Q(legal_basis="consent") | Q(consent_on__isnull=False),
                name="care_tag_consent_dated",
            ),
        ]

    def __str__(self):
        return f"{self.tag_type} #{self.pk}"

    @property
    def is_live(self) -> bool:
        return self.removed_at is None
