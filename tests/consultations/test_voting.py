"""Ballots: one per voter or household, changeable until the close, paper never counted twice
with online, nothing outside the window or from outside the electorate."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEntry
from consultations import services
from consultations.models import Ballot, Consultation
from consultations.selectors import consultation_tally, results_visible
from tests.accounts.factories import UserFactory
from tests.consultations.factories import live_in, open_consultation, option

pytestmark = pytest.mark.django_db


@pytest.fixture
def residents(tapo):
    return [live_in(h).user for h in tapo["households"][:3]]


@pytest.fixture
def consultation(tapo, tapo_staff, residents):
    return open_consultation(staff=tapo_staff, node=tapo["building"])


def test_a_resident_votes_and_changes_the_vote_before_the_close(consultation, residents):
    voter = residents[0]
    services.ballot_cast(
        user=voter, consultation=consultation, option_ids=[option(consultation, "yes").pk]
    )
    services.ballot_cast(
        user=voter, consultation=consultation, option_ids=[option(consultation, "no").pk]
    )
    ballot = Ballot.objects.get()
    assert [o.code for o in ballot.options.all()] == ["no"]
    assert ballot.changes == 1
    tally = consultation_tally(consultation)
    assert tally.ballots == 1
    assert {r.option.code: r.heads for r in tally.options} == {"yes": 0, "no": 1, "abstain": 0}


def test_the_audit_records_that_a_ballot_was_cast_but_not_its_choice(consultation, residents):
    services.ballot_cast(
        user=residents[0], consultation=consultation, option_ids=[option(consultation, "yes").pk]
    )
    entry = AuditEntry.objects.get(action="consultations.ballot_cast")
    assert "yes" not in str(entry.details)


def test_someone_outside_the_place_cannot_vote(consultation, baoan):
    outsider = live_in(baoan["households"][0]).user
    with pytest.raises(ValidationError) as error:
        services.ballot_cast(
            user=outsider,
            consultation=consultation,
            option_ids=[option(consultation, "yes").pk],
        )
    assert error.value.code == "not_in_electorate"
    assert not Ballot.objects.exists()


def test_no_ballot_before_the_opening_or_after_the_close(consultation, residents, time_machine):
    yes = [option(consultation, "yes").pk]
    time_machine.move_to(consultation.opens_at - datetime.timedelta(seconds=1))
    with pytest.raises(ValidationError) as early:
        services.ballot_cast(user=residents[0], consultation=consultation, option_ids=yes)
    assert early.value.code == "not_open"
    time_machine.move_to(consultation.closes_at)
    with pytest.raises(ValidationError) as late:
        services.ballot_cast(user=residents[0], consultation=consultation, option_ids=yes)
    assert late.value.code == "closed"
    assert not Ballot.objects.exists()


def test_a_choice_of_another_consultation_or_two_choices_on_a_yes_no_is_refused(
    tapo, tapo_staff, consultation, residents
):
    other = open_consultation(staff=tapo_staff, node=tapo["building"])
    with pytest.raises(ValidationError) as foreign:
        services.ballot_cast(
            user=residents[0],
            consultation=consultation,
            option_ids=[option(other, "yes").pk],
        )
    assert foreign.value.code == "bad_choice"
    with pytest.raises(ValidationError) as two:
        services.ballot_cast(
            user=residents[0],
            consultation=consultation,
            option_ids=[option(consultation, "yes").pk, option(consultation, "no").pk],
        )
    assert two.value.code == "too_many_choices"


def test_multiple_choice_counts_each_chosen_option(tapo, tapo_staff, residents):
    consultation = open_consultation(
        staff=tapo_staff,
        node=tapo["building"],
        choice_kind=Consultation.ChoiceKind.MULTIPLE,
        options=["单向通行", "划线停车", "增设充电桩"],
        max_choices=2,
    )
    a, b, c = consultation.options.all()
    services.ballot_cast(user=residents[0], consultation=consultation, option_ids=[a.pk, b.pk])
    services.ballot_cast(user=residents[1], consultation=consultation, option_ids=[b.pk])
    tally = consultation_tally(consultation)
    assert [r.heads for r in tally.options] == [1, 2, 0]
    assert tally.ballots == 2


def test_one_voice_per_household_whoever_of_the_family_votes(tapo, tapo_staff):
    home = tapo["households"][0]
    mother, son = live_in(home).user, live_in(home).user
    consultation = open_consultation(
        staff=tapo_staff, node=tapo["building"], electorate=Consultation.Electorate.HOUSEHOLDS
    )
    services.ballot_cast(
        user=mother, consultation=consultation, option_ids=[option(consultation, "yes").pk]
    )
    services.ballot_cast(
        user=son, consultation=consultation, option_ids=[option(consultation, "no").pk]
    )
    assert Ballot.objects.count() == 1
    assert consultation_tally(consultation).ballots == 1


def test_paper_ballot_replaces_the_online_one_and_is_never_counted_twice(
    consultation, residents, tapo_staff
):
    # given a resident who voted online
    grandma = residents[0]
    services.ballot_cast(
        user=grandma, consultation=consultation, option_ids=[option(consultation, "no").pk]
    )
    voter = consultation.voters.get(user=grandma)
    # when staff enter her paper ballot
    services.ballot_enter_paper(
        actor=tapo_staff,
        consultation=consultation,
        voter=voter,
        option_ids=[option(consultation, "yes").pk],
    )
    # then there is still one ballot, the paper one, and the tally counts it once
    ballot = Ballot.objects.get()
    assert ballot.channel == Ballot.Channel.PAPER
    tally = consultation_tally(consultation)
    assert (tally.ballots, tally.paper_ballots) == (1, 1)
    assert {r.option.code: r.heads for r in tally.options}["yes"] == 1
    assert AuditEntry.objects.get(action="consultations.ballot_paper").details["replaced"] == (
        "online"
    )
    # and she can no longer change it online
    with pytest.raises(ValidationError) as error:
        services.ballot_cast(
            user=grandma, consultation=consultation, option_ids=[option(consultation, "no").pk]
        )
    assert error.value.code == "paper_ballot_recorded"


def test_staff_of_another_community_cannot_enter_paper_ballots(
    consultation, residents, baoan_staff
):
    voter = consultation.voters.get(user=residents[0])
    with pytest.raises(ValidationError) as error:
        services.ballot_enter_paper(
            actor=baoan_staff,
            consultation=consultation,
            voter=voter,
            option_ids=[option(consultation, "yes").pk],
        )
    assert error.value.code == "forbidden"


def test_results_hidden_until_the_close_when_configured(
    consultation, residents, tapo_staff, time_machine
):
    assert not results_visible(consultation=consultation, user=residents[0])
    assert results_visible(consultation=consultation, user=tapo_staff)
    time_machine.move_to(consultation.closes_at + datetime.timedelta(minutes=1))
    assert results_visible(consultation=consultation, user=residents[0])


def test_closing_freezes_the_tally_once(consultation, residents, time_machine):
    services.ballot_cast(
        user=residents[0], consultation=consultation, option_ids=[option(consultation, "yes").pk]
    )
    with pytest.raises(ValidationError):
        services.consultation_close(consultation=consultation)
    time_machine.move_to(consultation.closes_at + datetime.timedelta(minutes=1))
    closed = services.consultation_close(consultation=consultation)
    assert closed.status == Consultation.Status.CLOSED
    assert closed.result["ballots"] == 1
    again = services.consultation_close(consultation=closed)
    assert again.closed_at == closed.closed_at
    assert AuditEntry.objects.filter(action="consultations.consultation_close").count() == 1


def test_owners_consultation_must_be_yes_no_with_a_kind_of_matter(tapo, tapo_staff):
    with pytest.raises(ValidationError) as error:
        open_consultation(
            staff=tapo_staff,
            node=tapo["building"],
            electorate=Consultation.Electorate.OWNERS,
            choice_kind=Consultation.ChoiceKind.SINGLE,
            options=["甲", "乙"],
            owner_matter="ordinary",
        )
    assert error.value.code == "owners_yes_no"
    with pytest.raises(ValidationError) as missing:
        open_consultation(
            staff=tapo_staff, node=tapo["building"], electorate=Consultation.Electorate.OWNERS
        )
    assert missing.value.code == "owner_matter_required"


def test_a_user_who_is_not_staff_cannot_create_a_consultation(tapo, tapo_staff):
    from tests.consultations.factories import accepted_matter

    matter = accepted_matter(node=tapo["building"], staff=tapo_staff)
    with pytest.raises(ValidationError) as error:
        open_consultation(staff=UserFactory(), node=tapo["building"], matter=matter)
    assert error.value.code == "forbidden"
