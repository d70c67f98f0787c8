"""Every read of a visit's photo is an audit entry, and only care roles over the person's home
read it: another community's captain, a volunteer without a care role (even the plan's own
visitor) and plain staff are refused, each refusal audited too."""

import pytest

from audit.models import AuditEntry
from care import services
from tests.cases.factories import photo

pytestmark = pytest.mark.django_db


def photo_reads(outcome):
    return AuditEntry.objects.filter(action="care.visit.photo_read", outcome=outcome)


@pytest.fixture
def made(captain, elder_tag, elder):
    return services.visit_record(actor=captain, residency=elder, seen_in_person=True, photo=photo())


def test_a_care_role_reads_the_photo_and_the_read_is_audited(client, captain, care_staff, made):
    for reader in (captain, care_staff):
        client.force_login(reader)
        assert client.get(made.photo.url).status_code == 200
    entries = photo_reads(AuditEntry.Outcome.SUCCESS)
    assert sorted(e.actor_id for e in entries) == sorted([captain.pk, care_staff.pk])
    assert {e.target_id for e in entries} == {str(made.pk)}


def test_without_a_care_role_in_scope_the_photo_is_refused_and_audited(
    client,
    made,
    baoan_captain,
    baoan_care_staff,
    volunteer,
    tapo_plain_staff,
    care_staff,
    elder_tag,
):
    # the volunteer is even the plan's visitor (以老帮老): they visit, they do not see photos
    services.visit_plan_set(actor=care_staff, tag=elder_tag, every_days=7, assignee=volunteer)
    for outsider in (baoan_captain, baoan_care_staff, volunteer, tapo_plain_staff):
        client.force_login(outsider)
        assert client.get(made.photo.url).status_code == 404
    refused = photo_reads(AuditEntry.Outcome.REFUSED)
    assert sorted(e.actor_id for e in refused) == sorted(
        u.pk for u in (baoan_captain, baoan_care_staff, volunteer, tapo_plain_staff)
    )


def test_the_plans_visitor_sees_the_visit_page_without_the_photo(
    client, made, volunteer, care_staff, elder_tag
):
    services.visit_plan_set(actor=care_staff, tag=elder_tag, every_days=7, assignee=volunteer)
    client.force_login(volunteer)
    page = client.get(f"/care/visits/{made.pk}/")
    assert page.status_code == 200
    assert made.photo.url not in page.content.decode()
