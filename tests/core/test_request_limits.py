"""A request-size cap answered with 413 in the user's language, and the Content-Security-Policy
header every page carries (issue 17, item 13)."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_a_body_over_the_cap_is_refused_with_413_in_chinese_before_it_is_read(client, settings):
    settings.MAX_REQUEST_BODY_BYTES = 1024 * 1024
    # given a body larger than the cap (a page form, no CSRF token: refused before CSRF reads it)
    response = client.post(
        "/cases/new/", data=b"x" * (1024 * 1024 + 1), content_type="application/octet-stream"
    )
    assert response.status_code == 413
    text = response.content.decode()
    assert "太大" in text and 'lang="zh-hans"' in text
    assert 'href="/"' in text  # a way back, not a dead end


def test_the_api_answers_413_as_json_with_a_stable_code(client, settings):
    settings.MAX_REQUEST_BODY_BYTES = 1024 * 1024
    response = client.post(
        "/api/v1/cases/", data=b"{" + b" " * (1024 * 1024) + b"}", content_type="application/json"
    )
    assert response.status_code == 413
    assert response.json()["code"] == "request_too_large"
    assert "太大" in response.json()["detail"]


def test_a_body_within_the_cap_goes_through(client, settings):
    settings.MAX_REQUEST_BODY_BYTES = 1024 * 1024
    response = client.post("/api/v1/auth/token/", data={"username": "x", "password": "y"})
    assert response.status_code != 413


def test_the_413_page_speaks_english_to_an_english_user(settings):
    settings.MAX_REQUEST_BODY_BYTES = 1024 * 1024
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.cookies["django_language"] = "en"
    response = client.post("/cases/new/", data=b"x" * (1024 * 1024 + 1), content_type="text/plain")
    assert response.status_code == 413
    assert "too large" in response.content.decode()


def test_upload_limits_are_set():
    from django.conf import settings

    assert settings.MAX_REQUEST_BODY_BYTES == 50 * 1024 * 1024
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 10 * 1024 * 1024
    assert settings.DATA_UPLOAD_MAX_NUMBER_FILES == 20


def test_every_page_carries_a_content_security_policy_without_unsafe_inline(client):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["default-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in directives["script-src"]


def test_the_api_docs_page_has_no_inline_script_and_nonces_its_style(client, staff_user):
    client.force_login(staff_user)
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    nonce = response["Content-Security-Policy"].split("'nonce-", 1)[1].split("'", 1)[0]
    assert f'<style nonce="{nonce}">' in html
    assert "<script>" not in html
    assert client.get("/api/docs/?script").status_code == 200
