"""Default beat schedules of the events app, kept in the database so staff can edit them.

Idempotent: an existing task of the same name (perhaps edited by staff) is left as it is.
"""

from django.db import migrations

DEFAULTS = [
    # (name, task, crontab minute, hour)
    ("events: remind attendees", "events.tasks.reminders_send_task", "*/5", "*"),
    (
        "events: remind organisers of summaries",
        "events.tasks.summary_reminders_send_task",
        "0",
        "*/2",
    ),
    (
        "events: create sessions of recurring events",
        "events.tasks.occurrences_materialise_task",
        "10",
        "2",
    ),
]


def create_schedules(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, task, minute, hour in DEFAULTS:
        if PeriodicTask.objects.filter(name=name).exists():
            continue
        schedule, _created = CrontabSchedule.objects.get_or_create(
            minute=minute,
            hour=hour,
            day_of_week="*",
            day_of_month="*",
            month_of_year="*",
            timezone="Asia/Shanghai",
        )
        PeriodicTask.objects.create(name=name, task=task, crontab=schedule, enabled=True)


def remove_schedules(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name__in=[name for name, *_rest in DEFAULTS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedules, remove_schedules)]
