"""The building board behind the QR code on the wall: public, but useful to the building's own."""

import re
from pathlib import Path

import pytest

from communities.models import Post
from tests.accounts.factories import UserFactory
from tests.communities.factories import ResidencyFactory, appoint

pytestmark = pytest.mark.django_db
CSS = (
    Path(__file__).resolve().parents[2]
    / "communities"
    / "static"
    / "communities"
    / "communities.css"
)


@pytest.fixture
def captain(tapo):
    return appoint(
        Post.Kind.BUILDING_CAPTAIN, tapo["building"], user=UserFactory(real_name="何婉仪")
    ).user


def _board(client, tapo):
    return client.get(f"/community/board/{tapo['building'].code}/").content.decode()


def test_passers_by_see_the_captain_phone_masked(client, tapo, captain):
    html = _board(client, tapo)
    assert captain.masked_phone in html
    assert captain.phone not in html
    assert "登录" in html  # a way to see more if they live here


def test_a_signed_in_stranger_sees_the_phone_masked(client, tapo, baoan, captain):
    client.force_login(ResidencyFactory(household=baoan["households"][0]).user)
    html = _board(client, tapo)
    assert captain.phone not in html


def test_a_resident_of_the_building_can_call_or_text_the_captain(client, tapo, captain):
    client.force_login(ResidencyFactory(household=tapo["households"][0]).user)
    html = _board(client, tapo)
    assert f'href="tel:{captain.phone}"' in html
    assert f'href="sms:{captain.phone}"' in html


def test_a_pending_claim_does_not_unmask_the_phone(client, tapo, captain):
    resident = ResidencyFactory(household=tapo["households"][0], status="pending").user
    client.force_login(resident)
    assert captain.phone not in _board(client, tapo)


def test_the_board_offers_a_report_for_this_building(client, tapo, captain):
    html = _board(client, tapo)
    assert f'href="/cases/new/?node={tapo["building"].pk}"' in html
    assert "报告本楼的问题" in html


def test_the_print_rules_keep_the_board_on_one_a4_sheet():
    css = CSS.read_text()
    printing = css[css.index("@media print") :]
    assert "@page { size: A4 portrait" in css
    # nothing splits it: the board may not break inside, and the actions are not printed
    assert re.search(r"\.board\s*\{[^}]*break-inside:\s*avoid", printing)
    assert re.search(r"\.no-print[^{]*\{[^}]*display:\s*none", printing)
