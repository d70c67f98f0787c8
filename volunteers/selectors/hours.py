"""Hour records: a volunteer's own, those waiting for a verifier, and the yearly report."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.shortcuts import get_object_or_404

from communities.scoping import Scope, scope_for_user
from volunteers.models import HourRecord, Membership, Project
from volunteers.permissions import can_verify
from volunteers.selectors.profiles import profile_for_user
from volunteers.selectors.teams import teams_led_by


def projects_for_logging(user) -> QuerySet[Project]:
    """Projects a volunteer may log hours against: open ones of their teams or their community."""
    profile = profile_for_user(user)
    team_ids = Membership.objects.filter(user=user, status=Membership.Status.ACTIVE).values(
        "team_id"
    )
    condition = Q(team_id__in=team_ids)
    # Members of a team placed in a community are its natural helpers, wherever they live.
    team_nodes = Membership.objects.filter(
        user=user, status=Membership.Status.ACTIVE, team__is_active=True
    ).values("team__node_id")
    condition |= Q(team__isnull=True, node_id__in=team_nodes)
    if profile is not None:
        condition |= profile.community.subtree_q("node")
    return (
        Project.objects.filter(condition, status=Project.Status.PUBLISHED)
        .select_related("team")
        .order_by("-starts_on", "title")
    )


def hour_records_of_user(user) -> QuerySet[HourRecord]:
    return HourRecord.objects.filter(volunteer=user).select_related(
        "volunteer", "project", "team", "decided_by"
    )


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
    if not can_verify(user, record):
        raise Http404
    return record


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
