"""Each app reads its settings per place where it acts: case categories and deadlines when a
case is filed, the SMS signature when a text is sent, quiz defaults when a campaign is made. A
value set on 石湾镇街道 holds in its communities and never in its sibling 祖庙街道."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from cases.place_settings import CATEGORIES
from communities.models import Post
from communities.place_settings import place_setting
from communities.services.place_settings import place_setting_set
from notifications.aliyun_sms import AliyunSmsBackend
from notifications.channels import channel_set
from notifications.place_settings import SMS_SIGNATURE
from notifications.services import notify
from notifications.sms import LocmemSmsBackend
from quizzes.place_settings import QUIZ_DEFAULTS
from tests.cases.factories import category, report
from tests.communities.factories import HouseholdFactory, ResidencyFactory, appoint
from tests.quizzes.factories import campaign_make

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime.datetime(2026, 3, 10, 10, 0, tzinfo=SHANGHAI)  # a Tuesday


@pytest.fixture(autouse=True)
def _fixed_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def set_on_commit(django_capture_on_commit_callbacks):
    def setter(node, key, **value):
        with django_capture_on_commit_callbacks(execute=True):
            return place_setting_set(actor=None, node=node, key=key, value=value)

    return setter


@pytest.fixture
def streets(districts):
    """(the overriding street's building, its sibling street's building)."""
    return districts["shiwan"]["石湾社区"]["building"], districts["zumiao"]["塔坡社区"]["building"]


def test_a_street_files_cases_with_its_own_categories_and_deadlines(streets, set_on_commit):
    shiwan, zumiao = streets
    rubbish = category(response_limit=24, resolve_limit=48)
    lamp = category("路灯不亮", "市政设施")
    # given 石湾镇街道 does not handle lamps and gives rubbish 2 hours / 1 working day
    set_on_commit(shiwan.street, CATEGORIES, hidden=lamp.code, deadlines=f"{rubbish.code} 2h 1wd")
    # then a rubbish case there is due on its own deadlines
    here = report(node=shiwan, cat=rubbish)
    assert here.response_due_at == NOW + datetime.timedelta(hours=2)
    assert here.resolve_due_at == NOW + datetime.timedelta(days=1)  # one working day
    # and a lamp case there is refused, in words
    with pytest.raises(ValidationError) as refused:
        report(node=shiwan, cat=lamp)
    assert refused.value.code == "category_not_here"
    # while the sibling street keeps the category's own deadlines and takes lamps
    there = report(node=zumiao, cat=rubbish)
    assert there.response_due_at == NOW + datetime.timedelta(hours=24)
    assert there.resolve_due_at == NOW + datetime.timedelta(hours=48)
    assert report(node=zumiao, cat=lamp).pk


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ({"hidden": "NOPE", "deadlines": ""}, "NOPE"),
        ({"hidden": "", "deadlines": "X 2h"}, "Line 1"),
        ({"hidden": "", "deadlines": "X 2 days 3wd"}, "Line 1"),
        ({"hidden": "", "deadlines": "X 0h 3wd"}, "Line 1"),
    ],
)
def test_bad_category_rules_are_refused_in_words(districts, value, says, settings):
    settings.LANGUAGE_CODE = "en"
    category()
    with pytest.raises(ValidationError) as refused:
        place_setting_set(
            actor=None, node=districts["shiwan"]["street"], key=CATEGORIES, value=value
        )
    assert says in " ".join(refused.value.messages)


def test_texts_are_signed_with_the_recipients_place(
    districts, set_on_commit, settings, django_capture_on_commit_callbacks
):
    settings.SMS_BACKEND = "notifications.sms.LocmemSmsBackend"
    LocmemSmsBackend.outbox.clear()
    set_on_commit(districts["shiwan"]["street"], SMS_SIGNATURE, sign_name="石湾街道")
    people = []
    for tree in (districts["shiwan"]["石湾社区"], districts["zumiao"]["塔坡社区"]):
        household = HouseholdFactory(node=tree["building"])
        people.append(ResidencyFactory(household=household).user)
    # a street's staff with no home there sign with their post's place
    people.append(appoint(Post.Kind.STREET_STAFF, districts["shiwan"]["street"]).user)
    with django_capture_on_commit_callbacks(execute=True):
        for person in people:
            channel_set(user=person, channel="sms")
            notify(person, title="明天停水", category="notice", important=True)
    signed = {phone: text[: text.index("】") + 1] for phone, text in LocmemSmsBackend.outbox}
    assert signed == {
        people[0].phone: "【石湾街道】",
        people[1].phone: "【共治社区】",
        people[2].phone: "【石湾街道】",
    }
    # and the gateway is asked to sign with it
    query = AliyunSmsBackend().request_params("13800138000", "SMS_1", {}, "石湾街道")
    assert query["SignName"] == "石湾街道"


def test_a_new_campaign_starts_with_its_places_quiz_defaults(districts, set_on_commit):
    shiwan = districts["shiwan"]
    set_on_commit(
        shiwan["street"],
        QUIZ_DEFAULTS,
        streak_length=3,
        points_per_correct=2,
        daily_point_cap=20,
        seconds_per_question=30,
        daily_draw_limit=None,
    )
    here = campaign_make(shiwan["石湾社区"]["community"])
    assert (here.streak_length, here.points_per_correct, here.seconds_per_question) == (3, 2, 30)
    there = campaign_make(districts["zumiao"]["塔坡社区"]["community"])
    assert (there.streak_length, there.points_per_correct, there.seconds_per_question) == (
        5,
        1,
        None,
    )
    # what the campaign is given wins over the place's defaults
    assert campaign_make(shiwan["street"], streak_length=7).streak_length == 7


def test_the_settings_page_edits_the_new_settings(
    client, districts, district_staff, django_capture_on_commit_callbacks
):
    shiwan = districts["shiwan"]["street"]
    rubbish = category()
    client.force_login(district_staff)
    page = client.get(f"/community/settings/{shiwan.pk}/")
    keys = {row["spec"].key for row in page.context["rows"]}
    assert {CATEGORIES, SMS_SIGNATURE, QUIZ_DEFAULTS, "cases.open311"} <= keys
    prefix = CATEGORIES.replace(".", "-")
    with django_capture_on_commit_callbacks(execute=True):
        saved = client.post(
            f"/community/settings/{shiwan.pk}/{CATEGORIES}/",
            {f"{prefix}-hidden": "", f"{prefix}-deadlines": f"{rubbish.code}  4h   2wd"},
        )
    assert saved.status_code == 302
    assert place_setting(shiwan, CATEGORIES)["deadlines"] == f"{rubbish.code} 4h 2wd"
    # an unknown code is a message on the page, and changes nothing
    refused = client.post(
        f"/community/settings/{shiwan.pk}/{CATEGORIES}/",
        {f"{prefix}-hidden": "NOPE", f"{prefix}-deadlines": ""},
        follow=True,
    )
    assert "NOPE" in refused.content.decode()
    assert place_setting(shiwan, CATEGORIES)["hidden"] == ""
    assert place_setting(districts["zumiao"]["street"], CATEGORIES)["deadlines"] == ""
