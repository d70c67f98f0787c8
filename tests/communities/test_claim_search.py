"""Claiming a home: the search reads an address as residents write it; the page says who checks."""

import pytest

from communities import selectors, services
from communities.home_search import home_query_parse
from communities.models import Node, Post, Residency
from tests.accounts.factories import UserFactory
from tests.communities.factories import appoint

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "words", "building", "unit", "room"),
    [
        ("塔坡小区", ["塔坡小区"], "", "", ""),
        ("塔坡小区 5栋", ["塔坡小区"], "5", "", ""),
        ("塔坡小区5栋", ["塔坡小区"], "5", "", ""),
        ("塔坡小区　５栋", ["塔坡小区"], "5", "", ""),
        ("塔坡小区 5栋 2单元 302", ["塔坡小区"], "5", "2", "302"),
        ("塔坡小区5栋2单元302室", ["塔坡小区"], "5", "2", "302"),
        ("塔坡小区 5号楼 302", ["塔坡小区"], "5", "", "302"),
        ("塔坡小区 5-2-302", ["塔坡小区"], "5", "2", "302"),
        ("塔坡 小区 5", ["塔坡", "小区"], "5", "", ""),
    ],
)
def test_an_address_is_read_into_words_building_unit_and_room(text, words, building, unit, room):
    parsed = home_query_parse(text)
    assert (parsed.words, parsed.building, parsed.unit, parsed.room) == (
        words,
        building,
        unit,
        room,
    )


def _other_building(tapo, name):
    return services.node_create(
        actor=None, kind=Node.Kind.BUILDING, name=name, parent=tapo["compound"]
    )


def test_the_placeholder_example_finds_the_building(client, tapo):
    # given 塔坡小区 with 5栋 and 15栋
    _other_building(tapo, "15栋")
    client.force_login(UserFactory())
    # when the resident types the example the form itself gives
    html = client.get("/community/claim/", {"q": "塔坡小区 5栋"}).content.decode()
    # then 5栋 is found, and only 5栋
    assert f"/community/claim/{tapo['building'].pk}/" in html
    assert html.count('class="card"') == 1


def test_a_search_naming_unit_and_room_preselects_the_room(client, tapo):
    client.force_login(UserFactory())
    html = client.get("/community/claim/", {"q": "塔坡小区 5栋 2单元 201"}).content.decode()
    link = f"/community/claim/{tapo['building'].pk}/?unit=2&amp;room=201"
    assert link in html
    html = client.get(f"/community/claim/{tapo['building'].pk}/?unit=2&room=201").content.decode()
    room = next(h for h in tapo["households"] if h.node.name == "2单元" and h.room == "201")
    assert f'<option value="{room.pk}" selected>' in html


def test_an_unknown_room_preselects_nothing(client, tapo):
    client.force_login(UserFactory())
    html = client.get(f"/community/claim/{tapo['building'].pk}/?unit=9&room=999").content.decode()
    options = html.split('name="household"')[1].split("</select>")[0]
    assert options.count(" selected>") == 1
    assert '<option value="" selected>' in options


def test_a_search_in_another_compound_finds_nothing(client, tapo, baoan):
    client.force_login(UserFactory())
    html = client.get("/community/claim/", {"q": "保安小区 5栋"}).content.decode()
    assert f"/community/claim/{tapo['building'].pk}/" not in html
    assert f"/community/claim/{baoan['building'].pk}/" in html


def test_the_search_form_is_not_drawn_as_one_squeezed_row(client, tapo):
    client.force_login(UserFactory())
    html = client.get("/community/claim/").content.decode()
    # Pico lays out role="search" as a single pill row: label, input and button side by side.
    assert 'role="search"' not in html
    assert "<search>" in html


def test_after_claiming_the_page_shows_the_pending_claim_and_the_captain_who_checks_it(
    client, tapo
):
    appoint(Post.Kind.BUILDING_CAPTAIN, tapo["building"], user=UserFactory(real_name="何婉仪"))
    client.force_login(UserFactory())
    household = tapo["households"][0]
    response = client.post(
        f"/community/claim/{tapo['building'].pk}/",
        {"household": household.pk, "relation": "head", "residence_type": "registered"},
        follow=True,
    )
    html = response.content.decode()
    assert "认领申请已提交" in html
    assert "楼长 何婉仪" in html
    assert "您还没有认领住户" not in html
    assert "待审核" in html


def test_without_a_captain_the_page_says_the_community_office_checks_the_claim(client, tapo):
    client.force_login(UserFactory())
    html = client.get(f"/community/claim/{tapo['building'].pk}/").content.decode()
    assert "社区工作人员审核" in html
    assert "提交给楼长审核" not in html
    household = tapo["households"][0]
    response = client.post(
        f"/community/claim/{tapo['building'].pk}/",
        {"household": household.pk, "relation": "head", "residence_type": "registered"},
        follow=True,
    )
    html = response.content.decode()
    assert "楼长" not in html.split("<main")[1]
    assert "社区工作人员会尽快审核" in html
    assert Residency.objects.get(household=household).status == "pending"


def test_the_reviewer_named_is_someone_who_may_decide_the_claim(tapo):
    from communities.services.residents import may_decide_claims

    captain = appoint(Post.Kind.BUILDING_CAPTAIN, tapo["building"]).user
    reviewer = selectors.claim_reviewer(tapo["households"][0].node)
    assert reviewer.user == captain
    assert may_decide_claims(captain, tapo["households"][0].node)


def test_the_english_page_names_the_office(client, tapo):
    client.force_login(UserFactory())
    html = client.get(
        f"/community/claim/{tapo['building'].pk}/", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "community office checks your claim" in html
