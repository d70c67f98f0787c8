"""The organisation above manages a branch outside the admin: transfers out, between branches
and in (with their record), officers appointed and their terms ended; nobody manages their own
organisation, another community is refused, bad input changes nothing."""

import datetime

import pytest

from audit.models import AuditEntry
from party import services
from party.models import PartyMember, PartyOfficer, PartyTransfer
from tests.accounts.factories import UserFactory
from tests.party.factories import make_party_tree, secretary_of
from tests.querycount import assert_flat

pytestmark = pytest.mark.django_db


@pytest.fixture
def orgs(tree):
    return make_party_tree(tree)


@pytest.fixture
def above(orgs):
    """The secretary of the 党委 over both compound branches (no governance post)."""
    return secretary_of(orgs["committee"], with_post=False)


def _member(branch, name="陈红"):
    return services.party_member_register(
        actor=None, user=UserFactory(real_name=name), branch=branch
    )


def test_the_committee_above_transfers_a_member_out_and_they_lose_the_branch(client, orgs, above):
    first = orgs["first"]
    member = _member(first)
    services.officer_appoint(
        actor=above, organisation=first, user=member.user, role="committee_member"
    )
    client.force_login(above)
    page = client.get(f"/party/org/{first.pk}/manage/")
    assert page.status_code == 200 and "陈红" in page.content.decode()
    response = client.post(
        f"/party/org/{first.pk}/manage/transfer/",
        {
            "out-member": member.pk,
            "out-direction": "out",
            "out-other_organisation": "广州市某支部",
            "out-on": "2026-03-02",
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.left_on == datetime.date(2026, 3, 2)
    record = PartyTransfer.objects.get(member=member)
    assert (record.direction, record.from_branch, record.recorded_by) == ("out", first, above)
    # the member no longer sees the old branch, not even through their former office
    assert not PartyOfficer.objects.filter(user=member.user, ends_on__isnull=True).exists()
    client.force_login(member.user)
    assert client.get(f"/party/org/{first.pk}/").status_code == 404
    assert "第一支部" not in client.get("/party/").content.decode()


def test_a_member_moves_between_branches_and_a_member_transfers_in(client, orgs, above):
    first, second = orgs["first"], orgs["second"]
    member = _member(first)
    client.force_login(above)
    response = client.post(
        f"/party/org/{first.pk}/manage/transfer/",
        {
            "out-member": member.pk,
            "out-direction": "within",
            "out-to_branch": second.pk,
            "out-on": "2026-03-02",
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.branch == second
    newcomer = UserFactory(real_name="新转入")
    response = client.post(
        f"/party/org/{first.pk}/manage/transfer-in/",
        {
            "in-person": newcomer.phone,
            "in-other_organisation": "南海区某支部",
            "in-status": "probationary",
            "in-on": "2026-03-02",
        },
    )
    assert response.status_code == 302
    joined = PartyMember.objects.get(user=newcomer)
    assert (joined.branch, joined.status) == (first, "probationary")
    assert PartyTransfer.objects.get(member=joined).direction == "in"
    html = client.get(f"/party/org/{first.pk}/manage/").content.decode()
    assert "新转入" in html and "南海区某支部" in html


def test_the_committee_above_appoints_a_secretary_and_ends_a_term(client, orgs, above):
    first = orgs["first"]
    person = UserFactory(real_name="王书记")
    client.force_login(above)
    response = client.post(
        f"/party/org/{first.pk}/manage/officers/",
        {
            "officer-person": person.phone,
            "officer-role": "secretary",
            "officer-starts_on": "2026-03-02",
        },
    )
    assert response.status_code == 302
    officer = PartyOfficer.objects.get(user=person)
    assert (officer.organisation, officer.ends_on) == (first, None)
    response = client.post(f"/party/org/{first.pk}/manage/officers/{officer.pk}/end/")
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.ends_on == datetime.date(2026, 3, 2)
    assert AuditEntry.objects.filter(action="party.officer_end").count() == 1


def test_a_branch_secretary_cannot_manage_their_own_branch(client, orgs):
    first = orgs["first"]
    client.force_login(secretary_of(first))
    assert client.get(f"/party/org/{first.pk}/manage/").status_code == 404
    response = client.post(
        f"/party/org/{first.pk}/manage/officers/",
        {
            "officer-person": "13800000000",
            "officer-role": "secretary",
            "officer-starts_on": "2026-03-02",
        },
    )
    assert response.status_code == 404


def test_another_communitys_staff_are_refused(client, orgs, baoan_staff, tapo_staff):
    member = _member(orgs["first"])
    client.force_login(baoan_staff)
    assert client.get(f"/party/org/{orgs['first'].pk}/manage/").status_code == 404
    response = client.post(
        f"/party/org/{orgs['first'].pk}/manage/transfer/",
        {
            "out-member": member.pk,
            "out-direction": "out",
            "out-other_organisation": "x",
            "out-on": "2026-03-02",
        },
    )
    assert response.status_code == 404
    # community staff over the place may manage it
    client.force_login(tapo_staff)
    assert client.get(f"/party/org/{orgs['first'].pk}/manage/").status_code == 200
    assert not PartyTransfer.objects.exists()


def test_bad_input_is_shown_and_changes_nothing(client, orgs, above):
    first = orgs["first"]
    member = _member(first)
    client.force_login(above)
    url = f"/party/org/{first.pk}/manage/"
    response = client.post(
        url + "transfer/",
        {"out-member": member.pk, "out-direction": "within", "out-on": "2026-03-02"},
    )
    assert response.status_code == 400 and "请选择转入的支部" in response.content.decode()
    response = client.post(
        url + "transfer/",
        {"out-member": "abc", "out-direction": "sideways", "out-on": "yesterday"},
    )
    assert response.status_code == 400
    response = client.post(
        url + "transfer-in/",
        {
            "in-person": "13999999999",
            "in-other_organisation": "x",
            "in-status": "full",
            "in-on": "2026-03-02",
        },
    )
    assert response.status_code == 400 and "没有使用此手机号的账号" in response.content.decode()
    response = client.post(
        url + "transfer-in/",
        {
            "in-person": member.user.phone,
            "in-other_organisation": "x",
            "in-status": "full",
            "in-on": "2026-03-02",
        },
    )
    assert response.status_code == 400
    assert client.post(url + "officers/999999/end/").status_code == 404
    assert not PartyTransfer.objects.exists()
    member.refresh_from_db()
    assert (member.branch, member.left_on) == (first, None)


def test_the_manage_page_reads_in_a_fixed_number_of_queries(client, orgs, above):
    first = orgs["first"]
    count = iter(range(100))

    def grow():
        for _ in range(2):
            member = _member(first, name=f"党员{next(count)}")
            services.officer_appoint(
                actor=above, organisation=first, user=member.user, role="committee_member"
            )
            services.member_transfer(
                actor=above,
                member=_member(first, name=f"转出{next(count)}"),
                direction="out",
                other_organisation="外地支部",
                on=datetime.date(2026, 3, 1),
            )

    client.force_login(above)
    assert_flat(client, f"/party/org/{first.pk}/manage/", grow)
