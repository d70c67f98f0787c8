"""Celery tasks of the communities app: load by id, call a service, safe to run twice."""

from celery import shared_task

from communities.models import ImportJob
from communities.services import imports


@shared_task
def import_job_check_task(job_id: int) -> str:
    """The dry run of an uploaded file (no-op unless the job is still being checked)."""
    job = ImportJob.objects.select_related("root", "created_by").filter(pk=job_id).first()
    if job is None:
        return "missing"
    return imports.import_job_check(job=job).status


@shared_task
def import_job_run_task(job_id: int) -> str:
    """Write a confirmed import (no-op unless the job was confirmed and not yet written)."""
    job = ImportJob.objects.select_related("root", "created_by").filter(pk=job_id).first()
    if job is None:
        return "missing"
    return imports.import_job_run(job=job).status
