"""Pages: a resident reads and confirms; staff publish, follow progress and reach, print;
people elsewhere are refused; the list keeps a flat query count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.models import AuditEntry
from notices.models import Delivery, Notice
from notifications.models import Message
from tests.notices.factories import live_in, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def resident(tapo):
    return live_in(tapo["households"][0]).user


def test_staff_publish_through_the_page_and_see_the_progress(client, tapo, tapo_staff, resident):
    client.force_login(tapo_staff)
    form = client.get("/notices/new/")
    assert form.status_code == 200 and "保安" not in form.content.decode()
    response = client.post(
        "/notices/new/",
        {
            "node": tapo["community"].pk,
            "audience": "all",
            "title": "停水通知",
            "body": "明天停水。",
            "needs_confirmation": "on",
        },
    )
    notice = Notice.objects.get()
    assert response.status_code == 302 and response.url == f"/notices/{notice.pk}/"
    assert AuditEntry.objects.filter(action="notices.publish").count() == 1
    progress = client.get(f"/notices/{notice.pk}/progress/").content.decode()
    assert "1 / 1" in progress or "1" in progress


def test_a_bad_publish_keeps_the_text_and_changes_nothing(client, tapo, tapo_staff):
    client.force_login(tapo_staff)
    response = client.post(
        "/notices/new/",
        {"node": 999999, "audience": "nobody", "title": "我的标题", "body": "我的内容"},
    )
    assert response.status_code == 200 and "我的标题" in response.content.decode()
    assert not Notice.objects.exists()


def test_a_resident_reads_and_confirms_a_notice(client, tapo, tapo_staff, resident):
    notice = publish(actor=tapo_staff, node=tapo["community"], needs_confirmation=True)
    client.force_login(resident)
    assert "停水通知" in client.get("/notices/").content.decode()
    page = client.get(f"/notices/{notice.pk}/").content.decode()
    assert "5月8日" in page and "confirm" in page
    delivery = Delivery.objects.get(user=resident)
    assert delivery.read_at is not None and delivery.confirmed_at is None
    assert Message.objects.get(recipient=resident).read_at is not None
    client.post(f"/notices/{notice.pk}/confirm/")
    client.post(f"/notices/{notice.pk}/confirm/")
    delivery.refresh_from_db()
    assert delivery.confirmed_at is not None and delivery.confirmed_by is None
    assert AuditEntry.objects.filter(action="notices.confirm").count() == 1
    # a resident sees no staff figures, print or door-knock list
    assert client.get(f"/notices/{notice.pk}/print/").status_code == 404
    assert client.get(f"/notices/{notice.pk}/knock/").status_code == 404


def test_people_of_another_community_get_404(client, tapo, baoan, tapo_staff, baoan_staff):
    notice = publish(actor=tapo_staff, node=tapo["community"])
    stranger = live_in(baoan["households"][0]).user
    for user in (baoan_staff, stranger):
        client.force_login(user)
        for url in ("", "progress/", "print/", "knock/"):
            assert client.get(f"/notices/{notice.pk}/{url}").status_code == 404
        assert client.post(f"/notices/{notice.pk}/confirm/").status_code == 404
        assert client.post(f"/notices/{notice.pk}/knock/told/").status_code == 404
    client.force_login(stranger)
    assert client.get("/notices/new/").status_code == 404
    assert client.get("/notices/manage/").status_code == 404


def test_the_print_copy_has_a_qr_to_the_notice(client, tapo, tapo_staff):
    notice = publish(actor=tapo_staff, node=tapo["community"], needs_confirmation=True)
    client.force_login(tapo_staff)
    page = client.get(f"/notices/{notice.pk}/print/").content.decode()
    assert "data:image/" in page and f"/notices/{notice.pk}/" in page


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_residents_list_query_count_stays_flat(client, tapo, tapo_staff, resident):
    publish(actor=tapo_staff, node=tapo["community"])
    client.force_login(resident)
    client.get("/notices/")
    one = _queries(client, "/notices/")
    for _ in range(5):
        publish(actor=tapo_staff, node=tapo["community"])
    client.get("/notices/")  # the new notices' messages dropped the cached layout: refilled
    # session, user, layout (unread count, roles), count and page of notices: not per row
    assert _queries(client, "/notices/") == one <= 10
    assert client.get("/notices/").content.decode().count('<li class="card') == 6


def test_the_managed_list_query_count_stays_flat(client, tapo, tapo_staff, resident):
    publish(actor=tapo_staff, node=tapo["community"])
    client.force_login(tapo_staff)
    client.get("/notices/manage/")
    one = _queries(client, "/notices/manage/")
    for _ in range(5):
        publish(actor=tapo_staff, node=tapo["community"])
    # session, user, posts (scope), layout, count and page of notices with place and author
    assert _queries(client, "/notices/manage/") == one <= 12
