"""The organisations' admin saves through the tree's services: their rules hold there too, and
each add and change is the service's audit entry."""

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError

from audit.models import AuditEntry
from party import services
from party.models import PartyBranch
from tests.party.factories import make_party_tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def orgs(tree):
    return make_party_tree(tree)


@pytest.fixture
def admin_staff(client, tapo_staff):
    tapo_staff.is_staff = True
    tapo_staff.save(update_fields=["is_staff"])
    tapo_staff.user_permissions.add(*Permission.objects.filter(content_type__app_label="party"))
    client.force_login(tapo_staff)
    return tapo_staff


def _form(organisation, **changes):
    data = {
        "name": organisation.name,
        "level": organisation.level,
        "form": organisation.form,
        "parent": organisation.parent_id or "",
        "node": organisation.node_id,
        "founded_on": "",
        "ends_on": "",
    }
    return {**data, **changes}


def test_the_admin_changes_a_branch_through_the_service(client, orgs, admin_staff):
    first = orgs["first"]
    response = client.post(
        f"/admin/party/partybranch/{first.pk}/change/", _form(first, name="第一党支部")
    )
    assert response.status_code == 302, response.text[:2000]
    first.refresh_from_db()
    assert first.name == "第一党支部"
    entry = AuditEntry.objects.get(action="party.organisation_update")
    assert entry.details == {"fields": ["name"]}
    assert not AuditEntry.objects.filter(action__startswith="party.admin_").exists()


def test_the_admin_adds_a_branch_through_the_service(client, orgs, tapo, admin_staff):
    response = client.post(
        "/admin/party/partybranch/add/",
        {
            "name": "第三支部",
            "level": "branch",
            "form": "regular",
            "parent": orgs["committee"].pk,
            "node": tapo["compound"].pk,
            "founded_on": "",
            "ends_on": "",
        },
    )
    assert response.status_code == 302, response.text[:2000]
    assert PartyBranch.objects.get(name="第三支部").parent == orgs["committee"]
    assert AuditEntry.objects.filter(action="party.organisation_create").count() == 6


def test_the_admin_shows_the_tree_rules_refusal_and_changes_nothing(client, orgs, admin_staff):
    first = orgs["first"]
    # only a branch is built in a compound
    response = client.post(
        f"/admin/party/partybranch/{first.pk}/change/", _form(first, level="general_branch")
    )
    assert response.status_code == 200
    assert "errornote" in response.text
    first.refresh_from_db()
    assert first.level == PartyBranch.Level.BRANCH
    assert not AuditEntry.objects.filter(action="party.organisation_update").exists()


def test_an_organisation_cannot_sit_under_its_own_branch(orgs, tapo_staff):
    committee = orgs["committee"]
    with pytest.raises(ValidationError) as error:
        services.organisation_update(
            actor=tapo_staff,
            organisation=committee,
            node=committee.node,
            name=committee.name,
            level=PartyBranch.Level.COMMITTEE,
            form=committee.form,
            parent=orgs["first"],
            ends_on=None,
            founded_on=None,
        )
    assert error.value.code == "bad_parent"


def test_staff_cannot_move_another_communitys_branch(orgs, tapo, tapo_staff):
    other = orgs["other"]
    with pytest.raises(ValidationError) as error:
        services.organisation_update(
            actor=tapo_staff,
            organisation=other,
            node=tapo["compound"],
            name=other.name,
            level=other.level,
            form=other.form,
            parent=orgs["committee"],
            ends_on=None,
            founded_on=None,
        )
    assert error.value.code == "out_of_scope"
    other.refresh_from_db()
    assert other.parent == orgs["working"]
