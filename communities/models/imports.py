"""Spreadsheet imports and their progress."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from communities.models.tree import Node


class ImportJob(models.Model):
    """An uploaded spreadsheet being checked (dry run) and then imported, with its progress."""

    class Kind(models.TextChoices):
        BUILDINGS = "buildings", _("Buildings")
        HOUSEHOLDS = "households", _("Households")
        RESIDENTS = "residents", _("Residents")

    class Status(models.TextChoices):
        CHECKING = "checking", _("Checking")
        CHECKED = "checked", _("Checked, ready to import")
        INVALID = "invalid", _("Has errors")
        IMPORTING = "importing", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    root = models.ForeignKey(
        Node, verbose_name=_("imported into"), on_delete=models.PROTECT, related_name="+"
    )
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.CHECKING
    )
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    created_rows = models.PositiveIntegerField(default=0)
    updated_rows = models.PositiveIntegerField(default=0)
    # Existing accounts the file named: invited to confirm, never linked without consent.
    invited_rows = models.PositiveIntegerField(default=0)
    # [{"row": 3, "errors": ["…"]}, …] at most a few hundred, shown in the dry-run page.
    errors = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Saved with the progress while a worker checks or imports; stale = the worker died.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.original_name}"

    @property
    def percent(self) -> int:
        if not self.total_rows:
            return 0
        return min(100, round(100 * self.processed_rows / self.total_rows))

    @property
    def is_running(self) -> bool:
        return self.status in {self.Status.CHECKING, self.Status.IMPORTING}
