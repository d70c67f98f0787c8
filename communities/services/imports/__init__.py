"""Bulk import of buildings, households and residents from the street office's .xlsx files.

Flow: `import_job_create` refuses a bad file whole (not .xlsx, wrong columns) before anything is
kept; a task checks every row (dry run, progress saved as it goes, nothing written) and lists the
row errors in the user's language; once the user confirms, a task checks again and writes every
row in ONE transaction, so an import is all or nothing. Tasks are idempotent (status guards).

A running job beats (`heartbeat_at`, with its progress); a job whose worker was killed stops
beating and `import_jobs_recover` (core.jobs, every minute) queues it again. The rerun starts
from the first row; the write locks the job row and writes only while it is still "importing",
so two runs of one job (a slow one and its rerun) import it once.
"""

from __future__ import annotations

import io
import logging
import time
import zipfile
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export.formats.base_formats import XLSX
from tablib import Dataset

from audit.services import audit_record
from communities.models import ImportJob, Node
from communities.resources import (
    BUILDING_COLUMNS,
    HOUSEHOLD_COLUMNS,
    OPTIONAL_COLUMNS,
    RESIDENT_COLUMNS,
)
from communities.scoping import scope_for_user
from communities.services.imports.checkers import CHECKERS, Plan
from core.outbox import enqueue_after_commit

logger = logging.getLogger(__name__)

REQUIRED_COLUMNS = {
    ImportJob.Kind.BUILDINGS: BUILDING_COLUMNS,
    ImportJob.Kind.HOUSEHOLDS: HOUSEHOLD_COLUMNS,
    ImportJob.Kind.RESIDENTS: RESIDENT_COLUMNS,
}
MAX_ROWS = 50_000
MAX_FILE_BYTES = 20 * 1024 * 1024
PROGRESS_EVERY = 500
# A job beats at least this often while it checks rows (well below JOB_STALE_AFTER_SECONDS).
HEARTBEAT_SECONDS = 10


def cell(value: Any) -> str:
    """A spreadsheet cell as text: 301.0 -> "301", None -> ""."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def dataset_load(content: bytes) -> Dataset:
    """Read the first sheet through django-import-export's XLSX format, or refuse the file."""
    if not zipfile.is_zipfile(io.BytesIO(content)):
        raise ValidationError(_("The file is not an Excel .xlsx file."), code="not_xlsx")
    try:
        dataset = XLSX().create_dataset(content)
    except Exception:  # openpyxl raises many kinds of error for a damaged workbook
        raise ValidationError(_("The Excel file cannot be read."), code="not_xlsx")
    dataset.headers = [cell(h) for h in (dataset.headers or [])]
    return dataset


def columns_check(kind: str, headers: list[str]) -> None:
    missing = [c for c in REQUIRED_COLUMNS[kind] if c not in headers]
    if missing:
        raise ValidationError(
            _("The file does not have the columns this import needs. Missing: %(missing)s.")
            % {"missing": "、".join(missing)},
            code="wrong_columns",
        )


@transaction.atomic
def import_job_create(*, user, kind: str, root: Node, upload: UploadedFile) -> ImportJob:
    """Keep an uploaded file for checking, or refuse it whole; queues the dry-run task."""
    if not scope_for_user(user).manages(root):
        raise ValidationError(_("This place is outside your area."), code="out_of_scope")
    if not upload.name.lower().endswith(".xlsx"):
        raise ValidationError(_("The file is not an Excel .xlsx file."), code="not_xlsx")
    if upload.size > MAX_FILE_BYTES:
        raise ValidationError(_("The file is larger than 20 MB."), code="too_large")
    content = upload.read()
    dataset = dataset_load(content)
    columns_check(kind, dataset.headers)
    if dataset.height == 0:
        raise ValidationError(_("The file has no rows."), code="empty")
    if dataset.height > MAX_ROWS:
        raise ValidationError(
            _("At most %(max)d rows per file.") % {"max": MAX_ROWS}, code="too_many_rows"
        )
    upload.seek(0)
    job = ImportJob.objects.create(
        kind=kind,
        root=root,
        file=upload,
        original_name=upload.name[:200],
        created_by=user,
        total_rows=dataset.height,
    )
    enqueue_after_commit("communities.tasks.import_job_check_task", job.pk)
    return job


def _plan(job: ImportJob, *, save_progress: bool) -> Plan:
    job.file.open("rb")
    try:
        dataset = dataset_load(job.file.read())
    finally:
        job.file.close()
    columns_check(job.kind, dataset.headers)
    checker = CHECKERS[job.kind](job.root)
    plan = Plan(checker=checker)
    optional = OPTIONAL_COLUMNS[job.kind]
    columns = [*REQUIRED_COLUMNS[job.kind], *optional]
    index = {name: dataset.headers.index(name) for name in columns if name in dataset.headers}
    last_beat = time.monotonic()
    for number, raw in enumerate(dataset, start=2):  # row 1 holds the headers
        values = {name: cell(raw[i]) if i < len(raw) else "" for name, i in index.items()}
        if not any(values.values()):
            continue  # blank lines at the end of a sheet
        cleaned, errors = checker.check_row(values, plan)
        if errors:
            plan.add_error(number, errors)
        else:
            plan.rows.append(cleaned)
        if save_progress and (
            (number - 1) % PROGRESS_EVERY == 0 or time.monotonic() - last_beat > HEARTBEAT_SECONDS
        ):
            _beat(job, processed_rows=number - 1)
            last_beat = time.monotonic()
    return plan


def _beat(job: ImportJob, **progress) -> None:
    """Save the progress and say the job is alive (outside any transaction: the page polls it)."""
    ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now(), **progress)


def _errors_json(plan: Plan) -> list[dict]:
    return [{"row": e.row, "errors": e.messages} for e in plan.errors]


def import_job_check(*, job: ImportJob) -> ImportJob:
    """The dry run: check every row, keep the errors, write nothing. Runs outside a transaction
    so the progress it saves is visible to the page polling it."""
    if job.status != ImportJob.Status.CHECKING:
        return job  # already checked: a retried task does nothing
    _beat(job, processed_rows=0)
    try:
        plan = _plan(job, save_progress=True)
    except ValidationError as error:
        job.status, job.errors = ImportJob.Status.FAILED, [{"row": 0, "errors": error.messages}]
    else:
        job.errors = _errors_json(plan)
        job.status = ImportJob.Status.INVALID if plan.error_count else ImportJob.Status.CHECKED
    job.processed_rows = job.total_rows
    job.save(update_fields=["status", "errors", "processed_rows"])
    return job


def import_job_confirm(*, job: ImportJob, user) -> ImportJob:
    """The user saw a clean dry run and asks for the import; queues the writing task once."""
    if not scope_for_user(user).contains(job.root):
        raise ValidationError(_("This place is outside your area."), code="out_of_scope")
    started = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.CHECKED).update(
        status=ImportJob.Status.IMPORTING, processed_rows=0, heartbeat_at=timezone.now()
    )
    if not started:
        raise ValidationError(_("This file cannot be imported now."), code="not_checked")
    enqueue_after_commit("communities.tasks.import_job_run_task", job.pk)
    job.refresh_from_db()
    return job


def import_job_run(*, job: ImportJob) -> ImportJob:
    """Check again (the data may have changed since the dry run), then write all or nothing."""
    if job.status != ImportJob.Status.IMPORTING:
        return job
    _beat(job, processed_rows=0)
    plan = _plan(job, save_progress=True)
    if plan.error_count:
        ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.IMPORTING).update(
            status=ImportJob.Status.INVALID, errors=_errors_json(plan)
        )
        job.refresh_from_db()
        return job
    try:
        with transaction.atomic():
            # The lock makes the write happen once: a second run of this job (the recovery of
            # one thought dead) waits here, then finds it imported. Held while writing, it also
            # tells the recovery that this job is alive (SKIP LOCKED).
            locked = ImportJob.objects.select_for_update().get(pk=job.pk)
            if locked.status != ImportJob.Status.IMPORTING:
                return locked
            created, updated = plan.checker.write(plan.rows, job.created_by)
            job.status = ImportJob.Status.DONE
            job.created_rows, job.updated_rows = created, updated
            job.invited_rows = getattr(plan.checker, "invited", 0)
            job.processed_rows = job.total_rows
            job.finished_at = timezone.now()
            job.save(
                update_fields=[
                    "status",
                    "created_rows",
                    "updated_rows",
                    "invited_rows",
                    "processed_rows",
                    "finished_at",
                ]
            )
            audit_record(
                actor=job.created_by,
                action="communities.import",
                target=job,
                scope_path=job.root.path,
                details={
                    "kind": job.kind,
                    "file": job.original_name,
                    "rows": len(plan.rows),
                    "created": created,
                    "updated": updated,
                    "invited": job.invited_rows,
                },
            )
    except Exception as error:
        # Nothing of the file was kept (the transaction rolled back); say so on the page. A
        # service's refusal is in the user's language; anything else (the database's own words)
        # is logged for the developers and never shown.
        if isinstance(error, ValidationError):
            reason = " ".join(error.messages)
        else:
            logger.exception("import %s failed after a clean dry run", job.pk)
            reason = _("an unexpected error; the technical details were logged")
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJob.Status.FAILED,
            errors=[
                {
                    "row": 0,
                    "errors": [
                        _("The import failed and nothing was saved: %(error)s") % {"error": reason}
                    ],
                }
            ],
        )
        job.refresh_from_db()
    return job


def import_jobs_recover(stale_before: datetime) -> int:
    """Queue again the jobs being checked or imported whose worker stopped beating before
    `stale_before` (registered with core.jobs). A job being written holds its row lock and is
    skipped; the rerun is idempotent. Returns how many were queued."""
    task_of = {
        ImportJob.Status.CHECKING: "communities.tasks.import_job_check_task",
        ImportJob.Status.IMPORTING: "communities.tasks.import_job_run_task",
    }
    with transaction.atomic():
        stuck = list(
            ImportJob.objects.select_for_update(skip_locked=True)
            .filter(status__in=list(task_of))
            .filter(
                Q(heartbeat_at__lt=stale_before)
                | Q(heartbeat_at__isnull=True, created_at__lt=stale_before)
            )
        )
        for job in stuck:
            # Beating for it now keeps the next round from queueing it again before it starts.
            ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now())
            enqueue_after_commit(task_of[job.status], job.pk)
    return len(stuck)
