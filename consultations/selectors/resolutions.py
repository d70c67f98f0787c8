"""Resolutions and their follow-ups."""

from __future__ import annotations

import datetime

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from consultations.models import (
    FollowUp,
    Matter,
    Resolution,
)
from consultations.selectors.access import matter_visibility, user_manages_node


def resolutions_for_matter(*, matter: Matter) -> QuerySet[Resolution]:
    return matter.resolutions.select_related("consultation", "meeting").prefetch_related(
        Prefetch(
            "follow_ups",
            queryset=FollowUp.objects.select_related("owner").prefetch_related("notes__author"),
        )
    )


def follow_ups_for_user(*, user) -> QuerySet[FollowUp]:
    """The accountability list: follow-up items of every resolution the user may see."""
    visible = Matter.objects.filter(matter_visibility(user)).values("pk")
    return (
        FollowUp.objects.filter(resolution__matter__in=visible)
        .select_related("owner", "resolution__matter__node")
        .order_by("status", "due_on", "pk")
    )


def follow_ups_overdue(today: datetime.date) -> QuerySet[FollowUp]:
    return FollowUp.objects.filter(due_on__lt=today).exclude(status=FollowUp.Status.DONE)


def follow_up_get_for_user(*, user, pk: int) -> FollowUp:
    follow_up = (
        FollowUp.objects.select_related("resolution__matter__node", "owner").filter(pk=pk).first()
    )
    if follow_up is None:
        raise Http404
    matter = follow_up.resolution.matter
    if follow_up.owner_id == user.pk or user_manages_node(user, matter.node):
        return follow_up
    raise Http404


def today() -> datetime.date:
    return timezone.localdate()
