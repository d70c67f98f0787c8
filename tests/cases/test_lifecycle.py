"""The state machine: every allowed transition, refusals, and the timeline each one leaves."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from audit.models import AuditEntry
from cases import services
from cases.models import Case, CaseEvent, Satisfaction, State
from cases.states import TRANSITIONS, transition_target
from notifications.models import Message
from party.models import CoBuildingUnit
from tests.accounts.factories import UserFactory
from tests.cases.factories import photo, report

pytestmark = pytest.mark.django_db


def last_event(case) -> CaseEvent:
    return case.events.order_by("-created_at", "-pk").first()


def assert_recorded(case, action, from_state, to_state, actor):
    event = last_event(case)
    assert (event.action, event.from_state, event.to_state) == (action, from_state, to_state)
    assert event.actor == actor
    assert Case.objects.get(pk=case.pk).state == to_state
    assert AuditEntry.objects.filter(action=f"cases.{action}", target_id=str(case.pk)).exists()


@pytest.fixture
def case(tapo, posts, rubbish):
    return report(node=tapo["units"][0], cat=rubbish)


@pytest.fixture
def staff(posts):
    return posts["community_staff"].user


@pytest.fixture
def captain(posts):
    return posts["captain"].user


@pytest.fixture
def grid_worker(posts):
    return posts["grid_worker"].user


def test_a_report_starts_pending_with_a_report_entry(case, captain):
    event = last_event(case)
    assert (event.action, event.from_state, event.to_state) == (
        CaseEvent.Action.REPORT,
        "",
        State.PENDING,
    )
    assert case.assignee_post.user == captain


def test_accept_by_the_assignee_registers_the_case(case, captain):
    services.case_accept(actor=captain, case=case)
    assert_recorded(case, CaseEvent.Action.ACCEPT, State.PENDING, State.REGISTERED, captain)


def test_reject_needs_a_reason_and_tells_the_reporter(case, staff):
    with pytest.raises(ValidationError) as error:
        services.case_reject(actor=staff, case=case, reason="  ")
    assert error.value.code == "note_required"
    services.case_reject(actor=staff, case=case, reason="属于物业管理范围，已转物业")
    assert_recorded(case, CaseEvent.Action.REJECT, State.PENDING, State.REJECTED, staff)
    assert Message.objects.filter(
        recipient=case.reporter,
        title=_("Your report #%(number)d was not registered") % {"number": case.pk},
    ).exists()


def test_dispatch_and_redispatch_to_a_post_and_a_co_building_unit(case, staff, posts, tapo):
    services.case_accept(actor=staff, case=case)
    services.case_dispatch(actor=staff, case=case, post=posts["grid_worker"], note="请核实")
    assert_recorded(case, CaseEvent.Action.DISPATCH, State.REGISTERED, State.DISPATCHED, staff)
    assert Case.objects.get(pk=case.pk).assignee_post == posts["grid_worker"]
    unit = CoBuildingUnit.objects.create(
        community=tapo["community"], kind=CoBuildingUnit.Kind.COMPANY, name="供电局"
    )
    services.case_dispatch(actor=staff, case=case, unit=unit)
    assert_recorded(case, CaseEvent.Action.DISPATCH, State.DISPATCHED, State.DISPATCHED, staff)
    fresh = Case.objects.get(pk=case.pk)
    assert (fresh.assignee_post, fresh.assignee_unit) == (None, unit)
    assert last_event(case).to_unit == unit


def test_dispatch_to_a_post_of_another_community_is_refused(case, staff, posts):
    services.case_accept(actor=staff, case=case)
    with pytest.raises(ValidationError) as error:
        services.case_dispatch(actor=staff, case=case, post=posts["baoan_captain"])
    assert error.value.code == "dispatch_target"


def test_the_unit_that_does_not_own_it_returns_it_with_a_reason(case, staff, captain):
    services.case_accept(actor=captain, case=case)
    services.case_start(actor=captain, case=case)
    assert_recorded(case, CaseEvent.Action.START, State.REGISTERED, State.IN_PROGRESS, captain)
    services.case_return(actor=captain, case=case, reason="这是市政道路，不归本楼")
    assert_recorded(case, CaseEvent.Action.RETURN, State.IN_PROGRESS, State.RETURNED, captain)
    assert Case.objects.get(pk=case.pk).assignee_post is None
    assert Message.objects.filter(recipient=staff, dedupe_key__startswith="cases:return:").exists()


def test_hold_needs_a_written_explanation_and_start_resumes(case, captain):
    services.case_accept(actor=captain, case=case)
    services.case_start(actor=captain, case=case)
    with pytest.raises(ValidationError):
        services.case_hold(actor=captain, case=case, explanation="")
    services.case_hold(actor=captain, case=case, explanation="需等待业委会表决维修资金")
    assert_recorded(case, CaseEvent.Action.HOLD, State.IN_PROGRESS, State.ON_HOLD, captain)
    services.case_start(actor=captain, case=case)
    assert_recorded(case, CaseEvent.Action.START, State.ON_HOLD, State.IN_PROGRESS, captain)


def handled(case, captain):
    services.case_accept(actor=captain, case=case)
    services.case_start(actor=captain, case=case)
    services.case_submit(
        actor=captain, case=case, result="已联系保洁清运", photos=[photo("after.jpg")]
    )
    return case


def test_submit_with_photos_waits_for_the_on_site_check(case, captain):
    handled(case, captain)
    assert_recorded(case, CaseEvent.Action.SUBMIT, State.IN_PROGRESS, State.TO_VERIFY, captain)
    assert last_event(case).photos.count() == 1


def test_the_handler_cannot_verify_their_own_result(case, captain, posts):
    # the grid worker handles it himself, so he may not also check it
    grid_worker = posts["grid_worker"].user
    services.case_accept(actor=grid_worker, case=case)
    services.case_dispatch(actor=grid_worker, case=case, post=posts["grid_worker"])
    services.case_start(actor=grid_worker, case=case)
    services.case_submit(actor=grid_worker, case=case, result="已清理")
    with pytest.raises(ValidationError) as error:
        services.case_verify(actor=grid_worker, case=case, passed=True)
    assert error.value.code == "same_person"
    # a captain is not staff: cannot verify either
    with pytest.raises(ValidationError):
        services.case_verify(actor=captain, case=case, passed=True)


def test_a_different_person_verifies_and_closes(case, captain, grid_worker):
    handled(case, captain)
    services.case_verify(actor=grid_worker, case=case, passed=True, note="现场已清理干净")
    assert_recorded(case, CaseEvent.Action.VERIFY_PASS, State.TO_VERIFY, State.CLOSED, grid_worker)
    assert Message.objects.filter(
        recipient=case.reporter,
        title=_("Your report #%(number)d was closed – please rate it") % {"number": case.pk},
    ).exists()


def test_a_closed_case_reaches_a_reporter_who_chose_sms_by_text(
    case, captain, grid_worker, django_capture_on_commit_callbacks
):
    from notifications.channels import channel_set
    from notifications.models import ChannelPreference, SmsRecord

    channel_set(user=case.reporter, channel=ChannelPreference.Channel.SMS)
    handled(case, captain)
    with django_capture_on_commit_callbacks(execute=True):
        services.case_verify(actor=grid_worker, case=case, passed=True)
    assert list(SmsRecord.objects.values_list("phone", flat=True)) == [case.reporter.phone]


def test_a_failed_check_sends_it_back_to_handling(case, captain, grid_worker):
    handled(case, captain)
    services.case_verify(actor=grid_worker, case=case, passed=False, note="仍有垃圾")
    assert_recorded(
        case, CaseEvent.Action.VERIFY_FAIL, State.TO_VERIFY, State.IN_PROGRESS, grid_worker
    )


def test_unsatisfied_reporter_reopens_within_seven_days(case, captain, grid_worker, time_machine):
    handled(case, captain)
    services.case_verify(actor=grid_worker, case=case, passed=True)
    services.case_rate(
        actor=case.reporter,
        case=case,
        satisfaction=Satisfaction.UNSATISFIED,
        comment="第二天又堆满了",
        reopen=True,
    )
    assert_recorded(case, CaseEvent.Action.REOPEN, State.CLOSED, State.REOPENED, case.reporter)
    rate = case.events.get(action=CaseEvent.Action.RATE)
    assert (rate.satisfaction, rate.from_state, rate.to_state) == (
        "unsatisfied",
        State.CLOSED,
        State.CLOSED,
    )
    # reopened → handled again → closed again, and may be rated again
    services.case_start(actor=captain, case=case)
    assert_recorded(case, CaseEvent.Action.START, State.REOPENED, State.IN_PROGRESS, captain)
    services.case_submit(actor=captain, case=case, result="加装了垃圾桶")
    services.case_verify(actor=grid_worker, case=case, passed=True)
    services.case_rate(actor=case.reporter, case=case, satisfaction=Satisfaction.SATISFIED)
    assert case.events.filter(action=CaseEvent.Action.RATE).count() == 2


def test_reopening_after_seven_days_is_refused(case, captain, grid_worker, time_machine):
    handled(case, captain)
    services.case_verify(actor=grid_worker, case=case, passed=True)
    services.case_rate(actor=case.reporter, case=case, satisfaction=Satisfaction.UNSATISFIED)
    time_machine.move_to(datetime.datetime.now() + datetime.timedelta(days=8))
    with pytest.raises(ValidationError) as error:
        services.case_reopen(actor=case.reporter, case=case, note="还是不行")
    assert error.value.code == "reopen_too_late"
    assert Case.objects.get(pk=case.pk).state == State.CLOSED


def test_reopen_needs_an_unsatisfied_rating_and_the_reporter(case, captain, grid_worker):
    handled(case, captain)
    services.case_verify(actor=grid_worker, case=case, passed=True)
    with pytest.raises(ValidationError) as error:
        services.case_reopen(actor=case.reporter, case=case)
    assert error.value.code == "reopen_needs_unsatisfied"
    with pytest.raises(ValidationError):
        services.case_rate(actor=captain, case=case, satisfaction=Satisfaction.SATISFIED)
    services.case_rate(actor=case.reporter, case=case, satisfaction=Satisfaction.BASICALLY)
    with pytest.raises(ValidationError) as error:
        services.case_rate(actor=case.reporter, case=case, satisfaction=Satisfaction.SATISFIED)
    assert error.value.code == "already_rated"


def test_merge_makes_the_duplicate_reporter_follow_the_original(case, staff, tapo, rubbish):
    duplicate = report(node=tapo["units"][1], cat=rubbish)
    services.case_merge(actor=staff, case=duplicate, into=case)
    assert_recorded(duplicate, CaseEvent.Action.MERGE, State.PENDING, State.MERGED, staff)
    assert Case.objects.get(pk=duplicate.pk).merged_into == case
    assert duplicate.reporter in case.followers.all()


def test_every_message_about_a_case_names_the_case_number(
    case, staff, captain, grid_worker, posts, tapo, rubbish
):
    # given a second case in the same building, and a third that duplicates the first
    other = report(node=tapo["units"][1], cat=rubbish)
    duplicate = report(node=tapo["units"][1], cat=rubbish)
    # when each goes through registering, returning, dispatching, checking, closing,
    # reopening, refusing and merging
    for each in (case, other):
        services.case_accept(actor=captain, case=each)
        services.case_start(actor=captain, case=each)
        services.case_return(actor=captain, case=each, reason="不归本楼")
        services.case_dispatch(actor=staff, case=each, post=posts["grid_worker"])
        services.case_start(actor=grid_worker, case=each)
        services.case_submit(actor=grid_worker, case=each, result="已清理")
        services.case_verify(actor=staff, case=each, passed=False, note="仍有垃圾")
        services.case_submit(actor=grid_worker, case=each, result="再次清理")
        services.case_verify(actor=staff, case=each, passed=True)
        services.case_rate(
            actor=each.reporter, case=each, satisfaction=Satisfaction.UNSATISFIED, reopen=True
        )
    services.case_reject(
        actor=staff, case=report(node=tapo["units"][0], cat=rubbish), reason="物业"
    )
    services.case_merge(actor=staff, case=duplicate, into=case)
    # then every message carries the number of the case it links to
    messages = list(Message.objects.filter(category="cases"))
    assert len(messages) >= 15
    for message in messages:
        number = int(message.url.rstrip("/").rsplit("/", 1)[1])
        assert f"#{number}" in message.title, message.title
    # and the reporter's two closing messages are told apart
    closed = Message.objects.filter(recipient=case.reporter, title__contains="结案")
    assert {m.title for m in closed} == {f"您反映的问题（#{case.pk}）已结案，请评价"}
    assert f"#{duplicate.pk}" in Message.objects.get(recipient=duplicate.reporter).title


def test_a_disallowed_transition_is_refused_and_leaves_no_entry(case, captain):
    # given a pending case, when the captain tries to submit a result straight away
    before = case.events.count()
    with pytest.raises(ValidationError) as error:
        services.case_submit(actor=captain, case=case, result="已处理")
    # then it is refused and nothing is written
    assert error.value.code == "transition_refused"
    assert case.events.count() == before
    assert Case.objects.get(pk=case.pk).state == State.PENDING


@pytest.mark.parametrize("action", sorted(TRANSITIONS))
def test_the_table_refuses_every_action_from_a_final_state_except_reopen(action):
    for state in (State.REJECTED, State.MERGED):
        with pytest.raises(ValidationError):
            transition_target(action, state)
    if action != CaseEvent.Action.REOPEN:
        with pytest.raises(ValidationError):
            transition_target(action, State.CLOSED)


def test_someone_outside_the_area_may_not_act(case, posts):
    outsider = posts["baoan_staff"].user
    for call in (
        lambda: services.case_accept(actor=outsider, case=case),
        lambda: services.case_reject(actor=outsider, case=case, reason="x"),
    ):
        with pytest.raises(ValidationError) as error:
            call()
        assert error.value.code == "not_allowed"
    with pytest.raises(ValidationError):
        services.case_accept(actor=UserFactory(), case=case)


def test_timeline_entries_cannot_be_changed(case):
    from core.append_only import AppendOnlyError

    event = last_event(case)
    event.note = "改写"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        CaseEvent.objects.filter(pk=event.pk).update(note="x")
