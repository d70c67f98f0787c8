"""The page's CSRF token (core.csrf): Django's format, accepted by Django's own check."""

import collections
import re

import pytest
from django.middleware.csrf import (
    CSRF_ALLOWED_CHARS,
    _get_new_csrf_string,
    _unmask_cipher_token,
)
from django.test import Client, RequestFactory
from django.urls import reverse

from core.csrf import masked_csrf_token

pytestmark = pytest.mark.django_db


def _request_with_secret(secret: str):
    request = RequestFactory().get("/")
    request.META["CSRF_COOKIE"] = secret
    return request


def test_the_token_is_the_secret_masked_as_django_masks_it():
    secret = _get_new_csrf_string()
    request = _request_with_secret(secret)
    tokens = {masked_csrf_token(request) for _ in range(50)}
    assert len(tokens) == 50  # a new mask every time
    for token in tokens:
        assert len(token) == 64 and set(token) <= set(CSRF_ALLOWED_CHARS)
        assert _unmask_cipher_token(token) == secret
    assert request.META["CSRF_COOKIE_NEEDS_UPDATE"] is True  # the cookie's expiry is renewed


def test_every_character_of_the_mask_is_equally_likely():
    request = _request_with_secret(_get_new_csrf_string())
    counts = collections.Counter(
        char for _ in range(3000) for char in masked_csrf_token(request)[:32]
    )
    expected = 3000 * 32 / len(CSRF_ALLOWED_CHARS)  # about 1,548 each
    assert set(counts) == set(CSRF_ALLOWED_CHARS)
    # a byte-modulo bias would give the first 8 characters 25 % more; chance spread is ~2.5 %
    assert all(abs(count - expected) < 0.12 * expected for count in counts.values())


def test_without_a_secret_django_makes_one():
    request = RequestFactory().get("/")
    token = masked_csrf_token(request)
    assert _unmask_cipher_token(token) == request.META["CSRF_COOKIE"]


def test_a_form_posted_with_the_pages_token_is_accepted_and_without_it_refused(user, client):
    # the log-out form carries the page's token; Django's own check reads it
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    page = browser.get(reverse("accounts:profile")).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    assert browser.post(reverse("account_logout")).status_code == 403
    assert (
        browser.post(reverse("account_logout"), {"csrfmiddlewaretoken": token}).status_code == 302
    )
