"""The care register: who may see it, what each sees, that every read is audited."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from audit.models import AuditEntry
from care import selectors, services
from care.access import care_access_for_user
from care.models import CareRole, CareTag, CareTagType
from communities.models import Post
from tests.accounts.factories import UserFactory
from tests.care.conftest import KEEP_UNTIL
from tests.communities.factories import ResidencyFactory

pytestmark = pytest.mark.django_db


def reads(action="care.person.read", outcome="success"):
    return AuditEntry.objects.filter(action=action, outcome=outcome)


def test_tag_types_are_data_with_the_usual_groups():
    names = set(CareTagType.objects.values_list("name", flat=True))
    assert {
        "独居",
        "高龄(80岁以上)",
        "空巢",
        "残疾",
        "低保/困难",
        "重病",
        "留守儿童",
        "社区矫正",
    } <= names


@pytest.mark.parametrize("who", ["captain", "grid_worker", "care_staff"])
def test_care_roles_in_scope_read_the_record_and_each_read_is_audited(request, who, elder_tag):
    reader = request.getfixturevalue(who)
    before = reads().count()

    person = selectors.care_person_read(user=reader, pk=elder_tag.residency_id)
    selectors.care_person_read(user=reader, pk=elder_tag.residency_id)

    assert [tag.tag_type.name for tag in person.live_tags] == ["独居"]
    entries = reads().filter(actor=reader)
    assert reads().count() == before + 2
    assert entries.first().target_id == str(elder_tag.residency_id)


@pytest.mark.parametrize(
    "who", ["baoan_captain", "baoan_care_staff", "volunteer", "tapo_plain_staff"]
)
def test_outsiders_are_refused_and_the_attempt_is_audited(request, who, elder_tag):
    reader = request.getfixturevalue(who)

    with pytest.raises(Http404):
        selectors.care_person_read(user=reader, pk=elder_tag.residency_id)
    with pytest.raises(Http404):
        selectors.care_tag_read(user=reader, pk=elder_tag.pk)

    assert reads(outcome="refused").filter(actor=reader).count() == 1
    assert reads("care.tag.read", "refused").filter(actor=reader).count() == 1


def test_a_captain_whose_post_ended_loses_the_care_register(captain, elder_tag, tapo):
    Post.objects.filter(user=captain).update(ends_on=dt.date(2026, 6, 1))
    captain.refresh_from_db()

    assert not care_access_for_user(captain).has_register
    with pytest.raises(Http404):
        selectors.care_person_read(user=captain, pk=elder_tag.residency_id)


def test_register_page_lists_only_the_readers_places_and_audits_who_was_shown(
    captain, baoan_captain, elder_tag, baoan, care_staff, alone_type
):
    other = ResidencyFactory(household=baoan["households"][0])
    with pytest.raises(ValidationError):  # 塔坡's care staff cannot tag a 保安 resident
        services.care_tag_add(
            actor=care_staff,
            residency=other,
            tag_type=alone_type,
            level=1,
            legal_basis=CareTag.LegalBasis.STATUTORY_DUTY,
            retain_until=KEEP_UNTIL,
        )

    page = selectors.care_register_page(user=captain)
    empty = selectors.care_register_page(user=baoan_captain)

    assert [person.pk for person in page.object_list] == [elder_tag.residency_id]
    assert list(empty.object_list) == []
    entry = AuditEntry.objects.filter(action="care.register.read", actor=captain).get()
    assert entry.details["people"] == [elder_tag.residency_id]


def test_register_page_refuses_people_without_a_care_role(volunteer, tapo_plain_staff):
    for user in (volunteer, tapo_plain_staff):
        with pytest.raises(Http404):
            selectors.care_register_page(user=user)


def test_consent_as_basis_needs_its_date(care_staff, elder, alone_type):
    with pytest.raises(ValidationError) as error:
        services.care_tag_add(
            actor=care_staff,
            residency=elder,
            tag_type=alone_type,
            level=1,
            legal_basis=CareTag.LegalBasis.CONSENT,
            retain_until=KEEP_UNTIL,
        )
    assert error.value.code == "consent_date_required"
    assert not CareTag.objects.exists()


def test_only_care_staff_write_tags(captain, elder, alone_type):
    with pytest.raises(ValidationError):
        services.care_tag_add(
            actor=captain,
            residency=elder,
            tag_type=alone_type,
            level=1,
            legal_basis=CareTag.LegalBasis.STATUTORY_DUTY,
            retain_until=KEEP_UNTIL,
        )


def test_removal_erases_the_note_and_hides_the_person(care_staff, captain, elder_tag):
    services.care_tag_remove(actor=care_staff, tag=elder_tag, reason="本人撤回同意")

    elder_tag.refresh_from_db()
    assert elder_tag.removed_at is not None
    assert elder_tag.note == "" and elder_tag.basis_note == ""
    with pytest.raises(Http404):
        selectors.care_person_read(user=captain, pk=elder_tag.residency_id)
    assert AuditEntry.objects.filter(action="care.tag.remove").count() == 1


def test_retention_sweep_removes_expired_tags_once(care_staff, elder_tag):
    CareTag.objects.filter(pk=elder_tag.pk).update(retain_until=dt.date(2026, 5, 31))

    assert services.care_tags_retention_sweep() == 1
    assert services.care_tags_retention_sweep() == 0
    elder_tag.refresh_from_db()
    assert elder_tag.removed_at is not None and elder_tag.note == ""
    assert AuditEntry.objects.filter(action="care.tag.expire").count() == 1


def test_a_captain_role_needs_the_captains_post(street_staff, tapo):
    stranger = UserFactory()
    with pytest.raises(ValidationError) as error:
        services.care_role_grant(
            actor=street_staff, user=stranger, node=tapo["building"], kind=CareRole.Kind.CAPTAIN
        )
    assert error.value.code == "no_post"


def test_plain_community_staff_may_not_grant_care_roles(tapo_plain_staff, tapo):
    from tests.communities.factories import appoint

    captain = appoint(Post.Kind.BUILDING_CAPTAIN, tapo["building"]).user
    with pytest.raises(ValidationError):
        services.care_role_grant(
            actor=tapo_plain_staff,
            user=captain,
            node=tapo["building"],
            kind=CareRole.Kind.CAPTAIN,
        )


def test_street_staff_grant_and_end_care_roles_on_the_page(client, street_staff, tapo):
    from django.urls import reverse

    from tests.communities.factories import appoint

    captain = appoint(Post.Kind.BUILDING_CAPTAIN, tapo["building"]).user
    client.force_login(street_staff)
    response = client.post(
        reverse("care:roles"),
        {"phone": captain.phone, "kind": "captain", "node": tapo["building"].pk},
    )
    assert response.status_code == 302
    role = CareRole.objects.get(user=captain)
    client.post(reverse("care:role_end", args=[role.pk]))
    role.refresh_from_db()
    assert role.ended_at is not None


def test_the_roles_page_is_hidden_from_captains_and_plain_staff(client, captain, tapo_plain_staff):
    from django.urls import reverse

    for user in (captain, tapo_plain_staff):
        client.force_login(user)
        assert client.get(reverse("care:roles")).status_code == 404
