from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Portal")

    def ready(self):
        from celery.signals import task_postrun, task_prerun, worker_ready

        from core import outbox, replica

        def forget_done_task(task_id=None, state=None, **_kwargs):
            outbox.outbox_task_done(task_id, state)

        def drain_at_start(**_kwargs):
            # Work that waited while no worker (or no broker) was there goes out first.
            outbox.outbox_drain_soon()

        task_postrun.connect(forget_done_task, weak=False, dispatch_uid="core.outbox.done")
        task_prerun.connect(replica.task_scope_enter, weak=False, dispatch_uid="core.replica.in")
        task_postrun.connect(replica.task_scope_leave, weak=False, dispatch_uid="core.replica.out")
        worker_ready.connect(drain_at_start, weak=False, dispatch_uid="core.outbox.drain")
