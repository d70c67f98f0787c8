"""The beat schedule that sends door-knock lists when a notice's time has come (every 10
minutes; staff may change it in the admin, an existing task of the same name is kept)."""

from django.db import migrations

SCHEDULES = [
    ("notices: send due door-knock lists", "notices.tasks.notices_knock_due_task", "*/10", "*"),
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
        ("notices", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedules, remove_schedules)]
