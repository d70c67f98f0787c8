"""The care API: the same scoping as the pages, field by field, and every read audited."""

import pytest

from audit.models import AuditEntry
from care import services
from care.models import CareTag, Visit
from cases.models import Case
from tests.care.conftest import KEEP_UNTIL
from tests.cases.factories import category
from tests.communities.factories import ResidencyFactory

pytestmark = pytest.mark.django_db
PEOPLE = "/api/v1/care/people/"


def test_captain_gets_tags_without_the_legal_basis(api_client, captain, elder_tag):
    api_client.force_authenticate(captain)

    body = api_client.get(PEOPLE).json()

    assert body["count"] == 1
    tag = body["results"][0]["tags"][0]
    assert tag["tag_type"] == "独居" and tag["note"] == "耳背，敲门要大声"
    assert tag["legal_basis"] is None and tag["basis_note"] is None and tag["retain_until"] is None
    entry = AuditEntry.objects.get(action="care.register.read", actor=captain)
    assert entry.details["people"] == [elder_tag.residency_id]


def test_care_staff_get_the_basis_and_each_read_is_audited(api_client, care_staff, elder_tag):
    api_client.force_authenticate(care_staff)

    body = api_client.get(f"{PEOPLE}{elder_tag.residency_id}/").json()

    assert body["tags"][0]["legal_basis"] == "consent"
    assert body["tags"][0]["retain_until"] == KEEP_UNTIL.isoformat()
    assert AuditEntry.objects.filter(action="care.person.read", actor=care_staff).count() == 1


@pytest.mark.parametrize(
    "who", ["baoan_captain", "baoan_care_staff", "volunteer", "tapo_plain_staff"]
)
def test_outsiders_never_get_a_tag_or_a_visit(api_client, request, who, captain, elder_tag, elder):
    made = services.visit_record(actor=captain, residency=elder, seen_in_person=True)
    api_client.force_authenticate(request.getfixturevalue(who))

    listing = api_client.get(PEOPLE)
    assert listing.status_code in (200, 404)
    assert "独居" not in listing.content.decode()
    assert api_client.get(f"{PEOPLE}{elder.pk}/").status_code == 404
    assert api_client.get("/api/v1/care/visits/due/").json() == []
    assert (
        api_client.post(f"{PEOPLE}{elder.pk}/visits/", {"seen_in_person": True}).status_code == 404
    )
    response = api_client.post(f"/api/v1/care/visits/{made.pk}/case/", {"category": 1})
    assert response.status_code == 404
    assert Visit.objects.count() == 1


def test_bad_query_parameters_are_400(api_client, captain, elder_tag):
    api_client.force_authenticate(captain)
    assert api_client.get(PEOPLE, {"level": "9"}).status_code == 400
    assert api_client.get(PEOPLE, {"place": "abc"}).status_code == 400
    assert api_client.get(PEOPLE, {"page_size": "0"}).status_code == 400


def test_register_list_queries_stay_flat(
    api_client, captain, care_staff, elder_tag, tapo, alone_type, django_assert_max_num_queries
):
    for household in tapo["households"][1:6]:
        services.care_tag_add(
            actor=care_staff,
            residency=ResidencyFactory(household=household),
            tag_type=alone_type,
            level=1,
            legal_basis=CareTag.LegalBasis.STATUTORY_DUTY,
            retain_until=KEEP_UNTIL,
        )
    api_client.force_authenticate(captain)
    # posts, care roles, count, page, tags (prefetch), audit (content type + insert)
    with django_assert_max_num_queries(9):
        body = api_client.get(PEOPLE).json()
    assert body["count"] == 6


def test_captain_records_a_visit_and_files_the_finding_through_the_api(
    api_client, captain, elder_tag, elder
):
    leaf = category("楼道照明", "公共设施")
    api_client.force_authenticate(captain)

    made = api_client.post(
        f"{PEOPLE}{elder.pk}/visits/",
        {"seen_in_person": True, "safety": "concern", "finding": "楼道灯坏了"},
        format="json",
    )
    assert made.status_code == 201
    response = api_client.post(
        f"/api/v1/care/visits/{made.json()['id']}/case/", {"category": leaf.pk}, format="json"
    )

    assert response.status_code == 201
    assert response.json()["case"] == Case.objects.get().pk


def test_the_schema_documents_the_care_operations(api_client):
    schema = api_client.get("/api/schema/", {"format": "json"}).json()
    for path in ("/api/v1/care/people/", "/api/v1/care/people/{id}/", "/api/v1/care/visits/due/"):
        assert path in schema["paths"], path
    tag = schema["components"]["schemas"]["Tag"]["properties"]
    assert tag["legal_basis"].get("nullable") or "oneOf" in tag["legal_basis"]
