"""The wish and help-request transition tables (volunteers/states.py): every pair of action and
status is either in the table, leading to its one target, or refused with the table's code;
and the services refuse a transition the table does not list."""

import pytest
from django.core.exceptions import ValidationError

from tests.accounts.factories import UserFactory
from tests.communities.factories import ResidencyFactory
from tests.volunteers.factories import volunteer
from volunteers import services
from volunteers.models import HelpRequest, Wish
from volunteers.states import (
    HELP_REQUEST_TRANSITIONS,
    WISH_TRANSITIONS,
    HelpAction,
    WishAction,
    actions_from,
    help_request_transition,
    wish_transition,
)

WISH_TABLE = {
    # action: (from, to)
    WishAction.OPEN: ({"submitted"}, "open"),
    WishAction.DISPATCH: ({"submitted"}, "open"),
    WishAction.DECLINE: ({"submitted"}, "declined"),
    WishAction.CLAIM: ({"open"}, "claimed"),
    WishAction.MARK_DONE: ({"claimed"}, "done"),
    WishAction.CONFIRM: ({"done"}, "confirmed"),
    WishAction.DISPUTE: ({"done"}, "disputed"),
    WishAction.CREDIT: ({"disputed"}, "confirmed"),
    WishAction.CLOSE: ({"disputed"}, "closed"),
}
HELP_TABLE = {
    HelpAction.ACCEPT: ({"open"}, "accepted"),
    HelpAction.MARK_HELPED: ({"accepted"}, "helped"),
    HelpAction.CONFIRM: ({"helped"}, "paid"),
    HelpAction.CANCEL: ({"open", "accepted"}, "cancelled"),
}


@pytest.mark.parametrize("action", list(WISH_TABLE))
@pytest.mark.parametrize("status", Wish.Status.values)
def test_a_wish_action_leads_to_one_target_from_the_listed_states_only(action, status):
    sources, target = WISH_TABLE[action]
    if status in sources:
        assert wish_transition(action, status) == target
    else:
        with pytest.raises(ValidationError) as refused:
            wish_transition(action, status)
        assert refused.value.code == WISH_TRANSITIONS[action].code


@pytest.mark.parametrize("action", list(HELP_TABLE))
@pytest.mark.parametrize("status", HelpRequest.Status.values)
def test_a_help_request_action_leads_to_one_target_from_the_listed_states_only(action, status):
    sources, target = HELP_TABLE[action]
    if status in sources:
        assert help_request_transition(action, status) == target
    else:
        with pytest.raises(ValidationError) as refused:
            help_request_transition(action, status)
        assert refused.value.code == HELP_REQUEST_TRANSITIONS[action].code


def test_the_tables_list_every_action_and_nothing_leaves_a_final_state():
    assert set(WISH_TRANSITIONS) == set(WISH_TABLE)
    assert set(HELP_REQUEST_TRANSITIONS) == set(HELP_TABLE)
    for final in ("confirmed", "closed", "declined"):
        assert actions_from(WISH_TRANSITIONS, final) == []
    for final in ("paid", "cancelled"):
        assert actions_from(HELP_REQUEST_TRANSITIONS, final) == []


@pytest.mark.django_db
def test_the_wish_service_refuses_what_the_table_does_not_list(tapo, tapo_staff, community):
    # given a wish claimed by a volunteer
    resident = UserFactory()
    ResidencyFactory(user=resident, household=tapo["households"][0])
    wish = services.wish_post(resident=resident, title="帮忙取药")
    services.wish_review(actor=tapo_staff, wish=wish, decision="open")
    services.wish_claim(user=volunteer(community), wish=wish)
    # when the resident confirms before the helper says it is done
    with pytest.raises(ValidationError) as refused:
        services.wish_confirm(resident=resident, wish=wish)
    # then the table's refusal is said and nothing changes
    assert refused.value.code == "invalid_state"
    wish.refresh_from_db()
    assert wish.status == Wish.Status.CLAIMED
