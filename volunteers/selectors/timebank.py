"""The time bank: balances, postings, relatives and help requests."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from communities.scoping import scope_for_user
from points.models import Currency
from points.selectors import balances_for_user, postings_for_user
from volunteers.models import HelpRequest, RelativeLink
from volunteers.policy import policy_get
from volunteers.selectors.profiles import home_community


def time_bank_summary(user) -> dict:
    policy = policy_get()
    return {
        "balance": balances_for_user(user)[Currency.MINUTE],
        "cap_minutes": policy.storage_cap_hours * 60,
    }


def time_postings(user) -> QuerySet:
    return postings_for_user(user=user, currency=Currency.MINUTE)


def relatives_of_user(user) -> QuerySet[RelativeLink]:
    return RelativeLink.objects.filter(user=user).select_related("relative").order_by("-pk")


def verified_relatives(user) -> QuerySet[RelativeLink]:
    return relatives_of_user(user).filter(status=RelativeLink.Status.VERIFIED)


def help_requests_open(user) -> QuerySet[HelpRequest]:
    """Open requests of others in the user's community."""
    try:
        community = home_community(user)
    except Exception:  # no community known: nothing nearby to show
        return HelpRequest.objects.none()
    return (
        HelpRequest.objects.filter(node=community, status=HelpRequest.Status.OPEN)
        .exclude(requester=user)
        .select_related("requester")
        .order_by("-created_at")
    )


def help_requests_of_user(user) -> QuerySet[HelpRequest]:
    return (
        HelpRequest.objects.filter(Q(requester=user) | Q(helper=user))
        .select_related("requester", "helper")
        .order_by("-created_at")
    )


def help_request_get_for_user(*, user, pk: int) -> HelpRequest:
    """Visible to its two sides, to anyone of the community while open, and to staff."""
    request = get_object_or_404(
        HelpRequest.objects.select_related("requester", "helper", "node"), pk=pk
    )
    if user.pk in (request.requester_id, request.helper_id):
        return request
    if (
        request.status == HelpRequest.Status.OPEN
        and help_requests_open(user).filter(pk=pk).exists()
    ):
        return request
    if scope_for_user(user).contains(request.node):
        return request
    raise Http404
