"""Deadlines: remind the assignee before a deadline; escalate overdue cases up the tree.

Run by the beat task every few minutes; running it twice changes nothing the second time:
reminders carry a dedupe key, and each escalation level is taken once (a conditional update
on the locked row, backed by a unique constraint on the timeline).
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cases.models import Case, CaseEvent
from cases.services.common import case_lock, event_record, notify_people
from communities.models import Node

REMIND_BEFORE = datetime.timedelta(hours=2)
# An escalated case still overdue this long after its last escalation goes one level higher.
ESCALATE_EVERY = datetime.timedelta(hours=24)


def escalation_chain(node: Node) -> list[Node]:
    """The levels above the handling level: the community, then the street (小事不出网格,
    大事不出社区)."""
    chain = [n for n in (node.community, node.street) if n is not None]
    return chain


def case_remind(*, case: Case, which: str, due: datetime.datetime) -> bool:
    """Remind the assignee that a deadline is near (once per case, deadline and due time)."""
    post = case.assignee_post
    if post is None or post.ends_on is not None:
        return False
    local_due = date_format(timezone.localtime(due), "Y-m-d H:i")
    if which == "response":
        title = _("Please respond to case #%(number)d by %(due)s")
    else:
        title = _("Please resolve case #%(number)d by %(due)s")
    notify_people(
        case,
        [post.user],
        title=title % {"number": case.pk, "due": local_due},
        body=f"{case.category.name} · {case.place_display}",
        key=f"remind:{which}:{case.pk}:{timezone.localtime(due):%Y%m%d%H%M}",
    )
    return True


@transaction.atomic
def case_escalate(*, case: Case, now: datetime.datetime | None = None) -> bool:
    """Take the case one level up the tree if it is (still) overdue; False if nothing to do."""
    from cases.selectors import case_is_overdue, office_holders_at

    now = now or timezone.now()
    case = case_lock(case)
    if not case.is_open or not case_is_overdue(case, now=now):
        return False
    chain = escalation_chain(case.node)
    level = case.escalation_level + 1
    if level > len(chain):
        return False
    if case.escalation_level:
        last = case.events.filter(action=CaseEvent.Action.ESCALATE).order_by("-created_at").first()
        if last is not None and now - last.created_at < ESCALATE_EVERY:
            return False
    # Conditional: only the run that moves the level from level-1 records the escalation.
    if not Case.objects.filter(pk=case.pk, escalation_level=level - 1).update(
        escalation_level=level
    ):
        return False
    case.escalation_level = level
    target = chain[level - 1]
    event_record(
        case=case,
        action=CaseEvent.Action.ESCALATE,
        actor=None,
        note=target.full_name,
        escalation_level=level,
        escalated_to=target,
        created_at=now,
    )
    notify_people(
        case,
        office_holders_at(target),
        title=_("Overdue case escalated to you: #%(number)d %(category)s")
        % {"number": case.pk, "category": case.category.name},
        body=f"{case.place_display}\n{case.description[:200]}",
        key=f"escalate:{case.pk}:{level}",
    )
    return True


def deadlines_check(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """One pass of the beat job: reminders, then escalations (each case in its own
    transaction, so one failure does not undo the others)."""
    from cases import selectors

    now = now or timezone.now()
    reminded = escalated = 0
    for case, which, due in selectors.cases_to_remind(now=now, within=REMIND_BEFORE):
        with transaction.atomic():
            reminded += case_remind(case=case, which=which, due=due)
    for case in selectors.cases_overdue(now=now):
        escalated += case_escalate(case=case, now=now)
    return {"reminded": reminded, "escalated": escalated}
