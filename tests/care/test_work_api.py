"""The care API for mediation, the legal adviser and counselling: the pages' scoping field by
field, reads audited like the pages, refusals (another community, a volunteer or plain staff
without a care role) answered 404, bad input 400, both documented in the schema."""

import datetime as dt

import pytest

from audit.models import AuditEntry
from care import services
from care.models import CareRole, CounsellingBooking, Dispute
from tests.accounts.factories import UserFactory
from tests.care.conftest import NOW
from tests.communities.factories import ResidencyFactory

pytestmark = pytest.mark.django_db
API = "/api/v1/care"
PARTIES = [
    {"name": "张三", "phone": "13800001111", "side": "applicant"},
    {"name": "李四", "side": "respondent"},
]


def open_dispute(api_client, user, node):
    api_client.force_authenticate(user)
    return api_client.post(
        f"{API}/disputes/",
        {
            "node": node.pk,
            "title": "楼上漏水",
            "kind": "neighbours",
            "summary": "楼上漏水到楼下厨房",
            "parties": PARTIES,
        },
        format="json",
    )


def test_a_grid_worker_mediates_to_an_agreement_through_the_api(api_client, grid_worker, tapo):
    response = open_dispute(api_client, grid_worker, tapo["building"])
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    assert [p["phone"] for p in response.json()["parties"]] == ["13800001111", ""]
    listed = api_client.get(f"{API}/disputes/").json()
    assert [d["id"] for d in listed["results"]] == [pk]
    held = api_client.post(
        f"{API}/disputes/{pk}/sessions/",
        {"held_at": (NOW - dt.timedelta(hours=1)).isoformat(), "notes": "双方到场，同意维修"},
        format="json",
    )
    assert held.status_code == 201 and len(held.json()["sessions"]) == 1
    closed = api_client.post(
        f"{API}/disputes/{pk}/close/",
        {
            "status": "agreed",
            "level": "grid",
            "outcome": "楼上负责维修",
            "agreement_terms": "一周内修好防水层",
            "agreed_on": "2026-06-01",
        },
        format="json",
    )
    assert closed.status_code == 200 and closed.json()["status"] == "agreed"
    detail = api_client.get(f"{API}/disputes/{pk}/")
    assert detail.status_code == 200
    reads = AuditEntry.objects.filter(action="care.dispute.read", actor=grid_worker)
    assert reads.filter(target_id=str(pk)).exists()
    counts = api_client.get(f"{API}/disputes/counts/", {"month": "2026-06"}).json()
    # the grid worker's area is the grid: 小事不出网格
    assert [(c["kind"], c["opened"], c["agreed"], c["settled_grid"]) for c in counts] == [
        ("grid", 1, 1, 1)
    ]


def test_disputes_are_refused_outside_the_mediators_area(
    api_client, grid_worker, baoan_care_staff, volunteer, tapo_plain_staff, captain, tapo, baoan
):
    pk = open_dispute(api_client, grid_worker, tapo["building"]).json()["id"]
    api_client.force_authenticate(baoan_care_staff)
    assert api_client.get(f"{API}/disputes/").json()["results"] == []
    assert api_client.get(f"{API}/disputes/{pk}/").status_code == 404
    assert AuditEntry.objects.filter(
        action="care.dispute.read", actor=baoan_care_staff, outcome=AuditEntry.Outcome.REFUSED
    ).exists()
    # a mediator may open disputes only in their own area
    assert open_dispute(api_client, baoan_care_staff, tapo["building"]).status_code == 404
    for outsider in (volunteer, tapo_plain_staff, captain):
        api_client.force_authenticate(outsider)
        assert api_client.get(f"{API}/disputes/").status_code == 404
        assert api_client.get(f"{API}/disputes/{pk}/").status_code == 404
        assert api_client.get(f"{API}/disputes/counts/").status_code == 404
        assert open_dispute(api_client, outsider, tapo["building"]).status_code == 404
    assert Dispute.objects.count() == 1


def test_bad_dispute_input_is_a_400_with_a_code(api_client, grid_worker, tapo):
    api_client.force_authenticate(grid_worker)
    bad = api_client.post(f"{API}/disputes/", {"node": "x", "parties": "?"}, format="json")
    assert bad.status_code == 400 and bad.json()["code"]
    assert api_client.get(f"{API}/disputes/counts/", {"month": "2026-13"}).status_code == 400
    pk = open_dispute(api_client, grid_worker, tapo["building"]).json()["id"]
    future = (NOW + dt.timedelta(days=1)).isoformat()
    refused = api_client.post(
        f"{API}/disputes/{pk}/sessions/", {"held_at": future, "notes": "x"}, format="json"
    )
    assert refused.status_code == 400 and refused.json()["code"] == "bad_time"


@pytest.fixture
def adviser(tapo, street_staff):
    user = UserFactory()
    services.care_role_grant(
        actor=street_staff, user=user, node=tapo["community"], kind=CareRole.Kind.LEGAL_ADVISER
    )
    return user


def test_the_adviser_signs_in_logs_and_signs_out_through_the_api(
    api_client, adviser, care_staff, tapo, time_machine
):
    api_client.force_authenticate(adviser)
    signed = api_client.post(
        f"{API}/adviser/sign-in/", {"community": tapo["community"].pk}, format="json"
    )
    assert signed.status_code == 201 and signed.json()["signed_out_at"] is None
    logged = api_client.post(
        f"{API}/adviser/consultations/",
        {"community": tapo["community"].pk, "topic": "labour", "legal_aid_referral": True},
        format="json",
    )
    assert logged.status_code == 201
    time_machine.move_to(NOW + dt.timedelta(hours=2), tick=False)
    assert api_client.post(f"{API}/adviser/sign-out/").status_code == 200
    assert api_client.post(f"{API}/adviser/sign-out/").status_code == 404  # none open
    for reader in (adviser, care_staff):
        api_client.force_authenticate(reader)
        months = api_client.get(f"{API}/adviser/", {"month": "2026-06"}).json()
        assert [(m["community"], m["hours"], m["short"], m["referrals"]) for m in months] == [
            ("塔坡社区", "2.0", True, 1)
        ]


def test_the_adviser_api_refuses_others(
    api_client, adviser, captain, volunteer, baoan_care_staff, baoan
):
    api_client.force_authenticate(adviser)
    elsewhere = api_client.post(
        f"{API}/adviser/sign-in/", {"community": baoan["community"].pk}, format="json"
    )
    assert elsewhere.status_code == 404
    api_client.force_authenticate(baoan_care_staff)
    # 保安's staff read 保安's month (no adviser there yet), never 塔坡's
    assert [m["community"] for m in api_client.get(f"{API}/adviser/").json()] == ["保安社区"]
    for outsider in (captain, volunteer):
        api_client.force_authenticate(outsider)
        assert api_client.get(f"{API}/adviser/").status_code == 404
        assert (
            api_client.post(
                f"{API}/adviser/consultations/",
                {"community": baoan["community"].pk, "topic": "labour"},
                format="json",
            ).status_code
            == 404
        )


@pytest.fixture
def counsellor(tapo, street_staff):
    user = UserFactory()
    services.care_role_grant(
        actor=street_staff, user=user, node=tapo["community"], kind=CareRole.Kind.COUNSELLOR
    )
    return user


def test_counselling_content_is_for_the_resident_and_the_counsellor_only(
    api_client, counsellor, elder, care_staff, street_staff, baoan_care_staff
):
    api_client.force_authenticate(elder.user)
    booked = api_client.post(
        f"{API}/counselling/",
        {
            "counsellor": counsellor.pk,
            "starts_at": (NOW + dt.timedelta(days=2)).isoformat(),
            "note": "最近睡不好",
        },
        format="json",
    )
    assert booked.status_code == 201, booked.json()
    pk = booked.json()["id"]
    api_client.force_authenticate(counsellor)
    for to, notes in (("confirmed", ""), ("done", "建议每周一次")):
        moved = api_client.post(
            f"{API}/counselling/{pk}/move/", {"to": to, "notes": notes}, format="json"
        )
        assert moved.status_code == 200
    mine = api_client.get(f"{API}/counselling/{pk}/").json()
    assert mine["resident_note"] == "最近睡不好" and mine["counsellor_notes"] == "建议每周一次"
    api_client.force_authenticate(elder.user)
    theirs = api_client.get(f"{API}/counselling/{pk}/").json()
    assert theirs["resident_note"] == "最近睡不好" and theirs["counsellor_notes"] is None
    superuser = UserFactory(is_superuser=True, is_staff=True)
    for other in (care_staff, street_staff, superuser, baoan_care_staff):
        api_client.force_authenticate(other)
        assert api_client.get(f"{API}/counselling/{pk}/").status_code == 404
        assert api_client.get(f"{API}/counselling/").json()["results"] == []
    api_client.force_authenticate(care_staff)
    counts = api_client.get(f"{API}/counselling/counts/", {"month": "2026-06"}).json()
    assert counts == [{"community": "塔坡社区", "status": "done", "n": 1}]
    assert "睡不好" not in str(counts)


def test_counselling_refuses_a_counsellor_of_another_community_and_counts_need_staff(
    api_client, counsellor, baoan, volunteer, captain
):
    outsider = ResidencyFactory(household=baoan["households"][0]).user
    api_client.force_authenticate(outsider)
    refused = api_client.post(
        f"{API}/counselling/",
        {"counsellor": counsellor.pk, "starts_at": (NOW + dt.timedelta(days=1)).isoformat()},
        format="json",
    )
    assert refused.status_code == 404 and not CounsellingBooking.objects.exists()
    for user in (volunteer, captain, counsellor):
        api_client.force_authenticate(user)
        assert api_client.get(f"{API}/counselling/counts/").status_code == 404


def test_the_schema_documents_the_refusals(api_client, captain):
    api_client.force_authenticate(captain)
    schema = api_client.get("/api/schema/", {"format": "json"}).json()
    for path, method in [
        ("/api/v1/care/disputes/{id}/", "get"),
        ("/api/v1/care/disputes/", "post"),
        ("/api/v1/care/counselling/{id}/", "get"),
        ("/api/v1/care/adviser/sign-in/", "post"),
    ]:
        responses = schema["paths"][path][method]["responses"]
        assert {"400", "404"} <= set(responses), (path, sorted(responses))


def test_a_month_of_year_zero_is_a_400_not_a_500(api_client, client, care_staff):
    api_client.force_authenticate(care_staff)
    for path in ("disputes/counts/", "adviser/", "counselling/counts/"):
        assert api_client.get(f"{API}/{path}", {"month": "0000-01"}).status_code == 400
    client.force_login(care_staff)
    for page in ("/care/mediation/", "/care/adviser/", "/care/counselling/"):
        assert client.get(page, {"month": "0000-01"}).status_code == 200
