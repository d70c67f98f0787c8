"""Trigram indexes for the market search (PostgreSQL only) and the default expiry schedule.

The schedule lives in the database so staff can change it in the admin; an existing task of the
same name (perhaps edited by staff) is left as it is.
"""

from django.db import migrations

from marketplace.trigram import TrigramSearchIndexes

SCHEDULES = [
    # (name, task, crontab minute, hour)
    ("marketplace: expire unused coupons", "marketplace.tasks.coupons_expire_task", "10", "*"),
]


def create_schedules(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, task, minute, hour in SCHEDULES:
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
    PeriodicTask.objects.filter(name__in=[name for name, *_rest in SCHEDULES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("marketplace", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        TrigramSearchIndexes("offer", ["title", "description"]),
        TrigramSearchIndexes("merchant", ["name", "description"]),
        migrations.RunPython(create_schedules, remove_schedules),
    ]
