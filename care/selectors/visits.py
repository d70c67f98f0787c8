"""Reads of the home-visit rounds: who may visit whom, what is due, one visit (audited)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Max, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from audit.models import AuditEntry
from care.access import care_access_for_user
from care.common import care_audit
from care.models import Visit, VisitPlan
from communities.models import Node, Residency

# Plans due within this many days are listed (and their visitor reminded) ahead of time.
DUE_AHEAD_DAYS = 2


def live_plans() -> QuerySet[VisitPlan]:
    return VisitPlan.objects.filter(ended_at__isnull=True, tag__removed_at__isnull=True)


def may_visit(user, residency: Residency) -> bool:
    """Care roles over the home, or the assignee of a live plan for this person (a volunteer
    doing 以老帮老 sees the people assigned to them and nobody else)."""
    if care_access_for_user(user).register.contains(residency.household.node):
        return True
    return live_plans().filter(tag__residency=residency, assignee=user).exists()


def photo_visible(user, visit: Visit) -> bool:
    """A visit's photo is for care roles over the person's home only (a plan's visitor
    without a care role records visits but does not see their photos)."""
    return care_access_for_user(user).register.contains(visit.residency.household.node)


def visit_photo_may_view(user, visit: Visit) -> bool:
    """Whether `user` may read the photo of `visit` (the media view asks once per read);
    every read and every refusal is an audit entry."""
    allowed = photo_visible(user, visit)
    care_audit(
        actor=user,
        action="visit.photo_read",
        target=visit,
        node=visit.residency.household.node,
        outcome=AuditEntry.Outcome.SUCCESS if allowed else AuditEntry.Outcome.REFUSED,
    )
    return allowed


def residency_for_visit(*, user, pk) -> Residency:
    residency = Residency.objects.select_related("user", "household__node").filter(pk=pk).first()
    if residency is None or not may_visit(user, residency):
        raise Http404
    return residency


def _last_visit_subquery():
    return Subquery(
        Visit.objects.filter(residency_id=OuterRef("tag__residency_id"))
        .values("residency_id")
        .annotate(last=Max("visited_at"))
        .values("last")[:1]
    )


def plan_due_on(plan: VisitPlan) -> datetime.date:
    """The next visit is due `every_days` after the last visit (or the plan's start)."""
    start = plan.last_visit_at or plan.created_at
    return timezone.localdate(start) + datetime.timedelta(days=plan.every_days)


@dataclass(frozen=True)
class DueVisit:
    plan: VisitPlan
    due_on: datetime.date
    overdue: bool
    grid: Node | None


def plans_with_last_visit() -> QuerySet[VisitPlan]:
    return live_plans().annotate(last_visit_at=_last_visit_subquery())


def visits_due(*, user, on: datetime.date | None = None, ip_address=None) -> list[DueVisit]:
    """Plans due by `on` + DUE_AHEAD_DAYS in the reader's places or assigned to them, overdue
    first, each with its grid (for lists per grid). The people listed are audited."""
    on = on or timezone.localdate()
    access = care_access_for_user(user)
    plans = plans_with_last_visit().filter(
        access.register.q("tag__residency__household__node") | Q(assignee=user)
    )
    plans = plans.select_related(
        "tag__tag_type", "tag__residency__user", "tag__residency__household__node", "assignee"
    )
    # The grids of the reader's care places, once (a volunteer with plans has none: their
    # visits are listed under "my assigned visits").
    grids = {node.code: node for node in access.register.places([Node.Kind.GRID])}
    result = []
    horizon = on + datetime.timedelta(days=DUE_AHEAD_DAYS)
    for plan in plans:
        due = plan_due_on(plan)
        if due > horizon:
            continue
        codes = plan.tag.residency.household.node.lineage_codes
        grid = next((grids[code] for code in codes if code in grids), None)
        result.append(DueVisit(plan=plan, due_on=due, overdue=due < on, grid=grid))
    result.sort(key=lambda d: (d.grid.full_name if d.grid else "", d.due_on))
    care_audit(
        actor=user,
        action="visits_due.read",
        target=None,
        node=None,
        ip_address=ip_address,
        people=sorted({d.plan.tag.residency_id for d in result}),
    )
    return result


def visit_read(*, user, pk, ip_address=None) -> Visit:
    """One visit for those who may visit the person; audited (refusals too), else 404."""
    visit = (
        Visit.objects.select_related("residency__user", "residency__household__node", "visitor")
        .filter(pk=pk)
        .first()
    )
    if visit is None or not may_visit(user, visit.residency):
        care_audit(
            actor=user,
            action="visit.read",
            target=None,
            node=None,
            ip_address=ip_address,
            outcome=AuditEntry.Outcome.REFUSED,
            visit=str(pk)[:32],
        )
        raise Http404
    care_audit(
        actor=user,
        action="visit.read",
        target=visit,
        node=visit.residency.household.node,
        ip_address=ip_address,
    )
    return visit


def person_visits(residency: Residency, limit: int = 10) -> list[Visit]:
    return list(residency.care_visits.select_related("visitor", "case")[:limit])


def person_plans(residency: Residency) -> list[VisitPlan]:
    return list(
        plans_with_last_visit()
        .filter(tag__residency=residency)
        .select_related("tag__tag_type", "assignee")
    )
