"""Reads of the party app, each through `party.access`."""

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404

from party.access import organisations_for
from party.models import (
    PartyBranch,
    PartyMember,
    PartyOfficer,
    PartySession,
    PartyTransfer,
    SessionAttendance,
)


def organisations_list(*, user) -> QuerySet[PartyBranch]:
    """The organisations the user may see, tree-ordered by place, with member counts."""
    return (
        organisations_for(user)
        .select_related("node", "parent")
        .annotate(member_count=Count("members", filter=Q(members__left_on__isnull=True)))
        .order_by("node__path", "level", "name")
    )


def organisation_get(*, user, pk) -> PartyBranch:
    """One organisation the user may see, with its officers, sub-organisations and members;
    404 otherwise (never a hint that it exists)."""
    serving = PartyOfficer.objects.filter(ends_on__isnull=True).select_related("user")
    organisation = (
        organisations_for(user)
        .select_related("node", "parent")
        .prefetch_related(
            Prefetch("officers", serving, to_attr="serving_officers"),
            "other_places",
            Prefetch("children", PartyBranch.objects.select_related("node")),
        )
        .filter(pk=pk)
        .first()
    )
    if organisation is None:
        raise Http404
    return organisation


def members_of(organisation: PartyBranch) -> QuerySet[PartyMember]:
    return (
        PartyMember.current.filter(branch=organisation)
        .select_related("user", "home_branch")
        .order_by("user__real_name", "pk")
    )


def transfers_of(organisation: PartyBranch) -> QuerySet[PartyTransfer]:
    return (
        PartyTransfer.objects.filter(Q(from_branch=organisation) | Q(to_branch=organisation))
        .select_related("member__user", "from_branch", "to_branch")
        .order_by("-on", "-pk")
    )


def membership_of(user) -> PartyMember | None:
    if not user.is_authenticated:
        return None
    return (
        PartyMember.current.filter(user=user)
        .select_related("branch__node", "home_branch", "reported_community")
        .first()
    )


def sessions_counted() -> QuerySet[PartySession]:
    """Sessions with who came in person and online, counted in the same query."""
    came = Q(attendance__mode=SessionAttendance.Mode.IN_PERSON)
    online = Q(attendance__mode=SessionAttendance.Mode.ONLINE)
    return PartySession.objects.annotate(
        in_person=Count("attendance", filter=came),
        online=Count("attendance", filter=online),
        expected=Count("attendance"),
    )


def sessions_of(organisation: PartyBranch) -> QuerySet[PartySession]:
    """The organisation's sessions, latest first, with their attendance counted."""
    return sessions_counted().filter(organisation=organisation).order_by("-held_at", "-pk")


def organisation_for_reader(*, user, pk) -> tuple[PartyBranch, bool]:
    """An organisation the user works in (officers, staff over its place: `works` True) or
    belongs to as a current member, mobile members away included (`works` False); 404
    otherwise, never a hint that it exists."""
    organisation = organisations_for(user).select_related("node", "parent").filter(pk=pk).first()
    if organisation is not None:
        return organisation, True
    member = membership_of(user)
    if member is not None and int(pk) in {member.branch_id, member.home_branch_id}:
        return PartyBranch.objects.select_related("node", "parent").get(pk=pk), False
    raise Http404


def sessions_for_member(member: PartyMember) -> QuerySet[PartySession]:
    """Sessions of the member's branch and of their home branch (a mobile member takes part in
    both), each with the member's own attendance (None: not recorded, or still to come)."""
    branches = [pk for pk in (member.branch_id, member.home_branch_id) if pk]
    mode = SessionAttendance.objects.filter(session=OuterRef("pk"), member=member).values("mode")
    return (
        PartySession.objects.filter(organisation_id__in=branches)
        .select_related("organisation")
        .annotate(my_mode=Subquery(mode[:1]))
    )


def attendance_of_year(member: PartyMember, year: int) -> dict[str, int]:
    """How many of the year's sessions expected the member, and how many they came to."""
    rows = SessionAttendance.objects.filter(member=member, session__held_at__year=year)
    return rows.aggregate(
        expected=Count("pk"),
        attended=Count("pk", filter=~Q(mode=SessionAttendance.Mode.ABSENT)),
        online=Count("pk", filter=Q(mode=SessionAttendance.Mode.ONLINE)),
    )
