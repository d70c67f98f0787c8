"""One ballot per voter (and per household) under concurrent submissions, on PostgreSQL."""

import threading

import pytest
from django.db import connection

from consultations import services
from consultations.models import Ballot, Consultation
from tests.consultations.factories import live_in, open_consultation, option

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _race(calls):
    """Run the calls at once in threads; return the errors they raised."""
    barrier = threading.Barrier(len(calls))
    errors = []

    def run(call):
        try:
            barrier.wait()
            call()
        except Exception as error:  # collected and asserted on by the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_eight_simultaneous_submissions_of_one_voter_leave_one_ballot(tapo, tapo_staff):
    voter = live_in(tapo["households"][0]).user
    consultation = open_consultation(staff=tapo_staff, node=tapo["building"])
    choices = [option(consultation, code).pk for code in ("yes", "no")]
    errors = _race(
        [
            lambda i=i: services.ballot_cast(
                user=voter, consultation=consultation, option_ids=[choices[i % 2]]
            )
            for i in range(8)
        ]
    )
    assert errors == []
    ballot = Ballot.objects.get()
    assert ballot.changes == 7
    assert ballot.options.count() == 1


def test_a_family_voting_at_once_leaves_one_household_ballot(tapo, tapo_staff):
    home = tapo["households"][0]
    family = [live_in(home).user for _ in range(4)]
    consultation = open_consultation(
        staff=tapo_staff, node=tapo["building"], electorate=Consultation.Electorate.HOUSEHOLDS
    )
    yes = option(consultation, "yes").pk
    errors = _race(
        [
            lambda member=member: services.ballot_cast(
                user=member, consultation=consultation, option_ids=[yes]
            )
            for member in family
        ]
    )
    assert errors == []
    assert Ballot.objects.count() == 1


def test_paper_and_online_at_the_same_moment_count_once(tapo, tapo_staff):
    resident = live_in(tapo["households"][0]).user
    consultation = open_consultation(staff=tapo_staff, node=tapo["building"])
    voter = consultation.voters.get(user=resident)
    yes, no = option(consultation, "yes").pk, option(consultation, "no").pk
    errors = _race(
        [
            lambda: services.ballot_cast(user=resident, consultation=consultation, option_ids=[no]),
            lambda: services.ballot_enter_paper(
                actor=tapo_staff, consultation=consultation, voter=voter, option_ids=[yes]
            ),
        ]
    )
    # whichever came first, the paper ballot stands (online after paper is refused) and
    # only one ballot counts
    assert len(errors) <= 1
    ballot = Ballot.objects.get()
    assert ballot.channel == Ballot.Channel.PAPER
    assert [o.pk for o in ballot.options.all()] == [yes]
