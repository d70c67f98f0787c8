"""Registration: seats, waiting list and its order, households, audience limits, cancelling."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditEntry
from events import services
from events.models import Registration
from notifications.models import Message
from party.models import PartyMember
from party.services import party_branch_create, party_member_register
from tests.events.factories import first_session, local, make_event

pytestmark = pytest.mark.django_db


def _register(user, session, **kwargs):
    return services.registration_create(user=user, occurrence=session, **kwargs)


def test_a_resident_registers_and_takes_a_seat(tapo, resident, now):
    session = first_session(make_event(tapo["community"], capacity=30))
    [registration] = _register(resident, session)
    session.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
    assert session.seats_taken == 1
    assert AuditEntry.objects.filter(action="events.register").count() == 1


def test_when_full_people_wait_and_are_promoted_in_order_with_a_message(
    tapo, resident, neighbours, now
):
    session = first_session(make_event(tapo["community"], capacity=2))
    first, second, third, fourth = [resident, *neighbours[:3]]
    _register(first, session)
    _register(second, session)
    [third_reg] = _register(third, session)
    [fourth_reg] = _register(fourth, session)
    assert (third_reg.status, fourth_reg.status) == (
        Registration.Status.WAITLISTED,
        Registration.Status.WAITLISTED,
    )

    # when the first attendee cancels, the first in the queue gets the seat
    services.registration_cancel(
        actor=first, registration=Registration.objects.get(user=first, occurrence=session)
    )
    third_reg.refresh_from_db()
    fourth_reg.refresh_from_db()
    session.refresh_from_db()
    assert third_reg.status == Registration.Status.CONFIRMED
    assert fourth_reg.status == Registration.Status.WAITLISTED
    assert session.seats_taken == 2
    message = Message.objects.get(recipient=third)
    assert session.event.title in message.title
    assert not Message.objects.filter(recipient=fourth).exists()


def test_a_newcomer_does_not_overtake_the_queue(tapo, resident, neighbours, now):
    session = first_session(make_event(tapo["community"], capacity=1))
    _register(resident, session)
    _register(neighbours[0], session)  # waits
    # a seat frees up while someone waits: it goes to them, and the newcomer waits too
    services.registration_cancel(
        actor=resident, registration=Registration.objects.get(user=resident)
    )
    [late] = _register(neighbours[1], session)
    assert late.status == Registration.Status.WAITLISTED
    assert Registration.objects.get(user=neighbours[0]).status == Registration.Status.CONFIRMED


def test_household_members_are_registered_together_and_wait_together(
    tapo, resident, spouse, neighbours, now
):
    session = first_session(make_event(tapo["community"], capacity=2))
    _register(neighbours[0], session)
    # only one seat left: the couple waits as one group
    group = _register(resident, session, members=[spouse])
    assert [r.status for r in group] == [
        Registration.Status.WAITLISTED,
        Registration.Status.WAITLISTED,
    ]
    assert {r.user for r in group} == {resident, spouse}
    assert len({r.group for r in group}) == 1
    # when the neighbour cancels, both get a seat
    services.registration_cancel(
        actor=neighbours[0], registration=Registration.objects.get(user=neighbours[0])
    )
    assert set(
        Registration.objects.filter(group=group[0].group).values_list("status", flat=True)
    ) == {Registration.Status.CONFIRMED}
    session.refresh_from_db()
    assert session.seats_taken == 2


def test_only_household_members_can_be_registered_along(tapo, resident, neighbours, now):
    session = first_session(make_event(tapo["community"]))
    with pytest.raises(ValidationError) as error:
        _register(resident, session, members=[neighbours[0]])
    assert error.value.code == "not_household"
    assert not Registration.objects.exists()


def test_registering_twice_is_refused(tapo, resident, now):
    session = first_session(make_event(tapo["community"]))
    _register(resident, session)
    with pytest.raises(ValidationError) as error:
        _register(resident, session)
    assert error.value.code == "already_registered"


def test_age_limit_asks_for_the_birth_year_and_refuses_the_too_young(tapo, resident, spouse, now):
    session = first_session(
        make_event(tapo["community"], kind="birthday", title="荣幸有邻 长者生日会", min_age=60)
    )
    with pytest.raises(ValidationError) as error:
        _register(resident, session)
    assert error.value.code == "birth_year_needed"
    assert "60" in error.value.messages[0]
    with pytest.raises(ValidationError) as error:
        _register(resident, session, birth_year=1990)
    assert error.value.code == "too_young"
    assert resident.name_for_display in error.value.messages[0]
    # 1966 turns 60 in 2026: welcome
    [registration] = _register(resident, session, birth_year=1966)
    assert registration.status == Registration.Status.CONFIRMED
    # a member without a known birth year is named in the refusal
    registration.delete()
    with pytest.raises(ValidationError) as error:
        _register(resident, session, members=[spouse])
    assert spouse.name_for_display in error.value.messages[0]


def test_residents_only_refuses_people_from_elsewhere(tapo, baoan, resident, baoan_resident, now):
    session = first_session(
        make_event(tapo["compound"], residents_only=True, open_to_all=True, title="议事茶叙")
    )
    with pytest.raises(ValidationError) as error:
        _register(baoan_resident, session)
    assert error.value.code == "residents_only"
    assert tapo["compound"].name in error.value.messages[0]
    assert _register(resident, session)[0].status == Registration.Status.CONFIRMED


def test_party_members_only(tapo, resident, spouse, now):
    branch = party_branch_create(actor=None, node=tapo["compound"], name="塔坡小区党支部")
    party_member_register(actor=None, user=spouse, branch=branch)
    session = first_session(make_event(tapo["community"], party_members_only=True))
    with pytest.raises(ValidationError) as error:
        _register(resident, session)
    assert error.value.code == "party_members_only"
    assert PartyMember.objects.filter(user=spouse).exists()
    assert _register(spouse, session)[0].status == Registration.Status.CONFIRMED


def test_people_of_another_community_cannot_see_or_join(tapo, baoan_resident, now):
    session = first_session(make_event(tapo["community"]))
    with pytest.raises(PermissionDenied):
        _register(baoan_resident, session)


def test_registration_window(tapo, resident, now):
    too_early = first_session(
        make_event(tapo["community"], starts_at=local(2026, 4, 1, 9, 0), registration_opens_days=7)
    )
    with pytest.raises(ValidationError) as error:
        _register(resident, too_early)
    assert error.value.code == "not_yet_open"
    closed = first_session(
        make_event(
            tapo["community"], starts_at=local(2026, 3, 2, 9, 0), registration_closes_hours=24
        )
    )
    with pytest.raises(ValidationError) as error:
        _register(resident, closed)
    assert error.value.code == "closed"


def test_cancelling_after_the_cutoff_is_refused_to_residents_but_not_staff(
    tapo, resident, tapo_staff, time_machine, now
):
    session = first_session(make_event(tapo["community"], cancel_cutoff_hours=24))
    [registration] = _register(resident, session)
    time_machine.move_to(local(2026, 3, 5, 12, 0), tick=False)
    with pytest.raises(ValidationError) as error:
        services.registration_cancel(actor=resident, registration=registration)
    assert error.value.code == "cancel_too_late"
    services.registration_cancel(actor=tapo_staff, registration=registration)
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED


def test_a_stranger_cannot_cancel_someone_elses_registration(tapo, resident, neighbours, now):
    session = first_session(make_event(tapo["community"]))
    [registration] = _register(resident, session)
    with pytest.raises(PermissionDenied):
        services.registration_cancel(actor=neighbours[0], registration=registration)


def test_raising_the_limit_lets_the_queue_in(tapo, resident, neighbours, tapo_staff, now):
    event = make_event(tapo["community"], capacity=1)
    session = first_session(event)
    _register(resident, session)
    [waiting] = _register(neighbours[0], session)
    event.capacity = 5
    services.event_save(actor=tapo_staff, event=event, changed=["capacity"])
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED


def test_the_limit_cannot_go_below_the_seats_taken(tapo, resident, neighbours, tapo_staff, now):
    event = make_event(tapo["community"], capacity=5)
    session = first_session(event)
    _register(resident, session)
    _register(neighbours[0], session)
    event.capacity = 1
    with pytest.raises(ValidationError) as error:
        services.event_save(actor=tapo_staff, event=event)
    assert error.value.code == "capacity_below_taken"


def test_staff_of_another_community_cannot_create_events_here(tapo, baoan_staff):
    with pytest.raises(PermissionDenied):
        make_event(tapo["community"], actor=baoan_staff)


def test_cancelling_a_session_tells_everyone(tapo, resident, neighbours, tapo_staff, now):
    session = first_session(make_event(tapo["community"], capacity=1))
    _register(resident, session)
    _register(neighbours[0], session)
    services.occurrence_cancel(actor=tapo_staff, occurrence=session, reason="台风预警，活动取消")
    assert Message.objects.filter(body="台风预警，活动取消").count() == 2
    with pytest.raises(ValidationError):
        _register(neighbours[1], session)


def test_the_birth_year_is_kept_on_the_events_profile(tapo, resident, now):
    session = first_session(make_event(tapo["community"], min_age=60))
    _register(resident, session, birth_year=1950)
    assert resident.event_profile.birth_year == 1950
