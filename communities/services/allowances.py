"""The month's captains' allowances, computed from their duties (see communities.duties).

amount = base × (50 % × patrol rate + 30 % × report rate + 20 % × response rate), where a rate is
days done / working days of the captain's term in the month (cases answered within 24 hours /
cases dispatched to them; a month without cases is judged on the days alone). Staff review the figures and rerun at will:
an unpaid allowance is recomputed in place, a paid one is never touched again.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from communities import duties
from communities.models import Allowance, DailyReport, EvaluationRound, Node, PatrolLog, Post
from communities.scoping import CAPTAIN_POSTS
from communities.services.captains import (
    _check_manages,
    evaluation_entry_score,
    evaluation_publish,
    evaluation_round_create,
)

BASE_AMOUNT = Decimal("150.00")
WEIGHTS = {"patrol": Decimal("0.5"), "report": Decimal("0.3"), "response": Decimal("0.2")}
FIGURES = ["working_days", "patrol_days", "report_days", "cases_assigned", "cases_on_time"]


def _rate(done: int, due: int) -> Decimal:
    return Decimal(0) if due == 0 else min(Decimal(1), Decimal(done) / Decimal(due))


def _figures(post: Post, first, last, logs, reports, responses) -> dict:
    start = max(first, post.starts_on)
    end = min(last, post.ends_on) if post.ends_on else last
    workdays = set(duties.working_days(start, end)) if start <= end else set()
    # A patrol or report counts for the post when its place and the post's place overlap (a
    # captain of a unit patrols the building; a building's captain may report on a unit).
    patrols = [d for user, node, d in logs if user == post.user_id and node.overlaps(post.node)]
    reported = [d for user, node, d in reports if user == post.user_id and node.overlaps(post.node)]
    assigned, on_time = responses.get(post.pk, (0, 0))
    figures = {
        "working_days": len(workdays),
        "patrol_days": duties.days_on(patrols, workdays),
        "report_days": duties.days_on(reported, workdays),
        "cases_assigned": assigned,
        "cases_on_time": on_time,
    }
    days = WEIGHTS["patrol"] * _rate(figures["patrol_days"], figures["working_days"]) + WEIGHTS[
        "report"
    ] * _rate(figures["report_days"], figures["working_days"])
    if assigned:
        score = days + WEIGHTS["response"] * _rate(on_time, assigned)
    else:
        # No case was dispatched: the month is judged on patrols and reports alone.
        score = days / (WEIGHTS["patrol"] + WEIGHTS["report"])
    if not workdays:
        score = Decimal(0)
    figures["score"] = (score * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return figures


@transaction.atomic
def allowances_compute_month(
    *, actor, node: Node, month: datetime.date, base: Decimal = BASE_AMOUNT
) -> dict[str, int]:
    """Compute (or recompute) the month's allowance of every captain's post at or under `node`
    whose term touches the month. Idempotent: a second run with the same duties changes nothing
    and says so; paid allowances are kept as paid. Returns the counts per outcome."""
    _check_manages(actor, node)
    first, last = duties.month_bounds(month)
    posts = list(
        Post.objects.filter(node.subtree_q("node"), kind__in=CAPTAIN_POSTS, starts_on__lte=last)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=first))
        .select_related("node")
        .order_by("pk")
    )
    users = {post.user_id for post in posts}
    logs = [
        (log.captain_id, log.building, log.date)
        for log in PatrolLog.objects.filter(
            captain_id__in=users, date__range=(first, last)
        ).select_related("building")
    ]
    reports = [
        (report.captain_id, report.node, report.date)
        for report in DailyReport.objects.filter(
            captain_id__in=users, date__range=(first, last)
        ).select_related("node")
    ]
    responses = duties.case_responses([post.pk for post in posts], first, last)
    existing = {
        allowance.post_id: allowance
        for allowance in Allowance.objects.select_for_update()
        .filter(post__in=posts, month=first)
        .order_by("pk")
    }
    outcome = {"created": 0, "updated": 0, "unchanged": 0, "paid_kept": 0}
    now = timezone.now()
    for post in posts:
        figures = _figures(post, first, last, logs, reports, responses)
        amount = (base * figures["score"] / 100).quantize(Decimal("0.01"), ROUND_HALF_UP)
        values = {**figures, "amount": amount}
        allowance = existing.get(post.pk)
        if allowance is None:
            Allowance.objects.create(
                post=post, captain_id=post.user_id, month=first, computed_at=now, **values
            )
            outcome["created"] += 1
        elif allowance.paid:
            outcome["paid_kept"] += 1
        elif all(getattr(allowance, field) == value for field, value in values.items()):
            outcome["unchanged"] += 1
        else:
            for field, value in values.items():
                setattr(allowance, field, value)
            allowance.computed_at = now
            allowance.save(update_fields=[*values, "computed_at"])
            outcome["updated"] += 1
    audit_record(
        actor=actor,
        action="communities.allowances_compute",
        target=node,
        scope_path=node.path,
        details={"month": first.isoformat(), "base": str(base), **outcome},
    )
    return outcome


@transaction.atomic
def excellent_captains_from_duties(
    *, actor, node: Node, month: datetime.date, awards: int = 3
) -> EvaluationRound:
    """Select the month's 优秀楼栋长 at `node` by the duty scores of the computed allowances and
    publish the result (the public notice shows it). Once per place and month."""
    _check_manages(actor, node)
    first, last = duties.month_bounds(month)
    scores = {
        (allowance.post.node_id, allowance.captain_id): allowance.score
        for allowance in Allowance.objects.filter(
            node.subtree_q("post__node"), month=first
        ).select_related("post")
    }
    if not scores:
        raise ValidationError(
            _("Compute the month's allowances first: the selection uses their scores."),
            code="no_scores",
        )
    kind = EvaluationRound.Kind.EXCELLENT_CAPTAIN
    if EvaluationRound.objects.filter(
        node=node, kind=kind, period_start=first, period_end=last
    ).exists():
        raise ValidationError(
            _("This month's selection has already been made here."), code="already_selected"
        )
    evaluation = evaluation_round_create(
        actor=actor,
        node=node,
        kind=kind,
        title=_("Excellent building captains, %(month)s") % {"month": f"{first:%Y-%m}"},
        period_start=first,
        period_end=last,
        criteria=_("The month's duty score: patrols, daily reports and case response."),
        awards=awards,
    )
    for entry in evaluation.entries.order_by("pk"):
        score = scores.get((entry.node_id, entry.captain_id))
        if score:
            evaluation_entry_score(actor=actor, entry=entry, score=score)
    return evaluation_publish(actor=actor, evaluation=evaluation)
