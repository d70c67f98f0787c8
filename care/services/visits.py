"""Writes of the home-visit rounds: plans, visits, a finding made a case or a wish."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from care.access import care_access_for_user
from care.common import care_audit, refuse
from care.models import CareTag, NotSeenAlarm, Visit, VisitPlan
from care.selectors.visits import may_visit
from communities.models import Residency
from core.images import image_clean

FINDING_MAX = Visit._meta.get_field("finding").max_length
CHECKS = ("health", "living", "safety", "needs")


@transaction.atomic
def visit_plan_set(*, actor, tag: CareTag, every_days: int, assignee) -> VisitPlan:
    """Plan visits to the person of `tag` every N days by `assignee` (ends the previous plan).

    The assignee is a care role over the home, or a registered volunteer (以老帮老), who then
    sees this person, and only this person, for the visits.
    """
    from volunteers.models import VolunteerProfile

    node = tag.residency.household.node
    if not care_access_for_user(actor).staff.contains(node):
        raise refuse(_("Only care staff of this place may plan visits."))
    if not tag.is_live:
        raise refuse(_("This tag was removed."), "removed")
    if not 1 <= every_days <= 366:
        raise refuse(_("Visit every 1 to 366 days."), "bad_interval")
    volunteer = VolunteerProfile.objects.filter(user=assignee).exists()
    if not (care_access_for_user(assignee).register.contains(node) or volunteer):
        raise refuse(
            _("The visitor must have a care role here or be a registered volunteer."),
            "bad_assignee",
        )
    now = timezone.now()
    VisitPlan.objects.filter(tag=tag, ended_at__isnull=True).update(ended_at=now)
    plan = VisitPlan.objects.create(
        tag=tag, every_days=every_days, assignee=assignee, created_by=actor, created_at=now
    )
    care_audit(
        actor=actor,
        action="visit_plan.set",
        target=plan,
        node=node,
        every_days=every_days,
        assignee=assignee.pk,
    )
    return plan


@transaction.atomic
def visit_record(
    *,
    actor,
    residency: Residency,
    seen_in_person: bool,
    finding: str = "",
    photo=None,
    visited_at: datetime.datetime | None = None,
    **checks: str,
) -> Visit:
    """Record a home visit; an in-person visit closes the person's not-seen alarm."""
    if not may_visit(actor, residency):
        raise refuse(_("You may not record visits to this person."))
    now = timezone.now()
    visited_at = visited_at or now
    if visited_at > now + datetime.timedelta(minutes=5):
        raise refuse(_("A visit cannot be in the future."), "bad_time")
    finding = (finding or "").strip()
    if len(finding) > FINDING_MAX:
        raise refuse(
            _("Write at most %(count)d characters.") % {"count": FINDING_MAX}, "finding_too_long"
        )
    values = {}
    for name in CHECKS:
        value = checks.pop(name, Visit.Check.OK) or Visit.Check.OK
        if value not in Visit.Check.values:
            raise refuse(_("Choose fine or a concern for each check."), "bad_check")
        values[name] = value
    if checks:
        raise TypeError(f"unknown checks: {sorted(checks)}")
    cleaned = image_clean(photo) if photo else None
    plan = (
        VisitPlan.objects.filter(
            tag__residency=residency, ended_at__isnull=True, tag__removed_at__isnull=True
        )
        .order_by("every_days")
        .first()
    )
    visit = Visit(
        residency=residency,
        plan=plan,
        visitor=actor,
        visited_at=visited_at,
        seen_in_person=seen_in_person,
        finding=finding,
        **values,
    )
    if cleaned is not None:
        visit.photo.save("visit.jpg", cleaned, save=False)
    visit.save()
    if seen_in_person:
        NotSeenAlarm.objects.filter(residency=residency, closed_at__isnull=True).update(
            closed_at=now
        )
    care_audit(
        actor=actor,
        action="visit.record",
        target=visit,
        node=residency.household.node,
        seen=seen_in_person,
        concern=visit.has_concern,
    )
    return visit


def lock_for_follow_up(actor, visit: Visit) -> Visit:
    """The visit, locked, if the actor may act on its finding (whoever may visit the person)."""
    visit = (
        Visit.objects.select_for_update()
        .select_related("residency__user", "residency__household__node")
        .get(pk=visit.pk)
    )
    if not may_visit(actor, visit.residency):
        raise refuse(_("You may not act on this visit."))
    return visit


@transaction.atomic
def visit_finding_to_case(*, actor, visit: Visit, category, description: str = ""):
    """File the finding as a case at the person's building (once per visit).

    The case says what is wrong, never why the person is on the register: the text is the
    visitor's own, and the case's place is the building or unit, as any report's would be.
    """
    from cases.services import case_report

    visit = lock_for_follow_up(actor, visit)
    if visit.case_id is not None:
        raise refuse(_("This finding is already a case."), "already_done")
    description = (description or visit.finding).strip()
    if not description:
        raise refuse(_("Write what was found first."), "finding_required")
    case = case_report(
        reporter=actor,
        category=category,
        description=description,
        node=visit.residency.household.node,
    )
    visit.case = case
    visit.save(update_fields=["case"])
    care_audit(
        actor=actor,
        action="visit.to_case",
        target=visit,
        node=visit.residency.household.node,
        case=case.pk,
    )
    return case


@transaction.atomic
def visit_finding_to_wish(*, actor, visit: Visit, title: str):
    """Post the finding as a small wish (微心愿) for the person, acted for by the visitor."""
    from volunteers.services import wish_post

    visit = lock_for_follow_up(actor, visit)
    if visit.wish_id is not None:
        raise refuse(_("This finding is already a wish."), "already_done")
    title = (title or "").strip()
    if not title:
        raise refuse(_("Say what the person needs."), "title_required")
    wish = wish_post(resident=visit.residency.user, title=title)
    visit.wish = wish
    visit.save(update_fields=["wish"])
    care_audit(
        actor=actor,
        action="visit.to_wish",
        target=visit,
        node=visit.residency.household.node,
        wish=wish.pk,
        acted_for=visit.residency.user_id,
    )
    return wish
