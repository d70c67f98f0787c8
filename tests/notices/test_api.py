"""API: a resident lists, reads and confirms; staff publish and read receipts and reach;
refusals come back with stable codes; another community gets 404; the list stays flat."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from notices.models import Delivery, Notice
from tests.notices.factories import live_in, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def resident(tapo):
    return live_in(tapo["households"][0]).user


def test_a_resident_lists_reads_and_confirms(api_client, tapo, tapo_staff, resident):
    notice = publish(actor=tapo_staff, node=tapo["community"], needs_confirmation=True)
    api_client.force_authenticate(resident)
    listed = api_client.get("/api/v1/notices/").json()
    assert [n["id"] for n in listed["results"]] == [notice.pk]
    assert listed["results"][0]["read"] is False
    detail = api_client.get(f"/api/v1/notices/{notice.pk}/").json()
    assert detail["read"] is True and detail["attachments"] == []
    confirmed = api_client.post(f"/api/v1/notices/{notice.pk}/confirm/")
    assert confirmed.status_code == 200 and confirmed.json()["confirmed"] is True
    assert Delivery.objects.get(user=resident).confirmed_at is not None


def test_confirming_a_notice_that_asks_none_is_a_400_with_a_code(
    api_client, tapo, tapo_staff, resident
):
    notice = publish(actor=tapo_staff, node=tapo["community"])
    api_client.force_authenticate(resident)
    response = api_client.post(f"/api/v1/notices/{notice.pk}/confirm/")
    assert response.status_code == 400 and response.json()["code"] == "no_confirmation"


def test_staff_publish_and_read_receipts_and_reach(
    api_client, tapo, tapo_staff, resident, django_capture_on_commit_callbacks
):
    api_client.force_authenticate(tapo_staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client.post(
            "/api/v1/notices/publish/",
            {"node": tapo["community"].pk, "title": "通知", "body": "内容", "audience": "all"},
            format="json",
        )
    assert response.status_code == 201
    notice = Notice.objects.get()
    receipts = api_client.get(f"/api/v1/notices/{notice.pk}/receipts/").json()
    assert receipts["recipients"] == 1 and receipts["fanout_status"] == "done"
    assert {(r["kind"], r["households"], r["reached"]) for r in receipts["reach"]} == {
        ("community", 1, 0),
        ("grid", 1, 0),
        ("building", 1, 0),
    }
    bad = api_client.post(
        "/api/v1/notices/publish/", {"node": "x", "title": "", "audience": "?"}, format="json"
    )
    assert bad.status_code == 400


def test_another_community_gets_404(api_client, tapo, baoan, tapo_staff, baoan_staff, resident):
    notice = publish(actor=tapo_staff, node=tapo["community"])
    api_client.force_authenticate(baoan_staff)
    for url in ("", "receipts/"):
        assert api_client.get(f"/api/v1/notices/{notice.pk}/{url}").status_code == 404
    assert api_client.post(f"/api/v1/notices/{notice.pk}/confirm/").status_code == 404
    response = api_client.post(
        "/api/v1/notices/publish/",
        {"node": tapo["community"].pk, "title": "x", "body": "y"},
        format="json",
    )
    assert response.status_code == 404
    api_client.force_authenticate(resident)
    assert api_client.get(f"/api/v1/notices/{notice.pk}/receipts/").status_code == 404
    assert api_client.post("/api/v1/notices/publish/", {}, format="json").status_code == 404


def test_the_list_query_count_stays_flat(api_client, tapo, tapo_staff, resident):
    publish(actor=tapo_staff, node=tapo["community"])
    api_client.force_authenticate(resident)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert api_client.get("/api/v1/notices/").status_code == 200
        return len(queries)

    one = count()
    for _ in range(4):
        publish(actor=tapo_staff, node=tapo["community"])
    # count and one page of notices with their place and my receipt flags
    assert count() == one <= 4
