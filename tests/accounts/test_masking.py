"""One rule for how a person is shown (accounts.masking), whatever they filled in."""

import pytest

from accounts.masking import name_for_others, name_in_full
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("real_name", "display_name", "to_others", "in_full"),
    [
        # The name a resident chose to be shown by wins for other residents ...
        ("李秀英", "秀英", "秀英", "李秀英"),
        # ... else their real name, masked; staff and handlers see it whole.
        ("李秀英", "", "李**", "李秀英"),
        ("", "秀英", "秀英", "秀英"),
        # Nobody is shown as nothing (nor as a made-up word): the masked phone stands in.
        ("", "", "138****5678", "138****5678"),
    ],
)
def test_a_person_is_shown_by_one_rule(real_name, display_name, to_others, in_full):
    person = UserFactory.build(phone="13812345678", real_name=real_name, display_name=display_name)
    assert name_for_others(person) == to_others
    assert name_in_full(person) == in_full


def test_every_place_that_shows_a_resident_to_others_agrees():
    """Boards, cases, consultations and wishes used to disagree for a person without a real
    name (display name, masked phone, "Resident" or nothing)."""
    from consultations.views.residents import person_label
    from points.selectors.boards import RankedEntry

    nameless = UserFactory(phone="13912345678", real_name="", display_name="")
    entry = RankedEntry(rank=1, user_id=nameless.pk, score=1, reached_at=None, user=nameless)
    shown = {entry.public_name, person_label(nameless, full=False), name_for_others(nameless)}
    assert shown == {"139****5678"}
