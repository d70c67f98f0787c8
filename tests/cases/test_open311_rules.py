"""Open311 GeoReport v2 rules through Django's test client: the 90-day date range, errors in the
caller's language, jurisdictions when the deployment serves several streets, media_url checks."""

import datetime
import json
from zoneinfo import ZoneInfo

import pytest
import time_machine

from cases import services
from cases.models import Case
from cases.place_settings import OPEN311
from communities.models import Post
from communities.services.place_settings import place_setting_set
from tests.accounts.factories import UserFactory
from tests.cases.factories import report
from tests.communities.factories import appoint, make_tree

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime.datetime(2026, 3, 10, 10, 0, tzinfo=SHANGHAI)
ROOT = "/open311/v2"


@pytest.fixture(autouse=True)
def _fixed_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def api_key(tree, posts, rubbish):
    _client, key = services.open311_client_create(
        actor=None, name="城市服务App", account=UserFactory()
    )
    return key


def accepted_case_reported(days_ago: int, tapo, posts, rubbish) -> Case:
    with time_machine.travel(NOW - datetime.timedelta(days=days_ago), tick=False):
        case = report(node=tapo["building"], cat=rubbish)
        services.case_accept(actor=posts["captain"].user, case=case)
    return case


def listed_ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return sorted(row["service_request_id"] for row in response.json())


def test_without_dates_the_last_90_days_are_listed(client, tapo, posts, rubbish):
    recent = accepted_case_reported(10, tapo, posts, rubbish)
    accepted_case_reported(100, tapo, posts, rubbish)
    assert listed_ids(client.get(f"{ROOT}/requests.json")) == [recent.pk]


def test_a_start_date_alone_lists_the_90_days_after_it(client, tapo, posts, rubbish):
    # given reports 300, 200 and 10 days ago
    old = accepted_case_reported(300, tapo, posts, rubbish)
    accepted_case_reported(200, tapo, posts, rubbish)
    accepted_case_reported(10, tapo, posts, rubbish)
    start = (NOW - datetime.timedelta(days=301)).isoformat()
    # then only the first 90 days from the start are listed, not everything since
    assert listed_ids(client.get(f"{ROOT}/requests.json", {"start_date": start})) == [old.pk]


def test_an_end_date_alone_lists_the_90_days_before_it(client, tapo, posts, rubbish):
    accepted_case_reported(300, tapo, posts, rubbish)
    middle = accepted_case_reported(250, tapo, posts, rubbish)
    end = (NOW - datetime.timedelta(days=200)).date().isoformat()  # a bare W3C date
    assert listed_ids(client.get(f"{ROOT}/requests.json", {"end_date": end})) == [middle.pk]


@pytest.mark.parametrize(
    ("params", "says"),
    [
        (
            {"start_date": "2025-01-01T00:00:00+08:00", "end_date": "2026-01-01T00:00:00+08:00"},
            "90",
        ),
        ({"start_date": "2026-02-01T00:00:00Z", "end_date": "2026-01-01T00:00:00Z"}, "早于"),
        ({"start_date": "yesterday"}, "W3C"),
        ({"start_date": "9999-12-31T00:00:00Z"}, "W3C"),
        ({"end_date": "0001-01-02"}, "W3C"),
        ({"status": "pending"}, "open"),
        ({"service_request_id": "1,abc"}, "service_request_id"),
        ({"service_request_id": "9" * 30}, "service_request_id"),
    ],
)
def test_bad_filters_get_an_open311_error_in_chinese(client, api_key, params, says):
    response = client.get(f"{ROOT}/requests.json", params)
    assert response.status_code == 400
    [error] = response.json()
    assert error["code"] == 400 and says in error["description"]
    assert response["Content-Language"] == "zh-hans"


def test_errors_speak_the_callers_language_chinese_by_default(client, api_key):
    missing = f"{ROOT}/requests/999999"
    assert client.get(f"{missing}.json").json()[0]["description"] == "没有这个服务请求。"
    english = client.get(f"{missing}.json", headers={"accept-language": "en-US,en;q=0.9"})
    assert english.json()[0]["description"] == "No such service request."
    assert english["Content-Language"] == "en"
    assert "No such" in client.get(f"{missing}.xml", {"locale": "en_US"}).content.decode()
    # locale wins over Accept-Language; an unknown locale falls back to it
    assert (
        "没有"
        in client.get(f"{missing}.json?locale=zh_CN", headers={"accept-language": "en"}).json()[0][
            "description"
        ]
    )
    assert (
        "No such"
        in client.get(f"{missing}.json?locale=xx", headers={"accept-language": "en"}).json()[0][
            "description"
        ]
    )
    refused = client.post(f"{ROOT}/requests.json", {"api_key": "wrong", "locale": "en"})
    assert refused.status_code == 403
    assert refused.json()[0]["description"] == "A valid api_key is required."


def test_with_several_streets_jurisdiction_id_is_required_and_scopes_the_list(
    client, tree, tapo, posts, rubbish, api_key
):
    # given a second street with an accepted case, and one in 祖庙街道
    other = make_tree(street_code="440604002", community_names=("石湾社区",))
    other_captain = appoint(Post.Kind.BUILDING_CAPTAIN, other["石湾社区"]["building"])
    here = accepted_case_reported(1, tapo, posts, rubbish)
    there = report(node=other["石湾社区"]["building"], cat=rubbish)
    services.case_accept(actor=other_captain.user, case=there)

    # when no street is named, the caller is told to name one
    unnamed = client.get(f"{ROOT}/requests.json")
    assert unnamed.status_code == 400 and "jurisdiction_id" in unnamed.json()[0]["description"]
    assert client.get(f"{ROOT}/services.xml").status_code == 400

    # then each street lists its own cases
    for street, case in ((tree["street"], here), (other["street"], there)):
        response = client.get(f"{ROOT}/requests.json", {"jurisdiction_id": street.code})
        assert listed_ids(response) == [case.pk]
    elsewhere = client.get(
        f"{ROOT}/requests/{there.pk}.json", {"jurisdiction_id": tree["street"].code}
    )
    assert elsewhere.status_code == 404

    # and a POST names the street too; its address_id must lie in that street
    posted = client.post(
        f"{ROOT}/requests.json?jurisdiction_id={tree['street'].code}",
        {
            "api_key": api_key,
            "service_code": rubbish.code,
            "description": "路灯不亮",
            "address_id": other["石湾社区"]["building"].code,
        },
    )
    assert posted.status_code == 400 and "address_id" in posted.json()[0]["description"]
    assert Case.objects.count() == 2


def test_a_streets_own_jurisdiction_id_is_accepted_and_returned_and_its_sibling_keeps_its_code(
    client, tree, tapo, posts, rubbish, api_key, django_capture_on_commit_callbacks
):
    # given two streets, the first with its own Open311 jurisdiction_id set on the settings
    other = make_tree(street_code="440604002", community_names=("石湾社区",))
    with django_capture_on_commit_callbacks(execute=True):
        place_setting_set(
            actor=None, node=tree["street"], key=OPEN311, value={"jurisdiction_id": "zumiao"}
        )
    here = accepted_case_reported(1, tapo, posts, rubbish)
    # then the street answers to its own id and each row says it
    listed = client.get(f"{ROOT}/requests.json", {"jurisdiction_id": "zumiao"})
    assert listed_ids(listed) == [here.pk]
    assert [row["jurisdiction_id"] for row in listed.json()] == ["zumiao"]
    detail = client.get(f"{ROOT}/requests/{here.pk}.xml", {"jurisdiction_id": "zumiao"})
    assert b"<jurisdiction_id>zumiao</jurisdiction_id>" in detail.content
    # and its code no longer names it; the sibling street is still named by its code
    assert (
        client.get(f"{ROOT}/requests.json", {"jurisdiction_id": tree["street"].code}).status_code
        == 404
    )
    assert (
        listed_ids(client.get(f"{ROOT}/requests.json", {"jurisdiction_id": other["street"].code}))
        == []
    )
    # a caller naming no street is told the ids it may give
    unnamed = client.get(f"{ROOT}/requests.json", {"locale": "en"})
    assert "zumiao, 440604002" in unnamed.json()[0]["description"]
    # and a POST under the street's id is filed there and answers with that id
    posted = client.post(
        f"{ROOT}/requests.json?jurisdiction_id=zumiao",
        {
            "api_key": api_key,
            "service_code": rubbish.code,
            "description": "路灯不亮",
            "address_id": tapo["building"].code,
        },
    )
    assert posted.status_code == 201, posted.content
    assert posted.json()[0]["jurisdiction_id"] == "zumiao"


@pytest.mark.parametrize(
    "media_url",
    [
        "javascript:alert(1)",
        "ftp://files.example.cn/a.jpg",
        "不是网址",
        "https://a.cn/" + "x" * 500,
    ],
)
def test_a_bad_media_url_is_refused_and_nothing_is_filed(client, api_key, rubbish, tapo, media_url):
    response = client.post(
        f"{ROOT}/requests.json",
        {
            "api_key": api_key,
            "service_code": rubbish.code,
            "description": "路灯不亮",
            "address_id": tapo["building"].code,
            "media_url": media_url,
        },
    )
    assert response.status_code == 400
    assert "照片链接" in response.json()[0]["description"]
    assert Case.objects.count() == 0


def test_a_post_needs_a_location_and_a_free_address_is_filed_under_the_street(
    client, api_key, rubbish, tree
):
    nowhere = client.post(
        f"{ROOT}/requests.xml",
        {"api_key": api_key, "service_code": rubbish.code, "description": "路灯不亮"},
    )
    assert nowhere.status_code == 400 and "address_string" in nowhere.content.decode()
    filed = client.post(
        f"{ROOT}/requests.json",
        {
            "api_key": api_key,
            "service_code": rubbish.code,
            "description": "路灯不亮",
            "address_string": "祖庙路12号对面",
        },
    )
    assert filed.status_code == 201
    case = Case.objects.get(pk=json.loads(filed.content)[0]["service_request_id"])
    assert case.node == tree["street"] and case.address == "祖庙路12号对面"
