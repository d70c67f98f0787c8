"""The base layout's fixed text ({% layout_kept %}) is rendered once per language and text size
and kept: each page shows exactly what a fresh render would, with its own path and CSRF token."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.middleware.csrf import _unmask_cipher_token
from django.template import engines
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation
from django.utils.html import escape

from core.templatetags.layout_nav import LayoutKeptNode

_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PATHS = ['/events/?q=<b>&x="1"\'', "/quizzes/", "/"]


def _render(path: str, language: str, large: bool):
    request = RequestFactory().get(path)
    request.user = AnonymousUser()
    if large:
        request.COOKIES["text_size"] = "large"
    with translation.override(language):
        html = render_to_string("home.html", {}, request=request)
    return html, request


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("large", [False, True])
def test_a_kept_layout_shows_what_a_fresh_render_shows(monkeypatch, language, large):
    kept = [_render(path, language, large) for path in PATHS * 2]  # the second time from the copy
    monkeypatch.setattr(
        LayoutKeptNode, "render", lambda node, context: node.nodelist.render(context)
    )
    fresh = [_render(path, language, large) for path in PATHS * 2]
    for (kept_html, _kept_request), (fresh_html, _request) in zip(kept, fresh, strict=True):
        assert kept_html == fresh_html
        # the layout's own forms need no token (core.origin): a page without forms has none
        assert not _TOKEN.search(kept_html)


def test_a_kept_section_fills_in_each_requests_csrf_token_and_path():
    template = engines["django"].from_string(
        "{% load layout_nav %}{% layout_kept %}<form>{% csrf_token %}"
        '<input name="next" value="{{ request.get_full_path }}"></form>{% endlayout_kept %}'
    )
    for path in PATHS * 2:  # the second time from the copy
        request = RequestFactory().get(path)
        html = template.render({}, request)
        # this request's token (masked), never another request's, and its own path
        (token,) = _TOKEN.findall(html)
        assert _unmask_cipher_token(token) == request.META["CSRF_COOKIE"]
        assert f'value="{escape(request.get_full_path())}"' in html


def test_a_kept_layout_escapes_each_requests_path_and_follows_the_language_and_text_size():
    html, _request = _render(PATHS[0], "en", False)
    # the path as the request gives it (its query percent-encoded), escaped for the attribute
    assert html.count('name="next" value="/events/?q=%3Cb%3E&amp;x=%221%22&#x27;"') == 2
    assert 'value="large"' in html and 'lang="zh-hans">中文' in html
    html, _request = _render("/quizzes/", "zh-hans", True)
    assert html.count('name="next" value="/quizzes/"') == 2
    assert 'value="normal"' in html and 'lang="en">English' in html
    assert 'class="large-text"' in html and '<html lang="zh-hans"' in html
