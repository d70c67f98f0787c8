"""Members: full and probationary, mobile members with a home branch, transfers with a record,
and the 党员楼长 on the building board."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from communities.models import Post
from events.selectors import is_party_member
from party import selectors, services
from party.models import PartyMember, PartyTransfer
from tests.accounts.factories import UserFactory
from tests.communities.factories import appoint
from tests.party.factories import make_party_tree, secretary_of
from tests.querycount import assert_flat

pytestmark = pytest.mark.django_db


@pytest.fixture
def orgs(tree):
    return make_party_tree(tree)


def test_probationary_and_mobile_members_show_on_their_branch(client, orgs):
    services.party_member_register(
        actor=None,
        user=UserFactory(real_name="预备党员"),
        branch=orgs["first"],
        status="probationary",
    )
    services.party_member_register(
        actor=None,
        user=UserFactory(real_name="流动党员"),
        branch=orgs["first"],
        home_branch=orgs["other"],
    )
    client.force_login(secretary_of(orgs["first"]))
    html = client.get(f"/party/org/{orgs['first'].pk}/").content.decode()
    assert "预备党员" in html and "流动党员" in html and "保安支部" in html


def test_transfers_move_the_member_and_keep_a_record(orgs, tapo_staff):
    member = services.party_member_register(actor=None, user=UserFactory(), branch=orgs["first"])
    on = datetime.date(2026, 3, 2)
    services.member_transfer(
        actor=tapo_staff, member=member, direction="within", to_branch=orgs["second"], on=on
    )
    member.refresh_from_db()
    assert member.branch == orgs["second"]
    services.member_transfer(
        actor=tapo_staff, member=member, direction="out", other_organisation="南海区某支部", on=on
    )
    member.refresh_from_db()
    assert member.left_on == on
    assert not is_party_member(member.user)
    assert list(selectors.members_of(orgs["second"])) == []
    assert [t.direction for t in selectors.transfers_of(orgs["second"])] == ["out", "within"]
    services.member_transfer(
        actor=tapo_staff,
        member=member,
        direction="in",
        to_branch=orgs["first"],
        other_organisation="南海区某支部",
        on=on,
    )
    member.refresh_from_db()
    assert (member.branch, member.left_on) == (orgs["first"], None)
    assert PartyTransfer.objects.filter(member=member).count() == 3


def test_a_transfer_needs_where_to(orgs, tapo_staff, baoan):
    member = services.party_member_register(actor=None, user=UserFactory(), branch=orgs["first"])
    with pytest.raises(ValidationError):
        services.member_transfer(
            actor=tapo_staff, member=member, direction="out", on=datetime.date(2026, 3, 2)
        )
    with pytest.raises(ValidationError):  # staff of 塔坡 cannot move a member into 保安
        services.member_transfer(
            actor=tapo_staff,
            member=member,
            direction="within",
            to_branch=orgs["other"],
            on=datetime.date(2026, 3, 2),
        )
    assert PartyMember.objects.get(pk=member.pk).branch == orgs["first"]


def test_a_captain_who_is_a_party_member_shows_as_party_member_captain(client, orgs, tapo):
    captain = appoint(
        Post.Kind.BUILDING_CAPTAIN, tapo["building"], user=UserFactory(real_name="何婉仪")
    ).user
    html = client.get(f"/community/board/{tapo['building'].code}/").content.decode()
    assert "党员楼长" not in html
    services.party_member_register(actor=None, user=captain, branch=orgs["first"])
    html = client.get(f"/community/board/{tapo['building'].code}/").content.decode()
    assert "党员楼长：何婉仪" in html


def test_the_branch_page_reads_in_a_fixed_number_of_queries(client, orgs):
    client.force_login(secretary_of(orgs["first"]))

    def grow():
        for _n in range(3):
            member = services.party_member_register(
                actor=None, user=UserFactory(), branch=orgs["first"], home_branch=orgs["other"]
            )
            services.member_transfer(
                actor=None,
                member=member,
                direction="within",
                to_branch=orgs["second"],
                on=datetime.date(2026, 3, 1),
            )
            services.member_transfer(
                actor=None,
                member=member,
                direction="within",
                to_branch=orgs["first"],
                on=datetime.date(2026, 3, 2),
            )

    assert_flat(client, f"/party/org/{orgs['first'].pk}/", grow)
