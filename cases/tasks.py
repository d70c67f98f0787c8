"""Celery tasks of the cases app: call a service, safe to run twice."""

from celery import shared_task

from cases import services


@shared_task
def case_deadlines_check_task() -> dict:
    """Beat job (every 10 minutes by default): remind before deadlines, escalate overdue cases.
    Reminders are deduplicated and each escalation level is taken once, so overlapping or
    repeated runs send nothing twice."""
    return services.deadlines_check()
