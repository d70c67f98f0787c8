from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxTask(models.Model):
    """A Celery task queued by a committed change and not yet done (the transactional outbox).

    Written in the same transaction as the change, so the work exists exactly when the change
    does; deleted by the worker once the task has run (core.outbox). While the broker is away
    the row waits here and is published again when it is back.
    """

    task_name = models.CharField(_("task"), max_length=200)
    args = models.JSONField(_("arguments"), default=list, blank=True)
    kwargs = models.JSONField(_("keyword arguments"), default=dict, blank=True)
    created_at = models.DateTimeField(_("queued at"), default=timezone.now)
    published_at = models.DateTimeField(_("sent to the broker at"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("attempts to send"), default=0)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("queued task")
        verbose_name_plural = _("queued tasks")
        ordering = ["pk"]
        indexes = [models.Index(fields=["published_at", "created_at"], name="core_outbox_due")]

    def __str__(self):
        return f"{self.task_name}{tuple(self.args)}"
