"""Accept-and-dispatch in bulk: cases still waiting (待受理) are accepted, then dispatched, in one
transaction each, through the state table; another community's cases are refused."""

import datetime

import pytest
from django.urls import reverse

from cases import services
from cases.models import Case, CaseEvent, State
from tests.cases.factories import report

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 10, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


def test_a_waiting_case_is_accepted_then_dispatched_in_one_go(tapo, posts):
    # given a case still waiting and one already accepted
    staff = posts["community_staff"].user
    waiting, accepted = report(node=tapo["units"][0]), report(node=tapo["units"][0])
    services.case_accept(actor=staff, case=accepted)
    # when both are dispatched in bulk, accepting the waiting one first
    done, failed = services.cases_bulk_dispatch(
        actor=staff,
        cases=[waiting, accepted],
        post=posts["grid_worker"],
        accept_pending=True,
    )
    # then both are dispatched, and the timeline shows 立案 before 派遣
    assert (done, failed) == (2, [])
    waiting.refresh_from_db()
    assert waiting.state == State.DISPATCHED and waiting.assignee_post == posts["grid_worker"]
    actions = list(waiting.events.order_by("pk").values_list("action", flat=True))
    assert actions[-2:] == [CaseEvent.Action.ACCEPT, CaseEvent.Action.DISPATCH]


def test_without_accepting_a_waiting_case_is_refused_by_the_state_table(tapo, posts):
    staff = posts["community_staff"].user
    waiting = report(node=tapo["units"][0])
    done, failed = services.cases_bulk_dispatch(
        actor=staff, cases=[waiting], post=posts["grid_worker"]
    )
    assert done == 0 and failed[0][0] == waiting
    assert Case.objects.get(pk=waiting.pk).state == State.PENDING


def test_a_refused_dispatch_leaves_the_waiting_case_unaccepted(tapo, baoan, posts):
    # the post of another community cannot take the case: nothing of the pair is kept
    staff = posts["street_staff"].user
    waiting = report(node=tapo["units"][0])
    done, failed = services.cases_bulk_dispatch(
        actor=staff, cases=[waiting], post=posts["baoan_captain"], accept_pending=True
    )
    assert done == 0 and len(failed) == 1
    waiting.refresh_from_db()
    assert waiting.state == State.PENDING
    assert not waiting.events.filter(action=CaseEvent.Action.ACCEPT).exists()


def test_the_board_accepts_and_dispatches_and_refuses_another_communitys_cases(
    client, tapo, baoan, posts
):
    staff = posts["community_staff"].user
    mine = [report(node=tapo["units"][0]) for _ in range(2)]
    theirs = report(node=baoan["units"][0])
    client.force_login(staff)
    board = client.get(reverse("cases:board"), {"state": "pending"})
    assert "立案" in board.content.decode()
    response = client.post(
        reverse("cases:bulk_dispatch"),
        {
            "cases": [c.pk for c in mine] + [theirs.pk],
            "post": posts["grid_worker"].pk,
            "accept_pending": "on",
        },
    )
    assert response.status_code == 302
    states = dict(Case.objects.values_list("pk", "state"))
    assert [states[c.pk] for c in mine] == [State.DISPATCHED, State.DISPATCHED]
    assert states[theirs.pk] == State.PENDING
    # another community's staff cannot reach these cases at all
    client.force_login(posts["baoan_staff"].user)
    client.post(
        reverse("cases:bulk_dispatch"),
        {"cases": [theirs.pk, mine[0].pk], "post": posts["grid_worker"].pk, "accept_pending": "on"},
    )
    assert Case.objects.get(pk=mine[0].pk).events.filter(action="dispatch").count() == 1
