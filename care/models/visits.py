"""Home-visit rounds (入户走访): plans, visits recorded on the phone, the not-seen alarm."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from care.models.register import CareTag
from communities.models import Residency


class VisitPlan(models.Model):
    """Visit this person every N days (独居高龄 weekly, 低保 monthly), by this assignee."""

    tag = models.ForeignKey(
        CareTag, verbose_name=_("tag"), on_delete=models.PROTECT, related_name="visit_plans"
    )
    every_days = models.PositiveSmallIntegerField(_("every (days)"))
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("visitor"),
        on_delete=models.PROTECT,
        related_name="care_visit_plans",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    class Meta:
        verbose_name = _("visit plan")
        verbose_name_plural = _("visit plans")
        ordering = ["tag_id", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["tag"], condition=Q(ended_at__isnull=True), name="visit_plan_one_live"
            ),
            models.CheckConstraint(
                condition=Q(every_days__gte=1) & Q(every_days__lte=366),
                name="visit_plan_every_sane",
            ),
        ]

    def __str__(self):
        return f"{self.tag} / {self.every_days}"


def visit_photo_path(instance, filename):
    # A random name: the path must not say whose home it is.
    return f"care/visits/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}.jpg"


class Visit(models.Model):
    """One home visit: who, when, seen in person or not, a short checklist, an optional photo."""

    class Check(models.TextChoices):
        OK = "ok", _("Fine")
        CONCERN = "concern", _("A concern")

    residency = models.ForeignKey(
        Residency, verbose_name=_("resident"), on_delete=models.PROTECT, related_name="care_visits"
    )
    plan = models.ForeignKey(
        VisitPlan, null=True, blank=True, on_delete=models.SET_NULL, related_name="visits"
    )
    visitor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("visitor"),
        on_delete=models.PROTECT,
        related_name="care_visits_made",
    )
    visited_at = models.DateTimeField(_("visited at"), db_index=True)
    seen_in_person = models.BooleanField(_("seen in person"))
    health = models.CharField(_("health"), max_length=8, choices=Check.choices, default="ok")
    living = models.CharField(
        _("living conditions"), max_length=8, choices=Check.choices, default="ok"
    )
    safety = models.CharField(_("safety"), max_length=8, choices=Check.choices, default="ok")
    needs = models.CharField(_("needs"), max_length=8, choices=Check.choices, default="ok")
    finding = models.CharField(_("what was found"), max_length=500, blank=True)
    photo = models.ImageField(_("photo"), upload_to=visit_photo_path, blank=True)
    # What the finding became (one tap each), set by the services that create them.
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    wish = models.ForeignKey(
        "volunteers.Wish",
        verbose_name=_("wish"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("home visit")
        verbose_name_plural = _("home visits")
        ordering = ["-visited_at", "-id"]
        indexes = [
            models.Index(fields=["residency", "-visited_at"], name="care_visit_person_idx"),
        ]

    def __str__(self):
        return f"{self.residency_id} {self.visited_at:%Y-%m-%d}"

    @property
    def has_concern(self) -> bool:
        return self.Check.CONCERN in (self.health, self.living, self.safety, self.needs)


class NotSeenAlarm(models.Model):
    """An elder living alone not seen in person for too long; its level rises like a case's.

    One open alarm per person (a constraint); each level is taken once by a conditional update,
    so a beat that runs twice notifies nobody twice. An in-person visit closes it.
    """

    residency = models.ForeignKey(
        Residency, verbose_name=_("resident"), on_delete=models.PROTECT, related_name="+"
    )
    last_seen_at = models.DateTimeField(_("last seen"))
    level = models.PositiveSmallIntegerField(_("level"), default=0)
    raised_at = models.DateTimeField(_("raised at"), default=timezone.now)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("not-seen alarm")
        verbose_name_plural = _("not-seen alarms")
        ordering = ["-raised_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["residency"],
                condition=Q(closed_at__isnull=True),
                name="not_seen_alarm_one_open",
            )
        ]

    def __str__(self):
        return f"{self.residency_id} L{self.level}"
