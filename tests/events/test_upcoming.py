"""The activities page's read (events.upcoming, prepared statements) is the rule
events.selectors.occurrences_upcoming_for_user: the same sessions as cards, in the same order
(the user's community first), with the user's registration status and the same count."""

import pytest

from events import services
from events.selectors import occurrences_upcoming_for_user, session_card
from events.upcoming import UpcomingSessions, upcoming_cards
from tests.events.factories import local, make_event

pytestmark = pytest.mark.django_db


def test_the_cards_are_the_rule_s_rows(
    tree, tapo, baoan, resident, baoan_resident, tapo_staff, now
):
    make_event(
        tree["street"], title="街道健步走", starts_at=local(2026, 3, 2, 8, 0), open_to_all=True
    )
    make_event(tree["street"], title="街道讲座", starts_at=local(2026, 3, 3, 8, 0))
    mine = make_event(tapo["community"], title="塔坡义诊", starts_at=local(2026, 3, 9, 9, 0))
    make_event(baoan["community"], title="保安社区专场", starts_at=local(2026, 3, 4, 9, 0))
    make_event(tapo["community"], title="草稿", publish=False)
    services.registration_create(user=resident, occurrence=mine.occurrences.first())
    for user in (resident, baoan_resident, tapo_staff):
        for query in ("", "义诊", "街道", "100%_"):
            expected = [
                session_card(o)
                for o in occurrences_upcoming_for_user(user=user, now=now, query=query)
            ]
            cards = upcoming_cards(user=user, query=query, now=now)
            assert cards[0:20] == expected, (user, query)
            assert cards[1:2] == expected[1:2]
            assert cards.count() == len(expected)
    # the resident's own read is the prepared one (staff keep the queryset: drafts too)
    assert isinstance(upcoming_cards(user=resident, now=now), UpcomingSessions)
    titles = [card.title for card in upcoming_cards(user=resident, now=now)[0:20]]
    assert titles[0] == "塔坡义诊" and "保安社区专场" not in titles
    assert upcoming_cards(user=resident, now=now)[0:1][0].my_status == "confirmed"
