"""Fan-out: the audience rules, chunks with progress, and no duplicate under retry or a crash
half-way; recovery of a silent fan-out by core.jobs."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from communities.models import Post, Residency
from core.jobs import stuck_jobs_recover
from core.outbox import OutboxTask
from notices import services
from notices.models import Delivery, Notice
from notifications.models import Message
from tests.communities.factories import appoint
from tests.notices.factories import live_in, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def residents(tapo):
    """One resident in each of the 8 households of 塔坡 5栋."""
    return [live_in(h).user for h in tapo["households"]]


def test_a_notice_reaches_every_resident_under_the_place_once_and_no_one_else(
    tapo, baoan, tapo_staff, residents
):
    # given a resident of another community and a person with two homes in this one
    outsider = live_in(baoan["households"][0]).user
    live_in(tapo["households"][1], user=residents[0])
    # when
    notice = publish(actor=tapo_staff, node=tapo["community"])
    # then
    assert sorted(Delivery.objects.values_list("user_id", flat=True)) == sorted(
        r.pk for r in residents
    )
    assert not Message.objects.filter(recipient=outsider).exists()
    assert Message.objects.filter(category="notice").count() == 8
    assert (notice.fanout_status, notice.fanout_total, notice.fanout_done) == ("done", 8, 8)


@pytest.mark.parametrize(
    ("audience", "expected"),
    [
        ("owners", {0}),
        ("tenants", {1}),
        ("non_registered", {2}),
        ("elders", {3, 4}),
        ("all", {0, 1, 2, 3, 4, 5}),
    ],
)
def test_audiences_pick_the_right_residents(tapo, tapo_staff, audience, expected):
    households = tapo["households"]
    people = [
        live_in(households[0], is_owner=True),
        live_in(households[1], relation=Residency.Relation.TENANT),
        live_in(households[2], residence_type=Residency.ResidenceType.NON_REGISTERED),
        live_in(households[3], birth_year=1966),  # 60 this year
        live_in(households[4], birth_year=1940),
        live_in(households[5], birth_year=1967),  # 59 this year
    ]
    publish(actor=tapo_staff, node=tapo["community"], audience=audience)
    reached = set(Delivery.objects.values_list("user_id", flat=True))
    assert reached == {people[i].user_id for i in expected}


def test_captains_audience_reaches_current_captains_under_the_place(tapo, baoan, tapo_staff):
    captain = appoint(Post.Kind.BUILDING_CAPTAIN, tapo["building"]).user
    appoint(Post.Kind.BUILDING_CAPTAIN, baoan["building"])
    live_in(tapo["households"][0])
    publish(actor=tapo_staff, node=tapo["community"], audience="captains")
    assert list(Delivery.objects.values_list("user_id", "household_id")) == [(captain.pk, None)]


def test_fanout_killed_half_way_and_rerun_delivers_each_message_once(tapo, tapo_staff, residents):
    # given a notice whose worker died after 2 chunks of 3
    notice = publish(actor=tapo_staff, node=tapo["community"], deliver=False)
    assert services.notice_fanout_run(notice_id=notice.pk, chunk=3, max_chunks=2) == 2
    notice.refresh_from_db()
    assert (notice.fanout_status, notice.fanout_done, notice.fanout_total) == ("running", 6, 8)
    # when the same chunks are written again (a retry before the cursor moved) and it reruns
    notice.fanout_cursor = 0
    notice.save(update_fields=["fanout_cursor"])
    services.notice_fanout_run(notice_id=notice.pk, chunk=3)
    services.notice_fanout_run(notice_id=notice.pk, chunk=3)  # a late duplicate delivery
    # then every resident has exactly one message and one receipt
    notice.refresh_from_db()
    assert notice.fanout_status == "done" and notice.fanout_done == 8
    assert Message.objects.filter(category="notice").count() == 8
    assert Delivery.objects.count() == 8
    assert all(d.message_id for d in Delivery.objects.all())


def test_a_silent_fanout_is_queued_again_by_stuck_job_recovery(
    tapo, tapo_staff, residents, time_machine, frozen
):
    notice = publish(actor=tapo_staff, node=tapo["community"], deliver=False)
    services.notice_fanout_run(notice_id=notice.pk, chunk=3, max_chunks=1)
    OutboxTask.objects.all().delete()
    # a minute later it is only slow: left alone
    time_machine.move_to(frozen + datetime.timedelta(seconds=60), tick=False)
    assert stuck_jobs_recover().get("notices.fanout") == 0
    # ten minutes later it is stuck: queued again, and the rerun finishes it
    time_machine.move_to(frozen + datetime.timedelta(minutes=10), tick=False)
    assert stuck_jobs_recover()["notices.fanout"] == 1
    assert OutboxTask.objects.filter(task_name="notices.tasks.notice_fanout_task").exists()
    services.notice_fanout_run(notice_id=notice.pk)
    assert Notice.objects.get().fanout_status == "done"
    assert Message.objects.filter(category="notice").count() == 8


def test_publishing_queues_the_fanout_which_runs_after_commit(
    tapo, tapo_staff, residents, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notice = services.notice_publish(
            actor=tapo_staff, node=tapo["community"], title="通知", body="内容"
        )
    notice.refresh_from_db()
    assert notice.fanout_status == "done" and notice.fanout_done == 8


def test_staff_of_another_community_cannot_publish_here(tapo, baoan_staff):
    with pytest.raises(ValidationError) as error:
        services.notice_publish(actor=baoan_staff, node=tapo["community"], title="x", body="y")
    assert error.value.code == "out_of_scope"
    assert not Notice.objects.exists()


def test_a_captain_publishes_to_their_building_only(tapo, tapo_captain):
    publish(actor=tapo_captain, node=tapo["building"])
    with pytest.raises(ValidationError):
        publish(actor=tapo_captain, node=tapo["community"])


def test_the_fanout_texts_those_who_chose_sms_once_even_when_rerun(
    tapo, tapo_staff, residents, settings, django_capture_on_commit_callbacks
):
    from notifications.channels import channel_set
    from notifications.sms import LocmemSmsBackend

    settings.SMS_BACKEND = "notifications.sms.LocmemSmsBackend"
    LocmemSmsBackend.outbox.clear()
    channel_set(user=residents[0], channel="sms")
    residents[1].set_unusable_password()  # registered by a captain, no web log-in
    residents[1].save()
    with django_capture_on_commit_callbacks(execute=True):
        notice = publish(actor=tapo_staff, node=tapo["community"], deliver=False)
        services.notice_fanout_run(notice_id=notice.pk, chunk=3, max_chunks=1)
        Notice.objects.filter(pk=notice.pk).update(fanout_cursor=0)
        services.notice_fanout_run(notice_id=notice.pk, chunk=3)
    assert sorted(phone for phone, _text in LocmemSmsBackend.outbox) == sorted(
        [residents[0].phone, residents[1].phone]
    )
    assert LocmemSmsBackend.outbox[0][1].startswith("【共治社区】社区通知：停水通知")
