"""Hour records: logged by check-out or by hand, verified by the team's leaders or community
staff ("who organises records, who records certifies"), then deposited in the time bank."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from notifications.services import notify
from volunteers.models import HourRecord, Project, VolunteerProfile
from volunteers.permissions import can_verify
from volunteers.policy import policy_get, star_level
from volunteers.services.common import refuse, require_profile
from volunteers.services.timebank import time_deposit

MAX_MINUTES_A_DAY = 24 * 60


class Decision:
    APPROVE = "approve"
    ADJUST = "adjust"
    REJECT = "reject"
    ALL = (APPROVE, ADJUST, REJECT)


def hours_day_check(
    *,
    volunteer,
    service_date: dt.date,
    minutes: int,
    project: Project | None = None,
    span: tuple[dt.datetime, dt.datetime] | None = None,
) -> None:
    """Refuse a new record that no day can hold: more than 24 h of service on `service_date`
    (records not rejected, verified minutes where decided), or a repeat of service already
    recorded: the same project by hand on the same day (a form sent twice), or a checked-in
    `span` overlapping another check-in. Call inside the transaction that creates the record;
    it locks the volunteer's profile so two requests of one volunteer are checked in turn.
    """
    VolunteerProfile.objects.select_for_update().filter(user=volunteer).values_list(
        "pk", flat=True
    ).first()
    live = HourRecord.objects.filter(volunteer=volunteer, service_date=service_date).exclude(
        status=HourRecord.Status.REJECTED
    )
    recorded = live.aggregate(total=Sum(Coalesce("minutes_verified", "minutes_claimed")))["total"]
    if (recorded or 0) + minutes > MAX_MINUTES_A_DAY:
        raise refuse(
            _(
                "That would make more than 24 hours of service on %(date)s: "
                "%(hours)s hours are already recorded for that day."
            )
            % {"date": service_date.isoformat(), "hours": f"{(recorded or 0) / 60:g}"},
            "day_full",
        )
    if span is not None:
        start, end = span
        overlapping = live.filter(
            signup__checked_in_at__lt=end, signup__checked_out_at__gt=start
        ).exists()
        if overlapping:
            raise refuse(
                _(
                    "This time overlaps another shift you checked in to. "
                    "Please ask the team leader to correct the records."
                ),
                "hours_overlap",
            )
    elif project is not None and live.filter(project=project).exists():
        raise refuse(
            _(
                "You have already recorded time for this project on %(date)s. If you served "
                "longer, ask the team leader to change that record."
            )
            % {"date": service_date.isoformat()},
            "hours_overlap",
        )


@transaction.atomic
def hour_record_log(
    *, user, project: Project, service_date: dt.date, minutes: int, content: str
) -> HourRecord:
    """Log service time by hand against a project; it waits for verification."""
    require_profile(user)
    if (
        isinstance(minutes, bool)
        or not isinstance(minutes, int)
        or not (0 < minutes <= MAX_MINUTES_A_DAY)
    ):
        raise refuse(_("Please enter between 1 minute and 24 hours."), "invalid_minutes")
    if service_date > timezone.localdate():
        raise refuse(_("The service date cannot be in the future."), "future_date")
    if not (project.starts_on <= service_date <= project.ends_on):
        raise refuse(_("The date is outside the project's dates."), "outside_project")
    hours_day_check(volunteer=user, service_date=service_date, minutes=minutes, project=project)
    content = content.strip() or project.title
    return HourRecord.objects.create(
        volunteer=user,
        node=project.node,
        team=project.team,
        project=project,
        source=HourRecord.Source.MANUAL,
        service_date=service_date,
        content=content[:200],
        minutes_claimed=minutes,
    )


@transaction.atomic
def hour_record_verify(
    *, actor, record: HourRecord, decision: str, minutes: int | None = None, reason: str = ""
) -> HourRecord:
    """Approve, adjust (with a reason) or reject (with a reason) a pending record.

    A decided record is locked: repeating the same decision returns it unchanged (so a double
    click or a retried request moves nothing twice); any other decision, such as an "adjust"
    that lost the race to an "approve", is refused with code "record_locked" (the API says 409)
    and a message naming what was decided, never silently dropped.
    """
    record = (
        HourRecord.objects.select_for_update(of=("self",))
        .select_related("team", "node", "volunteer")
        .get(pk=record.pk)
    )
    if decision not in Decision.ALL:
        raise refuse(_("Unknown decision."), "invalid_decision")
    if not can_verify(actor, record):
        raise refuse(_("You may not verify this record."), "forbidden")
    reason = reason.strip()
    wanted = (
        HourRecord.Status.REJECTED if decision == Decision.REJECT else HourRecord.Status.VERIFIED
    )
    if record.is_locked:
        if _same_decision(record, decision, minutes):
            return record
        raise refuse(
            _(
                "Not saved: %(name)s already decided this record (%(status)s, %(hours)s hours). "
                "Reload the page to see it."
            )
            % {
                "name": record.decided_by or "—",
                "status": record.get_status_display(),
                "hours": f"{(record.minutes_verified or 0) / 60:g}",
            },
            "record_locked",
        )
    if decision == Decision.ADJUST:
        if (
            isinstance(minutes, bool)
            or not isinstance(minutes, int)
            or not (0 < minutes <= MAX_MINUTES_A_DAY)
        ):
            raise refuse(_("Please enter between 1 minute and 24 hours."), "invalid_minutes")
        if not reason:
            raise refuse(_("Please give a reason for the change."), "reason_required")
    if decision == Decision.REJECT and not reason:
        raise refuse(_("Please give a reason for rejecting."), "reason_required")
    record.status = wanted
    record.minutes_verified = (
        None
        if decision == Decision.REJECT
        else (minutes if decision == Decision.ADJUST else record.minutes_claimed)
    )
    record.decided_by = actor
    record.decided_at = timezone.now()
    record.reason = reason[:200]
    record.save(update_fields=["status", "minutes_verified", "decided_by", "decided_at", "reason"])
    audit_record(
        actor=actor,
        action=f"volunteers.hours_{decision}",
        target=record,
        scope_path=record.node.path,
        details={
            "volunteer": record.volunteer_id,
            "claimed": record.minutes_claimed,
            "verified": record.minutes_verified,
            "reason": record.reason,
        },
    )
    if wanted == HourRecord.Status.VERIFIED:
        hours_credit(record=record, actor=actor)
        title = _("%(hours)s hours verified: %(content)s") % {
            "hours": f"{record.minutes_verified / 60:g}",
            "content": record.content,
        }
    else:
        title = _("Your hours were not accepted: %(content)s") % {"content": record.content}
    notify(
        record.volunteer,
        title=title,
        body=record.reason,
        url=reverse("volunteers:hours"),
        category="volunteers",
        dedupe_key=f"volunteers:hours-decided:{record.pk}",
    )
    return record


def _same_decision(record: HourRecord, decision: str, minutes: int | None) -> bool:
    """Whether a decided record already says what this decision says (a repeat, not a rival)."""
    if decision == Decision.REJECT:
        return record.status == HourRecord.Status.REJECTED
    wanted = minutes if decision == Decision.ADJUST else record.minutes_claimed
    return record.status == HourRecord.Status.VERIFIED and record.minutes_verified == wanted


@dataclass(frozen=True)
class VerifyDecision:
    """One line of a leader's verification form."""

    record: HourRecord
    decision: str
    minutes: int | None = None
    reason: str = ""


class VerificationRefused(ValidationError):
    """Some decisions of a batch were refused, so none of the batch was saved.

    `failures` maps each refused record's id to the reason, in the user's language.
    """

    def __init__(self, failures: dict[int, str]):
        super().__init__(list(failures.values()), code="verification_refused")
        self.failures = failures


@transaction.atomic
def hour_records_verify(*, actor, decisions: list[VerifyDecision]) -> list[HourRecord]:
    """Apply a leader's decisions on several records together, or none of them.

    The rule: one form, one outcome. Every decision is tried (so the leader learns of every
    problem at once, each with its record); if any is refused, nothing of the form is saved
    (no hours credited, no message sent, no audit entry) and VerificationRefused names each
    refused record. Records are locked in id order, so two leaders' forms cannot deadlock.
    """
    failures: dict[int, str] = {}
    decided = []
    for line in sorted(decisions, key=lambda line: line.record.pk):
        try:
            with transaction.atomic():
                decided.append(
                    hour_record_verify(
                        actor=actor,
                        record=line.record,
                        decision=line.decision,
                        minutes=line.minutes,
                        reason=line.reason,
                    )
                )
        except ValidationError as error:
            failures[line.record.pk] = " ".join(error.messages)
    if failures:
        raise VerificationRefused(failures)  # leaving the atomic block undoes the others too
    return decided


def hours_credit(*, record: HourRecord, actor) -> None:
    """A verified record reaches the time bank and the volunteer's total; stars recomputed.

    Runs inside the verifying transaction. The ledger key makes the deposit happen once.
    """
    time_deposit(record=record, actor=actor)
    VolunteerProfile.objects.filter(user=record.volunteer).update(
        verified_minutes=F("verified_minutes") + record.minutes_verified
    )
    profile = (
        VolunteerProfile.objects.select_for_update(of=("self",))
        .filter(user=record.volunteer)
        .first()
    )
    if profile is None:
        return
    stars = star_level(profile.verified_minutes, policy_get(profile.community))
    if stars != profile.stars:
        promoted = stars > profile.stars
        profile.stars = stars
        profile.save(update_fields=["stars"])
        audit_record(
            actor=actor,
            action="volunteers.stars",
            target=profile,
            scope_path=profile.community.path,
            details={"stars": stars, "verified_minutes": profile.verified_minutes},
        )
        if promoted:
            notify(
                record.volunteer,
                title=_("Congratulations! You are now a %(stars)d-star volunteer")
                % {"stars": stars},
                url=reverse("volunteers:home"),
                category="volunteers",
                dedupe_key=f"volunteers:stars:{record.volunteer_id}:{stars}",
            )
