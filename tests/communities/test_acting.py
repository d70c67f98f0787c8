"""代办: captains and staff register residents with no phone or log-in (consent recorded) and
act for residents in their scope; every on-behalf action is audited naming both people, has
a receipt, and is refused outside the actor's scope."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEntry
from communities import acting
from communities.models import ActingConsent, Post, Residency
from tests.communities.factories import appoint
from tests.notices.factories import live_in

pytestmark = pytest.mark.django_db

FIXED = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to(FIXED, tick=False)


@pytest.fixture
def captain(tapo):
    return appoint(Post.Kind.BUILDING_CAPTAIN, tapo["building"]).user


@pytest.fixture
def staff(tapo):
    return appoint(Post.Kind.COMMUNITY_STAFF, tapo["community"]).user


@pytest.fixture
def elder(tapo, captain):
    return acting.resident_register_for(
        actor=captain,
        household=tapo["households"][1],
        real_name="李婆婆",
        consent=True,
        given=ActingConsent.Given.IN_PERSON,
        note="本人同意，签字留存",
    )


@pytest.fixture
def far(baoan):
    return live_in(baoan["households"][0]).user


def test_a_captain_registers_a_resident_with_no_phone_and_consent(tapo, captain, elder):
    assert elder.phone is None and not elder.has_usable_password()
    residency = Residency.objects.get(user=elder)
    assert residency.status == "approved" and residency.decided_by == captain
    consent = ActingConsent.objects.get(person=elder)
    assert consent.registered_by == captain and consent.note == "本人同意，签字留存"
    entry = AuditEntry.objects.get(action="communities.resident_register_for")
    assert entry.details["for_user"] == elder.pk and entry.details["by_user"] == captain.pk


def test_registering_needs_consent_a_home_in_scope_and_a_free_number(tapo, baoan, captain, far):
    def register(**changes):
        fields = {
            "actor": captain,
            "household": tapo["households"][2],
            "real_name": "王伯",
            "consent": True,
            "given": "relative",
        }
        with pytest.raises(ValidationError) as error:
            acting.resident_register_for(**{**fields, **changes})
        return error.value.code

    assert register(consent=False) == "consent_required"
    assert register(household=baoan["households"][2]) == "out_of_scope"
    assert register(phone=far.phone) == "phone_taken"
    assert register(phone="12345") == "invalid_phone"
    assert register(real_name=" ") == "name_required"
    two = acting.resident_register_for(
        actor=captain,
        household=tapo["households"][2],
        real_name="王伯",
        consent=True,
        given="relative",
        phone="",
    )
    three = acting.resident_register_for(
        actor=captain,
        household=tapo["households"][3],
        real_name="赵伯",
        consent=True,
        given="relative",
    )
    assert two.phone is None and three.phone is None  # many residents without a phone


def _report(tapo, person, actor):
    from cases import services
    from tests.cases.factories import category

    return services.case_report(
        reporter=person,
        actor=actor,
        category=category(),
        description="楼道灯坏了",
        node=tapo["units"][0],
    )


def _register(tapo, person, actor):
    from events import services
    from tests.events.factories import first_session, make_event

    session = first_session(make_event(tapo["community"]))
    return services.registration_create(user=person, occurrence=session, actor=actor)


def _wish(tapo, person, actor):
    from volunteers import services

    return services.wish_post(resident=person, actor=actor, title="帮忙换灯泡")


def _survey(tapo, person, actor):
    from surveys import services
    from tests.surveys.factories import answers_for, make_survey

    staff = appoint(Post.Kind.COMMUNITY_STAFF, tapo["community"]).user
    survey = make_survey(actor=staff, node=tapo["community"])
    return services.survey_answer(
        survey=survey, person=person, actor=actor, answers=answers_for(survey)
    )


def _needs(tapo, person, actor):
    from surveys import services
    from surveys.models import NeedItem

    return services.need_marks_set(
        person=person, actor=actor, items=[NeedItem.objects.get(name="助餐送餐")]
    )


def _confirm(tapo, person, actor):
    from notices import services
    from notices.models import Notice
    from tests.notices.factories import publish

    # To the whole street, so the resident of another community received it too.
    street = tapo["community"].parent
    staff = Post.objects.filter(kind=Post.Kind.STREET_STAFF).first()
    staff = staff.user if staff else appoint(Post.Kind.STREET_STAFF, street).user
    notice = Notice.objects.filter(node=street).first() or publish(
        actor=staff, node=street, needs_confirmation=True
    )
    return services.notice_confirm(notice=notice, person=person, actor=actor)


ACTIONS = {
    "cases.report_for": _report,
    "events.register_for": _register,
    "volunteers.wish_post_for": _wish,
    "surveys.answer_for": _survey,
    "surveys.needs_mark_for": _needs,
    "notices.confirm_for": _confirm,
}


@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_every_on_behalf_action_is_audited_with_both_people_and_refused_elsewhere(
    action, tapo, captain, elder, far
):
    ACTIONS[action](tapo, elder, captain)
    entry = AuditEntry.objects.get(action=action)
    assert entry.actor == captain
    assert entry.details["for_user"] == elder.pk and entry.details["by_user"] == captain.pk
    assert acting.receipt_label(entry) != action  # the receipt names what was done
    with pytest.raises(ValidationError) as error:
        ACTIONS[action](tapo, far, captain)
    assert error.value.code == "out_of_scope"
    assert AuditEntry.objects.filter(action=action).count() == 1


def test_a_paper_ballot_names_both_people(tapo, staff, elder):
    from consultations import services
    from tests.consultations.factories import open_consultation, option

    consultation = open_consultation(staff=staff, node=tapo["building"])
    voter = consultation.voters.get(user=elder)
    services.ballot_enter_paper(
        actor=staff,
        consultation=consultation,
        voter=voter,
        option_ids=[option(consultation, "yes").pk],
    )
    entry = AuditEntry.objects.get(action="consultations.ballot_paper")
    assert entry.details["for_user"] == elder.pk and entry.details["by_user"] == staff.pk


def test_pages_hub_receipt_and_refusal_for_another_community(client, tapo, baoan, captain, elder):
    client.force_login(captain)
    listed = client.get("/community/acting/?q=李").content.decode()
    assert "李婆婆" in listed
    hub = client.get(f"/community/acting/{elder.pk}/").content.decode()
    assert f"/cases/new/for/{elder.pk}/" in hub and f"/events/for/{elder.pk}/" in hub
    assert f"/volunteers/wishes/for/{elder.pk}/" in hub and f"/surveys/needs/for/{elder.pk}/" in hub
    posted = client.post(f"/volunteers/wishes/for/{elder.pk}/", {"title": "帮忙取药"})
    assert posted.status_code == 302
    entry = AuditEntry.objects.get(action="volunteers.wish_post_for")
    receipt = client.get(f"/community/acting/receipt/{entry.pk}/").content.decode()
    assert "李婆婆" in receipt and "帮忙取药" in receipt
    other = appoint(Post.Kind.BUILDING_CAPTAIN, baoan["building"]).user
    client.force_login(other)
    assert client.get(f"/community/acting/{elder.pk}/").status_code == 404
    assert client.get(f"/community/acting/receipt/{entry.pk}/").status_code == 404
    assert client.get(f"/volunteers/wishes/for/{elder.pk}/").status_code == 404
    assert client.get(f"/cases/new/for/{elder.pk}/").status_code == 404
    assert client.get(f"/surveys/needs/for/{elder.pk}/").status_code == 404


def test_a_captain_registers_through_the_page(client, tapo, captain):
    client.force_login(captain)
    assert client.get("/community/acting/register/").status_code == 200
    data = {
        "household": tapo["households"][4].pk,
        "real_name": "陈伯",
        "phone": "",
        "relation": "head",
        "residence_type": "registered",
        "given": "in_person",
    }
    refused = client.post("/community/acting/register/", data)
    assert refused.status_code == 200 and not ActingConsent.objects.exists()
    done = client.post("/community/acting/register/", {**data, "consent": "on"})
    person = ActingConsent.objects.get().person
    assert done.status_code == 302 and done["Location"] == f"/community/acting/{person.pk}/"


def test_the_residents_list_stays_flat(client, tapo, captain, elder):
    from tests.querycount import assert_flat

    def grow():
        for household in tapo["households"][2:6]:
            live_in(household)

    client.force_login(captain)
    assert_flat(client, "/community/acting/", grow)
