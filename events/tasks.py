"""Beat jobs of the events app; each calls a service and is safe to run twice."""

from celery import shared_task
from django.db.models import Q

from events import services
from events.models import Event


@shared_task
def occurrences_materialise_task() -> int:
    """Create the sessions of recurring events for the coming months (idempotent)."""
    created = 0
    events = Event.objects.filter(status=Event.Status.PUBLISHED).exclude(
        Q(rrule="") & Q(lunar_month__isnull=True)
    )
    for event in events.iterator():
        created += services.occurrences_materialise(event=event)
    return created


@shared_task
def event_materialise_task(event_id: int) -> int:
    event = Event.objects.filter(pk=event_id).first()
    return services.occurrences_materialise(event=event) if event else 0


@shared_task
def reminders_send_task() -> int:
    """Remind attendees before sessions (run every few minutes; a second run sends nothing)."""
    return services.reminders_send()


@shared_task
def summary_reminders_send_task() -> int:
    return services.summary_reminders_send()
