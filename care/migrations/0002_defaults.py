"""The usual care tags (特殊群体) and the care app's beat schedules, kept in the database so
staff can edit them. Idempotent: rows that exist (perhaps edited by staff) are left alone."""

from django.db import migrations

# (name, visit every days, alarm after days, order)
TAG_TYPES = [
    ("独居", 7, 7, 10),
    ("高龄(80岁以上)", 7, 14, 20),
    ("空巢", 14, None, 30),
    ("残疾", 30, None, 40),
    ("低保/困难", 30, None, 50),
    ("重病", 14, None, 60),
    ("留守儿童", 30, None, 70),
    ("社区矫正", 30, None, 80),
    ("失独", 30, None, 90),
    ("优抚对象", 90, None, 100),
]
SCHEDULES = [
    # (name, task, crontab minute, hour)
    ("care: remove care tags past retention", "care.tasks.care_tags_retention_task", "30", "2"),
]


def create_defaults(apps, schema_editor):
    CareTagType = apps.get_model("care", "CareTagType")
    for name, every, alarm, order in TAG_TYPES:
        CareTagType.objects.get_or_create(
            name=name,
            defaults={"visit_every_days": every, "alarm_after_days": alarm, "sort_order": order},
        )
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


def remove_defaults(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name__in=[name for name, *_rest in SCHEDULES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("care", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_defaults, remove_defaults)]
