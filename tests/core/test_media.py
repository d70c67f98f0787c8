"""Uploaded files are served through permission checks, never as a plain directory (issue 17,
item 13): event covers to anyone, case and patrol photos and import files only in scope."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver
from django.views.static import serve

from cases.models import CasePhoto
from communities.models import ImportJob, Post
from communities.services import patrol_log_create
from tests.accounts.factories import UserFactory
from tests.cases.factories import jpeg_bytes, photo, report
from tests.communities.factories import ResidencyFactory, appoint
from tests.events.factories import make_event

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 10, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def _at_a_fixed_time(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    with time_machine.travel(NOW, tick=False):
        yield


def _all_views(resolver=None):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _all_views(pattern)
        elif isinstance(pattern, URLPattern):
            yield pattern.callback


def test_no_url_serves_the_media_folder_as_a_directory():
    assert serve not in set(_all_views())


def test_an_event_cover_is_public(client, tapo):
    event = make_event(tapo["community"])
    event.cover.save("cover.jpg", ContentFile(jpeg_bytes()), save=True)
    response = client.get(event.cover.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "public, max-age=86400"
    assert b"".join(response.streaming_content) == event.cover.open("rb").read()


def test_a_case_photo_is_shown_to_the_reporter_and_staff_in_scope_only(client, tapo, baoan_staff):
    # given a case with a photo, reported by a resident of 塔坡
    reporter = ResidencyFactory(household=tapo["households"][0]).user
    tapo_staff = appoint(Post.Kind.COMMUNITY_STAFF, tapo["community"]).user
    report(reporter=reporter, node=tapo["units"][0], photos=[photo("a.jpg")])
    url = CasePhoto.objects.get().image.url
    assert url.startswith("/media/cases/")
    # then the reporter and the staff of 塔坡 see it, privately cached
    for user in (reporter, tapo_staff):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert response["Cache-Control"] == "private, max-age=3600"
    # and staff of another community, another resident and anonymous visitors get 404
    for user in (baoan_staff, UserFactory()):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 404


def test_a_patrol_photo_is_shown_to_its_captain_and_staff_over_the_building(
    client, tapo, baoan_staff
):
    captain = appoint(Post.Kind.BUILDING_CAPTAIN, tapo["building"]).user
    tapo_staff = appoint(Post.Kind.COMMUNITY_STAFF, tapo["community"]).user
    log = patrol_log_create(
        captain=captain, building=tapo["building"], findings="楼道堆物", photos=[photo("p.jpg")]
    )
    url = log.photos.get().image.url
    for user, status in ((captain, 200), (tapo_staff, 200), (baoan_staff, 404)):
        client.force_login(user)
        assert client.get(url).status_code == status, user


def test_an_imported_spreadsheet_is_shown_only_to_staff_managing_its_place(
    client, tapo, baoan_staff
):
    tapo_staff = appoint(Post.Kind.COMMUNITY_STAFF, tapo["community"]).user
    job = ImportJob(kind="households", root=tapo["community"], created_by=tapo_staff)
    job.file.save("住户.xlsx", ContentFile(b"PK\x03\x04 spreadsheet"), save=True)
    client.force_login(tapo_staff)
    response = client.get(job.file.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    client.force_login(baoan_staff)
    assert client.get(job.file.url).status_code == 404


@pytest.mark.parametrize(
    "name",
    ["unknown/file.jpg", "events/covers/missing.jpg", "events/covers/../../config/settings.py"],
)
def test_files_of_no_folder_no_row_or_outside_media_are_404(client, name):
    assert client.get(f"/media/{name}").status_code == 404


def test_behind_nginx_the_checked_file_is_handed_over_with_x_accel_redirect(client, tapo, settings):
    settings.MEDIA_ACCEL_REDIRECT_PREFIX = "/protected-media/"
    event = make_event(tapo["community"])
    event.cover.save("封面.jpg", ContentFile(jpeg_bytes()), save=True)
    response = client.get(event.cover.url)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"].startswith("/protected-media/events/covers/")
    assert response.content == b""
