"""What every care service shares: refusals, the audit row, the local day."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from audit.services import audit_record
from communities.models import Node


def refuse(message: str, code: str = "not_allowed") -> ValidationError:
    return ValidationError(message, code=code)


def care_audit(
    *,
    actor,
    action: str,
    target: models.Model | None,
    node: Node | None,
    outcome: str = "success",
    ip_address: str | None = None,
    **details,
) -> None:
    """One audit row of the care app; `action` without its "care." prefix."""
    audit_record(
        actor=actor,
        action=f"care.{action}"[:64],
        target=target,
        outcome=outcome,
        ip_address=ip_address,
        scope_path=node.path if node is not None else "",
        details=details,
    )


def today():
    return timezone.localdate()
