"""The party tree: levels, temporary branches, officers' terms, and who sees what."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEntry
from party import selectors, services
from party.access import organisations_for
from party.models import PartyBranch, PartyOfficer
from tests.accounts.factories import UserFactory
from tests.party.factories import make_party_tree, secretary_of
from tests.querycount import assert_flat

pytestmark = pytest.mark.django_db


@pytest.fixture
def orgs(tree):
    return make_party_tree(tree)


def _names(user):
    return set(organisations_for(user).values_list("name", flat=True))


def test_a_branch_secretary_sees_only_their_branch(client, orgs):
    secretary = secretary_of(orgs["first"])
    # the other branch sits on the very same compound: the post alone would show it
    assert _names(secretary) == {"第一支部"}
    client.force_login(secretary)
    assert client.get(f"/party/org/{orgs['first'].pk}/").status_code == 200
    for name in ("second", "other", "committee"):
        assert client.get(f"/party/org/{orgs[name].pk}/").status_code == 404
    html = client.get("/party/").content.decode()
    assert "第一支部" in html and "第二支部" not in html


def test_a_committee_secretary_sees_their_subtree(orgs):
    assert _names(secretary_of(orgs["committee"], with_post=False)) == {
        "塔坡社区党委",
        "第一支部",
        "第二支部",
    }
    assert len(_names(secretary_of(orgs["working"], with_post=False))) == 5


def test_community_staff_see_the_organisations_of_their_community(orgs, tapo_staff, client):
    assert _names(tapo_staff) == {"塔坡社区党委", "第一支部", "第二支部"}
    client.force_login(tapo_staff)
    assert client.get(f"/party/org/{orgs['other'].pk}/").status_code == 404


def test_a_resident_sees_no_organisation(orgs, client):
    client.force_login(UserFactory())
    assert _names(UserFactory()) == set()
    assert client.get(f"/party/org/{orgs['first'].pk}/").status_code == 404


def test_the_tree_refuses_a_level_under_its_own_or_a_lower_one(orgs, tapo):
    with pytest.raises(ValidationError) as error:
        services.organisation_create(
            actor=None,
            node=tapo["compound"],
            name="支部下的总支",
            parent=orgs["first"],
            level=PartyBranch.Level.GENERAL_BRANCH,
        )
    assert error.value.code == "bad_parent"


def test_a_temporary_branch_needs_its_end_date(orgs, tapo):
    with pytest.raises(ValidationError) as error:
        services.organisation_create(
            actor=None, node=tapo["community"], name="项目临时支部", form="temporary"
        )
    assert error.value.code == "no_end"
    branch = services.organisation_create(
        actor=None,
        node=tapo["community"],
        name="项目临时支部",
        form="temporary",
        ends_on=datetime.date(2026, 12, 31),
        parent=orgs["committee"],
    )
    assert branch.ends_on == datetime.date(2026, 12, 31)


def test_a_joint_committee_spans_several_communities(tree, tapo, baoan, street_staff):
    joint = services.organisation_create(
        actor=street_staff,
        node=tree["street"],
        name="联合党委",
        level=PartyBranch.Level.JOINT_COMMITTEE,
        other_places=[tapo["community"], baoan["community"]],
    )
    assert set(joint.other_places.all()) == {tapo["community"], baoan["community"]}
    assert AuditEntry.objects.filter(action="party.organisation_create").exists()


def test_staff_cannot_build_in_another_community(baoan, tapo_staff):
    with pytest.raises(ValidationError):
        services.organisation_create(actor=tapo_staff, node=baoan["compound"], name="越界支部")


def test_a_new_secretary_ends_the_serving_term(orgs, tapo_staff):
    first = secretary_of(orgs["first"], with_post=False)
    second = UserFactory()
    services.officer_appoint(
        actor=tapo_staff,
        organisation=orgs["first"],
        user=second,
        role=PartyOfficer.Role.SECRETARY,
        starts_on=datetime.date(2026, 3, 1),
    )
    ended = PartyOfficer.objects.get(user=first)
    assert ended.ends_on == datetime.date(2026, 2, 28)
    assert _names(first) == set()
    assert _names(second) == {"第一支部"}


def test_a_branch_secretary_cannot_appoint_officers_of_their_own_branch(orgs):
    secretary = secretary_of(orgs["first"])
    with pytest.raises(ValidationError):
        services.officer_appoint(
            actor=secretary,
            organisation=orgs["first"],
            user=UserFactory(),
            role=PartyOfficer.Role.COMMITTEE_MEMBER,
        )


def test_the_organisation_list_reads_in_a_fixed_number_of_queries(client, orgs, tapo_staff, tapo):
    client.force_login(tapo_staff)

    def grow():
        for n in range(3):
            branch = services.organisation_create(
                actor=None, node=tapo["compound"], name=f"新支部{n}", parent=orgs["committee"]
            )
            services.party_member_register(actor=None, user=UserFactory(), branch=branch)

    assert_flat(client, "/party/", grow)
    assert selectors.organisations_list(user=tapo_staff).count() == 6
