from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from audit.models import AuditEntry


def audit_record(
    *,
    actor,
    action: str,
    target: models.Model | None = None,
    outcome: str = AuditEntry.Outcome.SUCCESS,
    details: dict[str, Any] | None = None,
    ip_address: str | None = None,
    scope_path: str = "",
) -> AuditEntry:
    """Write one audit entry. Call it inside the transaction of the change it records."""
    entry = AuditEntry(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        outcome=outcome,
        details=details or {},
        ip_address=ip_address,
        scope_path=scope_path,
    )
    if target is not None:
        entry.target_type = ContentType.objects.get_for_model(target)
        entry.target_id = str(target.pk)
        entry.target_repr = str(target)[:200]
    entry.save()
    return entry


class PhoneColumn:
    """What an export shows of phone numbers (kept in the audit entry's details)."""

    FULL = "full"
    MASKED = "masked"
    NONE = "none"


def audit_export(
    *,
    actor,
    export: str,
    rows: int,
    phones: str,
    ip_address: str | None = None,
    scope_path: str = "",
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    """A staff export of people's data left the portal: who, which export, how many rows.

    `export` names it ("residents", "event_attendance" ...; the action is `export.<export>`);
    `phones` is a PhoneColumn value, so a review can find every file that carried full numbers.
    """
    return audit_record(
        actor=actor,
        action=f"export.{export}"[:64],
        ip_address=ip_address,
        scope_path=scope_path,
        details={"rows": rows, "phones": phones, **(details or {})},
    )
