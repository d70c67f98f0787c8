"""Counts for the staff workbench: what waits on staff at or under a place."""

from __future__ import annotations

from django.db.models import Count, Q, Sum

from volunteers.models import HourRecord, Wish


def volunteer_queue_counts(*, node) -> dict[str, int]:
    """Two queries: hour records to verify, wishes not yet dispatched (submitted, waiting for
    review) and wishes open that nobody claimed."""
    counts = Wish.objects.filter(node.subtree_q("node")).aggregate(
        wishes_to_dispatch=Count("pk", filter=Q(status=Wish.Status.SUBMITTED)),
        wishes_unclaimed=Count("pk", filter=Q(status=Wish.Status.OPEN)),
    )
    counts["hours_to_verify"] = HourRecord.objects.filter(
        node.subtree_q("node"), status=HourRecord.Status.PENDING
    ).count()
    return counts


def verified_minutes_by_place(*, node, start, end) -> list[tuple[str, int]]:
    """(place path, verified minutes) of service done between start and end (local dates,
    inclusive) at or under `node`, one row per place that has any (one query)."""
    return list(
        HourRecord.objects.filter(
            node.subtree_q("node"),
            status=HourRecord.Status.VERIFIED,
            service_date__gte=start,
            service_date__lte=end,
        )
        .order_by()
        .values_list("node__path")
        .annotate(minutes=Sum("minutes_verified"))
    )
