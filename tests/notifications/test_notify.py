import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from notifications.models import Message
from notifications.services import notify
from tests.accounts.factories import UserFactory
from tests.conftest import wait_for

pytestmark = pytest.mark.django_db


def test_notify_stores_an_inbox_message_and_sends_one_email(
    user, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message, created = notify(
            user, title="您的诉求已受理", body="社区已受理您反映的问题。", url="/inbox/"
        )
    assert created
    assert Message.objects.get() == message
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [user.email]
    assert mailoutbox[0].subject == "您的诉求已受理"
    message.refresh_from_db()
    assert message.email_sent_at is not None


def test_notify_with_the_same_key_twice_notifies_once(
    user, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first, first_created = notify(user, title="提醒", dedupe_key="event-1-reminder-user-1")
        second, second_created = notify(user, title="提醒", dedupe_key="event-1-reminder-user-1")
    assert first == second
    assert (first_created, second_created) == (True, False)  # the caller learns it was sent
    assert Message.objects.count() == 1
    assert len(mailoutbox) == 1


def test_sms_goes_through_the_configured_backend(
    user, settings, django_capture_on_commit_callbacks
):
    from notifications.sms import LocmemSmsBackend

    settings.SMS_BACKEND = "notifications.sms.LocmemSmsBackend"
    LocmemSmsBackend.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        notify(user, title="明早9点停水", email=False, sms=True)
    assert LocmemSmsBackend.outbox == [
        (user.phone, "【共治社区】您有新消息：明早9点停水。请登录共治社区查看。")
    ]


def test_the_email_task_is_idempotent(user, mailoutbox):
    from notifications.tasks import message_email_task

    message = notify(user, title="一次").message
    assert message_email_task(message.pk) is True
    assert message_email_task(message.pk) is False
    assert len(mailoutbox) == 1


def test_the_inbox_shows_unread_count_and_reading_marks_read(logged_in_client, user):
    message = notify(user, title="活动报名成功", email=False).message
    html = logged_in_client.get("/inbox/").content.decode()
    assert "活动报名成功" in html
    assert '<span class="badge"' in html
    logged_in_client.get(f"/inbox/{message.pk}/")
    message.refresh_from_db()
    assert message.read_at is not None


def test_another_users_message_is_not_found(logged_in_client):
    other = UserFactory()
    message = notify(other, title="别人的消息", email=False).message
    assert logged_in_client.get(f"/inbox/{message.pk}/").status_code == 404


def test_mark_all_read(logged_in_client, user):
    for i in range(3):
        notify(user, title=f"消息{i}", email=False)
    logged_in_client.post("/inbox/read-all/")
    assert not Message.objects.filter(read_at__isnull=True).exists()


def test_the_inbox_query_count_stays_flat_as_messages_grow(logged_in_client, user):
    def count_queries():
        with CaptureQueriesContext(connection) as ctx:
            assert logged_in_client.get("/inbox/").status_code == 200
        return len(ctx.captured_queries)

    notify(user, title="一", email=False)
    count_queries()  # warm-up: role providers may cache their answer on the first request
    few = count_queries()
    for i in range(30):
        notify(user, title=f"更多{i}", email=False)
    count_queries()  # a new message drops the cached layout (unread badge): refilled here
    # user (the session and the layout come from the cache), page count, page rows
    assert count_queries() == few


def test_api_lists_my_messages_and_marks_one_read(api_client, user, django_assert_num_queries):
    notify(user, title="甲", email=False)
    message = notify(user, title="乙", email=False).message
    notify(UserFactory(), title="别人的", email=False)
    api_client.force_authenticate(user)
    # count, page rows
    with django_assert_num_queries(2):
        body = api_client.get("/api/v1/messages/").json()
    assert [m["title"] for m in body["results"]] == ["乙", "甲"]
    response = api_client.post(f"/api/v1/messages/{message.pk}/read/")
    assert response.json()["is_read"] is True


@pytest.mark.worker
def test_a_real_worker_sends_the_email_and_records_it(celery_worker_process):
    # given a user with an email address
    user = UserFactory(email="worker@example.cn")
    # when a message is stored and its email task queued through the broker
    message = notify(user, title="经由真实worker发送").message
    # then the worker (another process) sends it and marks the message in the database
    sent = wait_for(
        lambda: Message.objects.filter(pk=message.pk, email_sent_at__isnull=False).exists()
    )
    assert sent, celery_worker_process.log_path.read_text()
    mails = list(celery_worker_process.mail_dir.iterdir())
    assert len(mails) == 1
    assert "worker@example.cn" in mails[0].read_text()
