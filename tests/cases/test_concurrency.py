"""Races on PostgreSQL: two people act on one case at once; two beat runs overlap."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from cases import services
from cases.models import Case, CaseEvent
from tests.cases.factories import report

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_together(*calls):
    barrier = threading.Barrier(len(calls))
    results = []

    def worker(call):
        try:
            barrier.wait()
            results.append(call())
        except ValidationError as error:
            results.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_two_people_accepting_at_once_register_it_once(tapo, posts):
    case = report(node=tapo["units"][0])
    captain, staff = posts["captain"].user, posts["community_staff"].user
    results = run_together(
        lambda: services.case_accept(actor=captain, case=case) and "ok",
        lambda: services.case_accept(actor=staff, case=case) and "ok",
    )
    assert sorted(results) == ["ok", "transition_refused"]
    assert case.events.filter(action=CaseEvent.Action.ACCEPT).count() == 1


def test_overlapping_escalations_take_a_level_once(tapo, posts):
    case = report(node=tapo["units"][0])
    Case.objects.filter(pk=case.pk).update(
        response_due_at=case.created_at - datetime.timedelta(hours=1)
    )
    results = run_together(
        lambda: services.case_escalate(case=case),
        lambda: services.case_escalate(case=case),
        lambda: services.case_escalate(case=case),
    )
    assert sorted(results) == [False, False, True]
    assert case.events.filter(action=CaseEvent.Action.ESCALATE).count() == 1
