"""Default beat schedule of the quizzes app, kept in the database so staff can edit it.

Leaderboards are settled by the points app's own hourly schedule (weekly periods and the
campaign's end). Idempotent: an existing task of the same name is left as staff set it.
"""

from django.db import migrations

NAME = "quizzes: drop week-old unanswered questions"
TASK = "quizzes.tasks.unanswered_purge_task"


def create_schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    if PeriodicTask.objects.filter(name=NAME).exists():
        return
    schedule, _created = CrontabSchedule.objects.get_or_create(
        minute="20",
        hour="4",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone="Asia/Shanghai",
    )
    PeriodicTask.objects.create(name=NAME, task=TASK, crontab=schedule, enabled=True)


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("quizzes", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
