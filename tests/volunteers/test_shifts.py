import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from notifications.models import Message
from tests.accounts.factories import UserFactory
from tests.volunteers.factories import project, shift, volunteer
from volunteers import services
from volunteers.models import HourRecord, Signup

pytestmark = pytest.mark.django_db


def test_sign_ups_beyond_capacity_go_to_the_waiting_list(team, community):
    the_shift = shift(project(team), capacity=2)
    statuses = [
        services.shift_signup(user=volunteer(community), shift=the_shift).status for _ in range(3)
    ]
    assert statuses == [Signup.Status.CONFIRMED, Signup.Status.CONFIRMED, Signup.Status.WAITLISTED]


def test_signing_up_twice_is_refused(team, vol):
    the_shift = shift(project(team))
    services.shift_signup(user=vol, shift=the_shift)
    with pytest.raises(ValidationError) as error:
        services.shift_signup(user=vol, shift=the_shift)
    assert error.value.code == "already_signed_up"


def test_only_registered_volunteers_sign_up(team):
    with pytest.raises(ValidationError) as error:
        services.shift_signup(user=UserFactory(), shift=shift(project(team)))
    assert error.value.code == "not_a_volunteer"


def test_cancelling_a_place_promotes_the_first_on_the_waiting_list(team, community):
    the_shift = shift(project(team), capacity=1)
    first, second, third = (volunteer(community) for _ in range(3))
    mine = services.shift_signup(user=first, shift=the_shift)
    services.shift_signup(user=second, shift=the_shift)
    services.shift_signup(user=third, shift=the_shift)
    services.signup_cancel(user=first, signup=mine)
    assert Signup.objects.get(shift=the_shift, user=second).status == Signup.Status.CONFIRMED
    assert Signup.objects.get(shift=the_shift, user=third).status == Signup.Status.WAITLISTED
    assert Message.objects.filter(recipient=second, category="volunteers").exists()


def test_cancelling_after_the_cut_off_is_refused(team, vol):
    the_shift = shift(project(team), starts_in=dt.timedelta(hours=1))  # cut-off is 2 h before
    signup = services.shift_signup(user=vol, shift=the_shift)
    with pytest.raises(ValidationError) as error:
        services.signup_cancel(user=vol, signup=signup)
    assert error.value.code == "too_late_to_cancel"


def test_check_in_and_out_produce_one_pending_record(team, vol, time_machine):
    the_shift = shift(project(team), starts_in=dt.timedelta(hours=3))
    services.shift_signup(user=vol, shift=the_shift)
    time_machine.move_to(the_shift.starts_at, tick=False)
    services.signup_check_in(user=vol, shift=the_shift)
    services.signup_check_in(user=vol, shift=the_shift)  # a second scan changes nothing
    time_machine.move_to(the_shift.starts_at + dt.timedelta(hours=2, minutes=30), tick=False)
    record = services.signup_check_out(user=vol, shift=the_shift)
    again = services.signup_check_out(user=vol, shift=the_shift)
    assert record == again
    assert record.minutes_claimed == 150
    assert record.status == HourRecord.Status.PENDING
    assert record.team == team


def test_check_in_needs_a_place_and_the_right_time(team, vol, community, time_machine):
    the_shift = shift(project(team), starts_in=dt.timedelta(hours=5))
    services.shift_signup(user=vol, shift=the_shift)
    with pytest.raises(ValidationError) as error:
        services.signup_check_in(user=vol, shift=the_shift)
    assert error.value.code == "not_now"
    time_machine.move_to(the_shift.starts_at, tick=False)
    with pytest.raises(ValidationError) as error:
        services.signup_check_in(user=volunteer(community), shift=the_shift)
    assert error.value.code == "not_signed_up"


def test_a_forged_check_in_code_is_refused(team):
    the_shift = shift(project(team))
    token = services.checkin_token(the_shift, "in")
    assert services.checkin_token_read(token) == (the_shift.pk, "in")
    with pytest.raises(ValidationError) as error:
        services.checkin_token_read(token[:-2] + "xx")
    assert error.value.code == "invalid_code"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_sign_ups_never_overbook(tapo):
    from tests.volunteers.factories import team_with_leader

    community = tapo["community"]
    team, _leader = team_with_leader(community)
    the_shift = shift(project(team), capacity=3)
    users = [volunteer(community) for _ in range(12)]
    barrier = threading.Barrier(len(users))
    errors = []

    def sign_up(user):
        try:
            barrier.wait()
            services.shift_signup(user=user, shift=the_shift)
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=sign_up, args=(u,)) for u in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Signup.objects.filter(shift=the_shift, status=Signup.Status.CONFIRMED).count() == 3
    assert Signup.objects.filter(shift=the_shift, status=Signup.Status.WAITLISTED).count() == 9
