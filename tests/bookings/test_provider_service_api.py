"""The provider's catalogue through the API: services added, changed and retired, slots opened
one at a time or weekly (all or nothing) and called off; refused to other providers' staff and
other communities, bad input a translated 400 that changes nothing; lists stay flat."""

import pytest

from audit.models import AuditEntry
from bookings import services
from bookings.models import Appointment, ServiceOffer, Slot
from points.models import Currency
from points.services import account_for_user, posting_create, system_account
from tests.bookings.conftest import at
from tests.consultations.factories import live_in
from tests.querycount import assert_flat

pytestmark = pytest.mark.django_db

API = "/api/v1/bookings"

HAIRCUT = {
    "kind": "haircut",
    "name": "义剪",
    "description": "洗剪吹",
    "duration_minutes": 30,
    "capacity": 1,
    "price_minutes": 30,
}


def test_the_clerk_adds_changes_and_retires_a_service(api_client, clerk, home_service, tapo):
    # given
    api_client.force_authenticate(clerk)
    # when
    added = api_client.post(
        f"{API}/providers/{home_service.pk}/services/",
        {**HAIRCUT, "places": [tapo["grid"].pk]},
        format="json",
    )
    # then
    assert added.status_code == 201, added.json()
    body = added.json()
    assert (body["kind"], body["places"], body["slots_ahead"]) == ("haircut", [tapo["grid"].pk], 0)
    offer = ServiceOffer.objects.get(pk=body["id"])
    assert (offer.price_minutes, offer.duration_minutes) == (30, 30)
    changed = api_client.patch(
        f"{API}/provider-services/{offer.pk}/", {"capacity": 3, "places": []}, format="json"
    )
    assert changed.status_code == 200 and changed.json()["capacity"] == 3
    assert changed.json()["places"] == [] and changed.json()["name"] == "义剪"
    listed = api_client.get(f"{API}/providers/{home_service.pk}/services/")
    assert [row["id"] for row in listed.json()["results"]] == [offer.pk]
    retired = api_client.post(f"{API}/provider-services/{offer.pk}/retire/")
    assert retired.status_code == 200 and retired.json()["is_active"] is False
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"bookings.service_offer_create", "bookings.service_offer_update"} <= actions


def test_the_clerk_opens_single_and_weekly_slots(api_client, clerk, bathing):
    api_client.force_authenticate(clerk)
    one = api_client.post(
        f"{API}/provider-services/{bathing.pk}/slots/",
        {"starts_at": "2026-03-04T09:00:00+08:00", "capacity": 2},
        format="json",
    )
    assert one.status_code == 201, one.json()
    assert one.json()["ends_at"].startswith("2026-03-04T10:00:00")  # the service's 60 minutes
    weekly = api_client.post(
        f"{API}/provider-services/{bathing.pk}/slots/weekly/",
        {
            "first_day": "2026-03-09",
            "weekdays": [0, 2],
            "starts": "09:00",
            "ends": "11:00",
            "weeks": 2,
            "split": True,
        },
        format="json",
    )
    assert weekly.status_code == 201, weekly.json()
    assert len(weekly.json()) == 8  # two days a week, two weeks, two hours cut in hours
    listed = api_client.get(f"{API}/provider-services/{bathing.pk}/slots/")
    assert listed.json()["count"] == 9


def test_a_weekly_pattern_meeting_an_open_slot_opens_nothing(api_client, clerk, bathing):
    services.slot_create(actor=clerk, offer=bathing, starts_at=at(11, 10))
    api_client.force_authenticate(clerk)
    response = api_client.post(
        f"{API}/provider-services/{bathing.pk}/slots/weekly/",
        {
            "first_day": "2026-03-09",
            "weekdays": [2],
            "starts": "09:00",
            "ends": "12:00",
            "weeks": 3,
            "split": True,
        },
        format="json",
    )
    assert response.status_code == 400 and response.json()["code"] == "duplicate"
    assert "已有" in response.json()["detail"]
    assert Slot.objects.filter(offer=bathing).count() == 1


def test_calling_a_slot_off_cancels_gives_hours_back_and_tells(
    api_client, clerk, bathing, slot, resident, tapo_staff
):
    # given: the resident paid an hour for the bath
    services.service_offer_update(actor=tapo_staff, offer=bathing, price_minutes=60)
    posting_create(
        debit=system_account("test:source", Currency.MINUTE, "test"),
        credit=account_for_user(resident, Currency.MINUTE),
        amount=120,
        key="test:fund",
        reason="test",
    )
    appointment = services.appointment_book(
        actor=resident, person=resident, slot=slot, pay_with_hours=True
    )
    assert account_for_user(resident, Currency.MINUTE).balance == 60
    api_client.force_authenticate(clerk)
    # when
    response = api_client.post(
        f"{API}/provider-slots/{slot.pk}/cancel/", {"reason": "师傅病了"}, format="json"
    )
    # then
    assert response.status_code == 200 and response.json()["cancelled_at"]
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.CANCELLED
    assert account_for_user(resident, Currency.MINUTE).balance == 120
    assert resident.messages.filter(body__contains="师傅病了").exists()
    again = api_client.post(f"{API}/provider-slots/{slot.pk}/cancel/", {}, format="json")
    assert again.status_code == 400 and again.json()["code"] == "already_cancelled"


@pytest.mark.parametrize(
    ("posted", "code"),
    [
        ({**HAIRCUT, "kind": "dance"}, "invalid_kind"),
        ({**HAIRCUT, "name": "  "}, "invalid"),  # blank: refused by the serializer
        ({**HAIRCUT, "duration_minutes": 10**12}, "invalid_duration"),
        ({**HAIRCUT, "capacity": 0}, "invalid_capacity"),
        ({**HAIRCUT, "price_minutes": -1}, "invalid_price"),
        ({**HAIRCUT, "capacity": "many"}, "invalid"),
        ({"name": "x"}, "invalid"),
    ],
)
def test_bad_services_are_refused_in_chinese(api_client, clerk, home_service, posted, code):
    api_client.force_authenticate(clerk)
    response = api_client.post(
        f"{API}/providers/{home_service.pk}/services/",
        posted,
        format="json",
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert response.status_code == 400 and response.json()["code"] == code
    assert not any(char.isascii() and char.isalpha() for char in response.json()["detail"])
    assert not ServiceOffer.objects.exists()


def test_a_place_outside_the_provider_is_refused(api_client, clerk, home_service, baoan):
    api_client.force_authenticate(clerk)
    response = api_client.post(
        f"{API}/providers/{home_service.pk}/services/",
        {**HAIRCUT, "places": [baoan["grid"].pk]},
        format="json",
    )
    assert response.status_code == 400 and response.json()["code"] == "place_outside"
    assert baoan["grid"].name not in response.json()["detail"]
    assert not ServiceOffer.objects.exists()


@pytest.mark.parametrize(
    ("posted", "code"),
    [
        ({"starts_at": "2026-03-01T09:00:00+08:00"}, "past"),
        ({"starts_at": "9999-12-31T23:00:00+08:00"}, "too_far"),
        (
            {"starts_at": "2026-03-04T09:00:00+08:00", "ends_at": "2026-03-04T08:00:00+08:00"},
            "invalid_time",
        ),
        ({"starts_at": "2026-03-04T09:00:00+08:00", "capacity": 1001}, "invalid_capacity"),
        ({"starts_at": "tomorrow"}, "invalid"),
    ],
)
def test_bad_slots_are_refused_and_open_nothing(api_client, clerk, bathing, posted, code):
    api_client.force_authenticate(clerk)
    response = api_client.post(
        f"{API}/provider-services/{bathing.pk}/slots/", posted, format="json"
    )
    assert response.status_code == 400 and response.json()["code"] == code
    assert not Slot.objects.exists()


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"weekdays": [9]}, "no_days"),
        ({"weeks": 27}, "invalid_weeks"),
        ({"weeks": 10**15}, "invalid_weeks"),
        ({"first_day": "9999-12-30"}, "too_far"),
        ({"ends": "08:00"}, "invalid_time"),
        ({"first_day": "2026-02-23", "weeks": 2}, "past"),
        ({"weekdays": "Monday"}, "invalid"),
    ],
)
def test_bad_weekly_patterns_open_nothing(api_client, clerk, bathing, changes, code):
    api_client.force_authenticate(clerk)
    posted = {
        "first_day": "2026-03-09",
        "weekdays": [0],
        "starts": "09:00",
        "ends": "11:00",
        "weeks": 2,
        **changes,
    }
    response = api_client.post(
        f"{API}/provider-services/{bathing.pk}/slots/weekly/", posted, format="json"
    )
    assert response.status_code == 400 and response.json()["code"] == code, response.json()
    assert not Slot.objects.exists()


def test_other_providers_communities_and_residents_are_refused(
    api_client, bathing, slot, barber, baoan_staff, resident, home_service
):
    for outsider in (barber, baoan_staff, resident):
        api_client.force_authenticate(outsider)
        for url in (
            f"{API}/providers/{home_service.pk}/services/",
            f"{API}/provider-services/{bathing.pk}/",
            f"{API}/provider-services/{bathing.pk}/slots/",
        ):
            assert api_client.get(url).status_code == 404, (outsider, url)
        writes = [
            (f"{API}/providers/{home_service.pk}/services/", HAIRCUT),
            (f"{API}/provider-services/{bathing.pk}/retire/", {}),
            (f"{API}/provider-services/{bathing.pk}/slots/", {"starts_at": at(5, 9).isoformat()}),
            (f"{API}/provider-slots/{slot.pk}/cancel/", {}),
        ]
        for url, posted in writes:
            assert api_client.post(url, posted, format="json").status_code == 404, url
        response = api_client.patch(
            f"{API}/provider-services/{bathing.pk}/", {"name": "x"}, format="json"
        )
        assert response.status_code == 404
    bathing.refresh_from_db()
    slot.refresh_from_db()
    assert (bathing.name, bathing.is_active, slot.cancelled_at) == ("上门助浴", True, None)
    assert ServiceOffer.objects.count() == 1 and Slot.objects.count() == 1


def test_staff_looking_after_the_place_may_run_it(api_client, bathing, tapo_staff, street_staff):
    for user in (tapo_staff, street_staff):
        api_client.force_authenticate(user)
        assert api_client.get(f"{API}/provider-services/{bathing.pk}/").status_code == 200


def test_provider_lists_stay_flat(api_client, clerk, home_service, bathing, tapo):
    added = []

    def grow(count):
        for _index in range(count):
            index = len(added)
            offer = services.service_offer_create(
                actor=clerk,
                provider=home_service,
                kind="repair",
                name=f"维修{index}",
                places=[tapo["grid"]],
            )
            slot = services.slot_create(actor=clerk, offer=bathing, starts_at=at(4, 8 + index))
            services.slot_create(actor=clerk, offer=offer, starts_at=at(4, 8 + index))
            person = live_in(tapo["households"][index]).user
            services.appointment_book(actor=person, person=person, slot=slot)
            added.append(slot)

    grow(1)
    api_client.force_authenticate(clerk)
    assert_flat(api_client, f"{API}/providers/{home_service.pk}/services/", lambda: grow(2))
    assert_flat(api_client, f"{API}/provider-services/{bathing.pk}/slots/", lambda: grow(2))
