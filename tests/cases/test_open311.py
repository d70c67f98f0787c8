"""Open311 GeoReport v2 against a live server with the `georeport` client: services, service
definitions, POST a request with an api_key and a media_url, GET it back, jurisdictions (the
client has no POST and sends no api_key on GET, so those are plain `requests`)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import requests
import time_machine
from georeport import GeoReport

from cases import services
from cases.models import Case
from communities.models import Post
from tests.accounts.factories import UserFactory
from tests.cases.factories import category

pytestmark = pytest.mark.django_db(transaction=True)
NOW = datetime.datetime(2026, 3, 10, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def _fixed_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def client_key(tree, posts):
    category()  # 暴露垃圾 under 市容环境
    _client, key = services.open311_client_create(
        actor=None, name="城市服务App", account=UserFactory()
    )
    return key


def test_services_post_and_get_back_with_the_georeport_client(live_server, client_key, tapo):
    root = f"{live_server.url}/open311/v2"
    client = GeoReport(root)
    services_list = client.get_service_list()
    leaf = next(s for s in services_list if s["service_name"] == "暴露垃圾")
    assert leaf["group"] == "市容环境" and leaf["metadata"] is False

    response = requests.post(
        f"{root}/requests.json",
        data={
            "api_key": client_key,
            "service_code": leaf["service_code"],
            "description": "小区门口垃圾满溢",
            "address_id": tapo["building"].code,
            "lat": "23.030000",
            "long": "113.110000",
            "media_url": "https://app.example.cn/photos/8841.jpg",
        },
        timeout=10,
    )
    assert response.status_code == 201, response.text
    request_id = response.json()[0]["service_request_id"]
    case = Case.objects.get(pk=request_id)
    # the case routed to the building captain like any other report, with its photo link
    assert case.source == Case.Source.OPEN311 and case.assignee_post == captain_post(tapo)
    assert case.media_url == "https://app.example.cn/photos/8841.jpg"

    # the client that filed it reads it back in full, media_url included
    mine = requests.get(
        f"{root}/requests/{request_id}.json", params={"api_key": client_key}, timeout=10
    ).json()[0]
    assert mine["description"] == "小区门口垃圾满溢"
    assert mine["media_url"] == "https://app.example.cn/photos/8841.jpg"
    assert mine["address_id"] == tapo["building"].code and mine["lat"] == 23.03

    # the public sees nothing until the office accepts it
    with pytest.raises(requests.HTTPError) as refused:
        client.get_service_request(str(request_id))
    assert refused.value.response.status_code == 404
    assert client.get_service_requests(service_code=leaf["service_code"]) == []

    services.case_accept(actor=captain_post(tapo).user, case=case)
    fetched = client.get_service_request(str(request_id))
    assert fetched["service_request_id"] == request_id and fetched["status"] == "open"
    assert fetched["service_code"] == leaf["service_code"]
    assert fetched["description"] == "" and fetched["media_url"] == ""
    assert fetched["address_id"] == tapo["community"].code and fetched["lat"] is None
    listed = client.get_service_requests(service_code=leaf["service_code"], status="open")
    assert [r["service_request_id"] for r in listed] == [request_id]

    xml_client = GeoReport(root, output_format="xml")
    assert xml_client.get_service_request(str(request_id))["service_request_id"] == str(request_id)


def captain_post(tapo):
    return Post.objects.get(node=tapo["building"], kind=Post.Kind.BUILDING_CAPTAIN)


def test_post_without_a_valid_api_key_is_refused(live_server, client_key):
    root = f"{live_server.url}/open311/v2"
    for key in ("", "wrong"):
        response = requests.post(
            f"{root}/requests.json",
            data={"api_key": key, "service_code": "x", "description": "x"},
            timeout=10,
        )
        assert response.status_code == 403
        assert response.json()[0]["code"] == 403
    assert Case.objects.count() == 0


def test_bad_requests_get_open311_errors(live_server, client_key):
    root = f"{live_server.url}/open311/v2"
    unknown = requests.post(
        f"{root}/requests.xml",
        data={"api_key": client_key, "service_code": "nope", "description": "x"},
        timeout=10,
    )
    assert unknown.status_code == 400 and b"<errors>" in unknown.content
    missing = requests.get(f"{root}/requests/999999.json", timeout=10)
    assert missing.status_code == 404


def test_a_service_definition_is_an_open311_error_in_both_formats(live_server, client_key):
    root = f"{live_server.url}/open311/v2"
    leaf = GeoReport(root).get_service_list()[0]
    for fmt in ("json", "xml"):
        client = GeoReport(root, output_format=fmt)
        for code, says in ((leaf["service_code"], "没有服务定义"), ("NOPE", "未知的服务代码")):
            with pytest.raises(requests.HTTPError) as refused:
                client.get_service_definition(code)
            answer = refused.value.response
            assert answer.status_code == 404
            if fmt == "json":
                assert answer.json()[0]["code"] == 404 and says in answer.json()[0]["description"]
            else:
                assert answer.text.startswith("<?xml") and "<errors><error><code>404</code>" in (
                    answer.text
                )
                assert says in answer.text


def test_the_one_jurisdiction_may_be_named_or_left_out_and_others_are_unknown(
    live_server, client_key, tree
):
    root = f"{live_server.url}/open311/v2"
    assert GeoReport(root).get_service_list()
    assert GeoReport(root, jurisdiction=tree["street"].code).get_service_list()
    for fmt in ("json", "xml"):
        with pytest.raises(requests.HTTPError) as refused:
            GeoReport(root, jurisdiction="440604999", output_format=fmt).get_service_requests()
        assert refused.value.response.status_code == 404
        assert "未知的辖区" in refused.value.response.text
