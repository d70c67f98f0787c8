"""A finding turned into a service request is followed up to done by the care roles over the
person's home, on the pages and through the API; every read is audited; another community's
care staff, a volunteer without a care role and plain staff never see it."""

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEntry
from care import services
from care.models import ServiceRequest

pytestmark = pytest.mark.django_db
API = "/api/v1/care"


@pytest.fixture
def visit(captain, elder_tag, elder):
    return services.visit_record(
        actor=captain, residency=elder, seen_in_person=True, needs="concern", finding="需要助餐"
    )


def test_a_captain_asks_for_a_service_and_care_staff_follow_it_up_to_done(
    client, captain, care_staff, visit
):
    client.force_login(captain)
    page = client.get(f"/care/visits/{visit.pk}/").content.decode()
    assert f"/care/visits/{visit.pk}/request/" in page
    response = client.post(
        f"/care/visits/{visit.pk}/request/", {"kind": "meals", "description": "每天送午餐"}
    )
    item = ServiceRequest.objects.get()
    assert response.status_code == 302 and response.url == f"/care/requests/{item.pk}/"
    assert (item.kind, item.status, item.created_by) == ("meals", "open", captain)
    client.force_login(care_staff)
    listed = client.get("/care/requests/").content.decode()
    assert f"/care/requests/{item.pk}/" in listed
    for to, note in (("in_progress", "已联系长者饭堂"), ("done", "每天11点送到")):
        moved = client.post(f"/care/requests/{item.pk}/", {"to": to, "note": note})
        assert moved.status_code == 302
    item.refresh_from_db()
    assert item.status == "done" and item.done_at is not None
    assert list(item.updates.values_list("status", flat=True)) == ["open", "in_progress", "done"]
    detail = client.get(f"/care/requests/{item.pk}/").content.decode()
    assert "每天11点送到" in detail and 'name="to"' not in detail  # done: nothing left to do
    audited = AuditEntry.objects.filter(actor=care_staff)
    assert audited.filter(action="care.request.list").exists()
    assert audited.filter(action="care.request.read", target_id=str(item.pk)).exists()
    assert audited.filter(action="care.request.progress").count() == 2
    # once per visit
    with pytest.raises(ValidationError) as refused:
        services.visit_finding_to_service_request(actor=captain, visit=visit, kind="meals")
    assert refused.value.code == "already_done"


def test_requests_are_refused_outside_the_care_roles_over_the_home(
    client, api_client, visit, captain, baoan_care_staff, volunteer, tapo_plain_staff, care_staff
):
    item = services.visit_finding_to_service_request(actor=captain, visit=visit, kind="repair")
    for outsider in (baoan_care_staff, volunteer, tapo_plain_staff):
        client.force_login(outsider)
        assert client.get(f"/care/requests/{item.pk}/").status_code == 404
        assert client.post(f"/care/requests/{item.pk}/", {"to": "done"}).status_code == 404
        api_client.force_authenticate(outsider)
        assert api_client.get(f"{API}/requests/{item.pk}/").status_code == 404
        progress = api_client.post(f"{API}/requests/{item.pk}/progress/", {"to": "done"})
        assert progress.status_code == 404
    client.force_login(baoan_care_staff)
    assert f"/care/requests/{item.pk}/" not in client.get("/care/requests/").content.decode()
    for outsider in (volunteer, tapo_plain_staff):
        client.force_login(outsider)
        assert client.get("/care/requests/").status_code == 404
    assert (
        AuditEntry.objects.filter(
            action="care.request.read", outcome=AuditEntry.Outcome.REFUSED
        ).count()
        == 12  # 3 people x 4 tries
    )
    item.refresh_from_db()
    assert item.status == "open"


def test_the_api_asks_reads_and_follows_a_request_up(api_client, captain, care_staff, visit):
    api_client.force_authenticate(captain)
    bad = api_client.post(f"{API}/visits/{visit.pk}/request/", {"kind": "?"}, format="json")
    assert bad.status_code == 400
    made = api_client.post(f"{API}/visits/{visit.pk}/request/", {"kind": "cleaning"}, format="json")
    assert made.status_code == 201 and made.json()["description"] == "需要助餐"
    pk = made.json()["id"]
    api_client.force_authenticate(care_staff)
    assert [r["id"] for r in api_client.get(f"{API}/requests/").json()["results"]] == [pk]
    done = api_client.post(
        f"{API}/requests/{pk}/progress/", {"to": "done", "note": "已上门保洁"}, format="json"
    )
    assert done.status_code == 200 and done.json()["status"] == "done"
    assert [u["status"] for u in done.json()["updates"]] == ["open", "done"]
    back = api_client.post(f"{API}/requests/{pk}/progress/", {"to": "in_progress"}, format="json")
    assert back.status_code == 400 and back.json()["code"] == "bad_transition"


def test_a_plans_visitor_asks_for_a_service_but_does_not_follow_it_up(
    client, volunteer, care_staff, elder_tag, elder
):
    services.visit_plan_set(actor=care_staff, tag=elder_tag, every_days=7, assignee=volunteer)
    made = services.visit_record(
        actor=volunteer, residency=elder, seen_in_person=True, finding="窗户坏了"
    )
    client.force_login(volunteer)
    response = client.post(
        f"/care/visits/{made.pk}/request/", {"kind": "repair", "description": "修窗"}
    )
    assert response.status_code == 302 and response.url == f"/care/visits/{made.pk}/"
    assert ServiceRequest.objects.get().created_by == volunteer
