"""Concurrent sign-ups on PostgreSQL never overbook; a real worker sends reminders once."""

import threading

import pytest
from django.db import connection

from events import services
from events.models import Occurrence, Registration
from notifications.models import Message
from tests.conftest import wait_for
from tests.events.conftest import live_in
from tests.events.factories import first_session, make_event


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_never_exceed_capacity(tree):
    tapo = tree["塔坡社区"]
    # 16 residents race for 5 places
    people = [live_in(tapo["households"][i % len(tapo["households"])]) for i in range(16)]
    session = first_session(
        make_event(tapo["community"], capacity=5, starts_at=_soon(), registration_opens_days=30)
    )
    barrier = threading.Barrier(len(people))
    errors = []

    def sign_up(person):
        try:
            barrier.wait()
            services.registration_create(user=person, occurrence=session)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=sign_up, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    session.refresh_from_db()
    confirmed = Registration.objects.filter(occurrence=session, status="confirmed").count()
    assert confirmed == session.seats_taken == 5
    assert Registration.objects.filter(occurrence=session, status="waitlisted").count() == 11


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_cancellations_promote_each_waiting_person_once(tree):
    tapo = tree["塔坡社区"]
    people = [live_in(tapo["households"][i % len(tapo["households"])]) for i in range(8)]
    session = first_session(
        make_event(
            tapo["community"], capacity=4, starts_at=_soon(24 * 60), registration_opens_days=30
        )
    )
    for person in people:
        services.registration_create(user=person, occurrence=session)
    leaving = list(Registration.objects.filter(status="confirmed").order_by("pk"))
    barrier = threading.Barrier(len(leaving))

    def cancel(registration):
        try:
            barrier.wait()
            services.registration_cancel(actor=registration.user, registration=registration)
        finally:
            connection.close()

    threads = [threading.Thread(target=cancel, args=(r,)) for r in leaving]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    session = Occurrence.objects.get(pk=session.pk)
    assert session.seats_taken == 4
    assert Registration.objects.filter(status="confirmed").count() == 4
    assert Message.objects.filter(dedupe_key__startswith="events:promoted:").count() == 4


@pytest.mark.worker
def test_reminders_task_runs_on_a_real_worker_and_sends_once(celery_worker_process, tree):
    from events.tasks import reminders_send_task

    tapo = tree["塔坡社区"]
    person = live_in(tapo["households"][0])
    session = first_session(make_event(tapo["community"], starts_at=_soon()))
    services.registration_create(user=person, occurrence=session)
    reminders_send_task.delay()
    reminders_send_task.delay()
    assert wait_for(lambda: Message.objects.filter(recipient=person).exists())
    # let the second run finish too, then check nothing was sent twice
    wait_for(
        lambda: (
            "succeeded" in celery_worker_process.log_path.read_text()
            and celery_worker_process.log_path.read_text().count("succeeded") >= 2
        )
    )
    assert Message.objects.filter(recipient=person).count() == 1


def _soon(minutes: int = 30):
    """By default thirty minutes from now: registration open, the one-hour reminder due."""
    import datetime as dt

    from django.utils import timezone

    return timezone.now().replace(microsecond=0) + dt.timedelta(minutes=minutes)
