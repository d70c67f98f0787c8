"""Reminders: records waiting for verification over 48 hours, wishes unclaimed over 72 hours.

Each reminder carries a dedupe key (per record or wish and per recipient), so running the job
twice, or every hour, tells each person once.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.services import notify
from volunteers.models import HourRecord, Membership, Wish
from volunteers.permissions import STAFF_POSTS
from volunteers.services.wishes import wish_staff

PENDING_AFTER = dt.timedelta(hours=48)
UNCLAIMED_AFTER = dt.timedelta(hours=72)


def _notify_once(user, *, dedupe_key: str, **message) -> bool:
    """Notify unless this reminder was already sent; True when it is sent now."""
    return notify(user, dedupe_key=dedupe_key, category="volunteers", **message).created


def _verifiers(record: HourRecord, leaders_by_team: dict[int, list]) -> list:
    if record.team_id and leaders_by_team.get(record.team_id):
        return leaders_by_team[record.team_id]
    from communities.selectors import responsible_post_for_node

    post = responsible_post_for_node(record.node, kinds=STAFF_POSTS)
    return [post.user] if post else []


def hours_pending_remind(*, now: dt.datetime | None = None) -> int:
    """Tell the leaders (else community staff) about each record pending over 48 hours."""
    now = now or timezone.now()
    records = list(
        HourRecord.objects.filter(
            status=HourRecord.Status.PENDING, created_at__lte=now - PENDING_AFTER
        ).select_related("volunteer", "node")
    )
    team_ids = {r.team_id for r in records if r.team_id}
    leaders_by_team: dict[int, list] = {}
    for membership in Membership.objects.filter(
        team_id__in=team_ids,
        status=Membership.Status.ACTIVE,
        role__in=[Membership.Role.LEADER, Membership.Role.DEPUTY],
    ).select_related("user"):
        leaders_by_team.setdefault(membership.team_id, []).append(membership.user)
    sent = 0
    for record in records:
        for user in _verifiers(record, leaders_by_team):
            sent += _notify_once(
                user,
                title=_("Hours waiting for your check for over 48 hours: %(name)s, %(content)s")
                % {"name": record.volunteer, "content": record.content},
                url=reverse("volunteers:verify"),
                dedupe_key=f"volunteers:pending-48h:{record.pk}:{user.pk}",
            )
    return sent


def wishes_unclaimed_remind(*, now: dt.datetime | None = None) -> int:
    """Tell community staff about wishes open for 72 hours with nobody claiming them."""
    now = now or timezone.now()
    sent = 0
    for wish in Wish.objects.filter(
        status=Wish.Status.OPEN, opened_at__lte=now - UNCLAIMED_AFTER
    ).select_related("node"):
        staff = wish_staff(wish)
        if staff is None:
            continue
        sent += _notify_once(
            staff,
            title=_("Nobody has claimed this wish for 3 days: %(title)s") % {"title": wish.title},
            url=reverse("volunteers:wish", args=[wish.pk]),
            dedupe_key=f"volunteers:wish-72h:{wish.pk}:{staff.pk}",
        )
    return sent
