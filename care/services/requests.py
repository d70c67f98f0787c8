"""Writes of service requests: a visit's finding made a request, followed up to done."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from care.access import care_access_for_user
from care.common import care_audit, refuse
from care.models import ServiceRequest, ServiceRequestUpdate, Visit
from care.services.visits import lock_for_follow_up

DESCRIPTION_MAX = ServiceRequest._meta.get_field("description").max_length
STATUS = ServiceRequest.Status
# (from, to): the follow-up moves forward only; "done" closes it.
REQUEST_TRANSITIONS = frozenset(
    {
        (STATUS.OPEN, STATUS.IN_PROGRESS),
        (STATUS.OPEN, STATUS.DONE),
        (STATUS.IN_PROGRESS, STATUS.DONE),
    }
)


@transaction.atomic
def visit_finding_to_service_request(
    *, actor, visit: Visit, kind: str, description: str = ""
) -> ServiceRequest:
    """Ask for a service for the person from a visit's finding (once per visit); the care roles
    over the person's home follow it up."""
    visit = lock_for_follow_up(actor, visit)
    if ServiceRequest.objects.filter(visit=visit).exists():
        raise refuse(_("This finding is already a service request."), "already_done")
    if kind not in ServiceRequest.Kind.values:
        raise refuse(_("Choose the service needed."), "bad_kind")
    description = (description or visit.finding).strip()[:DESCRIPTION_MAX]
    if not description:
        raise refuse(_("Write what is needed."), "description_required")
    now = timezone.now()
    node = visit.residency.household.node
    request = ServiceRequest.objects.create(
        visit=visit,
        node=node,
        kind=kind,
        description=description,
        created_by=actor,
        created_at=now,
    )
    ServiceRequestUpdate.objects.create(request=request, status=STATUS.OPEN, by=actor, at=now)
    care_audit(actor=actor, action="visit.to_request", target=visit, node=node, request=request.pk)
    return request


@transaction.atomic
def service_request_progress(
    *, actor, request: ServiceRequest, to: str, note: str = ""
) -> ServiceRequest:
    """Move a request on (being arranged, done) with a note; care roles over the home only."""
    request = ServiceRequest.objects.select_for_update().select_related("node").get(pk=request.pk)
    if not care_access_for_user(actor).register.contains(request.node):
        raise refuse(_("You may not follow this request up."), "forbidden")
    if (request.status, to) not in REQUEST_TRANSITIONS:
        raise refuse(_("This request cannot be moved that way."), "bad_transition")
    now = timezone.now()
    request.status = to
    fields = ["status"]
    if to == STATUS.DONE:
        request.done_at = now
        fields.append("done_at")
    request.save(update_fields=fields)
    note = (note or "").strip()[:500]
    ServiceRequestUpdate.objects.create(request=request, status=to, note=note, by=actor, at=now)
    care_audit(actor=actor, action="request.progress", target=request, node=request.node, to=to)
    return request
