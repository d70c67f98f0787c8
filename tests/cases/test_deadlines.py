"""Reminders and escalation with frozen time; the beat task run twice sends nothing twice."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from cases import services
from cases.models import Case, CaseEvent, TimeUnit
from cases.tasks import case_deadlines_check_task
from notifications.models import Message
from tests.cases.factories import category, report

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
START = datetime.datetime(2025, 3, 10, 9, 0, tzinfo=SHANGHAI)  # a Monday


@pytest.fixture
def case(tapo, posts, time_machine):
    time_machine.move_to(START, tick=False)
    cat = category(
        response_limit=24,
        response_unit=TimeUnit.CALENDAR_HOURS,
        resolve_limit=48,
        resolve_unit=TimeUnit.CALENDAR_HOURS,
    )
    return report(node=tapo["units"][0], cat=cat)


KEYS = {"respond": "cases:remind:response:", "escalated": "cases:escalate:"}


def messages_with(user, kind):
    return Message.objects.filter(recipient=user, dedupe_key__startswith=KEYS[kind])


def test_near_the_response_deadline_the_assignee_is_reminded_once(case, posts, time_machine):
    captain = posts["captain"].user
    time_machine.move_to(START + datetime.timedelta(hours=21), tick=False)
    assert case_deadlines_check_task() == {"reminded": 0, "escalated": 0}
    time_machine.move_to(START + datetime.timedelta(hours=22, minutes=30), tick=False)
    case_deadlines_check_task()
    case_deadlines_check_task()
    assert messages_with(captain, "respond").count() == 1


def test_a_responded_case_gets_no_response_reminder(case, posts, time_machine):
    captain = posts["captain"].user
    services.case_accept(actor=captain, case=case)
    time_machine.move_to(START + datetime.timedelta(hours=23), tick=False)
    case_deadlines_check_task()
    assert messages_with(captain, "respond").count() == 0


def test_overdue_escalates_to_the_community_once_then_to_the_street(case, posts, time_machine):
    community_staff = posts["community_staff"].user
    street_staff = posts["street_staff"].user
    # given the response deadline has passed without a response
    time_machine.move_to(START + datetime.timedelta(hours=25), tick=False)
    # when the beat job runs twice
    case_deadlines_check_task()
    case_deadlines_check_task()
    # then the case went up one level, once, and the community was told once
    assert Case.objects.get(pk=case.pk).escalation_level == 1
    escalations = CaseEvent.objects.filter(case=case, action=CaseEvent.Action.ESCALATE)
    assert [(e.escalation_level, e.escalated_to) for e in escalations] == [(1, case.node.community)]
    assert messages_with(community_staff, "escalated").count() == 1
    assert messages_with(street_staff, "escalated").count() == 0
    # still overdue a day later: the street is told, once
    time_machine.move_to(START + datetime.timedelta(hours=50), tick=False)
    case_deadlines_check_task()
    case_deadlines_check_task()
    assert Case.objects.get(pk=case.pk).escalation_level == 2
    assert messages_with(street_staff, "escalated").count() == 1
    # and there is no level above the street
    time_machine.move_to(START + datetime.timedelta(days=10), tick=False)
    assert case_deadlines_check_task()["escalated"] == 0
    assert escalations.all().count() == 2


def test_a_case_on_hold_is_not_escalated_for_resolution(case, posts, time_machine):
    captain = posts["captain"].user
    services.case_accept(actor=captain, case=case)
    services.case_start(actor=captain, case=case)
    services.case_hold(actor=captain, case=case, explanation="等待维修资金审批")
    time_machine.move_to(START + datetime.timedelta(hours=60), tick=False)
    case_deadlines_check_task()
    assert Case.objects.get(pk=case.pk).escalation_level == 0


def test_a_closed_case_is_never_escalated(case, posts, time_machine):
    captain, grid = posts["captain"].user, posts["grid_worker"].user
    services.case_accept(actor=captain, case=case)
    services.case_start(actor=captain, case=case)
    services.case_submit(actor=captain, case=case, result="已清理")
    services.case_verify(actor=grid, case=case, passed=True)
    time_machine.move_to(START + datetime.timedelta(days=5), tick=False)
    assert case_deadlines_check_task()["escalated"] == 0


@pytest.mark.worker
def test_the_beat_task_runs_on_a_real_worker(celery_worker_process, tapo, posts):
    from tests.conftest import wait_for

    cat = category(response_limit=1, resolve_limit=2)
    case = report(node=tapo["units"][0], cat=cat)
    Case.objects.filter(pk=case.pk).update(
        response_due_at=case.created_at - datetime.timedelta(hours=1)
    )
    case_deadlines_check_task.delay()
    escalated = wait_for(lambda: Case.objects.get(pk=case.pk).escalation_level == 1)
    assert escalated, celery_worker_process.log_path.read_text()
