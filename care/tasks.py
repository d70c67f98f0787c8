"""Celery tasks of the care app: each calls a service and is safe to run twice."""

from celery import shared_task

from care import services


@shared_task
def care_tags_retention_task() -> int:
    """Daily beat job: remove the tags whose retention date has passed (PIPL art. 47)."""
    return services.care_tags_retention_sweep()


@shared_task
def care_rounds_check_task() -> dict:
    """Beat job (hourly by default): visit reminders and the not-seen alarm. Reminders are
    keyed and each alarm level is taken once, so a doubled beat sends nothing twice."""
    from care.services.alarms import care_rounds_check

    return care_rounds_check()
