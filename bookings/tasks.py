"""Beat jobs of the bookings app; each calls a service and is safe to run twice."""

from celery import shared_task

from bookings.services.appointment_followup import reminders_send


@shared_task
def appointment_reminders_task() -> int:
    """Remind people of tomorrow's appointments (daily; a doubled run sends nothing more)."""
    return reminders_send()
