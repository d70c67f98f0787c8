"""The admin's navigation sidebar is rendered once per process per content (core's
kept_admin_nav): it shows exactly what Django's own sidebar shows, follows the user's apps and
models, the page it is on and the language, and never serves one user's menu to another."""

import re

import pytest
from django.template import Context, engines
from django.template.loaders.app_directories import Loader
from django.test import RequestFactory
from django.utils import translation

from communities.models import Post
from core.templatetags import kept_admin_nav
from tests.communities.factories import appoint

pytestmark = pytest.mark.django_db
RESIDENTS = "/admin/communities/residency/"
POSTS = "/admin/communities/post/"


def _sidebar(page: str) -> str:
    start = page.index('<nav class="sticky" id="nav-sidebar"')
    return page[start : page.index("</nav>", start)]


def _page(client, url) -> str:
    response = client.get(url, secure=True)
    assert response.status_code == 200
    return response.content.decode()


def _djangos_own_sidebar(user, url) -> str:
    """Django's nav_sidebar.html (not the project's), rendered for the user on that page."""
    from django.contrib import admin

    engine = engines["django"].engine
    template = Loader(engine).get_template("admin/nav_sidebar.html")
    request = RequestFactory().get(url, secure=True)
    request.user = user
    apps = admin.site.get_app_list(request)
    return _sidebar(template.render(Context({"available_apps": apps, "request": request})))


def _same(html: str, other: str) -> bool:
    squeeze = lambda text: re.sub(r"\s+", " ", text)  # noqa: E731
    return squeeze(html) == squeeze(other)


def test_the_sidebar_is_djangos_own_and_marks_the_page_it_is_on(client, street_staff):
    kept_admin_nav._kept.clear()
    client.force_login(street_staff)
    on_residents = _sidebar(_page(client, RESIDENTS))
    assert len(kept_admin_nav._kept) == 1  # the project's sidebar, through the kept tag
    on_posts = _sidebar(_page(client, POSTS))
    assert _same(on_residents, _djangos_own_sidebar(street_staff, RESIDENTS))
    assert _same(on_posts, _djangos_own_sidebar(street_staff, POSTS))
    assert 'class="model-residency current-model"' in on_residents
    assert 'class="model-post current-model"' not in on_residents
    assert 'class="model-post current-model"' in on_posts
    # the same page again: the kept copy, the same HTML
    assert _sidebar(_page(client, RESIDENTS)) == on_residents


def test_each_user_gets_their_own_menu(client, street_staff, staff_user, tapo):
    client.force_login(street_staff)
    staff_menu = _sidebar(_page(client, RESIDENTS))
    client.force_login(staff_user)  # a superuser: every app, the outbox too
    everything = _sidebar(_page(client, RESIDENTS))
    assert "model-outboxtask" in everything and "model-outboxtask" not in staff_menu
    captain = appoint(Post.Kind.COMMUNITY_STAFF, tapo["community"]).user
    client.force_login(captain)
    assert _same(_sidebar(_page(client, RESIDENTS)), _djangos_own_sidebar(captain, RESIDENTS))
    client.force_login(street_staff)
    assert _sidebar(_page(client, RESIDENTS)) == staff_menu


def test_the_sidebar_follows_the_language(client, street_staff):
    client.force_login(street_staff)
    chinese = _sidebar(_page(client, RESIDENTS))
    client.cookies["django_language"] = "en"
    english = _sidebar(_page(client, RESIDENTS))
    assert english != chinese
    with translation.override("en"):
        assert _same(english, _djangos_own_sidebar(street_staff, RESIDENTS))
