"""Celery tasks of the care app: each calls a service and is safe to run twice."""

from celery import shared_task

from care import services


@shared_task
def care_tags_retention_task() -> int:
    """Daily beat job: remove the tags whose retention date has passed (PIPL art. 47)."""
    return services.care_tags_retention_sweep()
