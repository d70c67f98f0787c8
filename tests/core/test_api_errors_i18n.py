"""Every API error is in the user's language: a walk through the API's error cases in Chinese.

None of Django's, DRF's, Python's or the database's English may reach the detail (or the field
errors): no model names ("No Node matches the given query."), no parser output ("JSON parse
error - Expecting value"), no "CSRF Failed", no untranslated service message.
"""

import re

import pytest
from django.utils import translation
from rest_framework import exceptions
from rest_framework.test import APIClient

from accounts.tokens import api_token_issue
from core.api import exception_handler
from tests.core.language import english_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def chinese_client(user):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_issue(user=user)}")
    return client


# (method, url, body, content type, expected status)
ERROR_CASES = [
    ("get", "/api/v1/community/nodes/999999/", None, None, 404),
    ("get", "/api/v1/events/999999/", None, None, 404),
    ("get", "/api/v1/market/offers/999999/", None, None, 404),
    ("get", "/api/v1/community/buildings/999999/households/", None, None, 404),
    ("post", "/api/v1/volunteers/help/1/fly/", None, None, 404),
    ("post", "/api/v1/volunteers/wishes/1/fly/", {}, "json", 404),
    ("get", "/api/v1/volunteers/me/", None, None, 400),
    ("get", "/api/v1/volunteers/certificates/check/NOPE-1/", None, None, 404),
    ("post", "/api/v1/cases/", '{"category": ', "application/json", 400),
    ("post", "/api/v1/cases/", "[" * 5000, "application/json", 400),
    ("post", "/api/v1/cases/", {"description": "x"}, "json", 400),
    ("post", "/api/v1/cases/", "<xml/>", "application/xml", 415),
    ("put", "/api/v1/me/", None, None, 405),
    ("get", "/api/v1/messages/?page_size=abc", None, None, 400),
    ("get", "/api/v1/messages/?page=999", None, None, 404),
    ("get", "/api/v1/community/nodes/?parent=abc", None, None, 400),
    ("get", "/api/v1/events/?q=%00", None, None, 400),
    ("get", "/api/v1/no/such/operation/", None, None, 404),
    ("get", "/api/v1/cases/board/", None, None, 404),
    ("post", "/api/v1/market/shop/verify/", {"code": "X"}, "json", 404),
]


@pytest.mark.parametrize(("method", "url", "body", "content_type", "status"), ERROR_CASES)
def test_api_errors_are_in_chinese(chinese_client, method, url, body, content_type, status):
    send = getattr(chinese_client, method)
    if content_type == "json":
        response = send(url, body, format="json")
    elif content_type:
        response = send(url, body, content_type=content_type)
    else:
        response = send(url)
    assert response.status_code == status, response.content
    data = response.json()
    assert set(data) >= {"detail", "code"}
    assert re.search(r"[\u4e00-\u9fff]", data["detail"]), data
    assert not english_in(data), data


def test_a_wrong_token_and_no_token_are_refused_in_chinese(user):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert not english_in(client.get("/api/v1/me/").json())
    client.credentials(HTTP_AUTHORIZATION="Token wrong")
    # 403, not 401: the first authenticator is the session, which sends no challenge
    refused = client.get("/api/v1/market/offers/")
    assert refused.status_code == 403 and not english_in(refused.json())


def test_a_missing_csrf_token_is_refused_in_chinese(user):
    client = APIClient(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(user)
    response = client.post("/api/v1/community/claims/", {"household": 1}, format="json")
    assert response.status_code == 403
    assert response.json() == {
        "detail": "页面已过期，或请求并非来自本网站。请刷新页面后重试。",
        "code": "csrf_failed",
    }


def test_a_throttled_request_is_refused_in_chinese():
    # DRF's own sentence ("Expected available in 5 seconds.") has no Chinese translation.
    with translation.override("zh-hans"):
        response = exception_handler(exceptions.Throttled(wait=4.2), {})
    assert response.status_code == 429
    assert response.data == {"detail": "请求过于频繁，请 5 秒后再试。", "code": "throttled"}


def test_field_errors_are_in_chinese_too(chinese_client):
    response = chinese_client.post("/api/v1/volunteers/timebank/transfer/", {}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] and not english_in(response.json())
