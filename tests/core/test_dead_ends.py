"""No dead ends: what the lane chief and the branch secretary find on their home page opens, and
every error page is the portal's own, in the user's language, with a way home."""

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import path

from core.demo import DemoContext

pytestmark = pytest.mark.django_db


def _seed():
    from accounts import demo as accounts_demo
    from communities import demo as communities_demo
    from consultations import demo as consultations_demo

    context = DemoContext()
    accounts_demo.seed_demo(context)
    communities_demo.seed_demo(context)
    consultations_demo.seed_demo(context)
    return context


def _links(html: str) -> set[str]:
    main = html.split("<main", 1)[1]
    header = html.split("<main", 1)[0]
    hrefs = re.findall(r'href="(/[^"#]*)"', header + main)
    return {h.replace("&amp;", "&") for h in hrefs if not h.startswith(("/static/", "/media/"))}


@pytest.mark.parametrize("role", ["lane_chief", "branch_secretary"])
def test_every_link_on_the_home_page_opens(client, role):
    context = _seed()
    client.force_login(context.data[role])
    home = client.get("/").content.decode()
    broken = {}
    for link in sorted(_links(home)):
        response = client.get(link, follow=True)
        if response.status_code >= 400:
            broken[link] = response.status_code
    assert broken == {}


def test_the_lane_chief_opens_their_lane_and_records_a_patrol(client):
    context = _seed()
    client.force_login(context.data["lane_chief"])
    html = client.get("/community/building/").content.decode()
    assert "福贤路" in html
    response = client.get("/community/patrol/")
    assert response.status_code == 200


# --- error pages ---------------------------------------------------------------------------


def _refuse(request):
    raise PermissionDenied


def _crash(request):
    raise RuntimeError("boom")


urlpatterns = [
    path("refuse/", _refuse),
    path("crash/", _crash),
]


@pytest.fixture
def error_urls(settings):
    """The project's URLs plus two views that refuse and crash, with DEBUG off (as `make run`)."""
    from config import urls as project_urls

    settings.DEBUG = False
    module = type(project_urls)("error_test_urls")
    module.urlpatterns = [*urlpatterns, *project_urls.urlpatterns]
    for name in ("handler400", "handler403", "handler404", "handler500", "handler429"):
        setattr(module, name, getattr(project_urls, name))
    settings.ROOT_URLCONF = module
    return module


@pytest.mark.parametrize(
    ("address", "status", "chinese", "english"),
    [
        ("/no-such-page/", 404, "页面不存在", "Page not found"),
        ("/refuse/", 403, "您无权打开这个页面", "You may not open this page"),
        ("/crash/", 500, "出了点问题", "Something went wrong"),
    ],
)
def test_error_pages_are_the_portals_own_in_the_users_language(
    error_urls, address, status, chinese, english
):
    client = Client(raise_request_exception=False)
    response = client.get(address)
    html = response.content.decode()
    assert response.status_code == status
    assert chinese in html and 'href="/"' in html and "共治" in html
    response = client.get(address, HTTP_ACCEPT_LANGUAGE="en")
    assert english in response.content.decode()


def test_a_refused_csrf_check_is_the_portals_own_page(error_urls):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"login": "x", "password": "y"})
    html = response.content.decode()
    assert response.status_code == 403
    assert "表单已过期" in html and 'href="/"' in html
    assert "CSRF" not in html


def test_an_error_under_the_api_stays_json(error_urls):
    client = Client(raise_request_exception=False)
    response = client.get("/api/v1/no-such-operation/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")


def test_make_run_hides_the_technical_pages_and_make_dev_keeps_them():
    with open("Makefile") as file:
        makefile = file.read()
    run = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    dev = makefile.split("\ndev:", 1)[1].split("\n\n", 1)[0]
    assert "DEBUG_PAGES=0" in run
    assert "DEBUG_PAGES=1" in dev
