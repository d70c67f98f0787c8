"""SMS as a channel: templates fit one segment, residents choose their channel, important
reminders go by SMS to those who chose it, per-phone limits, delivery status recorded; the
Alibaba Cloud backend against a local server that checks the documented signature."""

import datetime

import pytest

from notifications import sms_templates
from notifications.aliyun_sms import AliyunSmsBackend
from notifications.channels import channel_set
from notifications.models import ChannelPreference, Message, SmsRecord
from notifications.services import notify
from notifications.sms import LocmemSmsBackend, sms_send
from notifications.tasks import message_sms_task
from tests.accounts.factories import UserFactory
from tests.notifications.fake_aliyun import KEY_ID, SECRET, FakeAliyun

pytestmark = pytest.mark.django_db

FIXED = datetime.datetime(2026, 5, 6, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to(FIXED, tick=False)


@pytest.fixture
def texts(settings):
    settings.SMS_BACKEND = "notifications.sms.LocmemSmsBackend"
    LocmemSmsBackend.outbox.clear()
    return LocmemSmsBackend.outbox


@pytest.mark.parametrize("template", sorted(sms_templates.TEMPLATES))
def test_every_template_fits_one_segment_even_with_a_long_title(template):
    text, params = sms_templates.render(template, {"title": "关于" * 80})
    assert len(text) <= 70 and text.startswith("【共治社区】")
    assert params["title"].endswith("…")


def test_important_reminders_go_by_sms_only_to_those_who_chose_it(
    texts, mailoutbox, django_capture_on_commit_callbacks
):
    inbox_only, sms_only, both = UserFactory(), UserFactory(), UserFactory()
    no_login = UserFactory()
    no_login.set_unusable_password()
    no_login.save()
    channel_set(user=sms_only, channel=ChannelPreference.Channel.SMS)
    channel_set(user=both, channel=ChannelPreference.Channel.BOTH)
    with django_capture_on_commit_callbacks(execute=True):
        for person in (inbox_only, sms_only, both, no_login):
            notify(person, title="明天上午9点义诊", category="events", important=True)
        notify(inbox_only, title="普通消息", category="events")
    assert sorted(phone for phone, _ in texts) == sorted(
        [sms_only.phone, both.phone, no_login.phone]
    )
    assert texts[0][1] == "【共治社区】活动提醒：明天上午9点义诊。请准时参加。"
    # SMS-only people get no email copy; inbox and both do
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [inbox_only.email, inbox_only.email, both.email, no_login.email]
    )
    assert SmsRecord.objects.filter(status="sent").count() == 3


def test_per_phone_limit_refuses_and_records(texts, settings):
    settings.SMS_PER_PHONE_PER_HOUR = 2
    statuses = [
        sms_send(phone="13900000001", template="general", params={"title": f"第{i}条"}).status
        for i in range(3)
    ]
    assert statuses == ["sent", "sent", "rate_limited"]
    assert len(texts) == 2


def test_channel_page_saves_the_choice(client, user):
    client.force_login(user)
    page = client.get("/inbox/channel/").content.decode()
    assert "<fieldset>" in page and "<legend>" in page
    client.post("/inbox/channel/", {"channel": "both"})
    assert ChannelPreference.objects.get(user=user).channel == "both"
    assert client.post("/inbox/channel/", {"channel": "fax"}).status_code == 200
    assert ChannelPreference.objects.get(user=user).channel == "both"


@pytest.fixture
def gateway(settings):
    fake = FakeAliyun(
        {"SMS_100": "【共治社区】社区通知：${title}。请登录共治社区阅读，需回执的请确认。"},
        per_number_limit=2,
    )
    with fake:
        settings.SMS_BACKEND = "notifications.aliyun_sms.AliyunSmsBackend"
        settings.ALIYUN_SMS_ENDPOINT = fake.url
        settings.ALIYUN_SMS_ACCESS_KEY_ID = KEY_ID
        settings.ALIYUN_SMS_ACCESS_KEY_SECRET = SECRET
        settings.SMS_TEMPLATE_CODES = {"notice": "SMS_100"}
        settings.SMS_PER_PHONE_PER_HOUR = 10
        yield fake


def test_aliyun_backend_passes_the_documented_signature_check(gateway):
    record = sms_send(phone="13800138000", template="notice", params={"title": "停水 & 检修*"})
    assert (record.status, record.provider_code, record.provider_id) == ("sent", "OK", "900001^0")
    assert gateway.sent == [
        {
            "phone": "13800138000",
            "text": "【共治社区】社区通知：停水 & 检修*。请登录共治社区阅读，需回执的请确认。",
        }
    ]


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"ALIYUN_SMS_ACCESS_KEY_SECRET": "wrong"}, "SignatureDoesNotMatch"),
        ({"ALIYUN_SMS_ACCESS_KEY_ID": "nobody"}, "InvalidAccessKeyId.NotFound"),
        ({"SMS_TEMPLATE_CODES": {"notice": "SMS_999"}}, "isv.SMS_TEMPLATE_ILLEGAL"),
        ({"SMS_TEMPLATE_CODES": {}}, "template_not_configured"),
    ],
)
def test_aliyun_refusals_are_recorded_with_their_code(gateway, settings, change, code):
    for name, value in change.items():
        setattr(settings, name, value)
    record = sms_send(phone="13800138000", template="notice", params={"title": "停水"})
    assert (record.status, record.provider_code) == ("failed", code)
    assert gateway.sent == []


def test_aliyun_illegal_number_missing_parameter_and_business_limit(gateway):
    assert sms_send(phone="12345", template="notice", params={"title": "x"}).provider_code == (
        "isv.MOBILE_NUMBER_ILLEGAL"
    )
    assert sms_send(phone="13800138000", template="notice", params={}).provider_code == (
        "isv.TEMPLATE_MISSING_PARAMETERS"
    )
    codes = [
        sms_send(phone="13800138000", template="notice", params={"title": "x"}).provider_code
        for _ in range(3)
    ]
    assert codes == ["OK", "OK", "isv.BUSINESS_LIMIT_CONTROL"]


def test_a_nonce_is_never_reused_and_a_replayed_request_is_refused(gateway):
    backend = AliyunSmsBackend()
    first = backend.request_params("13800138000", "SMS_100", {"title": "x"})
    second = backend.request_params("13800138000", "SMS_100", {"title": "x"})
    assert first["SignatureNonce"] != second["SignatureNonce"]
    replay = dict(first)
    assert gateway.answer(dict(first))[1]["Code"] == "OK"
    assert gateway.answer(replay)[1]["Code"] == "SignatureNonceUsed"


def test_a_gateway_failure_retries_the_task_and_sends_once(gateway, user):
    # given the gateway fails once with HTTP 500
    gateway.fail_next_with_500 = 1
    channel_set(user=user, channel="sms")
    message = Message.objects.create(recipient=user, title="请确认停水通知", category="notice")
    with pytest.raises(Exception):  # noqa: B017 - Celery's Retry (eager) or the OSError itself
        message_sms_task(message.pk)
    assert not SmsRecord.objects.exists()
    # when the retry runs, it is sent; a third run sends nothing
    assert message_sms_task(message.pk) is True
    assert message_sms_task(message.pk) is False
    assert len(gateway.sent) == 1
    assert SmsRecord.objects.get().status == "sent"
