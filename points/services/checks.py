"""The ledger check's one write: its outcome, kept so that staff see when it last failed."""

from django.db import transaction

from points.models import LedgerCheck
from points.selectors.ledger import LedgerReport, ledger_verify


def ledger_check_run() -> LedgerReport:
    """Verify the ledger (read only) and record the outcome as a `LedgerCheck` row.

    Safe to run again: each run adds its own row, and only the latest one raises an alert."""
    report = ledger_verify()
    details = report.as_dict()
    with transaction.atomic():
        LedgerCheck.objects.create(
            ok=report.ok,
            accounts_checked=report.accounts_checked,
            postings_checked=report.postings_checked,
            # The first differences are enough for an operator to start from.
            details={
                key: value[:50] if isinstance(value, list) else value
                for key, value in details.items()
            },
        )
    return report
