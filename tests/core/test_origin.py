"""The layout's display forms (text size, language) need no token: they take POSTs that the
browser says come from this site, and refuse the rest with nothing changed (core.origin)."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

SAME_SITE = {"HTTP_SEC_FETCH_SITE": "same-origin"}


@pytest.fixture
def browser():
    return Client(enforce_csrf_checks=True)


def _large_text(browser, **headers):
    return browser.post(reverse("core:text_size"), {"size": "large", "next": "/"}, **headers)


def test_a_page_with_no_form_of_its_own_carries_no_token_and_no_csrf_cookie(browser, user):
    browser.force_login(user)
    response = browser.get(reverse("home"))
    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert "csrftoken" not in response.cookies


@pytest.mark.parametrize(
    "headers",
    [
        SAME_SITE,
        {"HTTP_ORIGIN": "http://testserver"},  # a browser before Fetch Metadata
        {"HTTP_REFERER": "http://testserver/events/"},  # one before Origin on every POST
    ],
)
def test_text_size_is_changed_from_a_page_of_this_site(browser, headers):
    response = _large_text(browser, **headers)
    assert response.status_code == 302
    assert response.cookies["text_size"].value == "large"


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_SEC_FETCH_SITE": "cross-site"},
        {"HTTP_SEC_FETCH_SITE": "same-site"},  # another host under the same domain
        {"HTTP_SEC_FETCH_SITE": "none"},
        {"HTTP_SEC_FETCH_SITE": "cross-site", "HTTP_ORIGIN": "http://testserver"},
        {"HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_ORIGIN": "null"},
        {"HTTP_ORIGIN": "https://testserver"},  # another scheme is another origin
        {"HTTP_REFERER": "https://evil.example/testserver/"},
        {"HTTP_REFERER": "http://[bad"},
        {},  # says nothing of where it comes from
    ],
)
def test_text_size_from_anywhere_else_is_refused_in_chinese_with_nothing_set(browser, headers):
    response = _large_text(browser, **headers)
    assert response.status_code == 403
    assert "text_size" not in response.cookies
    assert "表单" in response.content.decode() or "页面" in response.content.decode()


def test_the_language_is_switched_from_a_page_of_this_site_only(browser):
    posted = {"language": "en", "next": "/accounts/login/"}
    refused = browser.post(reverse("set_language"), posted, HTTP_ORIGIN="https://evil.example")
    assert refused.status_code == 403 and "django_language" not in refused.cookies
    switched = browser.post(reverse("set_language"), posted, **SAME_SITE)
    assert switched.status_code == 302
    assert switched.cookies["django_language"].value == "en"


def test_a_get_of_the_display_forms_changes_nothing(browser):
    assert browser.get(reverse("core:text_size"), SAME_SITE).status_code == 405
