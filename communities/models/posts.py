"""Posts held over places for a term (楼长, 网格员, 社区工作人员 ...)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from communities.models.tree import Node


class Post(models.Model):
    """A user holding a post over a place for a term; ended posts are kept as history."""

    class Kind(models.TextChoices):
        STREET_CHIEF = "street_chief", _("Street chief")
        LANE_CHIEF = "lane_chief", _("Lane chief")
        BUILDING_CAPTAIN = "building_captain", _("Building captain")
        GRID_WORKER = "grid_worker", _("Grid worker")
        BRANCH_SECRETARY = "branch_secretary", _("Party branch secretary")
        COMMUNITY_SECRETARY = "community_secretary", _("Community party secretary")
        COMMUNITY_STAFF = "community_staff", _("Community staff")
        STREET_STAFF = "street_staff", _("Street office staff")
        DISTRICT_STAFF = "district_staff", _("District or city staff")

    kind = models.CharField(_("post"), max_length=24, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("holder"),
        on_delete=models.PROTECT,
        related_name="posts",
    )
    node = models.ForeignKey(
        Node, verbose_name=_("place"), on_delete=models.PROTECT, related_name="posts"
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("appointed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["node__path", "kind", "-starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "user", "node"],
                condition=Q(ends_on__isnull=True),
                name="post_one_current_per_holder",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="post_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["user", "ends_on"], name="post_user_current_idx")]

    def __str__(self):
        # The label straight from the choices: get_kind_display() hashes every choice's lazy
        # label on each call (each row of a staff list names its post in its checkbox).
        kind = self.Kind(self.kind).label if self.kind in self.Kind.values else self.kind
        return f"{kind} {self.user} ({self.node.name})"

    @property
    def is_current(self) -> bool:
        return self.ends_on is None
