"""Beat jobs of the bookings app; each calls a service and is safe to run twice."""

from celery import shared_task

from bookings.services.appointment_followup import reminders_send
from bookings.services.canteen_reminders import canteen_reminders_send


@shared_task
def appointment_reminders_task() -> int:
    """Remind people of tomorrow's appointments (daily; a doubled run sends nothing more)."""
    return reminders_send()


@shared_task
def canteen_reminders_task() -> int:
    """Remind those who usually order a meal and have none for tomorrow (daily, in the
    afternoon; a doubled run sends nothing more)."""
    return canteen_reminders_send()
