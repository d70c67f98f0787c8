"""Open311 GeoReport v2: services, POST a request with an api_key, GET it back with the
`georeport` client against a live server (the client has no POST, so that one is `requests`)."""

import pytest
import requests
from georeport import GeoReport

from cases import services
from cases.models import Case
from tests.accounts.factories import UserFactory
from tests.cases.factories import category

pytestmark = pytest.mark.django_db(transaction=True)


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
        },
        timeout=10,
    )
    assert response.status_code == 201, response.text
    request_id = response.json()[0]["service_request_id"]

    fetched = client.get_service_request(str(request_id))
    assert fetched["service_request_id"] == request_id
    assert fetched["status"] == "open"
    assert fetched["service_code"] == leaf["service_code"]
    assert fetched["description"] == "小区门口垃圾满溢"
    assert fetched["address_id"] == tapo["building"].code
    listed = client.get_service_requests(service_code=leaf["service_code"], status="open")
    assert [r["service_request_id"] for r in listed] == [request_id]
    # the case routed to the building captain like any other report
    case = Case.objects.get(pk=request_id)
    assert case.source == Case.Source.OPEN311 and case.assignee_post == posts_captain(tapo)

    xml_client = GeoReport(root, output_format="xml")
    assert xml_client.get_service_request(str(request_id))["service_request_id"] == str(request_id)


def posts_captain(tapo):
    from communities.models import Post

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
