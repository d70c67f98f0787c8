"""The daily beat job reminding those who usually order a meal and have none for tomorrow."""

from django.db import migrations

NAME = "bookings: canteen order reminders for tomorrow"


def create_schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    if PeriodicTask.objects.filter(name=NAME).exists():
        return
    # 15:00: the afternoon before a 10:00 cut-off, late enough for the day's orders to be in.
    schedule, _created = CrontabSchedule.objects.get_or_create(
        minute="0",
        hour="15",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone="Asia/Shanghai",
    )
    PeriodicTask.objects.create(
        name=NAME, task="bookings.tasks.canteen_reminders_task", crontab=schedule, enabled=True
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("bookings", "0009_provider_pages"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
