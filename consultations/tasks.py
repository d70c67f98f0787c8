"""Beat jobs of the consultations app. Each loads by id and calls a service; running one twice
changes nothing the second time (timestamps on the consultation, dedupe keys on messages)."""

from celery import shared_task
from django.utils import timezone

from consultations import selectors, services
from consultations.models import Consultation, FollowUp


@shared_task
def consultation_notify_opening_task(consultation_id: int) -> int:
    consultation = Consultation.objects.filter(pk=consultation_id).first()
    if consultation is None:
        return 0
    return services.consultation_notify_opening(consultation=consultation)


@shared_task
def consultation_remind_closing_task(consultation_id: int) -> int:
    consultation = Consultation.objects.filter(pk=consultation_id).first()
    if consultation is None:
        return 0
    return services.consultation_remind_closing(consultation=consultation)


@shared_task
def consultation_close_task(consultation_id: int) -> bool:
    consultation = Consultation.objects.filter(pk=consultation_id).first()
    if consultation is None or consultation.status != Consultation.Status.PUBLISHED:
        return False
    services.consultation_close(consultation=consultation)
    return True


@shared_task
def consultations_sweep_task() -> dict:
    """Every few minutes: announce opened consultations, remind a day before the close, close
    the ones whose time is up."""
    now = timezone.now()
    counts = {"opened": 0, "reminded": 0, "closed": 0}
    for pk in selectors.consultations_due_to_open(now).values_list("pk", flat=True):
        consultation_notify_opening_task(pk)
        counts["opened"] += 1
    for pk in selectors.consultations_due_for_reminder(now).values_list("pk", flat=True):
        consultation_remind_closing_task(pk)
        counts["reminded"] += 1
    for pk in selectors.consultations_due_to_close(now).values_list("pk", flat=True):
        consultation_close_task(pk)
        counts["closed"] += 1
    return counts


@shared_task
def follow_up_remind_task(follow_up_id: int) -> bool:
    follow_up = (
        FollowUp.objects.select_related("owner", "resolution").filter(pk=follow_up_id).first()
    )
    if follow_up is None:
        return False
    return services.follow_up_remind_overdue(follow_up=follow_up)


@shared_task
def follow_ups_overdue_task() -> int:
    """Daily: remind the responsible person of each overdue follow-up item (once per due date)."""
    reminded = 0
    for pk in selectors.follow_ups_overdue(timezone.localdate()).values_list("pk", flat=True):
        reminded += bool(follow_up_remind_task(pk))
    return reminded
