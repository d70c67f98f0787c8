"""Reads of service requests: those of my care places (open first), one request (audited)."""

from __future__ import annotations

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.http import Http404

from audit.models import AuditEntry
from care.access import care_access_for_user
from care.common import care_audit
from care.models import ServiceRequest


def service_requests_for_user(*, user) -> QuerySet[ServiceRequest]:
    """The service requests of my care places (captain, grid worker, care staff), the open ones
    first; 404 without a care role over a register."""
    access = care_access_for_user(user)
    if not access.has_register:
        raise Http404
    done_last = Case(
        When(status=ServiceRequest.Status.DONE, then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    return (
        access.register.filter(ServiceRequest.objects.all(), "node")
        .select_related("node", "visit__residency__user", "created_by")
        .order_by(done_last, "-created_at", "-id")
    )


def service_requests_for_user_exists(*, user) -> bool:
    """Whether the user follows requests up (a plan's visitor asks for one but does not)."""
    return care_access_for_user(user).has_register


def service_requests_audit(*, user, requests, ip_address=None) -> None:
    """A page of requests names people: the read is an audit entry listing the requests."""
    care_audit(
        actor=user,
        action="request.list",
        target=None,
        node=None,
        ip_address=ip_address,
        requests=[request.pk for request in requests],
    )


def service_request_read(*, user, pk, ip_address=None) -> ServiceRequest:
    """One request with its follow-up, for the care roles over the home; audited (refusals
    too), else 404."""
    request = None
    access = care_access_for_user(user)
    if access.has_register:
        request = (
            access.register.filter(ServiceRequest.objects.all(), "node")
            .select_related("node", "visit__residency__user", "created_by")
            .prefetch_related("updates__by")
            .filter(pk=pk)
            .first()
        )
    if request is None:
        care_audit(
            actor=user,
            action="request.read",
            target=None,
            node=None,
            ip_address=ip_address,
            outcome=AuditEntry.Outcome.REFUSED,
            request=str(pk)[:32],
        )
        raise Http404
    care_audit(
        actor=user, action="request.read", target=request, node=request.node, ip_address=ip_address
    )
    return request
