"""代办: the resident's acting page links staff to the paper-ballot entry of a consultation
open for the resident's place; captains (who cannot enter ballots), closed consultations and
residents outside the electorate get no link."""

import datetime

import pytest

from communities import acting
from consultations.selectors.voting import open_voters_of
from tests.consultations.factories import live_in, open_consultation

pytestmark = pytest.mark.django_db

FIXED = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to(FIXED, tick=False)


def test_staff_are_linked_to_the_paper_ballot_of_an_open_consultation(
    client, tapo, baoan, tapo_staff, tapo_captain
):
    resident = live_in(tapo["households"][0]).user
    consultation = open_consultation(staff=tapo_staff, node=tapo["building"])
    client.force_login(tapo_staff)
    html = client.get(f"/community/acting/{resident.pk}/").content.decode()
    assert f'href="/consultations/votes/{consultation.pk}/paper/?q=' in html
    assert "录入纸质选票：是否同意加装电梯？" in html
    # the link leads to a page that opens for the same staff member
    link = acting.acting_links(actor=tapo_staff, person=resident)
    paper = [item.url for item in link if "/paper/" in item.url]
    assert client.get(paper[0]).status_code == 200
    # captains do not enter paper ballots: no link for them
    captain_links = acting.acting_links(actor=tapo_captain, person=resident)
    assert not [item for item in captain_links if "/paper/" in item.url]


def _paper_links(actor, person) -> list:
    return [
        link for link in acting.acting_links(actor=actor, person=person) if "/paper/" in link.url
    ]


def test_no_link_outside_the_electorate_or_after_the_close(tapo, baoan, tapo_staff):
    voter = live_in(tapo["households"][0]).user
    outsider = live_in(baoan["households"][0]).user
    open_consultation(staff=tapo_staff, node=tapo["building"], hours=1)
    latecomer = live_in(tapo["households"][1]).user  # moved in after the electorate was fixed
    assert _paper_links(tapo_staff, voter)
    assert not _paper_links(tapo_staff, outsider)
    assert not _paper_links(tapo_staff, latecomer)
    assert not open_voters_of(voter, FIXED + datetime.timedelta(hours=2)).exists()
