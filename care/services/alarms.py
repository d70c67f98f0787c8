"""The beat's care jobs: visit reminders and the not-seen alarm for elders living alone.

Both run from one task (every hour by default) and may run twice, or overlap: a reminder is
keyed by plan and due date, and each alarm level is taken once by a conditional UPDATE on the
alarm's locked row, its messages keyed by alarm, level and recipient (notify's dedupe key).
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Max, Min
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.masking import name_for_others
from care.access import role_backed_by_post
from care.common import care_audit
from care.models import CareRole, CareTag, NotSeenAlarm, Visit
from care.selectors.visits import DUE_AHEAD_DAYS, plan_due_on, plans_with_last_visit
from communities.models import Node, Residency
from communities.scoping import scope_compute
from notifications.services import notify

# Past the alarm threshold, the alarm goes one level up every this many days unseen:
# 1 the visitors (plan assignees, captain, grid worker), 2 community care staff, 3 the street's.
ESCALATE_EVERY_DAYS = 2
TOP_LEVEL = 3


def visit_plans_remind(*, now: datetime.datetime | None = None) -> int:
    """Tell each visitor once per due date that a visit is due (or overdue)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    sent = 0
    for plan in plans_with_last_visit().select_related("tag__residency__user", "assignee"):
        due = plan_due_on(plan)
        if due > today + datetime.timedelta(days=DUE_AHEAD_DAYS - 1):
            continue
        person = name_for_others(plan.tag.residency.user)
        sent += notify(
            plan.assignee,
            title=_("Home visit due by %(date)s: %(person)s")
            % {"date": due.isoformat(), "person": person},
            url=reverse("care:visit_new", args=[plan.tag.residency_id]),
            category="care",
            dedupe_key=f"care:visit-due:{plan.pk}:{due.isoformat()}",
        ).created
    return sent


def _care_holders(nodes: list[Node], kinds: set[str]) -> list:
    roles = CareRole.objects.filter(
        node__in=nodes, kind__in=kinds, ended_at__isnull=True
    ).select_related("user", "node")
    return [role.user for role in roles if role_backed_by_post(role, scope_compute(role.user))]


def alarm_recipients(residency: Residency, level: int) -> list:
    node = residency.household.node
    lineage = list(Node.objects.filter(code__in=node.lineage_codes))
    if level == 1:
        assignees = [
            plan.assignee
            for plan in plans_with_last_visit()
            .filter(tag__residency=residency)
            .select_related("assignee")
        ]
        return assignees + _care_holders(
            lineage, {CareRole.Kind.CAPTAIN, CareRole.Kind.GRID_WORKER}
        )
    kind = Node.Kind.COMMUNITY if level == 2 else Node.Kind.STREET
    return _care_holders([n for n in lineage if n.kind == kind], {CareRole.Kind.CARE_STAFF})


def _alarm_people(now: datetime.datetime) -> list[tuple[int, datetime.datetime, int]]:
    """(residency id, last seen, alarm days) for everyone carrying a tag with an alarm."""
    rows = (
        CareTag.objects.filter(removed_at__isnull=True, tag_type__alarm_after_days__isnull=False)
        .values("residency_id")
        .annotate(days=Min("tag_type__alarm_after_days"), since=Min("created_at"))
    )
    rows = list(rows)
    seen = dict(
        Visit.objects.filter(
            seen_in_person=True, residency_id__in=[row["residency_id"] for row in rows]
        )
        .values("residency_id")
        .annotate(last=Max("visited_at"))
        .values_list("residency_id", "last")
    )
    return [
        (row["residency_id"], seen.get(row["residency_id"]) or row["since"], row["days"])
        for row in rows
    ]


def _alarm_open(residency_id: int, last_seen: datetime.datetime, now) -> NotSeenAlarm:
    alarm = (
        NotSeenAlarm.objects.select_for_update()
        .filter(residency_id=residency_id, closed_at__isnull=True)
        .first()
    )
    if alarm is not None:
        return alarm
    try:
        with transaction.atomic():
            return NotSeenAlarm.objects.create(
                residency_id=residency_id, last_seen_at=last_seen, raised_at=now
            )
    except IntegrityError:  # a concurrent run opened it first
        return NotSeenAlarm.objects.select_for_update().get(
            residency_id=residency_id, closed_at__isnull=True
        )


def not_seen_check(*, now: datetime.datetime | None = None) -> int:
    """Raise or escalate the not-seen alarm of each person unseen past their threshold.

    Returns the number of levels taken in this run (0 on a second run at the same time).
    """
    now = now or timezone.now()
    taken = 0
    for residency_id, last_seen, days in _alarm_people(now):
        unseen_days = (now - last_seen).days
        if unseen_days < days:
            continue
        target = min(TOP_LEVEL, 1 + (unseen_days - days) // ESCALATE_EVERY_DAYS)
        with transaction.atomic():
            alarm = _alarm_open(residency_id, last_seen, now)
            old = alarm.level
            if old >= target:
                continue
            # Only the run that moves the level from `old` tells anyone.
            if not NotSeenAlarm.objects.filter(pk=alarm.pk, level=old).update(
                level=target, escalated_at=now
            ):
                continue
            residency = Residency.objects.select_related("user", "household__node").get(
                pk=residency_id
            )
            for level in range(old + 1, target + 1):
                _alarm_tell(alarm, residency, level, unseen_days)
            care_audit(
                actor=None,
                action="alarm.not_seen",
                target=alarm,
                node=residency.household.node,
                level=target,
                days=unseen_days,
            )
            taken += target - old
    return taken


def _alarm_tell(alarm: NotSeenAlarm, residency: Residency, level: int, days: int) -> None:
    title = _("Not seen for %(days)d days: %(person)s (alarm level %(level)d)") % {
        "days": days,
        "person": name_for_others(residency.user),
        "level": level,
    }
    url = reverse("care:person", args=[residency.pk])
    seen = set()
    for user in alarm_recipients(residency, level):
        if user.pk in seen:
            continue
        seen.add(user.pk)
        notify(
            user,
            title=title,
            url=url,
            category="care",
            sms=level >= 2,
            dedupe_key=f"care:not-seen:{alarm.pk}:{level}:{user.pk}",
        )


def care_rounds_check(*, now: datetime.datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    return {
        "reminded": visit_plans_remind(now=now),
        "alarm_levels": not_seen_check(now=now),
        "adviser_warnings": adviser_hours_warn(now=now),
    }


# From this day of the month a community whose adviser is short of the 5 hours is flagged.
ADVISER_WARN_FROM_DAY = 20


def adviser_hours_warn(*, now: datetime.datetime | None = None) -> int:
    """Warn the adviser and the community's care staff, once a month, when the adviser's hours
    are short of the minimum from the 20th on (keyed by community and month)."""
    from care.selectors.advice import adviser_month

    now = now or timezone.now()
    today = timezone.localdate(now)
    if today.day < ADVISER_WARN_FROM_DAY:
        return 0
    sent = 0
    roles = CareRole.objects.filter(
        kind=CareRole.Kind.LEGAL_ADVISER, ended_at__isnull=True
    ).select_related("node", "user")
    for role in roles:
        month = adviser_month(community=role.node, month=today)
        if not month["short"]:
            continue
        title = _("%(place)s: the legal adviser has %(hours)s of the 5 monthly hours") % {
            "place": role.node.name,
            "hours": month["hours"],
        }
        people = [role.user, *_care_holders([role.node], {CareRole.Kind.CARE_STAFF})]
        for user in {person.pk: person for person in people}.values():
            sent += notify(
                user,
                title=title,
                url=reverse("care:adviser"),
                category="care",
                dedupe_key=f"care:adviser-short:{role.node_id}:{today:%Y-%m}:{user.pk}",
            ).created
    return sent
