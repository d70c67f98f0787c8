"""Beat jobs: opening notices and closing reminders once each, the close, overdue follow-ups;
one run through a real Celery worker."""

import datetime

import pytest
from django.utils import timezone

from consultations import services
from consultations.models import Consultation
from consultations.tasks import (
    consultation_notify_opening_task,
    consultations_sweep_task,
    follow_ups_overdue_task,
)
from notifications.models import Message
from tests.accounts.factories import UserFactory
from tests.conftest import wait_for
from tests.consultations.factories import accepted_matter, live_in, open_consultation, option

pytestmark = pytest.mark.django_db


@pytest.fixture
def voters(tapo):
    return [live_in(h).user for h in tapo["households"][:3]]


def test_publishing_an_open_consultation_tells_every_voter_once(
    tapo, tapo_staff, voters, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        consultation = open_consultation(staff=tapo_staff, node=tapo["building"])
    told = Message.objects.filter(category="consultations", dedupe_key__contains="-open-")
    assert sorted(m.recipient_id for m in told) == sorted(v.pk for v in voters)
    assert consultation_notify_opening_task(consultation.pk) == 0
    assert Message.objects.filter(dedupe_key__contains="-open-").count() == 3


def test_a_later_opening_is_announced_by_the_sweep_and_reminders_go_a_day_before(
    tapo, tapo_staff, voters, time_machine
):
    start = timezone.now()
    matter = accepted_matter(node=tapo["building"], staff=tapo_staff)
    consultation = services.consultation_create(
        actor=tapo_staff,
        matter=matter,
        node=tapo["building"],
        question="是否划线停车？",
        electorate="residents",
        choice_kind="yes_no",
        opens_at=start + datetime.timedelta(hours=2),
        closes_at=start + datetime.timedelta(days=3),
    )
    services.consultation_publish(actor=tapo_staff, consultation=consultation)
    assert not Message.objects.filter(dedupe_key__contains="-open-").exists()
    time_machine.move_to(start + datetime.timedelta(hours=3))
    assert consultations_sweep_task()["opened"] == 1
    assert consultations_sweep_task()["opened"] == 0
    assert Message.objects.filter(dedupe_key__contains="-open-").count() == 3
    # one voter votes; a day before the close the other two are reminded, once
    services.ballot_cast(
        user=voters[0], consultation=consultation, option_ids=[option(consultation, "yes").pk]
    )
    time_machine.move_to(start + datetime.timedelta(days=2, hours=1))
    assert consultations_sweep_task()["reminded"] == 1
    assert consultations_sweep_task()["reminded"] == 0
    reminded = Message.objects.filter(dedupe_key__contains="-closing-")
    assert sorted(m.recipient_id for m in reminded) == sorted(v.pk for v in voters[1:])
    # after the close the sweep freezes the result
    time_machine.move_to(start + datetime.timedelta(days=3, minutes=5))
    assert consultations_sweep_task()["closed"] == 1
    consultation.refresh_from_db()
    assert consultation.status == Consultation.Status.CLOSED
    assert consultation.result["ballots"] == 1


def test_overdue_follow_ups_are_reminded_once(tapo, tapo_staff, time_machine):
    time_machine.move_to(datetime.datetime(2026, 5, 1, 2, tzinfo=datetime.UTC))
    matter = accepted_matter(node=tapo["building"], staff=tapo_staff)
    resolution = services.resolution_record(
        actor=tapo_staff, matter=matter, text="同意", decided_on=datetime.date(2026, 5, 1)
    )
    owner = UserFactory()
    services.follow_up_add(
        actor=tapo_staff,
        resolution=resolution,
        title="施工",
        owner=owner,
        due_on=datetime.date(2026, 5, 3),
    )
    assert follow_ups_overdue_task() == 0
    time_machine.move_to(datetime.datetime(2026, 5, 5, 2, tzinfo=datetime.UTC))
    assert follow_ups_overdue_task() == 1
    assert follow_ups_overdue_task() == 0


def test_the_default_schedules_exist_in_the_database():
    from django_celery_beat.models import PeriodicTask

    tasks = set(PeriodicTask.objects.values_list("task", flat=True))
    assert "consultations.tasks.consultations_sweep_task" in tasks
    assert "consultations.tasks.follow_ups_overdue_task" in tasks


@pytest.mark.worker
def test_a_real_worker_announces_an_opening(celery_worker_process, tapo, tapo_staff):
    from consultations.models import Voter

    voter = live_in(tapo["households"][0]).user
    consultation = open_consultation(staff=tapo_staff, node=tapo["building"], publish=False)
    # publish with the worker running: the notice task goes through the broker
    services.consultation_publish(actor=tapo_staff, consultation=consultation)
    assert Voter.objects.filter(consultation=consultation, user=voter).exists()
    told = wait_for(
        lambda: Message.objects.filter(recipient=voter, dedupe_key__contains="-open-").exists()
    )
    assert told, celery_worker_process.log_path.read_text()
