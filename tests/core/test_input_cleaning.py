"""One place cleans input (core.middleware): control characters and malformed JSON are a 400 in
the user's language and the format of the part of the site asked, never a 500; typed query
parameters are checked; nothing is changed by a refused request."""

import json

import pytest

from cases.models import Case
from core.middleware import MAX_JSON_DEPTH, json_too_deep

pytestmark = pytest.mark.django_db

# Each of these answered 500 (PostgreSQL refuses a NUL byte in a string literal).
API_URLS = [
    "/api/v1/community/nodes/?q=a%00b",
    "/api/v1/community/buildings/?q=%00",
    "/api/v1/cases/board/?state=%00",
    "/api/v1/volunteers/staff/wishes/?status=%00",
    "/api/v1/events/?q=%00",
    "/api/v1/volunteers/certificates/check/%00/",
]
PAGE_URLS = [
    "/volunteers/verify-certificate/%00/",
    "/events/feed/%00.ics",
    "/community/board/%00/",
    "/admin/autocomplete/?term=%00",
    "/static/%00",
    "/cases/?q=%1b",
]
CHINESE_REFUSAL = "请求中含有不允许的控制字符（例如空字符）。"


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.mark.parametrize("url", API_URLS)
def test_control_characters_in_an_api_request_are_a_json_400(staff_client, url):
    response = staff_client.get(url)
    assert response.status_code == 400
    assert response.json() == {"detail": CHINESE_REFUSAL, "code": "invalid_characters"}


@pytest.mark.parametrize("url", PAGE_URLS)
def test_control_characters_in_a_page_request_are_an_html_400_in_chinese(staff_client, url):
    response = staff_client.get(url)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert '<html lang="zh-hans"' in page and CHINESE_REFUSAL in page
    assert "\x00" not in page


def test_open311_answers_in_its_own_error_format(client):
    response = client.get("/open311/v2/requests.json?service_code=%00")
    assert response.status_code == 400
    assert response.json() == [{"code": 400, "description": CHINESE_REFUSAL}]
    xml = client.get("/open311/v2/requests.xml?service_code=%00")
    assert xml.status_code == 400 and b"<errors><error><code>400</code>" in xml.content


def test_a_posted_open311_description_with_a_nul_byte_creates_nothing(client):
    response = client.post(
        "/open311/v2/requests.json",
        {"api_key": "k", "service_code": "x", "description": "路灯\x00坏了"},
    )
    assert response.status_code == 400
    assert Case.objects.count() == 0


def test_a_form_field_with_a_nul_byte_is_refused_before_the_view(staff_client):
    response = staff_client.post("/cases/new/", {"description": "a\x00b"})
    assert response.status_code == 400 and CHINESE_REFUSAL in response.content.decode()
    assert Case.objects.count() == 0


def test_the_refusal_is_in_the_users_language(client):
    response = client.get("/api/v1/events/?q=%00", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json()["detail"].startswith("The request contains control characters")
    assert response["Content-Language"] == "en"


def test_line_breaks_and_tabs_are_ordinary_text(staff_client):
    assert staff_client.get("/api/v1/community/nodes/?q=a%0A%09b").status_code == 200


@pytest.mark.parametrize(
    "body",
    [
        {"login": "13800000000", "password": "a\x00b"},
        {"login": "13800000000", "password": "\ud800"},
        {"login\x07": "13800000000", "password": "x"},
        {"login": ["13800000000", {"deeper": "\x1b[31m"}], "password": "x"},
    ],
)
def test_control_characters_anywhere_in_a_json_body_are_refused(client, body):
    raw = json.dumps(body)  # escapes them as \\u0000: they exist only once decoded
    response = client.post("/api/v1/auth/token/", raw, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_characters"


def test_a_deeply_nested_json_body_is_a_400_not_a_recursion_error(client):
    body = "[" * 100_000 + "]" * 100_000
    response = client.post("/api/v1/auth/token/", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"detail": "提交的内容嵌套层数过多。", "code": "too_deep"}


def test_a_json_body_that_does_not_parse_is_refused_in_chinese(client):
    response = client.post("/api/v1/auth/token/", "{'login':", content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"detail": "提交的内容不是有效的 JSON。", "code": "parse_error"}


def test_a_multipart_body_without_a_boundary_is_a_400(client):
    response = client.generic("POST", "/api/v1/auth/token/", b"x", "multipart/form-data")
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def test_json_depth_counts_brackets_outside_strings_only():
    assert not json_too_deep('{"a": "' + "[" * 1000 + '"}')
    assert not json_too_deep("[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH)
    assert json_too_deep("[" * (MAX_JSON_DEPTH + 1) + "]" * (MAX_JSON_DEPTH + 1))
    assert json_too_deep('{"a": ' * 40 + "1" + "}" * 40)
    assert not json_too_deep(r'["\"[[[[", ' + "[1]," * 100 + "[]]")


# --- typed query parameters -------------------------------------------------------------------


def test_a_parent_that_is_not_a_number_is_a_400_naming_the_parameter(staff_client):
    response = staff_client.get("/api/v1/community/nodes/?parent=abc")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and body["errors"]["parent"] == ["请填写合法的整数值。"]


@pytest.mark.parametrize("value", ["abc", "0", "101", "-5", "1.5", "２０"])
def test_a_page_size_that_is_not_1_to_100_is_a_400(staff_client, value):
    response = staff_client.get(f"/api/v1/messages/?page_size={value}")
    assert response.status_code == 400
    assert response.json() == {
        "detail": "page_size 必须是 1 到 100 之间的整数。",
        "code": "invalid_page_size",
    }


def test_page_numbers_are_whole_numbers_and_a_page_past_the_last_is_404(staff_client):
    assert staff_client.get("/api/v1/messages/?page=abc").json()["code"] == "invalid_page"
    past = staff_client.get("/api/v1/messages/?page=999")
    assert past.status_code == 404 and past.json()["detail"] == "无效页面。"
    assert staff_client.get("/api/v1/messages/?page=1&page_size=100").status_code == 200
    assert staff_client.get("/api/v1/messages/?page=&page_size=").status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/messages/?unread=maybe",
        "/api/v1/market/coupons/?status=lost",
        "/api/v1/cases/board/?overdue=null",
        "/api/v1/points/postings/?date_from=2026-02-30",
        "/api/v1/volunteers/wishes/?list=everything",
    ],
)
def test_malformed_booleans_choices_and_dates_are_400_not_silently_ignored(staff_client, url):
    response = staff_client.get(url)
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "invalid"


def test_an_api_address_that_names_no_operation_is_a_json_404(staff_client):
    response = staff_client.get("/api/v1/community/nodes/null,null/")
    assert response.status_code == 404
    assert response.json() == {"detail": "未找到。", "code": "not_found"}
