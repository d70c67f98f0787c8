"""Reads of the volunteers app, with the joins they need so query counts stay flat."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from communities.scoping import Scope, scope_for_user
from points.models import Currency
from points.selectors import balances_for_user, postings_for_user
from volunteers.models import (
    Certificate,
    HelpRequest,
    HourRecord,
    Membership,
    Project,
    RelativeLink,
    Shift,
    Signup,
    Team,
    VolunteerProfile,
    Wish,
)
from volunteers.services.common import policy_get

M = Membership


def profile_for_user(user) -> VolunteerProfile | None:
    if not user.is_authenticated:
        return None
    return VolunteerProfile.objects.select_related("community").filter(user=user).first()


def next_star(profile: VolunteerProfile) -> dict | None:
    """The next star level and the hours still missing, or None at five stars."""
    thresholds = policy_get().star_thresholds
    if profile.stars >= len(thresholds):
        return None
    target = thresholds[profile.stars]
    return {
        "stars": profile.stars + 1,
        "hours": target,
        "missing_minutes": max(0, target * 60 - profile.verified_minutes),
    }


# --- teams -----------------------------------------------------------------------------------


def teams_list(*, kind: str = "", query: str = "") -> QuerySet[Team]:
    """Active teams with their member counts (one query)."""
    teams = Team.objects.filter(is_active=True).select_related("node")
    if kind:
        teams = teams.filter(kind=kind)
    if query:
        teams = teams.filter(Q(name__icontains=query) | Q(node__name__icontains=query))
    return teams.annotate(
        member_count=Count("memberships", filter=Q(memberships__status=M.Status.ACTIVE))
    ).order_by("node__path", "name")


def team_get(*, pk: int) -> Team:
    return get_object_or_404(Team.objects.select_related("node"), pk=pk, is_active=True)


def team_roster(*, team: Team) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(team=team, status__in=[M.Status.ACTIVE, M.Status.PENDING])
        .select_related("user", "user__volunteer_profile")
        .order_by("status", "role", "created_at")
    )


def memberships_of_user(user) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user, status__in=[M.Status.ACTIVE, M.Status.PENDING])
        .select_related("team__node")
        .order_by("team__name")
    )


def membership_of(user, team: Team) -> Membership | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(
        team=team, user=user, status__in=[M.Status.ACTIVE, M.Status.PENDING]
    ).first()


def teams_led_by(user) -> QuerySet[Team]:
    return Team.objects.filter(
        memberships__user=user,
        memberships__status=M.Status.ACTIVE,
        memberships__role__in=[M.Role.LEADER, M.Role.DEPUTY],
    ).distinct()


def join_requests_for_leader(user) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(team__in=teams_led_by(user), status=M.Status.PENDING)
        .select_related("user", "team")
        .order_by("created_at")
    )


# --- projects and shifts ---------------------------------------------------------------------


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


def teams_for_organiser(user) -> QuerySet[Team]:
    """Teams on whose behalf the user may publish: led teams, and for staff every active team
    in their scope."""
    q = Q(pk__in=teams_led_by(user).values("pk"))
    scope = scope_for_user(user)
    if scope.managing:
        q |= scope.q("node")
    return Team.objects.filter(q, is_active=True).select_related("node").order_by("name")


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


def projects_for_logging(user) -> QuerySet[Project]:
    """Projects a volunteer may log hours against: open ones of their teams or their community."""
    profile = profile_for_user(user)
    team_ids = Membership.objects.filter(user=user, status=M.Status.ACTIVE).values("team_id")
    condition = Q(team_id__in=team_ids)
    # Members of a team placed in a community are its natural helpers, wherever they live.
    team_nodes = Membership.objects.filter(
        user=user, status=M.Status.ACTIVE, team__is_active=True
    ).values("team__node_id")
    condition |= Q(team__isnull=True, node_id__in=team_nodes)
    if profile is not None:
        condition |= profile.community.subtree_q("node")
    return (
        Project.objects.filter(condition, status=Project.Status.PUBLISHED)
        .select_related("team")
        .order_by("-starts_on", "title")
    )


# --- hours -----------------------------------------------------------------------------------


def hour_records_of_user(user) -> QuerySet[HourRecord]:
    return HourRecord.objects.filter(volunteer=user).select_related("project", "team", "decided_by")


def _records_verifiable_by(user) -> QuerySet[HourRecord]:
    """Records of the teams the user leads or in their managing scope, never their own."""
    scope = scope_for_user(user)
    condition = Q(team__in=teams_led_by(user))
    if scope.managing:
        condition |= scope.q("node")
    return (
        HourRecord.objects.filter(condition)
        .exclude(volunteer=user)
        .select_related("volunteer", "project", "team", "node")
        .order_by("created_at", "pk")
    )


def hour_records_pending_for_user(user) -> QuerySet[HourRecord]:
    """Pending records this user may verify: of the teams they lead, or in their managing scope.

    One query (the scope's posts are loaded once per request).
    """
    return _records_verifiable_by(user).filter(status=HourRecord.Status.PENDING)


def hour_records_for_verifier(*, user, pks: list[int]) -> list[HourRecord]:
    """The records (pending or decided meanwhile) of a verification form, in the order given;
    404 when any is not the user's to verify (no hint which, nor that it exists)."""
    records = {record.pk: record for record in _records_verifiable_by(user).filter(pk__in=pks)}
    if len(records) != len(set(pks)):
        raise Http404
    return [records[pk] for pk in dict.fromkeys(pks)]


def hour_record_for_verifier(*, user, pk: int) -> HourRecord:
    """A pending-or-decided record the user may verify, else 404 (no hint that it exists)."""
    record = get_object_or_404(
        HourRecord.objects.select_related("volunteer", "project", "team", "node"), pk=pk
    )
    from volunteers.services import can_verify

    if not can_verify(user, record):
        raise Http404
    return record


# --- time bank -------------------------------------------------------------------------------


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
    from volunteers.services.common import home_community

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


# --- wishes ----------------------------------------------------------------------------------


def wishes_of_resident(user) -> QuerySet[Wish]:
    return Wish.objects.filter(resident=user).select_related("claimer", "team")


def wishes_claimed_by(user) -> QuerySet[Wish]:
    return Wish.objects.filter(claimer=user).select_related("resident", "node")


def wishes_claimable(user) -> QuerySet[Wish]:
    """Open wishes the user could claim: open to all in their community, or for their teams."""
    profile = profile_for_user(user)
    team_ids = Membership.objects.filter(user=user, status=M.Status.ACTIVE).values("team_id")
    condition = Q(team_id__in=team_ids)
    # Members of a team placed in a community are its natural helpers, wherever they live.
    team_nodes = Membership.objects.filter(
        user=user, status=M.Status.ACTIVE, team__is_active=True
    ).values("team__node_id")
    condition |= Q(team__isnull=True, node_id__in=team_nodes)
    if profile is not None:
        condition |= Q(team__isnull=True, node=profile.community)
    else:
        from communities.models import PartyMember

        member = PartyMember.objects.filter(user=user).select_related("branch__node").first()
        community = None
        if member is not None:
            community = member.reported_community or (
                member.branch.node.community if member.branch else None
            )
        if community is not None:
            condition |= Q(team__isnull=True, node=community)
    return (
        Wish.objects.filter(condition, status=Wish.Status.OPEN)
        .exclude(resident=user)
        .select_related("node", "team")
        .order_by("opened_at", "pk")
    )


def wish_claim_candidates(*, wish: Wish) -> QuerySet:
    """Who is told that a wish opened to claims: registered volunteers of its community and
    active members of active teams placed in that community (not the resident). The same people
    find the wish in `wishes_claimable`, so the link in the message opens."""
    from django.contrib.auth import get_user_model

    in_team = Membership.objects.filter(
        status=M.Status.ACTIVE, team__is_active=True, team__node_id=wish.node_id
    ).values("user_id")
    return (
        get_user_model()
        .objects.filter(is_active=True, volunteer_profile__isnull=False)
        .filter(Q(volunteer_profile__community_id=wish.node_id) | Q(pk__in=in_team))
        .exclude(pk=wish.resident_id)
        .order_by("pk")
    )


def wishes_for_staff(*, scope: Scope, statuses: list[str] | None = None) -> QuerySet[Wish]:
    wishes = Wish.objects.select_related("resident", "claimer", "team", "node")
    if statuses:
        wishes = wishes.filter(status__in=statuses)
    return scope.filter(wishes, "node").order_by("created_at", "pk")


def wish_get_for_user(*, user, pk: int) -> Wish:
    """The resident, the claimer, staff in scope, and would-be claimers of an open wish."""
    wish = get_object_or_404(
        Wish.objects.select_related("resident", "claimer", "team", "node"), pk=pk
    )
    if user.pk in (wish.resident_id, wish.claimer_id):
        return wish
    if scope_for_user(user).contains(wish.node):
        return wish
    if wish.status == Wish.Status.OPEN and wishes_claimable(user).filter(pk=pk).exists():
        return wish
    raise Http404


# --- certificates ----------------------------------------------------------------------------


def certificates_of_user(user) -> QuerySet[Certificate]:
    return Certificate.objects.filter(volunteer=user).select_related("issuer")


def certificate_by_number(number: str) -> Certificate | None:
    number = (number or "").strip().upper()
    if not number or len(number) > 32:
        return None
    return Certificate.objects.select_related("issuer").filter(number=number).first()


# --- staff reports ---------------------------------------------------------------------------


def hours_by_team_month(*, scope: Scope, year: int) -> list[dict]:
    """Verified hours per team and month of service in the scope (one aggregate query).

    Records without a team (wishes open to all) show under their community.
    """
    rows = (
        scope.filter(
            HourRecord.objects.filter(status=HourRecord.Status.VERIFIED, service_date__year=year),
            "node",
        )
        .annotate(month=TruncMonth("service_date"))
        .values("team_id", "team__name", "node__name", "month")
        .annotate(minutes=Sum("minutes_verified"), records=Count("pk"))
        .order_by("team__name", "month")
    )
    table: dict[tuple, dict] = {}
    for row in rows:
        key = (row["team_id"], "" if row["team_id"] else row["node__name"])
        entry = table.setdefault(
            key,
            {
                "team": row["team__name"] or "",
                "place": row["node__name"],
                "months": defaultdict(int),
                "minutes": 0,
                "records": 0,
            },
        )
        month = row["month"].month if hasattr(row["month"], "month") else int(row["month"][5:7])
        entry["months"][month] += row["minutes"]
        entry["minutes"] += row["minutes"]
        entry["records"] += row["records"]
    result = []
    for entry in table.values():
        entry["by_month"] = [entry["months"].get(m, 0) for m in range(1, 13)]
        del entry["months"]
        result.append(entry)
    return result


def roster_prefetch() -> Prefetch:
    return Prefetch(
        "memberships",
        queryset=Membership.objects.filter(status=M.Status.ACTIVE).select_related("user"),
        to_attr="active_members",
    )


# --- personal data ---------------------------------------------------------------------------


def volunteer_export_for_user(user) -> dict:
    """The volunteer's own records for their personal-data export (PIPL)."""
    profile = profile_for_user(user)
    return {
        "profile": {
            "number": profile.number,
            "community": profile.community.full_name,
            "skills": profile.skills,
            "availability": profile.availability,
            "service_areas": profile.service_areas,
            "verified_minutes": profile.verified_minutes,
            "stars": profile.stars,
        }
        if profile
        else None,
        "teams": [
            {"team": m.team.name, "role": m.get_role_display(), "status": m.get_status_display()}
            for m in memberships_of_user(user)
        ],
        "hours": [
            {
                "date": r.service_date.isoformat(),
                "content": r.content,
                "minutes_claimed": r.minutes_claimed,
                "minutes_verified": r.minutes_verified,
                "status": r.get_status_display(),
            }
            for r in hour_records_of_user(user)
        ],
        "wishes": [
            {"title": w.title, "status": w.get_status_display(), "posted": w.created_at.isoformat()}
            for w in wishes_of_resident(user)
        ],
        "relatives": [
            {"relative": str(link.relative), "relation": link.get_relation_display()}
            for link in relatives_of_user(user)
        ],
    }
