"""Default beat schedules of the queue's housekeeping, kept in the database so staff can edit them.

Idempotent: an existing task of the same name (perhaps edited by staff) is left as it is.
"""

from django.db import migrations

DEFAULTS = [
    ("core: send queued tasks that missed the broker", "core.tasks.outbox_drain_task"),
    ("core: queue stuck long jobs again", "core.tasks.stuck_jobs_recover_task"),
]


def create_schedules(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every_minute, _created = IntervalSchedule.objects.get_or_create(every=1, period="minutes")
    for name, task in DEFAULTS:
        if not PeriodicTask.objects.filter(name=name).exists():
            PeriodicTask.objects.create(name=name, task=task, interval=every_minute, enabled=True)


def remove_schedules(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name__in=[name for name, _task in DEFAULTS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedules, remove_schedules)]
