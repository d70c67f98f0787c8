"""Captains' work: patrols (日巡查), daily reports (日报告), evaluations and allowances."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from communities.models import (
    Allowance,
    DailyReport,
    EvaluationEntry,
    EvaluationRound,
    Node,
    PatrolLog,
    PatrolPhoto,
    Post,
)
from communities.scoping import CAPTAIN_POSTS, scope_for_user
from core.images import image_clean
from notifications.services import notify

MAX_PATROL_PHOTOS = 6


def _check_captain_of(user, building: Node) -> None:
    scope = scope_for_user(user)
    # 巷长 and 街长 patrol their lane or street (a street segment) as 楼长 patrol buildings.
    patrolled = {Node.Kind.BUILDING, Node.Kind.UNIT, Node.Kind.STREET_SEGMENT}
    if not scope.contains(building) or building.kind not in patrolled:
        raise ValidationError(
            _("You may only patrol the buildings you look after."), code="out_of_scope"
        )


@transaction.atomic
def patrol_log_create(
    *,
    captain,
    building: Node,
    findings: str = "",
    has_problem: bool = False,
    photos: list[UploadedFile] | None = None,
    date: datetime.date | None = None,
) -> PatrolLog:
    photos = photos or []
    _check_captain_of(captain, building)
    if len(photos) > MAX_PATROL_PHOTOS:
        raise ValidationError(
            _("At most %(count)d photos.") % {"count": MAX_PATROL_PHOTOS}, code="too_many_photos"
        )
    cleaned = [image_clean(photo) for photo in photos]
    log = PatrolLog.objects.create(
        captain=captain,
        building=building,
        date=date or timezone.localdate(),
        findings=findings.strip(),
        has_problem=has_problem,
    )
    for index, content in enumerate(cleaned, start=1):
        photo = PatrolPhoto(log=log)
        photo.image.save(f"patrol-{log.pk}-{index}.jpg", content, save=True)
    audit_record(
        actor=captain,
        action="communities.patrol_log",
        target=log,
        scope_path=building.path,
        details={"photos": len(cleaned), "has_problem": has_problem},
    )
    return log


@transaction.atomic
def daily_report_submit(
    *,
    captain,
    node: Node,
    summary: str,
    problems_found: int = 0,
    problems_handled: int = 0,
    date: datetime.date | None = None,
) -> DailyReport:
    """Write (or correct) the captain's report of the day for a place they look after."""
    if not scope_for_user(captain).contains(node):
        raise ValidationError(_("This place is outside your area."), code="out_of_scope")
    if problems_handled > problems_found:
        raise ValidationError(_("More problems handled than found."), code="handled_exceeds_found")
    report, _created = DailyReport.objects.update_or_create(
        captain=captain,
        node=node,
        date=date or timezone.localdate(),
        defaults={
            "summary": summary.strip(),
            "problems_found": problems_found,
            "problems_handled": problems_handled,
        },
    )
    return report


def _check_manages(actor, node: Node) -> None:
    if actor is None:  # the system itself (demo, management commands)
        return
    if not scope_for_user(actor).manages(node):
        raise ValidationError(_("This place is outside your area."), code="out_of_scope")


@transaction.atomic
def evaluation_round_create(
    *,
    actor,
    node: Node,
    kind: str,
    title: str,
    period_start: datetime.date,
    period_end: datetime.date,
    criteria: str,
    awards: int = 3,
) -> EvaluationRound:
    """Open a selection; every current captain (or every stairway) of the place is a candidate."""
    _check_manages(actor, node)
    if period_end < period_start:
        raise ValidationError(_("The period ends before it starts."), code="bad_period")
    evaluation = EvaluationRound.objects.create(
        node=node,
        kind=kind,
        title=title,
        period_start=period_start,
        period_end=period_end,
        criteria=criteria,
        awards=awards,
    )
    if kind == EvaluationRound.Kind.EXCELLENT_CAPTAIN:
        posts = Post.objects.filter(
            node.subtree_q("node"), ends_on__isnull=True, kind__in=CAPTAIN_POSTS
        )
        entries = [
            EvaluationEntry(round=evaluation, node_id=p.node_id, captain_id=p.user_id)
            for p in posts
        ]
    else:
        units = node.subtree([Node.Kind.UNIT])
        entries = [EvaluationEntry(round=evaluation, node=unit) for unit in units]
    EvaluationEntry.objects.bulk_create(entries, ignore_conflicts=True)
    audit_record(
        actor=actor,
        action="communities.evaluation_open",
        target=evaluation,
        scope_path=node.path,
        details={"kind": kind, "candidates": len(entries)},
    )
    return evaluation


@transaction.atomic
def evaluation_entry_score(
    *, actor, entry: EvaluationEntry, score: Decimal, remarks: str = ""
) -> EvaluationEntry:
    entry = (
        EvaluationEntry.objects.select_related("round__node").select_for_update().get(pk=entry.pk)
    )
    _check_manages(actor, entry.round.node)
    if entry.round.status != EvaluationRound.Status.OPEN:
        raise ValidationError(_("The result is already published."), code="published")
    if not Decimal(0) <= score <= Decimal(100):
        raise ValidationError(_("A score is between 0 and 100."), code="bad_score")
    entry.score = score
    entry.remarks = remarks
    entry.save(update_fields=["score", "remarks"])
    audit_record(
        actor=actor,
        action="communities.evaluation_score",
        target=entry,
        scope_path=entry.node.path,
        details={"score": str(score)},
    )
    return entry


@transaction.atomic
def evaluation_publish(*, actor, evaluation: EvaluationRound) -> EvaluationRound:
    """Rank by score, award the top N, freeze the round and tell the awarded captains."""
    evaluation = EvaluationRound.objects.select_for_update().get(pk=evaluation.pk)
    _check_manages(actor, evaluation.node)
    if evaluation.status == EvaluationRound.Status.PUBLISHED:
        raise ValidationError(_("The result is already published."), code="published")
    entries = list(evaluation.entries.select_related("captain", "node").order_by("-score", "pk"))
    for rank, entry in enumerate(entries, start=1):
        entry.rank = rank
        entry.awarded = rank <= evaluation.awards and entry.score > 0
    EvaluationEntry.objects.bulk_update(entries, ["rank", "awarded"])
    evaluation.status = EvaluationRound.Status.PUBLISHED
    evaluation.published_at = timezone.now()
    evaluation.save(update_fields=["status", "published_at"])
    audit_record(
        actor=actor,
        action="communities.evaluation_publish",
        target=evaluation,
        scope_path=evaluation.node.path,
        details={"awarded": [e.pk for e in entries if e.awarded]},
    )
    for entry in entries:
        if entry.awarded and entry.captain is not None:
            notify(
                entry.captain,
                title=_("You were selected: %(title)s") % {"title": evaluation.title},
                url=reverse("communities:my_community"),
                category="communities",
                dedupe_key=f"communities-evaluation-{evaluation.pk}-{entry.pk}",
            )
    return evaluation


@transaction.atomic
def allowance_mark_paid(*, actor, allowance: Allowance) -> Allowance:
    allowance = (
        Allowance.objects.select_for_update().select_related("post__node").get(pk=allowance.pk)
    )
    _check_manages(actor, allowance.post.node)
    if not allowance.paid:
        allowance.paid = True
        allowance.paid_at = timezone.now()
        allowance.save(update_fields=["paid", "paid_at"])
        audit_record(
            actor=actor,
            action="communities.allowance_paid",
            target=allowance,
            scope_path=allowance.post.node.path,
            details={"amount": str(allowance.amount), "month": allowance.month.isoformat()},
        )
    return allowance
