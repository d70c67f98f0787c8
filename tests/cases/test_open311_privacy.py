"""What Open311 shows (issue 17 item 6): anonymous callers read only accepted cases with their
category, status, dates, a coarse place and the office's answer; an api_key reads in full the
cases in its place and those it filed; the report form says what becomes public."""

import datetime
from xml.etree import ElementTree as ET
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases import services
from cases.models import Case, Open311Client
from communities import services as community_services
from communities.models import Node
from tests.accounts.factories import UserFactory
from tests.cases.factories import photo, report
from tests.communities.factories import make_tree

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 3, 10, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
ROOT = "/open311/v2"
SECRET = "我家楼上502漏水，邻居王大妈不开门"


@pytest.fixture(autouse=True)
def _fixed_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def cases(tree, tapo, baoan, posts, rubbish):
    """One case per state that matters, in 塔坡 (unit level, with position and photo) and 保安."""
    captain = posts["captain"].user
    reporter = UserFactory(real_name="李秀英")

    def filed(node=None, **kwargs):
        return report(
            reporter=reporter,
            node=node or tapo["units"][0],
            cat=rubbish,
            description=SECRET,
            address="塔坡小区5栋1单元502",
            latitude="23.031234",
            longitude="113.112345",
            photos=[photo()],
            **kwargs,
        )

    pending = filed()
    rejected = filed()
    services.case_reject(actor=posts["community_staff"].user, case=rejected, reason="重复上报")
    accepted = filed()
    services.case_accept(actor=captain, case=accepted)
    closed = filed()
    services.case_accept(actor=captain, case=closed)
    services.case_start(actor=captain, case=closed)
    services.case_submit(actor=captain, case=closed, result="已联系物业修好水管")
    services.case_verify(actor=posts["grid_worker"].user, case=closed, passed=True)
    lane = community_services.node_create(
        actor=None, kind=Node.Kind.STREET_SEGMENT, name="福贤路", parent=tapo["community"]
    )
    shop = community_services.node_create(
        actor=None, kind=Node.Kind.BUILDING, name="福贤路8号", parent=lane
    )
    on_the_lane = filed(node=shop)
    services.case_accept(actor=posts["community_staff"].user, case=on_the_lane)
    baoan_pending = filed(node=baoan["units"][0])
    baoan_accepted = filed(node=baoan["units"][0])
    services.case_accept(actor=posts["baoan_captain"].user, case=baoan_accepted)
    return {
        "pending": pending,
        "rejected": rejected,
        "accepted": accepted,
        "closed": closed,
        "on_the_lane": on_the_lane,
        "baoan_pending": baoan_pending,
        "baoan_accepted": baoan_accepted,
        "lane": lane,
    }


def by_id(response) -> dict[int, dict]:
    assert response.status_code == 200, response.content
    return {row["service_request_id"]: row for row in response.json()}


def assert_public(row: dict, place: Node):
    assert row["description"] == "" and row["media_url"] == "" and row["agency_responsible"] == ""
    assert row["address"] == place.full_name and row["address_id"] == place.code
    assert row["lat"] is None and row["long"] is None


def test_anonymous_list_shows_accepted_cases_without_the_residents_details(
    client, cases, tapo, baoan
):
    response = client.get(f"{ROOT}/requests.json")
    rows = by_id(response)
    # not yet accepted or not registered: not public
    expected = {"accepted", "closed", "on_the_lane", "baoan_accepted"}
    assert set(rows) == {cases[name].pk for name in expected}
    assert_public(rows[cases["accepted"].pk], tapo["community"])
    assert_public(rows[cases["baoan_accepted"].pk], baoan["community"])
    assert_public(rows[cases["on_the_lane"].pk], cases["lane"])  # the street, not the shop
    closed = rows[cases["closed"].pk]
    assert closed["status"] == "closed" and closed["status_notes"] == "已联系物业修好水管"
    assert closed["service_name"] == "暴露垃圾" and closed["requested_datetime"].startswith(
        "2026-03-10T10:00:00"
    )
    body = response.content.decode()
    for secret in (SECRET, "502", "李秀英", "23.03", "113.11", "/media/", "cases/"):
        assert secret not in body


def test_anonymous_xml_is_the_same_public_shape(client, cases, tapo):
    response = client.get(f"{ROOT}/requests.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    assert root.tag == "service_requests"
    rows = {int(r.findtext("service_request_id")): r for r in root.findall("request")}
    assert cases["pending"].pk not in rows and cases["rejected"].pk not in rows
    accepted = rows[cases["accepted"].pk]
    assert accepted.findtext("description") == "" and accepted.find("lat").text is None
    assert accepted.findtext("address_id") == tapo["community"].code
    assert SECRET not in response.content.decode() and "502" not in response.content.decode()


def test_anonymous_detail_of_a_pending_case_is_not_found(client, cases):
    for name in ("pending", "rejected"):
        response = client.get(f"{ROOT}/requests/{cases[name].pk}.json")
        assert response.status_code == 404 and response.json()[0]["code"] == 404
    public = client.get(f"{ROOT}/requests/{cases['accepted'].pk}.xml")
    assert public.status_code == 200 and SECRET not in public.content.decode()


@pytest.fixture
def tapo_key(tapo, posts):
    _client, key = services.open311_client_create(
        actor=posts["street_staff"].user,
        name="12345热线",
        account=UserFactory(),
        node=tapo["community"],
    )
    return key


def test_a_key_reads_its_place_in_full_and_elsewhere_only_what_is_public(
    client, cases, tapo_key, baoan
):
    rows = by_id(client.get(f"{ROOT}/requests.json", {"api_key": tapo_key}))
    # every case of 塔坡, pending and not registered included, in full
    for name in ("pending", "rejected", "accepted", "closed", "on_the_lane"):
        row = rows[cases[name].pk]
        assert row["description"] == SECRET and row["address"] == "塔坡小区5栋1单元502"
        assert row["lat"] == 23.031234 and row["long"] == 113.112345
    assert rows[cases["rejected"].pk]["status_notes"] == "重复上报"
    # 保安 is outside the key's place: its pending case stays hidden, the accepted one public
    assert cases["baoan_pending"].pk not in rows
    assert_public(rows[cases["baoan_accepted"].pk], baoan["community"])
    detail = client.get(f"{ROOT}/requests/{cases['baoan_pending'].pk}.json", {"api_key": tapo_key})
    assert detail.status_code == 404

    xml = client.get(f"{ROOT}/requests/{cases['pending'].pk}.xml", {"api_key": tapo_key})
    request = ET.fromstring(xml.content).find("request")
    assert request.findtext("description") == SECRET and request.findtext("lat") == "23.031234"


def test_a_key_without_a_place_reads_in_full_only_what_it_filed(client, cases, tapo, rubbish):
    open311_client, key = services.open311_client_create(
        actor=None, name="随手拍App", account=UserFactory()
    )
    filed = report(
        node=tapo["building"],
        cat=rubbish,
        description="井盖松动",
        source=Case.Source.OPEN311,
        open311_client=open311_client,
    )
    rows = by_id(client.get(f"{ROOT}/requests.json", {"api_key": key}))
    assert rows[filed.pk]["description"] == "井盖松动"
    assert cases["pending"].pk not in rows
    assert rows[cases["accepted"].pk]["description"] == ""


def test_a_wrong_key_on_get_is_refused_not_silently_public(client, cases):
    response = client.get(f"{ROOT}/requests.json", {"api_key": "not-a-key"})
    assert response.status_code == 403 and response.json()[0]["code"] == 403


def test_a_key_place_must_lie_in_the_issuers_area(baoan, posts):
    street_staff = posts["street_staff"].user
    services.open311_client_create(
        actor=street_staff, name="全街道", account=UserFactory(), node=baoan["community"]
    )
    elsewhere = make_tree(street_code="440604002", community_names=("石湾社区",))
    with pytest.raises(ValidationError) as refused:
        services.open311_client_create(
            actor=street_staff, name="别处", account=UserFactory(), node=elsewhere["street"]
        )
    assert refused.value.code == "place_outside_scope"
    assert not Open311Client.objects.filter(name="别处").exists()


def test_the_anonymous_list_costs_three_queries_however_many_cases(
    client, cases, django_assert_num_queries
):
    # 1 the streets (jurisdiction), 2 the cases with their category, place and latest answer,
    # 3 the coarse places of all rows at once
    with django_assert_num_queries(3):
        response = client.get(f"{ROOT}/requests.json")
    assert len(response.json()) == 4


def test_the_keyed_list_costs_four_queries_however_many_cases(
    client, cases, tapo_key, django_assert_num_queries
):
    # 1 the streets, 2 the client by its key with its place, 3 the cases, 4 the coarse places
    with django_assert_num_queries(4):
        response = client.get(f"{ROOT}/requests.xml", {"api_key": tapo_key})
    assert response.status_code == 200


def test_the_report_form_says_in_chinese_what_becomes_public(client, tapo, posts, rubbish):
    client.force_login(UserFactory())
    page = client.get(reverse("cases:new")).content.decode()
    assert "哪些内容会公开" in page
    assert "您写的描述、照片、姓名、电话和详细地址不会公开" in page


def test_staff_are_told_their_result_note_may_be_public(client, tapo, posts, rubbish):
    captain = posts["captain"].user
    case = report(node=tapo["building"], cat=rubbish)
    services.case_accept(actor=captain, case=case)
    services.case_start(actor=captain, case=case)
    client.force_login(captain)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "可能作为工作人员的答复公开" in page


def test_street_staff_issue_a_key_for_a_community_in_the_admin(client, cases, tapo, posts):
    # given street staff in the admin, and a second street they do not serve
    elsewhere = make_tree(street_code="440604002", community_names=("石湾社区",))
    client.force_login(posts["street_staff"].user)
    form = client.get("/admin/cases/open311client/add/").content.decode()
    assert f'value="{tapo["community"].pk}"' in form
    assert f'value="{elsewhere["石湾社区"]["community"].pk}"' not in form

    # when they add a client for 塔坡社区
    response = client.post(
        "/admin/cases/open311client/add/",
        {
            "name": "12345热线",
            "account": UserFactory().pk,
            "node": tapo["community"].pk,
            "is_active": "on",
        },
        follow=True,
    )

    # then the key is shown once, and it reads 塔坡's cases in full
    [message] = [str(m) for m in response.context["messages"] if "api_key" in str(m)]
    key = message.split(" 是 ")[1].split("，")[0]
    issued = Open311Client.objects.get(name="12345热线")
    assert issued.node == tapo["community"] and issued.key_hash == Open311Client.hash_key(key)
    street = tapo["community"].parent.code  # two streets now: name one
    rows = by_id(client.get(f"{ROOT}/requests.json", {"api_key": key, "jurisdiction_id": street}))
    assert rows[cases["pending"].pk]["description"] == SECRET
