"""Open shifts, the projects and shifts an organiser runs, rosters and sign-ups."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from communities.scoping import scope_for_user
from volunteers.models import Membership, Project, Shift, Signup
from volunteers.selectors.teams import teams_led_by


def _with_counts(shifts: QuerySet[Shift]) -> QuerySet[Shift]:
    return shifts.annotate(
        confirmed_count=Count("signups", filter=Q(signups__status=Signup.Status.CONFIRMED)),
        waitlist_count=Count("signups", filter=Q(signups__status=Signup.Status.WAITLISTED)),
    )


def shifts_open(*, now: dt.datetime | None = None) -> QuerySet[Shift]:
    """Upcoming shifts of open projects, soonest first, with their counts (one query)."""
    now = now or timezone.now()
    return _with_counts(
        Shift.objects.filter(
            starts_at__gt=now,
            project__status=Project.Status.PUBLISHED,
            status=Shift.Status.SCHEDULED,
        )
        .select_related("project__team", "project__node")
        .order_by("starts_at", "pk")
    )


def shift_get(*, pk: int) -> Shift:
    return get_object_or_404(
        _with_counts(Shift.objects.select_related("project__team", "project__node")), pk=pk
    )


def _organised_q(user) -> Q:
    """Projects the user may organise: their led teams' and, for staff, those in their scope."""
    q = Q(team__in=teams_led_by(user).values("pk"))
    scope = scope_for_user(user)
    if scope.managing:
        q |= scope.q("node")
    return q


def projects_organised_by(user) -> QuerySet[Project]:
    """The organiser's projects with their count of scheduled shifts ahead (one query)."""
    return (
        Project.objects.filter(_organised_q(user))
        .select_related("team", "node")
        .annotate(
            upcoming_shifts=Count(
                "shifts",
                filter=Q(
                    shifts__status=Shift.Status.SCHEDULED, shifts__starts_at__gt=timezone.now()
                ),
            )
        )
        .order_by("-starts_on", "-pk")
    )


def project_get_for_organiser(*, user, pk: int) -> Project:
    """A project the user may organise; 404 otherwise (another team's is not even shown)."""
    return get_object_or_404(
        Project.objects.filter(_organised_q(user)).select_related("team", "node"), pk=pk
    )


def shift_get_for_organiser(*, user, pk: int) -> Shift:
    return get_object_or_404(
        _with_counts(
            Shift.objects.filter(
                project__in=Project.objects.filter(_organised_q(user)).values("pk")
            ).select_related("project__team", "project__node")
        ),
        pk=pk,
    )


def project_shifts(*, project: Project) -> QuerySet[Shift]:
    return _with_counts(project.shifts.all()).order_by("starts_at", "pk")


def shift_roster(*, shift: Shift) -> QuerySet[Signup]:
    return (
        Signup.objects.filter(shift=shift)
        .exclude(status=Signup.Status.CANCELLED)
        .select_related("user", "user__volunteer_profile")
        .order_by("status", "created_at", "pk")
    )


def signup_of(user, shift: Shift) -> Signup | None:
    if not user.is_authenticated:
        return None
    return (
        Signup.objects.filter(shift=shift, user=user)
        .exclude(status=Signup.Status.CANCELLED)
        .first()
    )


def signups_of_user(user, *, upcoming_only: bool = True) -> QuerySet[Signup]:
    signups = Signup.objects.filter(user=user).exclude(status=Signup.Status.CANCELLED)
    if upcoming_only:
        signups = signups.filter(shift__ends_at__gt=timezone.now() - dt.timedelta(hours=2))
    return signups.select_related("shift__project").order_by("shift__starts_at")


def roster_prefetch() -> Prefetch:
    return Prefetch(
        "memberships",
        queryset=Membership.objects.filter(status=Membership.Status.ACTIVE).select_related("user"),
        to_attr="active_members",
    )
